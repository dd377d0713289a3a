import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { navigate } from "../hooks/useLocation";
import { App } from "../App";
import { fakeServer } from "../test/fakeServer";

const modelInfo = (state: "idle" | "training", progress = 0) => ({
  status: {
    state,
    phase: state === "training" ? "als" : undefined,
    progress,
    model_version: 3,
    trained_at: "2026-11-20T10:00:00Z",
    duration_ms: 1200,
    users: 10,
    items: 20,
    events: 300,
    models: ["cf", "mf"],
    weights: { cf: 0.3, mf: 0.7 },
    validation: {
      ensemble: { precision: 0.12, recall: 0.2, ndcg: 0.31, hit: 0.6 },
      cf: { precision: 0.1, recall: 0.15, ndcg: 0.22, hit: 0.5 },
    },
  },
  history: [{ model_version: 3, trained_at: "2026-11-20T10:00:00Z", duration_ms: 1200, events: 300 }],
  settings: {
    weights: { view: 1, like: 2, cart: 3, purchase: 5 },
    half_life_days: 30,
    retrain_interval_minutes: 10,
    exclude: { view: false, like: true, cart: true, purchase: true },
  },
  cache: { hits: 5, misses: 2 },
});

// The admin is loaded lazily; load it once up front so no test's first wait includes the import.
beforeAll(async () => {
  await import("./AdminApp");
}, 30000);
beforeEach(() => window.history.replaceState(null, "", "/"));
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("admin sign-in", () => {
  it("sends a visitor without a session to the login page and back after signing in", async () => {
    let signedIn = false;
    const calls = fakeServer((r) => {
      if (r.url === "/api/auth/me")
        return signedIn
          ? { status: 200, body: { username: "admin", csrf_token: "c1" } }
          : { status: 401, body: { error: "sign in" } };
      if (r.url === "/api/auth/login") {
        const ok = (r.body as { password: string }).password === "secret";
        signedIn = ok;
        return ok
          ? { status: 200, body: { username: "admin", csrf_token: "c1" } }
          : { status: 401, body: { error: "wrong username or password" } };
      }
      if (r.url.startsWith("/api/model/")) return { status: 200, body: modelInfo("idle") };
      return undefined;
    });
    act(() => navigate("/admin/model"));
    render(<App />);
    const user = await screen.findByTestId("login-username");
    await waitFor(() =>
      expect(window.location.pathname + window.location.search).toBe("/admin/login?next=%2Fadmin%2Fmodel"),
    );

    fireEvent.change(user, { target: { value: "admin" } });
    fireEvent.change(screen.getByTestId("login-password"), { target: { value: "wrong" } });
    fireEvent.click(screen.getByTestId("login-submit"));
    expect((await screen.findByTestId("login-error")).textContent).toBe("Wrong username or password.");
    expect(window.location.pathname).toBe("/admin/login");

    fireEvent.change(screen.getByTestId("login-password"), { target: { value: "secret" } });
    fireEvent.click(screen.getByTestId("login-submit"));
    await waitFor(() => expect(screen.getByTestId("model-state").textContent).toBe("idle"));
    expect(window.location.pathname).toBe("/admin/model");
    expect(screen.getByTestId("admin-nav-model").getAttribute("aria-current")).toBe("page");
    expect(calls.filter((c) => c.url === "/api/auth/login")).toHaveLength(2);
  });

  it("shows the login page when a page's call answers 401 mid-session", async () => {
    fakeServer((r) => {
      if (r.url === "/api/auth/me") return { status: 200, body: { username: "admin", csrf_token: "c1" } };
      if (r.url.startsWith("/api/admin/stats")) return { status: 401, body: { error: "session expired" } };
      return undefined;
    });
    act(() => navigate("/admin"));
    render(<App />);
    await screen.findByTestId("login-username");
    expect(window.location.pathname + window.location.search).toBe("/admin/login");
  });
});

