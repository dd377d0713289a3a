// What a real shelf never answers (a proxy's page, a cut body, a closed
// port), the requests the client sends, and the package itself: against a
// scripted HTTP server that checks each request and gives the answer the
// test wrote.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import { ShelfClient, ShelfError } from "shelf-client";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

describe("the package", () => {
  it("has no runtime dependencies", () => {
    const pkg = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8"));
    for (const field of [
      "dependencies",
      "peerDependencies",
      "optionalDependencies",
      "bundleDependencies",
      "bundledDependencies",
    ]) {
      assert.equal(pkg[field], undefined, `package.json has ${field}`);
    }
    // What it ships imports nothing but its own modules.
    const dist = path.join(packageDir, "dist");
    let imports = 0;
    for (const file of readdirSync(dist).filter((f) => f.endsWith(".js") || f.endsWith(".d.ts"))) {
      // Comments left out: the package's doc shows an import of itself.
      const text = readFileSync(path.join(dist, file), "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/^\s*\/\/.*$/gm, "");
      for (const [, spec] of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["']([^"']+)["']/g)) {
        assert.match(spec, /^\.\/[\w-]+\.js$/, `${file} imports ${spec}`);
        imports++;
      }
    }
    assert.ok(imports > 10, `only ${imports} imports found: is the scan blind?`);
  });

  it("exports the client, the error and nothing else at run time", async () => {
    const mod = await import("shelf-client");
    assert.deepEqual(Object.keys(mod).sort(), ["SHOPPER_HEADER", "ShelfClient", "ShelfError"]);
    assert.equal(mod.SHOPPER_HEADER, "X-Shelf-Shopper");
  });
});

