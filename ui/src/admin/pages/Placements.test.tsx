import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { navigate } from "../../hooks/useLocation";
import { App } from "../../App";
import { localToRfc3339 } from "../lib/placements";
import { fakeServer as fakeAPI, type Handler } from "../../test/fakeServer";

// fakeAdmin answers as the server of an admin signed in with CSRF token c1.
function fakeServer(handler: Handler) {
  return fakeAPI((r) =>
    r.url === "/api/auth/me" ? { status: 200, body: { username: "admin", csrf_token: "c1" } } : handler(r),
  );
}

const home = {
  name: "home",
  strategy: "personal",
  count: 8,
  max_per_category: 2,
  rules: [
    { type: "pin", product_id: 42, position: 1 },
    { type: "boost", factor: 1.5, when: { tag: "sale" } },
    { type: "exclude", when: { category: "Gift Cards" } },
  ],
  updated_at: "2026-11-30T10:00:00Z",
};

const rec = (id: number, rules?: { rule: number; type: string }[]) => ({
  product_id: id,
  product_name: `Product ${id}`,
  category: "Home",
  price: 19.9,
  confidence_score: 0.5,
  reason: rules?.[0]?.type === "pin" ? "Featured by the shop" : "Popular",
  ...(rules ? { rules } : {}),
});

beforeAll(async () => {
  await import("../AdminApp");
}, 30000);
beforeEach(() => window.history.replaceState(null, "", "/"));
afterEach(() => vi.unstubAllGlobals());