describe("demo warning", () => {
  it("warns on every page when the server runs with -demo, and not otherwise", async () => {
    let demo = true;
    fakeServer((r) => {
      if (r.url === "/api/auth/me") return { status: 200, body: { username: "admin", csrf_token: "c1", demo } };
      if (r.url.startsWith("/api/users/"))
        return { status: 200, body: { results: [], count: 0, next: null, previous: null } };
      if (r.url.startsWith("/api/model/")) return { status: 200, body: modelInfo("idle") };
      return undefined;
    });
    act(() => navigate("/admin/users"));
    const { unmount } = render(<App />);
    expect((await screen.findByTestId("demo-banner")).textContent).toContain("Anyone who can reach its port may read and change all data");
    act(() => navigate("/admin/model"));
    await screen.findByTestId("model-state");
    expect(screen.getByTestId("demo-banner")).toBeTruthy();
    unmount();

    demo = false;
    act(() => navigate("/admin/users"));
    render(<App />);
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe("Users");
    expect(screen.queryByTestId("demo-banner")).toBeNull();
  });
});

describe("login page when already signed in", () => {
  it("goes straight on to the page named by next", async () => {
    fakeServer((r) => {
      if (r.url === "/api/auth/me") return { status: 200, body: { username: "admin", csrf_token: "c1" } };
      if (r.url.startsWith("/api/users/"))
        return { status: 200, body: { results: [], count: 0, next: null, previous: null } };
      return undefined;
    });
    act(() => navigate("/admin/login?next=%2Fadmin%2Fusers"));
    render(<App />);
    await waitFor(() => expect(window.location.pathname).toBe("/admin/users"));
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe("Users");
    expect(screen.queryByTestId("login-username")).toBeNull();
  });
});

