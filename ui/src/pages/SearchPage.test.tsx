import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import { fakeServer } from "../test/fakeServer";

const SESSION = "s1.AAAAAAAAAAAAAAAAAAAAAA.sig";
const headphones = (id: number) => ({
  id,
  name: `Wireless Headphones ${id}`,
  description: "Over-ear headphones, noise cancelling.",
  category: "Electronics",
  price: 10 + id,
  created_at: "",
});

// answers is shelf for a guest: a session, categories, and a search whose
// query "hedphones" shelf corrected to "headphones", 30 matches in all.
function answers() {
  return fakeServer((r) => {
    if (r.url === "/api/sessions/") return { status: 201, body: { session_id: SESSION } };
    if (r.url.startsWith("/api/categories/"))
      return { status: 200, body: { categories: [{ name: "Electronics", product_count: 30 }], count: 1 } };
    if (r.url.startsWith("/api/popular/")) return { status: 200, body: { products: [], count: 0 } };
    if (r.url.startsWith("/api/products/")) return { status: 200, body: { results: [], count: 0 } };
    if (r.url.startsWith("/api/search/")) {
      const q = new URLSearchParams(r.url.slice(r.url.indexOf("?")));
      const size = Number(q.get("page_size"));
      const page = Number(q.get("page"));
      const ids = Array.from({ length: 30 }, (_, i) => i + 1).slice((page - 1) * size, page * size);
      return {
        status: 200,
        body: {
          products: ids.map(headphones),
          count: 30,
          next: page * size < 30 ? "/api/search/?page=2" : null,
          previous: null,
          terms: [{ word: "hedphones", matches: ["headphones", "headphone"], correction: "headphones" }],
          corrected: "headphones",
        },
      };
    }
    return undefined;
  });
}

beforeEach(() => {
  localStorage.clear();
  window.history.replaceState(null, "", "/");
});
afterEach(() => vi.unstubAllGlobals());

describe("the search results page", () => {
  it("shows the correction, marks the matched words and pages through the URL", async () => {
    const calls = answers();
    window.history.replaceState(null, "", "/search?q=hedphones&category=Electronics&sort=price_desc");
    render(<App />);
    expect(await screen.findByRole("heading", { level: 1, name: "Results for “hedphones”" })).toBeTruthy();
    expect((await screen.findByTestId("search-corrected")).textContent).toBe("Showing results for headphones");
    expect((screen.getByTestId("search-input") as HTMLInputElement).value).toBe("hedphones");
    const card = await screen.findByTestId("search-card-1");
    expect([...card.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["Headphones", "headphones"]);
    const first = calls.find((c) => c.url.startsWith("/api/search/"))!;
    expect(first.url).toContain("category=Electronics");
    expect(first.url).toContain("sort=price_desc");
    expect(first.url).toContain("page=1&page_size=24");

    fireEvent.click(within(screen.getByTestId("pagination")).getByRole("button", { name: "Page 2" }));
    await screen.findByTestId("search-card-25");
    expect(window.location.search).toBe("?q=hedphones&category=Electronics&sort=price_desc&page=2");

    fireEvent.change(screen.getByTestId("sort-select"), { target: { value: "newest" } });
    await waitFor(() => expect(window.location.search).toBe("?q=hedphones&category=Electronics&sort=newest"));
  });

  it("opens from the search box on Enter, and from its See all link", async () => {
    answers();
    render(<App />);
    const box = screen.getByTestId("search-input");
    fireEvent.change(box, { target: { value: "hedphones" } });
    const all = await screen.findByTestId("search-see-all", {}, { timeout: 2000 });
    expect(all.textContent).toBe("See all 30 results");
    expect(all.getAttribute("href")).toBe("/search?q=hedphones");
    fireEvent.keyDown(box, { key: "Enter" });
    await waitFor(() => expect(window.location.pathname + window.location.search).toBe("/search?q=hedphones"));
    expect(await screen.findByRole("heading", { level: 1, name: "Results for “hedphones”" })).toBeTruthy();
  });
});
