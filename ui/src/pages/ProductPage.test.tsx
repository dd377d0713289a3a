import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import { fakeServer, type Handler, type Req } from "../test/fakeServer";

const SESSION = "s1.AAAAAAAAAAAAAAAAAAAAAA.sig";
const product = (id: number) => ({ id, name: `P${id}`, description: "", category: "Books", price: 10, created_at: "" });

// shop answers as shelf does for shopper 7 on the demo: tokens, products,
// recorded events, and the interaction log read by user, product and type.
function shop(liked: number[], extra: Handler = () => undefined) {
  return fakeServer((r) => {
    const more = extra(r);
    if (more) return more;
    if (r.url === "/api/sessions/") return { status: 201, body: { session_id: SESSION } };
    if (r.url === "/api/shopper-tokens/")
      return {
        status: 201,
        body: { token: "v1.0.7.x.sig", user_id: 7, expires_at: new Date(Date.now() + 3600_000).toISOString() },
      };
    if (r.url === "/api/interaction/") return { status: 201, body: { message: "recorded", id: 1 } };
    const log = /^\/api\/users\/7\/interactions\/\?product_id=(\d+)&type=like&page_size=1$/.exec(r.url);
    if (log) {
      const hit = liked.includes(Number(log[1]));
      const results = hit ? [{ user_id: 7, product_id: Number(log[1]), interaction_type: "like" }] : [];
      return { status: 200, body: { results, count: results.length, next: null, previous: null } };
    }
    if (r.url.startsWith("/api/popular/")) return { status: 200, body: { products: [], count: 0 } };
    const p = /^\/api\/products\/(\d+)\/$/.exec(r.url);
    if (p) return { status: 200, body: product(Number(p[1])) };
    return undefined;
  });
}

const posts = (calls: Req[], type: string) =>
  calls.filter(
    (c) => c.url === "/api/interaction/" && (c.body as { interaction_type: string }).interaction_type === type,
  );

beforeEach(() => {
  localStorage.setItem("shelf.user", "7");
  localStorage.setItem("shelf.userName", "ana");
  window.history.replaceState(null, "", "/products/9");
});
afterEach(() => vi.unstubAllGlobals());

describe("the product page", () => {
  it("takes a product bought now out of the cart, so checkout does not buy it again", async () => {
    localStorage.setItem(
      "shelf.cart",
      JSON.stringify([
        { id: 9, name: "P9", price: 10, category: "Books", qty: 2 },
        { id: 4, name: "P4", price: 5, category: "Books", qty: 1 },
      ]),
    );
    const calls = shop([]);
    render(<App />);
    await screen.findByRole("heading", { level: 1, name: "P9" });
    expect(screen.getByTestId("cart-count").textContent).toBe("3");
    await act(async () => fireEvent.click(screen.getByTestId("buy-button")));
    await waitFor(() => expect(posts(calls, "purchase")).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId("cart-count").textContent).toBe("1"));
    expect(JSON.parse(localStorage.getItem("shelf.cart")!).map((i: { id: number }) => i.id)).toEqual([4]);
  });

  it("shows an earlier like from the shopper's history and does not post another", async () => {
    const calls = shop([9]);
    render(<App />);
    const like = await screen.findByTestId("like-button");
    await waitFor(() => expect(like.getAttribute("aria-pressed")).toBe("true"));
    expect(like.textContent).toContain("Liked");
    expect(screen.getByTestId("like-hint").textContent).toMatch(/no unlike/);
    expect(like.getAttribute("aria-describedby")).toBe(screen.getByTestId("like-hint").id);
    await act(async () => fireEvent.click(like));
    expect(like.getAttribute("aria-pressed")).toBe("true");
    expect(posts(calls, "like")).toHaveLength(0);
    // The history is the shopper's own, read with their token (not the secret-key log).
    const read = calls.find((c) => c.url.startsWith("/api/users/7/interactions/"))!;
    expect(read.headers["X-Shelf-Shopper"]).toBe("v1.0.7.x.sig");
    expect(calls.some((c) => c.url.startsWith("/api/interactions/"))).toBe(false);
  });

  it("records a first like once: a second click posts nothing", async () => {
    const calls = shop([]);
    render(<App />);
    const like = await screen.findByTestId("like-button");
    await waitFor(() => expect((like as HTMLButtonElement).disabled).toBe(false));
    expect(like.getAttribute("aria-pressed")).toBe("false");
    await act(async () => fireEvent.click(like));
    await waitFor(() => expect(like.getAttribute("aria-pressed")).toBe("true"));
    await act(async () => fireEvent.click(like));
    expect(posts(calls, "like")).toHaveLength(1);
    expect(posts(calls, "like")[0].body).toMatchObject({ user_id: 7, product_id: 9 });
  });

  it("leaves the like button usable when the history cannot be read", async () => {
    const calls = shop([], (r) =>
      r.url.startsWith("/api/users/7/interactions/") ? { status: 401, body: { error: "needs a key" } } : undefined,
    );
    render(<App />);
    const like = await screen.findByTestId("like-button");
    await waitFor(() => expect((like as HTMLButtonElement).disabled).toBe(false));
    expect(like.getAttribute("aria-pressed")).toBe("false");
    await act(async () => fireEvent.click(like));
    await waitFor(() => expect(posts(calls, "like")).toHaveLength(1));
    expect(screen.queryByRole("alert")).toBeNull();
  });
});

describe("the More like this strip", () => {
  it("shows the shopper's picks anchored to the product and marks what a like brought in", async () => {
    let liked = false;
    const rec = (id: number) => ({
      product_id: id,
      product_name: `P${id}`,
      category: "Books",
      price: 10,
      confidence_score: 0.5,
    });
    const calls = shop([], (r) => {
      if (r.url.startsWith("/api/products/9/similar/"))
        return { status: 200, body: { similar: [product(2), product(3), product(4)], recommendation_id: "sim1" } };
      if (r.url.startsWith("/api/recommendations/7/"))
        return {
          status: 200,
          body: {
            user_id: 7,
            recommendations: liked ? [rec(5), rec(3)] : [rec(3)],
            count: 1,
            recommendation_id: "per1",
          },
        };
      if (r.url === "/api/interaction/" && (r.body as { interaction_type: string }).interaction_type === "like")
        liked = true;
      return undefined;
    });
    render(<App />);
    const strip = await screen.findByTestId("more-like-this");
    await waitFor(() => expect(strip.querySelectorAll("li[data-testid^=strip-item-]")).toHaveLength(3));
    const ids = () =>
      [...strip.querySelectorAll("li[data-testid^=strip-item-]")].map((li) => li.getAttribute("data-testid"));
    expect(ids()).toEqual(["strip-item-3", "strip-item-2", "strip-item-4"]);
    expect(strip.querySelector("[data-new]")).toBeNull();

    const like = screen.getByTestId("like-button");
    await waitFor(() => expect((like as HTMLButtonElement).disabled).toBe(false));
    await act(async () => fireEvent.click(like));
    await waitFor(() => expect(ids()).toEqual(["strip-item-3", "strip-item-5", "strip-item-2", "strip-item-4"]));
    const fresh = screen.getByTestId("strip-item-5");
    expect(fresh.getAttribute("data-new")).toBe("true");
    expect(fresh.textContent).toContain("New");
    expect(within(fresh).getByRole("link").textContent).toBe("P5 (new suggestion)");
    expect(screen.getByTestId("more-like-this-status").textContent).toBe("Updated after your like: 1 new");
    expect(calls.filter((c) => c.url.startsWith("/api/recommendations/7/")).length).toBeGreaterThanOrEqual(2);
  });
});
