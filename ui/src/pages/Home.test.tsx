import { render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import { fakeServer } from "../test/fakeServer";

beforeEach(() => window.history.replaceState(null, "", "/"));
afterEach(() => vi.unstubAllGlobals());

describe("the storefront's home page", () => {
  it("has one h1, above the rail's and the catalogue's h2s", async () => {
    fakeServer((r) => {
      if (r.url === "/api/sessions/") return { status: 201, body: { session_id: "s1.AAAAAAAAAAAAAAAAAAAAAA.sig" } };
      if (r.url.startsWith("/api/popular/")) return { status: 200, body: { products: [], count: 0 } };
      if (r.url.startsWith("/api/products/")) return { status: 200, body: { results: [], count: 0 } };
      return undefined;
    });
    render(<App />);
    const h1s = await screen.findAllByRole("heading", { level: 1 });
    expect(h1s.map((h) => h.textContent)).toEqual(["Find your next favourite"]);
    const h2s = screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent);
    expect(h2s).toEqual(expect.arrayContaining(["All products"]));
    expect(h1s[0].compareDocumentPosition(screen.getByRole("heading", { name: "All products" }))).toBe(
      Node.DOCUMENT_POSITION_FOLLOWING,
    );
  });
});
