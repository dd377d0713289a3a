import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { navigate } from "../../hooks/useLocation";
import { App } from "../../App";
import { GUEST_SESSION_KEY } from "../../widget/shared";
import { choices, elementHTML, snippet, widgetFromDraft } from "../lib/integrate";
import { fakeServer as fakeAPI, type Handler } from "../../test/fakeServer";
import type { Placement } from "../types";

// fakeServer answers as the server of an admin signed in with CSRF token c1, whose shop has three placements.
function fakeServer(handler: Handler = () => undefined) {
  return fakeAPI((r) => {
    if (r.url === "/api/auth/me") return { status: 200, body: { username: "admin", csrf_token: "c1" } };
    const more = handler(r);
    if (more) return more;
    if (r.url === "/api/placements/") return { status: 200, body: { placements: PLACEMENTS, count: 3 } };
    if (r.url === "/api/sessions" && r.method === "POST")
      return { status: 201, body: { session_id: "s1.PREVIEW.sig" } };
    return undefined;
  });
}

const PLACEMENTS: Placement[] = [
  { name: "product", strategy: "similar", count: 6 },
  { name: "home", strategy: "personal", count: 8 },
  { name: "top", strategy: "trending" },
];

const created = {
  id: 7,
  name: "Storefront widget",
  kind: "publishable",
  prefix: "shelf_pk_AbCd",
  created_at: "2026-12-01T10:00:00Z",
  last_used_at: null,
  key: "shelf_pk_AbCdEfGhIjKlMnOpQrStUvWxYz012345",
};

const origin = () => window.location.origin;
const code = () => screen.getByTestId("integrate-snippet").textContent;

beforeAll(async () => {
  await import("../AdminApp");
}, 30000);
beforeEach(() => window.history.replaceState(null, "", "/"));
afterEach(() => vi.unstubAllGlobals());

async function open() {
  act(() => navigate("/admin/integrate"));
  render(<App />);
  await waitFor(() => expect(code()).toContain("placement="));
}

describe("the snippet", () => {
  it("starts from the first placement the widget can show, and says what the form says", async () => {
    fakeServer();
    await open();
    expect(screen.getByTestId("admin-nav-integrate").getAttribute("aria-current")).toBe("page");
    const which = screen.getByTestId("integrate-which") as HTMLSelectElement;
    expect(Array.from(which.options).map((o) => [o.value, o.disabled])).toEqual([
      ["placement:home", false],
      ["placement:product", false],
      ["placement:top", true],
      ["personal", false],
      ["similar", false],
      ["bought", false],
    ]);
    expect(code()).toBe(
      `<shelf-recommendations placement="home" count="8"></shelf-recommendations>\n` +
        `<script src="${origin()}/widget.js" data-key="shelf_pk_…"></script>`,
    );
    // A similar placement needs the product.
    fireEvent.change(which, { target: { value: "placement:product" } });
    expect(screen.queryByTestId("integrate-snippet")).toBeNull();
    fireEvent.change(screen.getByTestId("integrate-product"), { target: { value: "42" } });
    fireEvent.change(screen.getByTestId("integrate-count"), { target: { value: "" } });
    fireEvent.change(screen.getByTestId("integrate-heading"), { target: { value: 'You may "also" like <these>' } });
    fireEvent.change(screen.getByTestId("integrate-lang"), { target: { value: "de" } });
    expect(code()).toBe(
      `<shelf-recommendations similar-to="42" placement="product" heading="You may &quot;also&quot; like &lt;these&gt;" lang="de"></shelf-recommendations>\n` +
        `<script src="${origin()}/widget.js" data-key="shelf_pk_…"></script>`,
    );
    fireEvent.change(which, { target: { value: "bought" } });
    fireEvent.change(screen.getByTestId("integrate-count"), { target: { value: "500" } });
    expect(screen.getByText("A whole number from 1 to 100, or empty for shelf's count.")).toBeTruthy();
    expect(screen.queryByTestId("integrate-snippet")).toBeNull();
    fireEvent.change(screen.getByTestId("integrate-count"), { target: { value: "4" } });
    expect(code()).toMatch(/^<shelf-recommendations bought-with="42" count="4" heading=/);
    expect(screen.getByTestId("integrate-cors").textContent).toContain("-cors-origins https://your-shop.example");
  });
});