describe("model page", () => {
  it("shows progress while training, then done, and starts a training with the CSRF token", async () => {
    let info = modelInfo("training", 0.42);
    const calls = fakeServer((r) => {
      if (r.url === "/api/auth/me") return { status: 200, body: { username: "admin", csrf_token: "c1" } };
      if (r.url === "/api/model/") return { status: 200, body: info };
      if (r.url === "/api/model/train") {
        info = modelInfo("training", 0.05);
        return { status: 202, body: { message: "training started" } };
      }
      return undefined;
    });
    act(() => navigate("/admin/model"));
    render(<App />);
    const bar = await screen.findByTestId("train-progress");
    await waitFor(() => expect(bar.getAttribute("aria-valuenow")).toBe("42"));
    expect(screen.getByTestId("model-state").textContent).toBe("training");
    expect((screen.getByTestId("train-button") as HTMLButtonElement).disabled).toBe(true);

    // The page polls every second while training.
    info = modelInfo("idle");
    await waitFor(() => expect(screen.getByTestId("model-state").textContent).toBe("idle"), { timeout: 2500 });
    expect(bar.getAttribute("aria-valuenow")).toBe("100");

    const metrics = screen.getByTestId("metrics-ensemble");
    expect(metrics.textContent).toContain("0.310");
    expect(screen.getByTestId("ndcg-chart")).toBeTruthy();
    expect(within(screen.getByTestId("ensemble-weights")).getAllByRole("meter")).toHaveLength(2);

    fireEvent.click(screen.getByTestId("train-button"));
    await waitFor(() => expect(screen.getByTestId("train-progress").getAttribute("aria-valuenow")).toBe("5"));
    const train = calls.find((c) => c.url === "/api/model/train")!;
    expect(train.method).toBe("POST");
    expect(train.headers["X-CSRF-Token"]).toBe("c1");
  });

  it("shows a held-back model, publishes it on request, and restores the previous one", async () => {
    const held = { trained_at: "2026-11-21T10:00:00Z", ndcg: 0.1, serving_ndcg: 0.31, reason: "worse" };
    let info: ReturnType<typeof modelInfo> = modelInfo("idle");
    info.status = { ...info.status, held_back: held, can_restore: true } as typeof info.status;
    const calls = fakeServer((r) => {
      if (r.url === "/api/auth/me") return { status: 200, body: { username: "admin", csrf_token: "c1" } };
      if (r.url === "/api/model/") return { status: 200, body: info };
      if (r.url === "/api/model/publish-held") {
        info = modelInfo("idle");
        info.status = { ...info.status, model_version: 4, can_restore: true } as typeof info.status;
        return { status: 200, body: { message: "published" } };
      }
      if (r.url === "/api/model/restore") return { status: 409, body: { error: "there is no previous model" } };
      return undefined;
    });
    act(() => navigate("/admin/model"));
    render(<App />);
    const notice = await screen.findByTestId("held-back");
    expect(notice.textContent).toContain("0.100");
    expect(notice.textContent).toContain("0.310");
    expect(notice.textContent).toContain("placed what shoppers later chose clearly lower in their lists");
    expect(screen.getByText(/held back, and the serving model stays/)).toBeTruthy();
    fireEvent.click(screen.getByTestId("publish-held"));
    await waitFor(() => expect(screen.queryByTestId("held-back")).toBeNull());
    expect(calls.find((c) => c.url === "/api/model/publish-held")!.headers["X-CSRF-Token"]).toBe("c1");
    expect(screen.getByText("The held-back model is published.")).toBeTruthy();
    // A refusal from the server is shown, not swallowed.
    fireEvent.click(screen.getByTestId("restore-model"));
    expect((await screen.findByRole("alert")).textContent).toContain("There is no previous model.");
  });

  it("says which products shoppers cannot see", async () => {
    const products = [
      { id: 1, name: "Lamp", category: "Home", price: 10, description: "", created_at: "", stock: 0 },
      { id: 2, name: "Mug", category: "Home", price: 5, description: "", created_at: "", active: false },
      { id: 3, name: "Kettle", category: "Home", price: 30, description: "", created_at: "", stock: 4 },
    ];
    fakeServer((r) => {
      if (r.url === "/api/auth/me") return { status: 200, body: { username: "admin", csrf_token: "c1" } };
      if (r.url === "/api/categories/") return { status: 200, body: { categories: [], count: 0 } };
      if (r.url.startsWith("/api/products/?"))
        return { status: 200, body: { results: products, count: 3, next: null, previous: null } };
      return undefined;
    });
    act(() => navigate("/admin/catalog"));
    render(<App />);
    expect((await screen.findByTestId("catalog-availability-1")).textContent).toBe("No: out of stock");
    expect(screen.getByTestId("catalog-availability-2").textContent).toBe("No: inactive");
    expect(screen.getByTestId("catalog-availability-3").textContent).toBe("Yes · 4 in stock");
  });

  it("shows the server's per-field errors on the settings form", async () => {
    const calls = fakeServer((r) => {
      if (r.url === "/api/auth/me") return { status: 200, body: { username: "admin", csrf_token: "c1" } };
      if (r.url === "/api/model/") return { status: 200, body: modelInfo("idle") };
      if (r.url === "/api/model/settings")
        return {
          status: 400,
          body: { error: "invalid settings", details: { half_life_days: "must be at most 3650" } },
        };
      return undefined;
    });
    act(() => navigate("/admin/model"));
    render(<App />);
    const half = await screen.findByLabelText("Decay half-life (days)");
    fireEvent.change(half, { target: { value: "9999" } });
    fireEvent.click(screen.getByTestId("settings-save"));
    await screen.findByText("Must be at most 3650.");
    expect(half.getAttribute("aria-invalid")).toBe("true");
    const put = calls.find((c) => c.url === "/api/model/settings")!;
    expect(put.method).toBe("PUT");
    expect(put.body).toMatchObject({ half_life_days: 9999, weights: { purchase: 5 }, exclude: { like: true } });
  });
});

