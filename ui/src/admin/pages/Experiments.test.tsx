import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { navigate } from "../../hooks/useLocation";
import { App } from "../../App";
import { fakeServer as fakeAPI, type Handler } from "../../test/fakeServer";

// fakeServer answers as the server of an admin signed in with CSRF token c1.
function fakeServer(handler: Handler) {
  return fakeAPI((r) =>
    r.url === "/api/auth/me" ? { status: 200, body: { username: "admin", csrf_token: "c1" } } : handler(r),
  );
}

const placements = {
  placements: [
    { name: "home", strategy: "personal" },
    { name: "cart", strategy: "bought-together" },
  ],
  count: 2,
};

const WEIGHT_LABELS = ["Similar items (knn)", "Matrix factorisation (mf)", "EASE (ease)", "SVD (cf)", "BPR (bpr)"];

const experiment = (over: object = {}) => ({
  id: 3,
  name: "blend vs trending",
  placement: "home",
  status: "running",
  variants: [
    { name: "control", share: 0.5 },
    { name: "trending", share: 0.5, strategy: "trending" },
  ],
  created_at: "2026-11-20T09:00:00Z",
  started_at: "2026-11-21T10:00:00Z",
  stopped_at: null,
  shipped_variant: "",
  ...over,
});

const versus = (significant: boolean, needed: number) => ({
  difference: -0.02,
  relative: -0.22,
  relative_ci: [-0.35, 0.09],
  p_value: significant ? 0.003 : 0.31,
  significant,
  needed_per_variant: needed,
});

const variant = (name: string, control: boolean, impressions: number, clicks: number, significant = false) => ({
  name,
  control,
  shoppers: 120,
  impressions,
  clicks,
  ctr: clicks / impressions,
  ctr_ci: [0.071, 0.109],
  conversions: 9,
  conversion_rate: 9 / clicks,
  conversion_ci: [0.06, 0.2],
  revenue: 210.5,
  revenue_per_shopper: 1.75,
  revenue_per_shopper_ci: [0.9, 2.6],
  vs_control: control
    ? null
    : { ctr: versus(significant, 2100), conversion_rate: versus(false, 700), revenue_per_shopper: versus(false, 5000) },
});

const results = (over: object = {}) => ({
  variants: [variant("control", true, 900, 80), variant("trending", false, 900, 62)],
  winner: null,
  summary:
    "No variant differs from the control clearly yet: trending gets 22% fewer clicks (95% CI −35% to 9%, p = 0.31).",
  ...over,
});

beforeAll(async () => {
  await import("../AdminApp");
}, 30000);
beforeEach(() => window.history.replaceState(null, "", "/"));
afterEach(() => vi.unstubAllGlobals());

