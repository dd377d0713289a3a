// The widget against a fake shelf: what it asks for, what it draws, what a
// click sends, and what a shop's developer reads in the console when
// something is wrong. Each test defines its own element name, since a page
// (and jsdom's window) can define a name only once.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resetForTests } from "./api";
import { readConfig, type Config } from "./config";
import { defineElement } from "./element";
import { formatPrice, safeURL } from "./render";
import { GUEST_SESSION_KEY } from "./shared";

const SHELF = "https://shelf.example/";
const SESSION = "s1.AAAAAAAAAAAAAAAAAAAAAA.sig";
const REC_ID = "r1.g1g.p.home.-.sig.1";

type Call = { method: string; url: string; headers: Record<string, string>; body: unknown; keepalive?: boolean };
type Answer = { status: number; body?: unknown } | "network";

const item = (id: number, extra: Record<string, unknown> = {}) => ({
  product_id: id,
  position: id,
  product_name: `Product ${id}`,
  category: "Books",
  price: 34.99,
  image_url: `/images/demo/${id}.svg`,
  url: `/products/${id}`,
  brand: "Quillstone",
  ...extra,
});

/** shelf stubs fetch: handler answers first, then a shop like the demo's. */
function shelf(handler: (c: Call) => Answer | undefined = () => undefined): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const c: Call = {
        method: init.method ?? "GET",
        url,
        headers: (init.headers ?? {}) as Record<string, string>,
        body: init.body ? JSON.parse(String(init.body)) : undefined,
        keepalive: init.keepalive,
      };
      calls.push(c);
      const a = handler(c) ?? demo(c);
      if (a === "network") throw new TypeError("Failed to fetch");
      return new Response(a.body === undefined ? null : JSON.stringify(a.body), { status: a.status });
    }),
  );
  return calls;
}

