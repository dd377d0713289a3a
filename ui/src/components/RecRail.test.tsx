import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ShopProvider, useShop } from "../shop";
import { RecRail } from "./RecRail";

type Route = (url: string, init?: RequestInit) => { status: number; body: unknown };

const SESSION = "s1.AAAAAAAAAAAAAAAAAAAAAA.sig";

// stubApi answers the identity calls (a guest session, shopper tokens) as
// shelf does and everything else with route; it records each call, and the
// shopper token each carried.
function stubApi(route: Route) {
  const calls: string[] = [];
  const tokens: Record<string, string | null> = {};
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init?: RequestInit) => {
      calls.push(`${init?.method ?? "GET"} ${url}`);
      tokens[url] = (init?.headers as Record<string, string> | undefined)?.["X-Shelf-Shopper"] ?? null;
      if (url === "/api/sessions/" && init?.method === "POST")
        return new Response(JSON.stringify({ session_id: SESSION }), { status: 201 });
      if (url === "/api/shopper-tokens/" && init?.method === "POST") {
        const user = JSON.parse(String(init.body)).user_id;
        const expires = new Date(Date.now() + 3600_000).toISOString();
        return new Response(JSON.stringify({ token: `v1.0.${user}.x.sig`, user_id: user, expires_at: expires }), {
          status: 201,
        });
      }
      const { status, body } = route(url, init);
      return new Response(JSON.stringify(body), { status });
    }),
  );
  return Object.assign(calls, { tokens });
}

const product = (id: number) => ({ id, name: `P${id}`, description: "", category: "Books", price: 10, created_at: "" });
const rec = (id: number) => ({
  product_id: id,
  product_name: `R${id}`,
  category: "Books",
  price: 12.5,
  confidence_score: 0.87,
  scores: { cf: 0.9, popularity: 0.4 },
  reason: `because you liked ${id - 1}`,
  because: { product_id: id - 1, product_name: `Item ${id - 1}`, interaction_type: "like" },
});
const notFound = { status: 404, body: { error: "not found" } };

function LikeButton() {
  const { record } = useShop();
  return (
    <button type="button" onClick={() => void record(1, "like")}>
      like
    </button>
  );
}