describe("catalog", () => {
  it("creates a product and shows the server's field errors next to their fields", async () => {
    let attempt = 0;
    const calls = fakeServer((r) => {
      if (r.url === "/api/auth/me") return { status: 200, body: { username: "admin", csrf_token: "c1" } };
      if (r.url === "/api/categories/")
        return { status: 200, body: { categories: [{ name: "Books", product_count: 1 }], count: 1 } };
      if (r.url.startsWith("/api/products/?"))
        return { status: 200, body: { results: [], count: 0, next: null, previous: null } };
      if (r.url === "/api/products/" && r.method === "POST") {
        attempt++;
        return attempt === 1
          ? { status: 400, body: { error: "invalid product", details: { name: "already exists" } } }
          : { status: 201, body: { id: 77, ...(r.body as object), created_at: "" } };
      }
      return undefined;
    });
    act(() => navigate("/admin/catalog"));
    render(<App />);
    fireEvent.click(await screen.findByTestId("product-new"));
    const form = screen.getByTestId("product-form");
    // Checked here first: nothing is sent while required fields are empty.
    fireEvent.click(screen.getByTestId("product-save"));
    expect(within(form).getByText("Enter a name.")).toBeTruthy();
    expect(calls.some((c) => c.method === "POST")).toBe(false);

    fireEvent.change(screen.getByTestId("product-name"), { target: { value: "Lamp" } });
    fireEvent.change(screen.getByTestId("product-category"), { target: { value: "Home" } });
    fireEvent.change(screen.getByTestId("product-price"), { target: { value: "19.9" } });
    fireEvent.change(screen.getByTestId("product-description"), { target: { value: "Warm light" } });
    fireEvent.click(screen.getByTestId("product-save"));
    await within(form).findByText("Already exists.");
    expect(screen.getByTestId("product-name").getAttribute("aria-invalid")).toBe("true");

    fireEvent.click(screen.getByTestId("product-save"));
    await waitFor(() => expect(screen.getByTestId("catalog-notice").textContent).toBe("Created Lamp (#77)."));
    expect(screen.queryByTestId("product-form")).toBeNull();
    const post = calls.filter((c) => c.method === "POST").pop()!;
    expect(post.body).toEqual({
      name: "Lamp",
      category: "Home",
      price: 19.9,
      description: "Warm light",
      brand: "",
      tags: [],
      stock: null,
      active: true,
      image_url: "",
      url: "",
      attributes: {},
    });
    expect(post.headers["X-CSRF-Token"]).toBe("c1");
  });

  it("asks before deleting and can be cancelled with Escape", async () => {
    const product = { id: 5, name: "Old Lamp", category: "Home", price: 3, description: "", created_at: "" };
    let deleted = false;
    const calls = fakeServer((r) => {
      if (r.url === "/api/auth/me") return { status: 200, body: { username: "admin", csrf_token: "c1" } };
      if (r.url === "/api/categories/") return { status: 200, body: { categories: [], count: 0 } };
      if (r.url.startsWith("/api/products/?"))
        return {
          status: 200,
          body: { results: deleted ? [] : [product], count: deleted ? 0 : 1, next: null, previous: null },
        };
      if (r.url === "/api/products/5/" && r.method === "DELETE") {
        deleted = true;
        return { status: 204 };
      }
      return undefined;
    });
    act(() => navigate("/admin/catalog"));
    render(<App />);
    fireEvent.click(await screen.findByRole("button", { name: "Delete Old Lamp" }));
    const dialog = screen.getByRole("alertdialog", { name: "Delete Old Lamp?" });
    expect(document.activeElement?.textContent).toBe("Cancel");
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);

    fireEvent.click(screen.getByRole("button", { name: "Delete Old Lamp" }));
    fireEvent.click(screen.getByTestId("confirm-button"));
    // The notice's element can exist before its text: wait for the text.
    await waitFor(() => expect(screen.getByTestId("catalog-notice").textContent).toBe("Deleted Old Lamp."));
    await waitFor(() => expect(screen.queryByTestId("catalog-row-5")).toBeNull());
  });
});

