import { act, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "./App";
import { navigate } from "./hooks/useLocation";
import { fakeServer } from "./test/fakeServer";

const product = { id: 4, name: "Desk Lamp", description: "", category: "Home", price: 24.9, created_at: "" };

beforeEach(() => window.history.replaceState(null, "", "/"));
afterEach(() => vi.unstubAllGlobals());

describe("prices in the shop's currency", () => {
  it("shows the storefront's prices in the currency GET /api/shop names", async () => {
    fakeServer((r) => {
      if (r.url === "/api/shop")
        return { status: 200, body: { time_zone: "Europe/Berlin", currency: "EUR", attribution_window_days: 7 } };
      if (r.url === "/api/products/4/") return { status: 200, body: product };
      if (r.url === "/api/sessions/") return { status: 201, body: { session_id: "s1.x.sig" } };
      if (r.url === "/api/interaction/") return { status: 201, body: { message: "ok", id: 1 } };
      return undefined;
    });
    act(() => navigate("/products/4"));
    render(<App />);
    await screen.findByRole("heading", { name: "Desk Lamp" });
    await waitFor(() => expect(screen.getByText("€24.90")).toBeTruthy());
    expect(screen.queryByText(/\$/)).toBeNull();
  });

  it("shows dollars when the settings cannot be read", async () => {
    fakeServer((r) => {
      if (r.url === "/api/shop") return { status: 500, body: { error: "boom" } };
      if (r.url === "/api/products/4/") return { status: 200, body: product };
      return undefined;
    });
    act(() => navigate("/products/4"));
    render(<App />);
    expect(await screen.findByText("$24.90")).toBeTruthy();
  });
});