describe("placements", () => {
  it("lists placements and creates one with what the form says", async () => {
    let saved: Record<string, unknown> | null = null;
    const calls = fakeServer((r) => {
      if (r.url === "/api/placements/") return { status: 200, body: { placements: [home], count: 1 } };
      if (r.url === "/api/placements/cart/" && r.method === "PUT") {
        saved = { ...(r.body as object), updated_at: "2026-12-01T09:00:00Z" };
        return { status: 201, body: saved };
      }
      if (r.url === "/api/placements/cart/" && saved) return { status: 200, body: saved };
      return undefined;
    });
    act(() => navigate("/admin/placements"));
    render(<App />);
    const row = await screen.findByTestId("placement-row-home");
    expect(row.textContent).toContain("Picked for the shopper");
    expect(Array.from(row.querySelectorAll("td")).map((td) => td.textContent!.trim())).toEqual([
      "home",
      "Picked for the shopper",
      "8",
      "3",
      "2026-11-30 10:00 UTC",
      "Edit Delete",
    ]);
    expect(screen.getByTestId("admin-nav-placements").getAttribute("aria-current")).toBe("page");
    expect(screen.getByText(/is a spot in your shop where a list of products appears/)).toBeTruthy();

    fireEvent.click(screen.getByTestId("placement-new"));
    const form = within(screen.getByTestId("placement-form"));
    fireEvent.change(form.getByLabelText("Name"), { target: { value: "cart" } });
    fireEvent.change(form.getByLabelText("Which list"), { target: { value: "bought-together" } });
    fireEvent.change(form.getByLabelText("How many products"), { target: { value: "4" } });
    fireEvent.change(form.getByLabelText("When too few products qualify"), { target: { value: "none" } });
    fireEvent.change(form.getByLabelText("At most this many of one brand"), { target: { value: "2" } });
    fireEvent.change(form.getByLabelText("Lowest price"), { target: { value: "19.9" } });

    fireEvent.click(screen.getByTestId("rule-add"));
    const pin = within(screen.getByTestId("rule-0"));
    expect(document.activeElement).toBe(pin.getByLabelText("What the rule does"));
    fireEvent.change(pin.getByLabelText("Product id"), { target: { value: "42" } });
    fireEvent.change(pin.getByLabelText("Position"), { target: { value: "1" } });
    fireEvent.change(pin.getByLabelText("Ends"), { target: { value: "2026-12-26T00:00" } });

    fireEvent.click(screen.getByTestId("rule-add"));
    const boost = within(screen.getByTestId("rule-1"));
    fireEvent.change(boost.getByLabelText("What the rule does"), { target: { value: "boost" } });
    expect((boost.getByLabelText("How much more (times)") as HTMLInputElement).value).toBe("2");
    fireEvent.change(boost.getByLabelText("How much more (times)"), { target: { value: "1.5" } });
    fireEvent.change(boost.getByLabelText("Tag"), { target: { value: "sale" } });
    // Reordering twice leaves the order as it was.
    fireEvent.click(boost.getByLabelText("Move up rule 2"));
    fireEvent.click(within(screen.getByTestId("rule-1")).getByLabelText("Move up rule 2"));
    expect(screen.getByTestId("rule-0").querySelector("legend")!.textContent).toBe(
      "Rule 1: Pin a product at a position",
    );

    fireEvent.click(screen.getByTestId("placement-save"));
    await waitFor(() => expect(window.location.pathname).toBe("/admin/placements/cart"));
    const put = calls.find((c) => c.method === "PUT")!;
    expect(put.url).toBe("/api/placements/cart/");
    expect(put.headers["X-CSRF-Token"]).toBe("c1");
    expect(put.body).toEqual({
      name: "cart",
      strategy: "bought-together",
      count: 4,
      fallback: "none",
      max_per_brand: 2,
      filters: { min_price: 19.9 },
      rules: [
        { type: "pin", product_id: 42, position: 1, until: localToRfc3339("2026-12-26T00:00") },
        { type: "boost", factor: 1.5, when: { tag: "sale" } },
      ],
    });
    expect((await screen.findByText("Placement cart")).tagName).toBe("H1");
    expect((await screen.findByText(/^Created cart\./)).getAttribute("role")).toBe("status");
    expect(screen.getByLabelText("Product id", { selector: "[data-testid=preview-product]" })).toBeTruthy();
  });

  it("shows the server's error for a rule's field next to that field and keeps what was typed", async () => {
    const calls = fakeServer((r) => {
      if (r.url === "/api/placements/home/" && r.method === "GET") return { status: 200, body: home };
      if (r.url === "/api/placements/home/" && r.method === "PUT")
        return {
          status: 400,
          body: {
            error: "invalid placement",
            details: { "rules[0].position": "rule 3 pins a product at position 1 in the same time already" },
          },
        };
      return undefined;
    });
    act(() => navigate("/admin/placements/home"));
    render(<App />);
    const rule = within(await screen.findByTestId("rule-0"));
    fireEvent.change(rule.getByLabelText("Product id"), { target: { value: "44" } });
    fireEvent.click(screen.getByTestId("placement-save"));
    const alert = await screen.findByTestId("placement-message");
    expect(alert.getAttribute("role")).toBe("alert");
    expect(alert.textContent).toContain("Invalid placement.");

    const position = rule.getByLabelText("Position");
    await waitFor(() => expect(position.getAttribute("aria-invalid")).toBe("true"));
    const message = document.getElementById(position.getAttribute("aria-describedby")!)!;
    expect(message.textContent).toBe("Rule 3 pins a product at position 1 in the same time already.");
    expect(screen.getByTestId("rule-0").contains(message)).toBe(true);
    expect(document.activeElement).toBe(position);
    expect((rule.getByLabelText("Product id") as HTMLInputElement).value).toBe("44");
    expect(within(screen.getByTestId("rule-1")).queryByText(/pins a product/)).toBeNull();
    expect(calls.find((c) => c.method === "PUT")!.body).toMatchObject({
      rules: [{ type: "pin", product_id: 44, position: 1 }, { type: "boost" }, { type: "exclude" }],
    });
  });

  it("asks before deleting a placement", async () => {
    let deleted = false;
    const calls = fakeServer((r) => {
      if (r.url === "/api/placements/")
        return { status: 200, body: { placements: deleted ? [] : [home], count: deleted ? 0 : 1 } };
      if (r.url === "/api/placements/home/" && r.method === "DELETE") {
        deleted = true;
        return { status: 204 };
      }
      return undefined;
    });
    act(() => navigate("/admin/placements"));
    render(<App />);
    await screen.findByTestId("placement-row-home");
    fireEvent.click(screen.getByLabelText("Delete home"));
    expect(screen.getByRole("alertdialog", { name: "Delete home?" })).toBeTruthy();
    fireEvent.click(screen.getByText("Cancel"));
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);

    fireEvent.click(screen.getByLabelText("Delete home"));
    fireEvent.click(screen.getByTestId("confirm-button"));
    await waitFor(() => expect(screen.getByTestId("placements-notice").textContent).toBe("Deleted home."));
    await waitFor(() => expect(screen.queryByTestId("placement-row-home")).toBeNull());
    expect(calls.find((c) => c.method === "DELETE")!.headers["X-CSRF-Token"]).toBe("c1");
  });

  it("previews a shopper's list before and after the placement, and again after a save", async () => {
    let pinned = true;
    const calls = fakeServer((r) => {
      if (r.url === "/api/placements/home/" && r.method === "GET") return { status: 200, body: home };
      if (r.url === "/api/placements/home/" && r.method === "PUT") {
        pinned = false;
        return { status: 200, body: { ...home, updated_at: "2026-12-01T12:00:00Z" } };
      }
      if (r.url.startsWith("/api/users/?"))
        return { status: 200, body: { results: [{ id: 3, username: "alice" }], count: 1, next: null, previous: null } };
      if (r.url === "/api/recommendations/3/?count=8")
        return { status: 200, body: { user_id: 3, recommendations: [rec(1), rec(2), rec(3)], count: 3 } };
      if (r.url === "/api/recommendations/3/?count=8&placement=home") {
        const items = pinned ? [rec(42, [{ rule: 0, type: "pin" }]), rec(1), rec(3)] : [rec(1), rec(2), rec(3)];
        return { status: 200, body: { user_id: 3, recommendations: items, count: 3, placement: "home" } };
      }
      return undefined;
    });
    act(() => navigate("/admin/placements/home"));
    render(<App />);
    expect(await screen.findByText("Choose a shopper to see their list.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Shopper"), { target: { value: "al" } });
    await waitFor(() => expect(calls.some((c) => c.url.startsWith("/api/users/?q=al"))).toBe(true));
    fireEvent.click((await screen.findByText("alice")).closest("button")!);
    expect(document.activeElement?.textContent).toBe("Choose another shopper");

    const after = await screen.findByTestId("preview-after-42");
    expect(after.textContent).toContain("Product 42");
    expect(within(after).getByRole("list", { name: "Changes" }).textContent).toBe("PinnedNew");
    expect(within(screen.getByTestId("preview-after-1")).getByText("Down 1")).toBeTruthy();
    expect(screen.getByTestId("preview-after-3").getAttribute("data-marks")).toBe("");
    expect(within(screen.getByTestId("preview-before-2")).getByText("Gone after")).toBeTruthy();
    expect(screen.getByTestId("preview-before").querySelectorAll("ol > li")).toHaveLength(3);
    expect(screen.getByTestId("preview-after").querySelectorAll("ol > li")).toHaveLength(3);

    // An unsaved change is not in the preview, and it says so; a save refreshes it.
    fireEvent.change(screen.getByLabelText("How many products"), { target: { value: "6" } });
    expect(screen.getByText(/the preview shows the saved placement/)).toBeTruthy();
    fireEvent.click(screen.getByTestId("placement-save"));
    await waitFor(() => expect(screen.queryByTestId("preview-after-42")).toBeNull());
    expect(screen.getByTestId("preview-after-2").getAttribute("data-marks")).toBe("");
    expect(screen.queryByText(/the preview shows the saved placement/)).toBeNull();
    expect(calls.filter((c) => c.url.endsWith("placement=home"))).toHaveLength(2);
  });
});