describe("overview", () => {
  it("shows the counts, the funnel's conversions and the top tables", async () => {
    fakeServer((r) => {
      if (r.url === "/api/auth/me") return { status: 200, body: { username: "admin", csrf_token: "c1" } };
      if (r.url === "/api/admin/stats?days=30")
        return {
          status: 200,
          body: {
            counts: { products: 1000, users: 500, interactions: 50000 },
            per_day: [{ date: "2026-11-01", view: 10, like: 2, cart: 3, purchase: 1 }],
            funnel: { view: 2000, like: 300, cart: 500, purchase: 50 },
            top_products: [{ id: 3, name: "Desk Lamp", category: "Home", count: 42 }],
            top_categories: [{ name: "Home", count: 99 }],
          },
        };
      return undefined;
    });
    act(() => navigate("/admin"));
    render(<App />);
    await waitFor(() => expect(screen.getByTestId("stats-counts").textContent).toContain("50,000"));
    expect(screen.getByTestId("stats-counts").textContent).toContain("1,000");
    expect(screen.getByTestId("funnel-cart-conversion").textContent).toBe("25% of views");
    expect(screen.getByTestId("funnel-purchase-conversion").textContent).toBe("10% of added to cart · 2.5% of views");
    expect(screen.getByRole("table", { name: "Top products" }).textContent).toContain("Desk Lamp");
    expect(screen.getByRole("table", { name: "Top categories" }).textContent).toContain("99");
  });
});

describe("operations", () => {
  it("shows a new key once, lists keys and revokes after confirmation", async () => {
    let keys = [
      {
        id: 1,
        name: "site",
        kind: "publishable",
        prefix: "shelf_pk_ab12",
        created_at: "2026-11-01T00:00:00Z",
        last_used_at: null,
      },
    ];
    const calls = fakeServer((r) => {
      if (r.url === "/api/auth/me") return { status: 200, body: { username: "admin", csrf_token: "c1" } };
      if (r.url === "/readyz")
        return { status: 503, body: { status: "not ready", checks: { database: "ok", model: "training" } } };
      if (r.url === "/api/admin/keys" && r.method === "GET") return { status: 200, body: { keys } };
      if (r.url === "/api/admin/keys" && r.method === "POST") {
        const k = {
          id: 2,
          name: "ci",
          kind: "secret",
          prefix: "shelf_sk_cd34",
          created_at: "2026-11-02T00:00:00Z",
          last_used_at: null,
        };
        keys = [...keys, k];
        return { status: 201, body: { ...k, key: "shelf_sk_cd34SECRET" } };
      }
      if (r.url === "/api/admin/keys/1" && r.method === "DELETE") {
        keys = keys.filter((k) => k.id !== 1);
        return { status: 204 };
      }
      return undefined;
    });
    act(() => navigate("/admin/operations"));
    render(<App />);
    await waitFor(() => expect(screen.getByTestId("health-status").textContent).toBe("not ready"));
    expect(screen.getByTestId("health").textContent).toContain("training");

    fireEvent.click(await screen.findByTestId("key-create"));
    expect(screen.getByText(/Give the key a name/)).toBeTruthy();
    fireEvent.change(screen.getByTestId("key-name"), { target: { value: "ci" } });
    fireEvent.click(screen.getByTestId("key-create"));
    expect((await screen.findByTestId("new-key-value")).textContent).toBe("shelf_sk_cd34SECRET");
    expect(screen.getByTestId("new-key").textContent).toContain("shown only once");
    await waitFor(() => expect(screen.getByRole("table", { name: "API keys" }).textContent).toContain("shelf_sk_cd34"));
    fireEvent.click(screen.getByRole("button", { name: "I have saved it" }));
    expect(screen.queryByTestId("new-key")).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Revoke site" }));
    fireEvent.click(screen.getByTestId("confirm-button"));
    await waitFor(() => expect(screen.getByRole("table", { name: "API keys" }).textContent).not.toContain("site"));
    const del = calls.find((c) => c.method === "DELETE")!;
    expect(del.headers["X-CSRF-Token"]).toBe("c1");
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({ name: "ci", kind: "secret" });
  });
});
