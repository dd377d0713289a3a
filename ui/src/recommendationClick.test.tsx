import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "./App";
import { navigate } from "./hooks/useLocation";
import { fakeServer, type Handler, type Req } from "./test/fakeServer";

const SESSION = "s1.AAAAAAAAAAAAAAAAAAAAAA.sig";
const TRENDING_ID = "r1.20261201.trending..sig1.1";
const PERSONAL_ID = "r1.20261201.personal..sig2.4";
const SIMILAR_ID = "r1.20261201.similar..sig3.9";

const product = (id: number) => ({ id, name: `P${id}`, description: "", category: "Books", price: 10, created_at: "" });

// shop answers as shelf does for a storefront: a guest session, products, lists with their ids, and recorded events.
function shop(extra: Handler = () => undefined) {
  return fakeServer((r) => {
    const more = extra(r);
    if (more) return more;
    if (r.url === "/api/sessions/") return { status: 201, body: { session_id: SESSION } };
    if (r.url === "/api/interaction/")
      return { status: 201, body: { message: "Interaction recorded successfully", id: 1 } };
    if (r.url.startsWith("/api/popular/"))
      return { status: 200, body: { products: [product(5), product(6)], count: 2, recommendation_id: TRENDING_ID } };
    const p = /^\/api\/products\/(\d+)\/$/.exec(r.url);
    if (p) return { status: 200, body: product(Number(p[1])) };
    if (/^\/api\/products\/\d+\/similar\//.test(r.url))
      return { status: 200, body: { products: [product(8)], count: 1, recommendation_id: SIMILAR_ID } };
    return undefined;
  });
}

const views = (calls: Req[]) =>
  calls.filter(
    (c) => c.url === "/api/interaction/" && (c.body as { interaction_type: string }).interaction_type === "view",
  );

const open = (card: HTMLElement) => fireEvent.click(within(card).getByRole("link"));

beforeEach(() => window.history.replaceState(null, "", "/"));
afterEach(() => vi.unstubAllGlobals());

describe("a click in a recommendation list", () => {
  it("sends the rail's recommendation_id with the view it records", async () => {
    const calls = shop();
    render(<App />);
    open(await screen.findByTestId("rec-card-6"));
    await waitFor(() => expect(views(calls)).toHaveLength(1));
    expect(window.location.pathname).toBe("/products/6");
    expect(views(calls)[0].body).toEqual({
      product_id: 6,
      interaction_type: "view",
      session_id: SESSION,
      recommendation_id: TRENDING_ID,
    });
  });

  it("sends a shopper's list id, and a similar list's, and nothing for a page opened otherwise", async () => {
    localStorage.setItem("shelf.user", "7");
    const calls = shop((r) => {
      if (r.url === "/api/shopper-tokens/")
        return {
          status: 201,
          body: { token: "v1.0.7.x.sig", user_id: 7, expires_at: new Date(Date.now() + 3600_000).toISOString() },
        };
      if (r.url.startsWith("/api/recommendations/7/"))
        return {
          status: 200,
          body: {
            user_id: 7,
            count: 1,
            recommendation_id: PERSONAL_ID,
            recommendations: [
              { product_id: 5, product_name: "P5", category: "Books", price: 10, confidence_score: 0.8 },
            ],
          },
        };
      return undefined;
    });
    render(<App />);
    open(await screen.findByTestId("rec-card-5"));
    await waitFor(() => expect(views(calls)).toHaveLength(1));
    expect(views(calls)[0].body).toMatchObject({ user_id: 7, product_id: 5, recommendation_id: PERSONAL_ID });

    // On the product page, a product of the similar list.
    const similar = await screen.findByTestId("similar-products");
    open(await within(similar).findByTestId("product-card-8"));
    await waitFor(() => expect(views(calls)).toHaveLength(2));
    expect(views(calls)[1].body).toMatchObject({ product_id: 8, recommendation_id: SIMILAR_ID });

    // A product page opened without a click in a list records a plain view.
    act(() => navigate("/products/9"));
    await waitFor(() => expect(views(calls)).toHaveLength(3));
    expect(views(calls)[2].body).not.toHaveProperty("recommendation_id");
  });

  it("records the view without the id when shelf refuses the id", async () => {
    const calls = shop((r) =>
      r.url === "/api/interaction/" && (r.body as { recommendation_id?: string }).recommendation_id
        ? {
            status: 400,
            body: { error: "invalid interaction", details: { recommendation_id: "not issued to this shopper" } },
          }
        : undefined,
    );
    render(<App />);
    open(await screen.findByTestId("rec-card-5"));
    await waitFor(() => expect(views(calls)).toHaveLength(2));
    expect(views(calls).map((c) => (c.body as { recommendation_id?: string }).recommendation_id)).toEqual([
      TRENDING_ID,
      undefined,
    ]);
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