function demo(c: Call): Answer {
  const path = c.url.slice(SHELF.length - 1);
  if (path === "/api/shop") return { status: 200, body: { currency: "EUR", time_zone: "UTC" } };
  if (path === "/api/sessions") return { status: 201, body: { session_id: SESSION } };
  if (path === "/api/interaction/") return { status: 201, body: { id: 1, recommendation: "clicked" } };
  const items = [1, 2, 3, 4].map((i) => item(i));
  if (/^\/api\/recommendations\//.test(path))
    return { status: 200, body: { count: 4, recommendation_id: REC_ID, recommendations: items } };
  if (/^\/api\/products\/\d+\/similar\//.test(path))
    return { status: 200, body: { count: 4, recommendation_id: REC_ID, similar: items } };
  if (/^\/api\/products\/\d+\/bought-together\//.test(path))
    return { status: 200, body: { count: 4, recommendation_id: REC_ID, products: items } };
  return { status: 404, body: { error: `no such endpoint: ${path}` } };
}

let seq = 0;
/** mount defines a fresh element name for cfg and puts one in the page with attrs. */
function mount(attrs: Record<string, string>, cfg: Config = { base: SHELF, key: "shelf_pk_test" }): HTMLElement {
  const name = `shelf-test-${++seq}`;
  defineElement(name, cfg);
  const e = document.createElement(name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  document.body.append(e);
  return e;
}

const settled = (e: HTMLElement) =>
  vi.waitFor(() => {
    const s = e.getAttribute("data-shelf-state");
    if (s !== "ready" && s !== "empty" && s !== "error") throw new Error(`still ${s}`);
    return s;
  });

let errors: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  resetForTests();
  errors = vi.spyOn(console, "error").mockImplementation(() => {});
  document.documentElement.removeAttribute("lang");
});
afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("a guest's list", () => {
  it("asks with the key under a session kept in this origin's storage, and draws the list whole", async () => {
    const calls = shelf();
    const e = mount({ placement: "home", count: "4", heading: "Picked for you" });
    expect(await settled(e)).toBe("ready");
    const list = calls.find((c) => c.url.includes("/recommendations/"))!;
    expect(list.url).toBe(`${SHELF}api/recommendations/session/${encodeURIComponent(SESSION)}/?count=4&placement=home`);
    expect(list.headers.Authorization).toBe("Bearer shelf_pk_test");
    expect(localStorage.getItem(GUEST_SESSION_KEY)).toBe(SESSION);
    expect(calls.filter((c) => c.url === `${SHELF}api/shop`)).toHaveLength(1);

    const root = e.shadowRoot!;
    const h = root.querySelector("h2")!;
    expect(h.textContent).toBe("Picked for you");
    expect(root.querySelector("section")!.getAttribute("aria-labelledby")).toBe(h.id);
    const items = root.querySelectorAll("ul > li");
    expect(items).toHaveLength(4);
    const first = items[0];
    const img = first.querySelector("img")!;
    expect(img.getAttribute("src")).toBe(`${SHELF}images/demo/1.svg`);
    expect(img.alt).toBe("Product 1");
    expect([img.getAttribute("width"), img.getAttribute("height"), img.getAttribute("loading")]).toEqual([
      "320",
      "320",
      "lazy",
    ]);
    const a = first.querySelector("a")!;
    expect(a.textContent).toBe("Product 1");
    // The product's page is the shop's: a relative URL is a path of the page's origin.
    expect(a.href).toBe(new URL("/products/1", document.baseURI).href);
    expect(first.querySelector(".price")!.textContent).toBe("€34.99");
    expect(errors).not.toHaveBeenCalled();
  });

  it("reuses the stored session, and replaces one shelf no longer knows", async () => {
    localStorage.setItem(GUEST_SESSION_KEY, "s1.OLDOLDOLDOLDOLDOLDOLDO.old");
    const calls = shelf((c) =>
      c.url.includes("s1.OLD")
        ? { status: 403, body: { error: "session_id must be a guest session", details: { session_id: "x" } } }
        : undefined,
    );
    const e = mount({});
    expect(await settled(e)).toBe("ready");
    expect(calls.filter((c) => c.url.endsWith("api/sessions"))).toHaveLength(1);
    expect(localStorage.getItem(GUEST_SESSION_KEY)).toBe(SESSION);
    expect(errors).not.toHaveBeenCalled();
  });

  it("sends a click as a view with the list's id, kept alive past the page, and lets the link navigate", async () => {
    const calls = shelf();
    const e = mount({ placement: "home" });
    await settled(e);
    let navigated = false;
    document.addEventListener(
      "click",
      (ev) => {
        navigated = !ev.defaultPrevented;
        ev.preventDefault(); // jsdom cannot navigate
      },
      { once: true },
    );
    e.shadowRoot!.querySelectorAll("a")[1].click();
    expect(navigated).toBe(true);
    await vi.waitFor(() => expect(calls.some((c) => c.url.endsWith("api/interaction/"))).toBe(true));
    const view = calls.find((c) => c.url.endsWith("api/interaction/"))!;
    expect(view.method).toBe("POST");
    expect(view.keepalive).toBe(true);
    expect(view.headers.Authorization).toBe("Bearer shelf_pk_test");
    expect(view.body).toEqual({
      product_id: 2,
      interaction_type: "view",
      recommendation_id: REC_ID,
      session_id: SESSION,
    });
  });
});

describe("a customer's list", () => {
  const token = "v1.0.42.1767225600.c2lnbmF0dXJl";
  it("asks for the token's user with the token, and a click names the user", async () => {
    const calls = shelf();
    const e = mount({ "shopper-token": token, count: "8" });
    await settled(e);
    const list = calls.find((c) => c.url.includes("/recommendations/"))!;
    expect(list.url).toBe(`${SHELF}api/recommendations/42/?count=8`);
    expect(list.headers["X-Shelf-Shopper"]).toBe(token);
    expect(calls.some((c) => c.url.endsWith("api/sessions"))).toBe(false);
    document.addEventListener("click", (ev) => ev.preventDefault(), { once: true });
    e.shadowRoot!.querySelector("a")!.click();
    await vi.waitFor(() => expect(calls.some((c) => c.url.endsWith("api/interaction/"))).toBe(true));
    const view = calls.find((c) => c.url.endsWith("api/interaction/"))!;
    expect(view.headers["X-Shelf-Shopper"]).toBe(token);
    expect(view.body).toEqual({ product_id: 1, interaction_type: "view", recommendation_id: REC_ID, user_id: 42 });
  });

  it("says an expired token is the shop server's to renew", async () => {
    shelf((c) =>
      c.url.includes("/recommendations/")
        ? {
            status: 401,
            body: {
              error: "the shopper token is malformed, expired, or its key was revoked",
              details: { "X-Shelf-Shopper": "expired" },
            },
          }
        : undefined,
    );
    const e = mount({ "shopper-token": token });
    expect(await settled(e)).toBe("error");
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0][0])).toMatch(
      /^shelf: the shopper token was refused \(401: .*POST \/api\/shopper-tokens/,
    );
  });

  it("refuses a token that is not one without asking shelf", async () => {
    const calls = shelf();
    const e = mount({ "shopper-token": "not-a-token" });
    expect(await settled(e)).toBe("error");
    expect(calls).toHaveLength(0);
    expect(String(errors.mock.calls[0][0])).toMatch(/shopper-token is not a shopper token/);
  });
});

