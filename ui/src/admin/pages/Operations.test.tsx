import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { navigate } from "../../hooks/useLocation";
import { App } from "../../App";
import { fakeServer as fakeAPI, type Handler } from "../../test/fakeServer";

// fakeServer answers as the server of an admin signed in with CSRF token c1.
function fakeServer(handler: Handler) {
  return fakeAPI((r) =>
    r.url === "/api/auth/me" ? { status: 200, body: { username: "admin", csrf_token: "c1" } } : handler(r),
  );
}

beforeAll(async () => {
  await import("../AdminApp");
}, 30000);
beforeEach(() => window.history.replaceState(null, "", "/"));
afterEach(() => vi.unstubAllGlobals());

describe("shop settings", () => {
  it("checks the form, shows the server's field errors, and saves", async () => {
    let shop = { time_zone: "UTC", currency: "USD", attribution_window_days: 7 };
    let refuse = true;
    const calls = fakeServer((r) => {
      if (r.url === "/api/shop" && r.method === "GET") return { status: 200, body: shop };
      if (r.url === "/api/shop" && r.method === "PUT") {
        if (refuse) {
          refuse = false;
          return {
            status: 400,
            body: { error: "invalid shop settings", details: { time_zone: 'unknown time zone "Europe/Atlantis"' } },
          };
        }
        shop = { ...shop, ...(r.body as object) };
        return { status: 200, body: shop };
      }
      return undefined;
    });
    act(() => navigate("/admin/operations"));
    render(<App />);
    const form = within(await screen.findByTestId("shop-form"));
    const zone = form.getByLabelText("Time zone") as HTMLSelectElement;
    expect(zone.tagName).toBe("SELECT");
    expect(zone.options[0].value).toBe("UTC");
    expect(Array.from(zone.options).some((o) => o.value === "Europe/Berlin")).toBe(true);

    // What the browser can check, it checks before sending.
    fireEvent.change(form.getByLabelText("Currency"), { target: { value: "euro" } });
    fireEvent.change(form.getByLabelText("Attribution window (days)"), { target: { value: "0" } });
    fireEvent.click(form.getByTestId("shop-save"));
    expect(form.getByTestId("shop-message").getAttribute("role")).toBe("alert");
    const currency = form.getByLabelText("Currency");
    expect(currency.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(currency.getAttribute("aria-describedby")!)!.textContent).toMatch(/ISO 4217/);
    await waitFor(() => expect(document.activeElement).toBe(currency));
    expect(calls.some((c) => c.method === "PUT")).toBe(false);

    fireEvent.change(currency, { target: { value: "eur" } });
    expect(form.getByText(/Amounts show as €1,234.50/)).toBeTruthy();
    fireEvent.change(form.getByLabelText("Attribution window (days)"), { target: { value: "14" } });
    fireEvent.change(zone, { target: { value: "Europe/Berlin" } });
    fireEvent.click(form.getByTestId("shop-save"));
    // The server's error for a field shows next to it.
    await waitFor(() => expect(zone.getAttribute("aria-invalid")).toBe("true"));
    expect(document.getElementById(zone.getAttribute("aria-describedby")!)!.textContent).toBe(
      'Unknown time zone "Europe/Atlantis".',
    );
    expect(form.getByTestId("shop-message").textContent).toContain("Invalid shop settings.");

    fireEvent.click(form.getByTestId("shop-save"));
    await waitFor(() => expect(form.getByTestId("shop-message").getAttribute("role")).toBe("status"));
    expect(form.getByTestId("shop-message").textContent).toContain("amounts show in EUR");
    const puts = calls.filter((c) => c.method === "PUT");
    expect(puts[1].body).toEqual({ time_zone: "Europe/Berlin", currency: "EUR", attribution_window_days: 14 });
    expect(puts[1].headers["X-CSRF-Token"]).toBe("c1");
    expect(zone.getAttribute("aria-invalid")).toBeNull();
  });
});

describe("API keys", () => {
  it("drops the copy-it-now banner of a key revoked before it was dismissed", async () => {
    let keys: Record<string, unknown>[] = [];
    fakeServer((r) => {
      if (r.url === "/readyz") return { status: 200, body: { status: "ready", checks: { database: "ok" } } };
      if (r.url === "/api/admin/keys" && r.method === "GET") return { status: 200, body: { keys } };
      if (r.url === "/api/admin/keys" && r.method === "POST") {
        const k = { id: 7, name: "ci", kind: "secret", prefix: "shelf_sk_ef56", created_at: "2026-11-02T00:00:00Z" };
        keys = [k];
        return { status: 201, body: { ...k, key: "shelf_sk_ef56SECRET" } };
      }
      if (r.url === "/api/admin/keys/7" && r.method === "DELETE") {
        keys = [];
        return { status: 204 };
      }
      return undefined;
    });
    act(() => navigate("/admin/operations"));
    render(<App />);
    fireEvent.change(await screen.findByTestId("key-name"), { target: { value: "ci" } });
    fireEvent.click(screen.getByTestId("key-create"));
    expect((await screen.findByTestId("new-key-value")).textContent).toBe("shelf_sk_ef56SECRET");
    fireEvent.click(await screen.findByRole("button", { name: "Revoke ci" }));
    fireEvent.click(screen.getByTestId("confirm-button"));
    await waitFor(() => expect(screen.getByText("Revoked ci.")).toBeTruthy());
    expect(screen.queryByTestId("new-key")).toBeNull();
    expect(document.body.textContent).not.toContain("shelf_sk_ef56SECRET");
  });
});
