// @vitest-environment node
import { describe, expect, it, vi } from "vitest";
import { ApiError, type Fetcher } from "../api";
import { AdminClient } from "./client";

type Call = { url: string; method: string; headers: Record<string, string>; body?: string };

function server(route: (c: Call) => { status: number; body?: unknown }) {
  const calls: Call[] = [];
  const fetcher: Fetcher = vi.fn(async (url: string, init?: RequestInit) => {
    const c = {
      url,
      method: init?.method ?? "GET",
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: init?.body as string | undefined,
    };
    calls.push(c);
    const { status, body } = route(c);
    return new Response(body === undefined ? null : JSON.stringify(body), { status });
  });
  return { calls, fetcher };
}

describe("AdminClient", () => {
  it("sends the CSRF token from login on writes only", async () => {
    const { calls, fetcher } = server((c) =>
      c.url === "/api/auth/login"
        ? { status: 200, body: { username: "admin", csrf_token: "t0k" } }
        : c.method === "DELETE"
          ? { status: 204 }
          : { status: 200, body: { results: [], count: 0, next: null, previous: null } },
    );
    const client = new AdminClient({ fetcher });
    await client.login("admin", "pw");
    expect(JSON.parse(calls[0].body!)).toEqual({ username: "admin", password: "pw" });
    expect(calls[0].headers["X-CSRF-Token"]).toBeUndefined();
    await client.users("", 1, 10);
    await expect(client.deleteProduct(4)).resolves.toBeUndefined();
    expect(calls[1].headers["X-CSRF-Token"]).toBeUndefined();
    expect(calls[2]).toMatchObject({ url: "/api/products/4/", method: "DELETE" });
    expect(calls[2].headers["X-CSRF-Token"]).toBe("t0k");
  });

  it("reports a 401 from an admin call, but not a wrong password", async () => {
    const onUnauthorized = vi.fn();
    const { fetcher } = server((c) =>
      c.url === "/api/auth/login"
        ? { status: 401, body: { error: "wrong username or password" } }
        : { status: 401, body: { error: "sign in first" } },
    );
    const client = new AdminClient({ fetcher, onUnauthorized });
    await expect(client.login("admin", "bad")).rejects.toMatchObject({
      status: 401,
      message: "Wrong username or password.",
    });
    expect(onUnauthorized).not.toHaveBeenCalled();
    await expect(client.stats(30)).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it("uses search when the catalog has a query, the product list otherwise", async () => {
    const { calls, fetcher } = server((c) =>
      c.url.startsWith("/api/search/")
        ? { status: 200, body: { products: [{ id: 1, name: "Pen" }], count: 1, next: null } }
        : { status: 200, body: { results: [], count: 0, next: null, previous: null } },
    );
    const client = new AdminClient({ fetcher });
    const found = await client.products({ q: " pen ", category: "", sort: "price", page: 1, page_size: 20 });
    expect(found.results.map((p) => p.name)).toEqual(["Pen"]);
    expect(found.count).toBe(1);
    await client.products({ q: "", category: "Books", sort: "price", page: 2, page_size: 20 });
    expect(calls.map((c) => c.url)).toEqual([
      "/api/search/?q=pen&page=1&page_size=20",
      "/api/products/?category=Books&sort=price&page=2&page_size=20",
    ]);
  });

  it("builds the interaction log query without empty filters", async () => {
    const { calls, fetcher } = server(() => ({
      status: 200,
      body: { results: [], count: 0, next: null, previous: null },
    }));
    await new AdminClient({ fetcher }).interactions({
      type: "like",
      user_id: "",
      product_id: "9",
      since: "2026-11-01T00:00:00Z",
      until: "",
      page: 1,
      page_size: 50,
    });
    expect(calls[0].url).toBe(
      "/api/interactions/?type=like&product_id=9&since=2026-11-01T00%3A00%3A00Z&page=1&page_size=50",
    );
  });

  it("reads health as ready, not ready (503) or broken", async () => {
    const report = { status: "not ready", checks: { database: "ok", model: "no model yet" } };
    let answer: { status: number; body?: unknown } = { status: 503, body: report };
    const { fetcher } = server(() => answer);
    const client = new AdminClient({ fetcher });
    await expect(client.health()).resolves.toEqual({ ok: false, health: report });
    answer = { status: 200, body: { status: "ready", checks: { database: "ok", model: "ok" } } };
    await expect(client.health()).resolves.toMatchObject({ ok: true, health: { status: "ready" } });
    answer = { status: 500, body: { error: "boom" } };
    await expect(client.health()).rejects.toMatchObject({ status: 500 });
  });
});