describe("the key", () => {
  it("is made publishable, shown once with a warning, and fills the snippet", async () => {
    const calls = fakeServer((r) =>
      r.url === "/api/admin/keys" && r.method === "POST" ? { status: 201, body: created } : undefined,
    );
    await open();
    fireEvent.click(screen.getByTestId("integrate-key-create"));
    const banner = await screen.findByTestId("integrate-new-key");
    expect(banner.textContent).toContain("now: it will not be shown again");
    expect(within(banner).getByTestId("integrate-new-key-value").textContent).toBe(created.key);
    const post = calls.find((c) => c.url === "/api/admin/keys" && c.method === "POST")!;
    expect(post.body).toEqual({ name: "Storefront widget", kind: "publishable" });
    expect(post.headers["X-CSRF-Token"]).toBe("c1");
    expect(code()).toContain(`data-key="${created.key}"`);
  });

  it("never shows a key that failed or was revoked", async () => {
    let fail = false;
    const calls = fakeServer((r) => {
      if (r.url === "/api/admin/keys" && r.method === "POST")
        return fail ? { status: 500, body: { error: "internal error" } } : { status: 201, body: created };
      if (r.url === "/api/admin/keys/7" && r.method === "DELETE") return { status: 204 };
      return undefined;
    });
    await open();
    fireEvent.click(screen.getByTestId("integrate-key-create"));
    await screen.findByTestId("integrate-new-key");
    // A second try that fails: the first key's banner goes too, so no key shows as the new one.
    fail = true;
    fireEvent.click(screen.getByTestId("integrate-key-create"));
    expect((await screen.findByTestId("integrate-key-error")).textContent).toBe("No key was made: Internal error.");
    expect(screen.queryByTestId("integrate-new-key")).toBeNull();
    expect(code()).toContain(`data-key="shelf_pk_…"`);

    fail = false;
    fireEvent.click(screen.getByTestId("integrate-key-create"));
    const banner = await screen.findByTestId("integrate-new-key");
    fireEvent.click(within(banner).getByRole("button", { name: /Revoke/ }));
    fireEvent.click(await screen.findByRole("button", { name: "Revoke key" }));
    await waitFor(() => expect(screen.queryByTestId("integrate-new-key")).toBeNull());
    expect(calls.some((c) => c.url === "/api/admin/keys/7" && c.method === "DELETE")).toBe(true);
    expect(code()).toContain(`data-key="shelf_pk_…"`);
    expect(screen.getByText(/Revoked Storefront widget/)).toBeTruthy();
  });

  it("takes a publishable key pasted in, and refuses a secret one", async () => {
    fakeServer();
    await open();
    const field = screen.getByTestId("integrate-key-pasted");
    fireEvent.change(field, { target: { value: "shelf_sk_secret" } });
    expect(screen.getByText(/That is a secret key: it must never be in a web page/)).toBeTruthy();
    expect(code()).toContain(`data-key="shelf_pk_…"`);
    fireEvent.change(field, { target: { value: " shelf_pk_mine " } });
    expect(code()).toContain(`data-key="shelf_pk_mine"`);
  });
});

describe("the preview", () => {
  it("plays a guest with a session asked for with the CSRF token, and runs the real widget.js on the snippet's element", async () => {
    const calls = fakeServer();
    await open();
    await waitFor(() => expect(localStorage.getItem(GUEST_SESSION_KEY)).toBe("s1.PREVIEW.sig"));
    expect(calls.find((c) => c.url === "/api/sessions")!.headers["X-CSRF-Token"]).toBe("c1");
    const script = await waitFor(() => {
      const s = document.head.querySelector('script[src="/widget.js"]');
      if (!s) throw new Error("no script yet");
      return s;
    });
    expect(script.hasAttribute("data-key")).toBe(false); // shelf's own page: the session is the credential
    act(() => void script.dispatchEvent(new Event("load")));
    const box = screen.getByTestId("integrate-preview-box");
    await waitFor(() =>
      expect(box.innerHTML).toBe(`<shelf-recommendations placement="home" count="8"></shelf-recommendations>`),
    );
    // Clicks in the preview stop before the widget: nothing is recorded, nothing navigates.
    const link = document.createElement("a");
    link.href = "/products/1";
    box.firstElementChild!.append(link);
    const reached = vi.fn();
    link.addEventListener("click", reached);
    const ev = new MouseEvent("click", { bubbles: true, cancelable: true });
    link.dispatchEvent(ev);
    expect(reached).not.toHaveBeenCalled();
    expect(ev.defaultPrevented).toBe(true);
    // The widget says when it draws nothing; the page says where to look.
    act(() => box.firstElementChild!.setAttribute("data-shelf-state", "error"));
    expect((await screen.findByTestId("integrate-preview-problem")).textContent).toMatch(/console says why/);
  });
});

describe("integrate lib", () => {
  it("writes what the widget reads, escaped", () => {
    const all = choices(PLACEMENTS);
    const w = widgetFromDraft({ which: "similar", product: " 12 ", count: "04", heading: "a&b", lang: "fr" }, all);
    expect(w.errors).toEqual({});
    expect(w.kind).toBe("similar");
    expect(elementHTML(w.attrs!)).toBe(
      `<shelf-recommendations similar-to="12" count="4" heading="a&amp;b" lang="fr"></shelf-recommendations>`,
    );
    expect(snippet([], "https://shelf.example", 'shelf_pk_"x')).toBe(
      `<shelf-recommendations></shelf-recommendations>\n<script src="https://shelf.example/widget.js" data-key="shelf_pk_&quot;x"></script>`,
    );
    expect(
      widgetFromDraft({ which: "placement:top", product: "", count: "", heading: "", lang: "" }, all).errors,
    ).toEqual({
      which: "Choose another list: the widget does not show best-seller lists yet.",
    });
    expect(
      Object.keys(widgetFromDraft({ which: "bought", product: "x", count: "0", heading: "", lang: "" }, all).errors),
    ).toEqual(["product", "count"]);
  });
});