describe("lists of a product", () => {
  it("similar-to and bought-with ask for their lists, and a click is a guest's", async () => {
    const calls = shelf();
    const s = mount({ "similar-to": "123", count: "4" });
    const b = mount({ "bought-with": "123" });
    await settled(s);
    await settled(b);
    expect(calls.some((c) => c.url === `${SHELF}api/products/123/similar/?count=4`)).toBe(true);
    expect(calls.some((c) => c.url === `${SHELF}api/products/123/bought-together/`)).toBe(true);
    expect(s.shadowRoot!.querySelector("h2")!.textContent).toBe("Similar products");
    expect(b.shadowRoot!.querySelector("h2")!.textContent).toBe("Frequently bought together");
    expect(calls.filter((c) => c.url.endsWith("api/sessions"))).toHaveLength(1);
    document.addEventListener("click", (ev) => ev.preventDefault(), { once: true });
    b.shadowRoot!.querySelector("a")!.click();
    await vi.waitFor(() => expect(calls.some((c) => c.url.endsWith("api/interaction/"))).toBe(true));
    expect(calls.find((c) => c.url.endsWith("api/interaction/"))!.body).toMatchObject({ session_id: SESSION });
  });

  it("speaks the page's language, prices included", async () => {
    shelf();
    document.documentElement.setAttribute("lang", "de-DE");
    const e = mount({ "similar-to": "5" });
    await settled(e);
    expect(e.shadowRoot!.querySelector("h2")!.textContent).toBe("Ähnliche Produkte");
    expect(e.shadowRoot!.querySelector(".price")!.textContent).toBe("34,99\u00a0€");
    e.setAttribute("lang", "fr");
    await vi.waitFor(() => expect(e.shadowRoot!.querySelector("h2")!.textContent).toBe("Produits similaires"));
  });

  it("names the attribute when the product is unknown", async () => {
    shelf((c) =>
      c.url.includes("/products/999/") ? { status: 404, body: { error: "product 999 not found" } } : undefined,
    );
    const e = mount({ "bought-with": "999" });
    expect(await settled(e)).toBe("error");
    expect(String(errors.mock.calls[0][0])).toBe(
      "shelf: product 999 (the bought-with attribute) was not found (404: product 999 not found): give the id of a product in shelf's catalog",
    );
  });
});

describe("what goes wrong draws nothing and says so once", () => {
  it("a refused key: every element stays empty, one console line says what to do", async () => {
    shelf((c) =>
      c.url.endsWith("api/shop") ? undefined : { status: 401, body: { error: "unknown or revoked API key" } },
    );
    const one = mount({ "similar-to": "1" }, { base: SHELF, key: "shelf_pk_wrong" });
    const two = mount({ "similar-to": "1" }, { base: SHELF, key: "shelf_pk_wrong" });
    expect(await settled(one)).toBe("error");
    expect(await settled(two)).toBe("error");
    for (const e of [one, two]) expect(e.shadowRoot!.querySelector("section, li, h2")).toBeNull();
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls[0][0]).toBe(
      "shelf: the key was refused (401: unknown or revoked API key): check that data-key is a publishable key of this shop (shelf_pk_…) and has not been revoked",
    );
  });

  it("no key at all", async () => {
    shelf((c) =>
      c.url.endsWith("api/shop") ? undefined : { status: 401, body: { error: "authentication required" } },
    );
    const e = mount({ "similar-to": "1" }, { base: SHELF, key: "" });
    expect(await settled(e)).toBe("error");
    expect(String(errors.mock.calls[0][0])).toMatch(/^shelf: the widget's script tag has no data-key \(401/);
  });

  it("shelf out of reach, or not letting this origin in: one line for all the page's lists", async () => {
    shelf(() => "network");
    const e = mount({ placement: "home" });
    const other = mount({ "similar-to": "3" });
    expect(await settled(e)).toBe("error");
    expect(await settled(other)).toBe("error");
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0][0])).toBe(
      `shelf: could not reach ${SHELF} (network error or CORS): check that shelf runs at that address and lets this page's origin call it: start it with -cors-origins ${location.origin}`,
    );
  });

  it("an unknown placement", async () => {
    shelf((c) =>
      c.url.includes("placement=nope")
        ? {
            status: 404,
            body: { error: 'placement "nope" not found', details: { placement: 'placement "nope" not found' } },
          }
        : undefined,
    );
    const e = mount({ placement: "nope" });
    expect(await settled(e)).toBe("error");
    expect(String(errors.mock.calls[0][0])).toBe(
      `shelf: placement "nope" was refused (404: placement "nope" not found): create it on the dashboard's Placements page, or fix the placement attribute`,
    );
  });

  it("attributes out of range are refused before asking", async () => {
    const calls = shelf();
    for (const [attrs, want] of [
      [{ count: "many" }, 'shelf: count must be a whole number from 1 to 100 (got "many")'],
      [{ count: "101" }, 'shelf: count must be a whole number from 1 to 100 (got "101")'],
      [{ "similar-to": "abc" }, 'shelf: similar-to must be a product id, a positive whole number (got "abc")'],
      [{ "similar-to": "1", "bought-with": "2" }, "shelf: give similar-to or bought-with, not both"],
      [{ placement: "Home Page" }, 'shelf: placement must be a placement\'s name, such as "home" (got "Home Page")'],
    ] as const) {
      errors.mockClear();
      const e = mount(attrs);
      expect(await settled(e)).toBe("error");
      expect(String(errors.mock.calls[0][0])).toContain(want);
    }
    expect(calls).toHaveLength(0);
  });

  it("an empty list hides the element without a word", async () => {
    shelf((c) =>
      c.url.includes("/similar/")
        ? { status: 200, body: { count: 0, similar: [], recommendation_id: REC_ID } }
        : undefined,
    );
    const e = mount({ "similar-to": "1" });
    expect(await settled(e)).toBe("empty");
    expect(e.shadowRoot!.querySelector("section")).toBeNull();
    expect(errors).not.toHaveBeenCalled();
  });
});