describe("against a scripted server", () => {
  /** The exchanges still expected, in order: { method, path, query?, body?, headers?, status, answer?, answerHeaders? }. */
  let script = [];
  let server;
  let base;

  before(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        const ex = script.shift();
        if (!ex) {
          res.writeHead(500).end("unexpected request " + req.method + " " + req.url);
          return;
        }
        const url = new URL(req.url, "http://x");
        ex.seen = {
          method: req.method,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          body: body === "" ? undefined : JSON.parse(body),
          headers: req.headers,
        };
        res.writeHead(
          ex.status,
          ex.answerHeaders ?? (ex.answer !== undefined ? { "Content-Type": "application/json" } : {}),
        );
        res.end(ex.answer ?? "");
      });
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${server.address().port}`;
  });

  after(() => new Promise((resolve) => server.close(resolve)));

  /** expect scripts the next exchange and returns it; after the call, ex.seen is the request. */
  function expect(ex) {
    script.push(ex);
    return ex;
  }

  it("sends the key, the shopper token and the options as shelf reads them", async () => {
    const c = new ShelfClient({ baseUrl: base + "//", key: "shelf_pk_test", shopperToken: "v1.0.7.1.sig" });
    const list = expect({ status: 200, answer: JSON.stringify({ count: 0, recommendation_id: "r1.x", products: [] }) });
    const answer = await c.popular({
      count: 3,
      exclude: [1, 2],
      exclude_shown: true,
      min_price: "9.90",
      max_price: 20.5,
      user_id: 4,
      category: "",
    });
    assert.deepEqual(answer, { count: 0, recommendation_id: "r1.x", products: [], items: [] });
    assert.equal(list.seen.method, "GET");
    assert.equal(list.seen.path, "/api/popular");
    assert.deepEqual(list.seen.query, {
      count: "3",
      exclude: "1,2",
      exclude_shown: "true",
      min_price: "9.90",
      max_price: "20.5",
      user_id: "4",
    });
    assert.equal(list.seen.headers.authorization, "Bearer shelf_pk_test");
    assert.equal(list.seen.headers["x-shelf-shopper"], "v1.0.7.1.sig");
    assert.equal(list.seen.headers.accept, "application/json");
    assert.equal(list.seen.headers["content-type"], undefined);

    // A personal list names its shopper in the path only.
    const personal = expect({
      status: 200,
      answer: JSON.stringify({ count: 0, recommendation_id: "r1.y", recommendations: [], user_id: 7 }),
    });
    await c.recommendations(7, { placement: "home", user_id: 9 });
    assert.equal(personal.seen.path, "/api/recommendations/7");
    assert.deepEqual(personal.seen.query, { placement: "home" });

    const session = expect({
      status: 200,
      answer: JSON.stringify({ count: 0, recommendation_id: "r1.z", recommendations: [], session_id: "s1.a/b" }),
    });
    await c.sessionRecommendations("s1.a/b");
    assert.equal(session.seen.path, "/api/recommendations/session/s1.a%2Fb");

    const event = expect({ status: 201, answer: JSON.stringify({ message: "ok", id: 5 }) });
    const at = new Date("2026-11-01T10:00:00Z");
    await c.recordInteraction({
      user_id: 7,
      product_id: 42,
      interaction_type: "purchase",
      value: "19.90",
      event_id: "o-1",
      timestamp: at,
    });
    assert.equal(event.seen.method, "POST");
    assert.equal(event.seen.path, "/api/interaction");
    assert.equal(event.seen.headers["content-type"], "application/json");
    assert.deepEqual(event.seen.body, {
      user_id: 7,
      product_id: 42,
      interaction_type: "purchase",
      value: "19.90",
      event_id: "o-1",
      timestamp: "2026-11-01T10:00:00.000Z",
    });

    // withShopper keeps the key and changes the shopper; a client without
    // a key or token sends neither.
    const other = expect({
      status: 200,
      answer: JSON.stringify({ time_zone: "UTC", currency: "USD", attribution_window_days: 7 }),
    });
    await c.withShopper("v1.0.8.1.sig").shopSettings();
    assert.equal(other.seen.headers.authorization, "Bearer shelf_pk_test");
    assert.equal(other.seen.headers["x-shelf-shopper"], "v1.0.8.1.sig");
    const bare = expect({ status: 200, answer: JSON.stringify({ session_id: "s1.new" }) });
    assert.equal(await new ShelfClient({ baseUrl: base }).createSession(), "s1.new");
    assert.equal(bare.seen.headers.authorization, undefined);
    assert.equal(bare.seen.headers["x-shelf-shopper"], undefined);

    const placement = expect({ status: 204 });
    assert.equal(await c.deletePlacement("home page/1"), undefined);
    assert.equal(placement.seen.method, "DELETE");
    assert.equal(placement.seen.path, "/api/placements/home%20page%2F1");

    const ship = expect({ status: 200, answer: JSON.stringify({ id: 3, status: "shipped" }) });
    await c.updateExperiment(3, "ship", "trending");
    assert.equal(ship.seen.method, "PATCH");
    assert.deepEqual(ship.seen.body, { action: "ship", variant: "trending" });

    const token = expect({
      status: 201,
      answer: JSON.stringify({ token: "t", user_id: 7, expires_at: "2026-11-01T11:00:00Z", header: "X-Shelf-Shopper" }),
    });
    await c.createShopperToken(7);
    assert.deepEqual(token.seen.body, { user_id: 7 });
    assert.equal(script.length, 0);
  });

  it("says so when an answer is not shelf's", async () => {
    const c = new ShelfClient({ baseUrl: base, key: "shelf_sk_test" });

    expect({
      status: 502,
      answer: "<html><body>Bad gateway</body></html>",
      answerHeaders: { "Content-Type": "text/html" },
    });
    const proxy = await rejection(c.popular());
    assert.ok(proxy instanceof ShelfError);
    assert.equal(proxy.status, 502);
    assert.equal(proxy.message, "GET /api/popular answered 502 Bad Gateway, not shelf's JSON error body (text/html)");
    assert.deepEqual(proxy.details, {});

    expect({
      status: 503,
      answer: "upstream is restarting\n",
      answerHeaders: { "Content-Type": "text/plain", "Retry-After": "3" },
    });
    const restarting = await rejection(c.popular());
    assert.equal(restarting.status, 503);
    assert.equal(restarting.retryAfter, 3);
    assert.match(
      restarting.message,
      /503 Service Unavailable, not shelf's JSON error body \(text\/plain\): upstream is restarting$/,
    );

    expect({
      status: 429,
      answer: JSON.stringify({ error: "rate limit exceeded: slow down" }),
      answerHeaders: { "Content-Type": "application/json", "Retry-After": "2", "X-Request-ID": "abc123" },
    });
    const limited = await rejection(c.popular());
    assert.equal(limited.status, 429);
    assert.equal(limited.message, "rate limit exceeded: slow down");
    assert.equal(limited.retryAfter, 2);
    assert.equal(limited.requestId, "abc123");

    expect({
      status: 400,
      answer: JSON.stringify({
        error: "invalid input",
        details: { currency: "must be an ISO 4217 code", time_zone: "unknown zone" },
      }),
    });
    const invalid = await rejection(c.updateShopSettings({ currency: "euro", time_zone: "Mars" }));
    assert.equal(invalid.message, "invalid input; currency: must be an ISO 4217 code; time_zone: unknown zone");
    assert.deepEqual(invalid.details, { currency: "must be an ISO 4217 code", time_zone: "unknown zone" });

    expect({ status: 200, answer: '{"products": [' });
    const cut = await rejection(c.popular());
    assert.ok(!(cut instanceof ShelfError));
    assert.match(cut.message, /^shelf: GET \/api\/popular answered 200 with a body that is not JSON/);
  });

  it("names the request when the network fails", async () => {
    const closed = createServer();
    await new Promise((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${closed.address().port}`;
    await new Promise((resolve) => closed.close(resolve));
    const err = await rejection(new ShelfClient({ baseUrl: url }).product(1));
    assert.ok(!(err instanceof ShelfError));
    assert.ok(err.message.startsWith(`shelf: GET /api/products/1 (${url}/api/products/1): `), err.message);
    assert.ok(err.cause);
  });

  it("uses the fetch it is given", async () => {
    const calls = [];
    const fake = async (url, init) => {
      calls.push([url, init.method]);
      return new Response(JSON.stringify({ categories: [{ name: "Books", product_count: 2 }], count: 1 }), {
        status: 200,
      });
    };
    const c = new ShelfClient({ baseUrl: "https://recs.example.com/", fetch: fake });
    assert.deepEqual(await c.categories(), [{ name: "Books", product_count: 2 }]);
    assert.deepEqual(calls, [["https://recs.example.com/api/categories", "GET"]]);
    assert.throws(() => new ShelfClient({}), TypeError);
  });
});

/** rejection returns what p rejects with, failing when it resolves. */
async function rejection(p) {
  try {
    await p;
  } catch (err) {
    return err;
  }
  assert.fail("the call resolved");
}