function renderRail() {
  return render(
    <ShopProvider>
      <LikeButton />
      <RecRail />
    </ShopProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("RecRail", () => {
  it("shows trending to a new guest", async () => {
    const calls = stubApi((url) =>
      url.startsWith("/api/popular/")
        ? { status: 200, body: { products: [product(1), product(2)], count: 2 } }
        : notFound,
    );
    renderRail();
    await screen.findByTestId("rec-card-2");
    expect(screen.getByRole("heading", { name: /Trending/ })).toBeTruthy();
    expect(screen.queryByText(/AI score/)).toBeNull();
    expect([...calls].sort()).toEqual(["GET /api/popular/?count=8", "POST /api/sessions/"]);
    await waitFor(() => expect(localStorage.getItem("shelf.session")).toBe(SESSION));
  });

  it("shows a chosen user's recommendations with score, reason and why", async () => {
    localStorage.setItem("shelf.user", "7");
    localStorage.setItem("shelf.userName", "ana.silva");
    const calls = stubApi((url) =>
      url === "/api/recommendations/7/?count=8"
        ? { status: 200, body: { user_id: 7, recommendations: [rec(5)], count: 1 } }
        : notFound,
    );
    renderRail();
    const card = await screen.findByTestId("rec-card-5");
    // The list was asked for with the shopper's own token.
    expect(calls.tokens["/api/recommendations/7/?count=8"]).toBe("v1.0.7.x.sig");
    expect(screen.getByRole("heading", { name: /Recommended for you/ })).toBeTruthy();
    expect(card.parentElement!.textContent).toContain("AI score 87%");
    expect(card.textContent).toContain("because you liked 4");
    const why = screen.getByRole("button", { name: /why/ });
    expect(why.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByTestId("rec-because")).toBeNull();
    fireEvent.click(why);
    expect(screen.getByTestId("score-cf").textContent).toContain("people with similar taste");
    expect(screen.getByTestId("rec-because").textContent).toBe(
      "You liked Item 4, and shoppers who liked it also chose this.",
    );
  });

  it("opens why? in a popover that Escape and a click outside close", async () => {
    localStorage.setItem("shelf.user", "7");
    stubApi((url) =>
      url === "/api/recommendations/7/?count=8"
        ? { status: 200, body: { user_id: 7, recommendations: [rec(5), rec(6)], count: 2 } }
        : notFound,
    );
    renderRail();
    await screen.findByTestId("rec-card-5");
    const [why] = screen.getAllByTestId("why-button");
    fireEvent.click(why);
    const pop = screen.getByTestId("why-popover");
    expect(why.getAttribute("aria-expanded")).toBe("true");
    expect(why.getAttribute("aria-controls")).toBe(pop.id);
    expect(pop.getAttribute("aria-label")).toBe("Why R5 was suggested");
    // Fixed to the viewport and placed inside it: it takes no room in the card.
    expect(pop.className).toContain("fixed");
    expect(pop.style.visibility).not.toBe("hidden");
    expect(parseFloat(pop.style.left)).toBeGreaterThanOrEqual(8);
    expect(within(pop).getByTestId("score-cf")).toBeTruthy();

    fireEvent.keyDown(document.activeElement ?? document.body, { key: "Escape" });
    expect(screen.queryByTestId("why-popover")).toBeNull();
    expect(why.getAttribute("aria-expanded")).toBe("false");
    expect(document.activeElement).toBe(why);

    fireEvent.click(why);
    expect(screen.getByTestId("why-popover")).toBeTruthy();
    fireEvent.mouseDown(within(screen.getByTestId("why-popover")).getByTestId("score-cf"));
    expect(screen.getByTestId("why-popover")).toBeTruthy();
    fireEvent.mouseDown(document.body);
    expect(screen.queryByTestId("why-popover")).toBeNull();

    // Focus moving on (Tab to the next card) closes it too.
    fireEvent.click(why);
    act(() => screen.getAllByTestId("why-button")[1].focus());
    expect(screen.queryByTestId("why-popover")).toBeNull();
  });

  it("has previous and next buttons that page the rail and are disabled at its ends", async () => {
    stubApi((url) =>
      url.startsWith("/api/popular/")
        ? { status: 200, body: { products: [1, 2, 3, 4, 5, 6].map(product), count: 6 } }
        : notFound,
    );
    renderRail();
    await screen.findByTestId("rec-card-6");
    // jsdom lays nothing out: give the list a viewport of 500 px over 1400 px of cards.
    const list = screen.getByTestId("rec-rail-list");
    let left = 0;
    Object.defineProperty(list, "clientWidth", { configurable: true, value: 500 });
    Object.defineProperty(list, "scrollWidth", { configurable: true, value: 1400 });
    Object.defineProperty(list, "scrollLeft", { configurable: true, get: () => left });
    const scrollBy = vi.fn((o: ScrollToOptions) => {
      left = Math.min(900, Math.max(0, left + (o.left ?? 0)));
      fireEvent.scroll(list);
    });
    list.scrollBy = scrollBy as unknown as typeof list.scrollBy;
    fireEvent.scroll(list);
    const prev = await screen.findByRole("button", { name: "Previous suggestions" });
    const next = screen.getByRole("button", { name: "Next suggestions" });
    expect((prev as HTMLButtonElement).disabled).toBe(true);
    expect((next as HTMLButtonElement).disabled).toBe(false);

    fireEvent.click(next);
    expect(scrollBy).toHaveBeenLastCalledWith(expect.objectContaining({ left: 450 }));
    expect((prev as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(next);
    fireEvent.click(next);
    expect(left).toBe(900);
    expect((next as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(prev);
    expect(scrollBy).toHaveBeenLastCalledWith(expect.objectContaining({ left: -450 }));
    expect((next as HTMLButtonElement).disabled).toBe(false);
    expect(list.className).toContain("snap-x");
  });

  it("shows no arrows when every card fits", async () => {
    stubApi((url) =>
      url.startsWith("/api/popular/") ? { status: 200, body: { products: [product(1)], count: 1 } } : notFound,
    );
    renderRail();
    await screen.findByTestId("rec-card-1");
    expect(screen.queryByRole("button", { name: /suggestions$/ })).toBeNull();
  });

  it("falls back to trending with a note when the user does not exist", async () => {
    localStorage.setItem("shelf.user", "99");
    stubApi((url) =>
      url.startsWith("/api/popular/") ? { status: 200, body: { products: [product(3)], count: 1 } } : notFound,
    );
    renderRail();
    await screen.findByTestId("rec-card-3");
    expect(screen.getByText(/No user with id 99/)).toBeTruthy();
  });

  it("falls back to trending with a note when shelf will not issue a shopper token", async () => {
    localStorage.setItem("shelf.user", "8");
    stubApi((url) => {
      if (url.startsWith("/api/popular/")) return { status: 200, body: { products: [product(3)], count: 1 } };
      if (url.startsWith("/api/recommendations/8/")) return { status: 401, body: { error: "needs a token" } };
      return notFound;
    });
    renderRail();
    await screen.findByTestId("rec-card-3");
    expect(screen.getByText(/need a shopper token/)).toBeTruthy();
  });

  it("leaves out what the page shows already", async () => {
    localStorage.setItem("shelf.user", "7");
    const calls = stubApi((url) =>
      url.startsWith("/api/recommendations/7/")
        ? { status: 200, body: { user_id: 7, recommendations: [rec(5)], count: 1 } }
        : notFound,
    );
    render(
      <ShopProvider>
        <RecRail exclude={Promise.resolve([3, 4])} />
      </ShopProvider>,
    );
    await screen.findByTestId("rec-card-5");
    expect(calls).toContain("GET /api/recommendations/7/?count=8&exclude=3%2C4");
  });

  it("shows the API's error and details", async () => {
    stubApi(() => ({ status: 400, body: { error: "invalid input", details: { count: "must be at most 100" } } }));
    renderRail();
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("invalid input");
    expect(alert.textContent).toContain("must be at most 100");
  });

  it("refreshes after an interaction and highlights only new cards", async () => {
    let liked = false;
    const calls = stubApi((url, init) => {
      if (url === "/api/interaction/" && init?.method === "POST") {
        liked = true;
        return { status: 201, body: { message: "Interaction recorded successfully", id: 1 } };
      }
      if (url.startsWith("/api/recommendations/session/")) {
        return liked ? { status: 200, body: { recommendations: [rec(2), rec(8)], count: 2 } } : notFound;
      }
      if (url.startsWith("/api/popular/"))
        return { status: 200, body: { products: [product(2), product(3)], count: 2 } };
      return notFound;
    });
    renderRail();
    await screen.findByTestId("rec-card-3");
    expect(screen.getByTestId("rec-card-2").className).not.toContain("animate-flash");
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "like" })));
    await screen.findByTestId("rec-card-8");
    await waitFor(() => expect(screen.getByRole("heading", { name: /Recommended for you/ })).toBeTruthy());
    expect(screen.getByTestId("rec-card-8").className).toContain("animate-flash");
    expect(screen.getByTestId("rec-card-2").className).not.toContain("animate-flash");
    expect(screen.queryByTestId("rec-card-3")).toBeNull();
    expect(calls.filter((c) => c.startsWith("POST"))).toEqual(["POST /api/sessions/", "POST /api/interaction/"]);
    expect(localStorage.getItem("shelf.sessionEvents")).toBe("1");
    expect(calls).toContain(`GET /api/recommendations/session/${encodeURIComponent(SESSION)}/?count=8`);
  });
});