describe("the script tag", () => {
  const script = (attrs: Record<string, string>) => {
    const s = document.createElement("script");
    for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v);
    return s;
  };
  it("names shelf by where the script came from, unless data-url says otherwise", () => {
    expect(
      readConfig(script({ src: "https://shelf.example/widget.js?v=2", "data-key": " shelf_pk_a " }), location.href),
    ).toEqual({
      base: "https://shelf.example/",
      key: "shelf_pk_a",
    });
    expect(readConfig(script({ src: "https://shop.example/shelf/widget.js" }), location.href)).toEqual({
      base: "https://shop.example/shelf/",
      key: "",
    });
    expect(
      readConfig(
        script({ src: "https://cdn.example/widget.js", "data-url": "https://shelf.example/api-gw" }),
        location.href,
      ),
    ).toEqual({ base: "https://shelf.example/api-gw/", key: "" });
  });
  it("refuses a secret key: it must never be in a page", () => {
    expect(
      readConfig(script({ src: "https://shelf.example/widget.js", "data-key": "shelf_sk_x" }), location.href),
    ).toMatch(/^shelf: data-key is a secret key .* revoke it/);
  });
  it("says when it cannot find itself", () => {
    expect(readConfig(null, location.href)).toMatch(/^shelf: cannot find the widget's script tag/);
  });
});

describe("drawing", () => {
  it("keeps only http(s) links", () => {
    expect(safeURL("javascript:alert(1)", SHELF)).toBe("");
    expect(safeURL("data:text/html,x", SHELF)).toBe("");
    expect(safeURL("/p/1", "https://shop.example/c/x")).toBe("https://shop.example/p/1");
    expect(safeURL("", SHELF)).toBe("");
  });
  it("formats prices in the shop's currency, and plainly when it is unknown", () => {
    expect(formatPrice(1234.5, "USD", "en")).toBe("$1,234.50");
    expect(formatPrice("19.90", "EUR", "fr")).toBe("19,90\u00a0€");
    expect(formatPrice(5, "", "en")).toBe("5.00");
    expect(formatPrice(5, "EUR", "not a tag!")).toBe("€5.00");
    expect(formatPrice("x", "EUR", "en")).toBe("");
  });
  it("draws an item without a page as text, not a link", async () => {
    shelf((c) =>
      c.url.includes("/similar/")
        ? {
            status: 200,
            body: { similar: [item(1, { url: undefined, image_url: "javascript:x" })], recommendation_id: REC_ID },
          }
        : undefined,
    );
    const e = mount({ "similar-to": "1" });
    await settled(e);
    const li = e.shadowRoot!.querySelector("li")!;
    expect(li.querySelector("a")).toBeNull();
    expect(li.querySelector("img")).toBeNull();
    expect(li.querySelector(".name")!.textContent).toBe("Product 1");
  });
});
