// A fake of shelf's API for component tests: fetch answered by a handler,
// every request recorded with its method, headers and parsed JSON body.
import { vi } from "vitest";

export type Req = { method: string; url: string; headers: Record<string, string>; body: unknown };
export type Handler = (r: Req) => { status: number; body?: unknown } | undefined;

/** fakeServer stubs fetch with handler (a 404 for what it leaves unanswered) and returns the calls. */
export function fakeServer(handler: Handler): Req[] {
  const calls: Req[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init?: RequestInit) => {
      const req = {
        method: init?.method ?? "GET",
        url,
        headers: (init?.headers ?? {}) as Record<string, string>,
        body: init?.body ? JSON.parse(String(init.body)) : undefined,
      };
      calls.push(req);
      const res = handler(req) ?? { status: 404, body: { error: `no fake for ${req.method} ${url}` } };
      return new Response(res.body === undefined ? null : JSON.stringify(res.body), { status: res.status });
    }),
  );
  return calls;
}