describe("experiments", () => {
  it("lists experiments with their placement, status and start", async () => {
    fakeServer((r) => {
      if (r.url === "/api/experiments")
        return {
          status: 200,
          body: {
            experiments: [
              experiment(),
              experiment({
                id: 2,
                name: "rules off",
                placement: "cart",
                status: "shipped",
                shipped_variant: "no rules",
              }),
              experiment({ id: 1, name: "later", status: "draft", started_at: null }),
            ],
          },
        };
      return undefined;
    });
    act(() => navigate("/admin/experiments"));
    render(<App />);
    const row = await screen.findByTestId("experiment-row-3");
    expect(Array.from(row.querySelectorAll("td")).map((td) => td.textContent)).toEqual([
      "blend vs trending",
      "home",
      "Running",
      "2026-11-21 10:00 UTC",
    ]);
    expect(screen.getByTestId("experiment-row-2").textContent).toContain("Shipped: no rules");
    expect(screen.getByTestId("experiment-row-1").textContent).toContain("not started");
    expect(screen.getByTestId("admin-nav-experiments").getAttribute("aria-current")).toBe("page");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Experiments");
  });

  it("says when the shares do not add up to 100%, and shows the server's field errors", async () => {
    let refuse = true;
    const calls = fakeServer((r) => {
      if (r.url === "/api/experiments" && r.method === "GET") return { status: 200, body: { experiments: [] } };
      if (r.url === "/api/placements/") return { status: 200, body: placements };
      if (r.url === "/api/experiments" && r.method === "POST") {
        if (refuse) {
          refuse = false;
          return {
            status: 400,
            body: { error: "invalid experiment", details: { "variants[1].name": 'must not be "all"' } },
          };
        }
        return { status: 201, body: experiment({ id: 5, status: "draft", started_at: null, ...(r.body as object) }) };
      }
      if (r.url === "/api/experiments/5")
        return { status: 200, body: experiment({ id: 5, status: "draft", started_at: null }) };
      return undefined;
    });
    act(() => navigate("/admin/experiments"));
    render(<App />);
    fireEvent.click(await screen.findByTestId("experiment-new"));
    const form = within(await screen.findByTestId("experiment-form"));
    // The placement is chosen from the shop's placements.
    await waitFor(() => expect((form.getByLabelText("Placement") as HTMLSelectElement).value).toBe("cart"));
    fireEvent.change(form.getByLabelText("Placement"), { target: { value: "home" } });
    fireEvent.change(form.getByLabelText("Name"), { target: { value: "best-sellers on home" } });
    const second = within(form.getByTestId("variant-1"));
    fireEvent.change(second.getByLabelText("Share (%)"), { target: { value: "40" } });
    expect(form.getByTestId("experiment-shares-total").textContent).toBe("Shares: 90% of 100%.");
    fireEvent.click(form.getByTestId("experiment-save"));
    const message = form.getByTestId("experiment-variants-error");
    expect(message.textContent).toBe(
      "The shares add up to 90%, not 100%: give 10% to the variants so that every shopper is in exactly one.",
    );
    expect(form.getByTestId("experiment-message").getAttribute("role")).toBe("alert");
    await waitFor(() => expect(document.activeElement).toBe(message));
    expect(calls.some((c) => c.method === "POST")).toBe(false);

    // A third variant with rules off, and the shares made whole.
    fireEvent.click(form.getByTestId("experiment-add-variant"));
    const third = within(form.getByTestId("variant-2"));
    await waitFor(() => expect(document.activeElement).toBe(third.getByLabelText("Variant name")));
    fireEvent.change(third.getByLabelText("Variant name"), { target: { value: "no rules" } });
    fireEvent.change(third.getByLabelText("Which list"), { target: { value: "" } });
    fireEvent.click(third.getByLabelText("Apply the placement's rules"));
    fireEvent.change(third.getByLabelText("Share (%)"), { target: { value: "10" } });
    expect(form.getByTestId("experiment-shares-total").textContent).toBe("Shares: 100% of 100%.");
    fireEvent.click(form.getByTestId("experiment-save"));
    const name = second.getByLabelText("Variant name");
    await waitFor(() => expect(name.getAttribute("aria-invalid")).toBe("true"));
    expect(document.getElementById(name.getAttribute("aria-describedby")!)!.textContent).toBe('Must not be "all".');
    expect(form.getByTestId("experiment-message").textContent).toContain("Invalid experiment.");
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({
      name: "best-sellers on home",
      placement: "home",
      variants: [
        { name: "control", share: 0.5 },
        { name: "best-sellers", share: 0.4, strategy: "trending" },
        { name: "no rules", share: 0.1, settings: { rules: false } },
      ],
    });
    expect(calls.find((c) => c.method === "POST")!.headers["X-CSRF-Token"]).toBe("c1");

    fireEvent.click(form.getByTestId("experiment-save"));
    await waitFor(() => expect(window.location.pathname).toBe("/admin/experiments/5"));
    expect(await screen.findByText(/It splits no shopper until you start it/)).toBeTruthy();
  });

  it("needs exactly one control", async () => {
    const calls = fakeServer((r) => {
      if (r.url === "/api/experiments") return { status: 200, body: { experiments: [] } };
      if (r.url === "/api/placements/") return { status: 200, body: placements };
      return undefined;
    });
    act(() => navigate("/admin/experiments"));
    render(<App />);
    fireEvent.click(await screen.findByTestId("experiment-new"));
    const form = within(await screen.findByTestId("experiment-form"));
    await waitFor(() => expect((form.getByLabelText("Placement") as HTMLSelectElement).value).toBe("cart"));
    fireEvent.change(form.getByLabelText("Name"), { target: { value: "a/a" } });
    fireEvent.change(within(form.getByTestId("variant-1")).getByLabelText("Which list"), { target: { value: "" } });
    fireEvent.click(form.getByTestId("experiment-save"));
    expect(form.getByTestId("experiment-variants-error").textContent).toMatch(
      /^Only one variant may change nothing, the control; variants 1 and 2 both do\./,
    );
    expect(calls.some((c) => c.method === "POST")).toBe(false);
  });

  it("offers blend weights on a personal placement only, prefilled with the serving model's, and sends them", async () => {
    const calls = fakeServer((r) => {
      if (r.url === "/api/experiments" && r.method === "GET") return { status: 200, body: { experiments: [] } };
      if (r.url === "/api/placements/") return { status: 200, body: placements };
      if (r.url === "/api/model/")
        return {
          status: 200,
          body: { status: { state: "idle", weights: { knn: 0.8, mf: 0.5, ease: 1.2, cf: 0, bpr: 0.3 } } },
        };
      if (r.url === "/api/experiments" && r.method === "POST")
        return { status: 201, body: experiment({ id: 6, status: "draft", started_at: null, ...(r.body as object) }) };
      if (r.url === "/api/experiments/6")
        return { status: 200, body: experiment({ id: 6, status: "draft", started_at: null }) };
      return undefined;
    });
    act(() => navigate("/admin/experiments"));
    render(<App />);
    fireEvent.click(await screen.findByTestId("experiment-new"));
    const form = within(await screen.findByTestId("experiment-form"));
    // cart shows bought-together lists: no blend to weigh.
    await waitFor(() => expect((form.getByLabelText("Placement") as HTMLSelectElement).value).toBe("cart"));
    expect(form.queryByLabelText("Use other blend weights")).toBeNull();
    expect(calls.some((c) => c.url === "/api/model/")).toBe(false);

    fireEvent.change(form.getByLabelText("Placement"), { target: { value: "home" } });
    fireEvent.change(form.getByLabelText("Name"), { target: { value: "more knn" } });
    const second = within(form.getByTestId("variant-1"));
    // Best-sellers have no blend: the checkbox is off, and says why.
    const on = second.getByLabelText("Use other blend weights") as HTMLInputElement;
    expect(on.disabled).toBe(true);
    expect(document.getElementById(on.getAttribute("aria-describedby")!)!.textContent).toMatch(
      /^Best-sellers are not blended from the models/,
    );

    // The same list as the control, and so a second control until it has weights of its own.
    fireEvent.change(second.getByLabelText("Which list"), { target: { value: "" } });
    expect(form.getByTestId("variant-1").querySelector("legend")!.textContent).toBe("Variant 2 (the control)");
    expect(on.disabled).toBe(false);
    expect(second.queryByLabelText("Similar items (knn)")).toBeNull();
    fireEvent.click(on);
    expect(form.getByTestId("variant-1").querySelector("legend")!.textContent).toBe("Variant 2");
    expect(form.getByTestId("variant-0").querySelector("legend")!.textContent).toBe("Variant 1 (the control)");
    await waitFor(() =>
      expect(
        within(second.getByTestId("variant-1-weights")).getByText(/The serving model weighs knn 0.8/),
      ).toBeTruthy(),
    );
    const knn = second.getByLabelText("Similar items (knn)") as HTMLInputElement;
    expect(WEIGHT_LABELS.map((l) => (second.getByLabelText(l) as HTMLInputElement).value)).toEqual([
      "0.8",
      "0.5",
      "1.2",
      "0",
      "0.3",
    ]);

    // The client checks what the server does: 0 to 100, at least one above 0.
    fireEvent.change(knn, { target: { value: "101" } });
    fireEvent.click(form.getByTestId("experiment-save"));
    await waitFor(() => expect(knn.getAttribute("aria-invalid")).toBe("true"));
    expect(document.getElementById(knn.getAttribute("aria-describedby")!)!.textContent).toBe(
      "A number from 0 to 100, such as 0.5.",
    );
    await waitFor(() => expect(document.activeElement).toBe(knn));
    for (const l of WEIGHT_LABELS) fireEvent.change(second.getByLabelText(l), { target: { value: "0" } });
    fireEvent.click(form.getByTestId("experiment-save"));
    expect(second.getByRole("group", { name: "Blend weights of variant 2" }).getAttribute("aria-describedby")).toMatch(
      /weights-error$/,
    );
    expect(second.getByText(/^Give at least one model a weight above 0/)).toBeTruthy();
    expect(calls.some((c) => c.method === "POST")).toBe(false);

    fireEvent.change(knn, { target: { value: "2" } });
    fireEvent.change(second.getByLabelText("EASE (ease)"), { target: { value: "1" } });
    fireEvent.click(form.getByTestId("experiment-save"));
    await waitFor(() => expect(window.location.pathname).toBe("/admin/experiments/6"));
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({
      name: "more knn",
      placement: "home",
      variants: [
        { name: "control", share: 0.5 },
        { name: "best-sellers", share: 0.5, settings: { weights: { knn: 2, mf: 0, ease: 1, cf: 0, bpr: 0 } } },
      ],
    });
  });

  it("shows the server's error on a weight next to its field", async () => {
    fakeServer((r) => {
      if (r.url === "/api/experiments" && r.method === "GET") return { status: 200, body: { experiments: [] } };
      if (r.url === "/api/placements/") return { status: 200, body: placements };
      // No model reports weights yet: shelf's starting ones fill the fields.
      if (r.url === "/api/model/") return { status: 200, body: { status: { state: "idle" } } };
      if (r.url === "/api/experiments" && r.method === "POST")
        return {
          status: 400,
          body: {
            error: "invalid experiment",
            details: { "variants[1].settings.weights.mf": "must be between 0 and 100" },
          },
        };
      return undefined;
    });
    act(() => navigate("/admin/experiments"));
    render(<App />);
    fireEvent.click(await screen.findByTestId("experiment-new"));
    const form = within(await screen.findByTestId("experiment-form"));
    await waitFor(() => expect((form.getByLabelText("Placement") as HTMLSelectElement).value).toBe("cart"));
    fireEvent.change(form.getByLabelText("Placement"), { target: { value: "home" } });
    fireEvent.change(form.getByLabelText("Name"), { target: { value: "weights" } });
    const second = within(form.getByTestId("variant-1"));
    fireEvent.change(second.getByLabelText("Which list"), { target: { value: "blend" } });
    fireEvent.click(second.getByLabelText("Use other blend weights"));
    expect(
      await second.findByText(/reports no weights; shelf starts from knn 1, mf 0.7, ease 1, cf 0.1, bpr 0\./),
    ).toBeTruthy();
    expect(WEIGHT_LABELS.map((l) => (second.getByLabelText(l) as HTMLInputElement).value)).toEqual([
      "1",
      "0.7",
      "1",
      "0.1",
      "0",
    ]);
    fireEvent.click(form.getByTestId("experiment-save"));
    const mf = second.getByLabelText("Matrix factorisation (mf)");
    await waitFor(() => expect(mf.getAttribute("aria-invalid")).toBe("true"));
    expect(document.getElementById(mf.getAttribute("aria-describedby")!)!.textContent).toBe(
      "Must be between 0 and 100.",
    );
    await waitFor(() => expect(document.activeElement).toBe(mf));
    // Placed next to its field, it is not listed again under the message.
    expect(form.getByTestId("experiment-message").textContent).toBe(
      "Invalid experiment. See the messages next to the fields.",
    );
  });

  it("says a variant's blend weights where it says what the variant changes", async () => {
    fakeServer((r) => {
      if (r.url === "/api/experiments/7")
        return {
          status: 200,
          body: experiment({
            id: 7,
            status: "draft",
            started_at: null,
            variants: [
              { name: "control", share: 0.5 },
              { name: "more knn", share: 0.5, settings: { weights: { knn: 2, mf: 0.5, ease: 1, cf: 0, bpr: 0 } } },
            ],
          }),
        };
      return undefined;
    });
    act(() => navigate("/admin/experiments/7"));
    render(<App />);
    const row = await screen.findByTestId("experiment-variant-more knn");
    expect(row.textContent).toContain(
      "The models blended with other weights: Similar items (knn) 2, Matrix factorisation (mf) 0.5, EASE (ease) 1, SVD (cf) 0, BPR (bpr) 0",
    );
    expect(screen.getByTestId("experiment-variant-control").textContent).toContain("(the control)");
  });

  it("reads the result in plain words and guards against peeking", async () => {
    fakeServer((r) => {
      if (r.url === "/api/experiments/3") return { status: 200, body: { ...experiment(), results: results() } };
      return undefined;
    });
    act(() => navigate("/admin/experiments/3"));
    render(<App />);
    expect((await screen.findByTestId("experiment-summary")).textContent).toBe(
      "No variant differs from the control clearly yet: trending gets 22% fewer clicks (95% CI −35% to 9%, p = 0.31).",
    );
    expect(screen.getByTestId("experiment-guard").textContent).toContain(
      "trending against the control: Not significant yet: a difference this size needs about 2,100 impressions per variant; each variant has 900.",
    );
    // No winner is named while the server names none.
    expect(screen.queryByTestId("experiment-winner")).toBeNull();
    expect(screen.queryByText(/winner/i)).toBeNull();
    const row = screen.getByTestId("experiment-result-trending");
    expect(row.textContent).toContain("6.9% (7.1% to 10.9%)");
    expect(row.textContent).toContain("$1.75 ($0.90 to $2.60)");
    expect(row.textContent).toContain("Click-through −22% (−35% to +9%, p = 0.31), not significant");
    expect(screen.getByTestId("experiment-ctr-chart")).toBeTruthy();
    expect(
      screen.getByRole("img", { name: /^Click-through per variant: control 8.9% \(95% CI 7.1% to 10.9%\)/ }),
    ).toBeTruthy();
  });

  it("names the winner the server names, and asks before shipping", async () => {
    let shipped = false;
    const calls = fakeServer((r) => {
      if (r.url === "/api/experiments/3" && r.method === "GET")
        return {
          status: 200,
          body: {
            ...experiment(shipped ? { status: "shipped", shipped_variant: "control" } : {}),
            results: results({
              variants: [variant("control", true, 5000, 450), variant("trending", false, 5000, 350, true)],
              winner: "control",
              summary: "The control gets 28% more clicks than trending (95% CI 9% to 47%, p = 0.003).",
            }),
          },
        };
      if (r.url === "/api/experiments/3" && r.method === "PATCH") {
        shipped = true;
        return { status: 200, body: experiment({ status: "shipped", shipped_variant: "control" }) };
      }
      return undefined;
    });
    act(() => navigate("/admin/experiments/3"));
    render(<App />);
    expect((await screen.findByTestId("experiment-winner")).textContent).toBe("Winner: control");
    expect(screen.queryByTestId("experiment-guard")).toBeNull();

    fireEvent.click(screen.getByLabelText("Ship trending"));
    const dialog = screen.getByRole("alertdialog", { name: "Ship trending?" });
    expect(within(dialog).getByTestId("ship-warning").textContent).toBe(
      "The winner of this experiment is control, not trending.",
    );
    fireEvent.click(within(dialog).getByText("Cancel"));
    expect(calls.some((c) => c.method === "PATCH")).toBe(false);

    fireEvent.click(screen.getByLabelText("Ship control"));
    fireEvent.click(screen.getByTestId("confirm-button"));
    await waitFor(() =>
      expect(screen.getByTestId("experiment-notice").textContent).toBe("Shipped control in blend vs trending."),
    );
    const patch = calls.find((c) => c.method === "PATCH")!;
    expect(patch.body).toEqual({ action: "ship", variant: "control" });
    expect(patch.headers["X-CSRF-Token"]).toBe("c1");
    await waitFor(() => expect(screen.getByTestId("experiment-setup").textContent).toContain("Shipped: control"));
  });

  it("starts a draft, shows a refusal, and deletes after asking", async () => {
    const calls = fakeServer((r) => {
      if (r.url === "/api/experiments/4" && r.method === "GET")
        return { status: 200, body: experiment({ id: 4, name: "rules off", status: "draft", started_at: null }) };
      if (r.url === "/api/experiments/4" && r.method === "PATCH")
        return { status: 409, body: { error: "another experiment is running on home" } };
      if (r.url === "/api/experiments/4" && r.method === "DELETE") return { status: 204 };
      if (r.url === "/api/experiments" && r.method === "GET") return { status: 200, body: { experiments: [] } };
      return undefined;
    });
    act(() => navigate("/admin/experiments/4"));
    render(<App />);
    expect(await screen.findByText("No results until the experiment starts.")).toBeTruthy();
    fireEvent.click(screen.getByTestId("experiment-start"));
    const dialog = screen.getByRole("alertdialog", { name: "Start rules off?" });
    expect(dialog.textContent).toContain("control 50%, trending 50%");
    fireEvent.click(screen.getByTestId("confirm-button"));
    const notice = await screen.findByTestId("experiment-notice");
    await waitFor(() => expect(notice.textContent).toBe("Another experiment is running on home."));
    expect(notice.getAttribute("role")).toBe("alert");
    expect(calls.find((c) => c.method === "PATCH")!.body).toEqual({ action: "start" });

    fireEvent.click(screen.getByTestId("experiment-delete"));
    expect(screen.getByRole("alertdialog", { name: "Delete rules off?" })).toBeTruthy();
    fireEvent.click(screen.getByTestId("confirm-button"));
    await waitFor(() => expect(window.location.pathname).toBe("/admin/experiments"));
    expect((await screen.findByTestId("experiments-notice")).textContent).toBe("Deleted rules off.");
    expect(calls.find((c) => c.method === "DELETE")!.url).toBe("/api/experiments/4");
  });
});
