import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { navigate } from "../../hooks/useLocation";
import { App } from "../../App";
import { fakeServer } from "../../test/fakeServer";

const log = [
  { id: 11, user_id: 3, product_id: 877, interaction_type: "view", timestamp: "2026-11-01T10:00:00Z" },
  { id: 12, user_id: 4, product_id: 5, interaction_type: "purchase", timestamp: "2026-11-01T11:00:00Z" },
  {
    id: 13,
    user_id: null,
    product_id: 877,
    interaction_type: "cart",
    timestamp: "2026-11-01T12:00:00Z",
    session_id: "s1",
  },
];

function logServer() {
  return fakeServer((r) => {
    const url = new URL(r.url, "http://shelf");
    if (r.url === "/api/auth/me") return { status: 200, body: { username: "admin", csrf_token: "c1" } };
    if (url.pathname === "/api/interactions/") {
      const p = url.searchParams.get("product_id");
      const u = url.searchParams.get("user_id");
      const results = log.filter((i) => (!p || String(i.product_id) === p) && (!u || String(i.user_id) === u));
      return { status: 200, body: { results, count: results.length, next: null, previous: null } };
    }
    if (r.url === "/api/products/877/") return { status: 200, body: { id: 877, name: "Desk Lamp" } };
    if (r.url === "/api/products/5/") return { status: 404, body: { error: "product not found" } };
    if (r.url === "/api/users/3/") return { status: 200, body: { id: 3, username: "ana" } };
    if (r.url === "/api/users/4/") return { status: 200, body: { id: 4, username: "bo" } };
    if (url.pathname === "/api/search/")
      return url.searchParams.get("q")!.toLowerCase().includes("lamp")
        ? {
            status: 200,
            body: {
              products: [
                { id: 90, name: "Lamp Shade" },
                { id: 877, name: "Desk Lamp" },
                { id: 1, name: "Lamp" },
              ],
              count: 3,
              next: null,
            },
          }
        : { status: 200, body: { products: [], count: 0, next: null } };
    if (url.pathname === "/api/users/")
      return { status: 200, body: { results: [{ id: 4, username: "bo" }], count: 1, next: null, previous: null } };
    return undefined;
  });
}

beforeAll(async () => {
  await import("../AdminApp");
}, 30000);
beforeEach(() => window.history.replaceState(null, "", "/"));
afterEach(() => vi.unstubAllGlobals());

describe("interaction log", () => {
  it("names users and products, each linked, and asks each name once", async () => {
    const calls = logServer();
    act(() => navigate("/admin/interactions"));
    render(<App />);
    const first = await screen.findByTestId("interaction-11");
    await waitFor(() => expect(within(first).getByRole("link", { name: "Desk Lamp" })).toBeTruthy());
    expect(within(first).getByRole("link", { name: "Desk Lamp" }).getAttribute("href")).toBe("/products/877");
    expect(within(first).getByRole("link", { name: "ana" }).getAttribute("href")).toBe("/admin/users/3");
    expect(first.textContent).toContain("#877");
    const second = screen.getByTestId("interaction-12");
    await waitFor(() => expect(second.textContent).toContain("deleted product #5"));
    expect(within(second).getByRole("link", { name: "bo" })).toBeTruthy();
    expect(screen.getByTestId("interaction-13").textContent).toContain("guest");
    expect(calls.filter((c) => c.url === "/api/products/877/")).toHaveLength(1);
  });

  it("finds the log of a product by its name, and of a user by theirs", async () => {
    const calls = logServer();
    act(() => navigate("/admin/interactions"));
    render(<App />);
    await screen.findByTestId("interaction-11");
    fireEvent.change(screen.getByTestId("interactions-product"), { target: { value: "lamp" } });
    fireEvent.click(screen.getByTestId("interactions-apply"));
    // "lamp" finds three; the one called Lamp exactly would win, here Lamp (#1) whose log is empty.
    await screen.findByText("Showing Lamp");
    await screen.findByText("No interaction matches these filters.");
    expect(calls.some((c) => c.url.startsWith("/api/interactions/?") && c.url.includes("product_id=1&"))).toBe(true);

    fireEvent.change(screen.getByTestId("interactions-product"), { target: { value: "Desk Lamp" } });
    fireEvent.click(screen.getByTestId("interactions-apply"));
    await screen.findByTestId("interaction-11");
    expect(screen.queryByTestId("interaction-12")).toBeNull();
    expect(screen.getByTestId("interaction-13")).toBeTruthy();
    expect(screen.getByText("Showing Desk Lamp")).toBeTruthy();

    fireEvent.change(screen.getByTestId("interactions-product"), { target: { value: "" } });
    fireEvent.change(screen.getByTestId("interactions-user"), { target: { value: "bo" } });
    fireEvent.click(screen.getByTestId("interactions-apply"));
    await waitFor(() => expect(screen.queryByTestId("interaction-11")).toBeNull());
    expect(screen.getByTestId("interaction-12")).toBeTruthy();
    expect(calls.some((c) => c.url.startsWith("/api/users/?") && c.url.includes("q=bo"))).toBe(true);
  });

  it("says when no product has the name, and still takes ids", async () => {
    const calls = logServer();
    act(() => navigate("/admin/interactions"));
    render(<App />);
    await screen.findByTestId("interaction-11");
    const before = calls.filter((c) => c.url.startsWith("/api/interactions/")).length;
    fireEvent.change(screen.getByTestId("interactions-product"), { target: { value: "teapot" } });
    fireEvent.click(screen.getByTestId("interactions-apply"));
    await screen.findByText("No product is called “teapot”.");
    expect(screen.getByTestId("interactions-product").getAttribute("aria-invalid")).toBe("true");
    expect(calls.filter((c) => c.url.startsWith("/api/interactions/")).length).toBe(before);

    fireEvent.change(screen.getByTestId("interactions-product"), { target: { value: "#5" } });
    fireEvent.click(screen.getByTestId("interactions-apply"));
    await waitFor(() => expect(screen.queryByTestId("interaction-11")).toBeNull());
    expect(screen.getByTestId("interaction-12")).toBeTruthy();
  });

  it("links the CSV export of the whole log", async () => {
    logServer();
    act(() => navigate("/admin/interactions"));
    render(<App />);
    const link = await screen.findByTestId("interactions-export");
    expect(link.getAttribute("href")).toBe("/api/export/interactions?format=csv");
    expect(link.hasAttribute("download")).toBe(true);
  });
});
