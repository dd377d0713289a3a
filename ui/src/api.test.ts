// @vitest-environment node
import { describe, expect, it, vi } from "vitest";
import { ApiError, boughtTogether, buildQuery, isAbort, recordInteraction, request, type Fetcher } from "./api";

function respond(status: number, body: string, contentType = "application/json"): Fetcher {
  return vi.fn(async () => new Response(body, { status, headers: { "Content-Type": contentType } }));
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error("expected the call to fail");
}

describe("request error handling", () => {
  const cases: {
    name: string;
    fetcher: Fetcher;
    status: number;
    message: string | RegExp;
    details: Record<string, string>;
  }[] = [
    {
      name: "API error with details",
      fetcher: respond(400, JSON.stringify({ error: "invalid input", details: { price: "must not be negative" } })),
      status: 400,
      message: "invalid input",
      details: { price: "must not be negative" },
    },
    {
      name: "404 with API message",
      fetcher: respond(404, JSON.stringify({ error: "user 7 not found" })),
      status: 404,
      message: "user 7 not found",
      details: {},
    },
    {
      name: "404 without body",
      fetcher: respond(404, ""),
      status: 404,
      message: "Not found.",
      details: {},
    },
    {
      name: "500 with HTML from a proxy",
      fetcher: respond(502, "<html>Bad Gateway</html>", "text/html"),
      status: 502,
      message: /server had a problem/,
      details: {},
    },
    {
      name: "429 without body",
      fetcher: respond(429, ""),
      status: 429,
      message: /Too many requests/,
      details: {},
    },
    {
      name: "non-string details are stringified",
      fetcher: respond(409, JSON.stringify({ error: "conflict", details: { username: ["taken"] } })),
      status: 409,
      message: "conflict",
      details: { username: '["taken"]' },
    },
    {
      name: "details that are not an object are dropped",
      fetcher: respond(400, JSON.stringify({ error: "bad", details: "nope" })),
      status: 400,
      message: "bad",
      details: {},
    },
    {
      name: "network failure",
      fetcher: vi.fn(async () => {
        throw new TypeError("Failed to fetch");
      }),
      status: 0,
      message: /Could not reach/,
      details: {},
    },
    {
      name: "success that is not JSON",
      fetcher: respond(200, "<html>index</html>", "text/html"),
      status: 200,
      message: /not JSON/,
      details: {},
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const err = await failure(request("/api/x/", {}, { fetcher: c.fetcher }));
      expect(err.status).toBe(c.status);
      if (typeof c.message === "string") expect(err.message).toBe(c.message);
      else expect(err.message).toMatch(c.message);
      expect(err.details).toEqual(c.details);
      expect(err.isNotFound).toBe(c.status === 404);
    });
  }

  it("returns the parsed body on success", async () => {
    const body = await request<{ count: number }>("/api/x/", {}, { fetcher: respond(200, '{"count":3}') });
    expect(body).toEqual({ count: 3 });
  });

  it("lets an abort through as an abort, not an ApiError", async () => {
    const fetcher: Fetcher = async () => {
      throw new DOMException("aborted", "AbortError");
    };
    const err = await request("/api/x/", {}, { fetcher }).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(ApiError);
    expect(isAbort(err)).toBe(true);
  });
});

describe("calls", () => {
  it("posts an interaction as JSON", async () => {
    const fetcher = vi.fn<Fetcher>(async () => new Response('{"message":"ok","id":9}', { status: 201 }));
    const res = await recordInteraction({ product_id: 5, interaction_type: "like", session_id: "g-1" }, { fetcher });
    expect(res.id).toBe(9);
    const [url, init] = fetcher.mock.calls[0];
    expect(url).toBe("/api/interaction/");
    expect(init?.method).toBe("POST");
    expect((init?.headers as Record<string, string>)["Content-Type"]).toBe("application/json");
    expect(JSON.parse(String(init?.body))).toEqual({ product_id: 5, interaction_type: "like", session_id: "g-1" });
  });

  it("normalises related products from any list name", async () => {
    const fetcher = respond(
      200,
      JSON.stringify({
        recommendations: [{ product_id: 3, product_name: "Pen", category: "Office", price: 1.5 }],
        recommendation_id: "r1.20261201.bought-together..sig.1",
      }),
    );
    const list = await boughtTogether(1, 4, { fetcher });
    expect(list).toEqual({
      products: [{ id: 3, name: "Pen", description: "", category: "Office", price: 1.5, created_at: "" }],
      recommendation_id: "r1.20261201.bought-together..sig.1",
    });
  });

  it("buildQuery drops empty values and encodes the rest", () => {
    expect(buildQuery({ q: "a b&c", page: 1, user_id: null, category: "", x: undefined })).toBe("?q=a+b%26c&page=1");
    expect(buildQuery({ q: "" })).toBe("");
  });
});
