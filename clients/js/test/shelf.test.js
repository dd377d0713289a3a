// The client against a real shelf (see shelf.js): a storefront with a
// publishable key, guests' sessions and customers' shopper tokens, and a
// shop's backend with a secret key.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { ShelfClient, ShelfError } from "shelf-client";

import { startShelf } from "./shelf.js";

/** A customer of the demo shop (its users are 1 to 500), and another. */
const customerId = 7;
const otherCustomerId = 8;

describe("against a real shelf", { timeout: 180_000 }, () => {
  let shelf;
  /** The shop's server: a secret key. */
  let backend;
  /** The shop's pages for a guest: a publishable key. */
  let storefront;
  /** The shop's pages for customer 7: a publishable key and their shopper token. */
  let customer;

  before(async () => {
    shelf = await startShelf();
    backend = new ShelfClient({ baseUrl: shelf.url, key: shelf.secretKey });
    storefront = new ShelfClient({ baseUrl: shelf.url + "/", key: shelf.publishableKey });
    const token = await backend.createShopperToken(customerId, 600);
    customer = new ShelfClient({ baseUrl: shelf.url, key: shelf.publishableKey, shopperToken: token.token });
  });

  after(async () => {
    await shelf?.stop();
  });

  /** rejectsWith checks that p rejects with a ShelfError of status and returns it. */
  async function rejectsWith(p, status) {
    let err;
    await assert.rejects(p, (e) => {
      err = e;
      return true;
    });
    assert.ok(err instanceof ShelfError, `${err} is not a ShelfError`);
    assert.equal(err.status, status, err.message);
    return err;
  }

  /** positions are the positions of a list's items. */
  const positions = (list) => list.items.map((it) => it.position);

  it("serves lists of every kind, shaped by placements and filters", async () => {
    const pin = (await storefront.popular({ count: 1 })).items[0].product_id;
    await backend.putPlacement({
      name: "js-home",
      strategy: "personal",
      count: 4,
      max_per_category: 2,
      rules: [{ type: "pin", product_id: pin, position: 1 }],
    });
    await backend.putPlacement({ name: "js-pdp", strategy: "similar", count: 3, filters: { max_price: 100 } });
    await backend.putPlacement({ name: "js-cart", strategy: "bought-together", count: 3 });
    await backend.putPlacement({
      name: "js-trending",
      strategy: "trending",
      count: 5,
      filters: { category: "Electronics" },
    });

    // A customer's list: the placement's count, its pin first, its
    // diversity limit.
    const home = await customer.recommendations(customerId, { placement: "js-home" });
    assert.equal(home.user_id, customerId);
    assert.equal(home.placement, "js-home");
    assert.match(home.recommendation_id, /^r1\./);
    assert.deepEqual(positions(home), [1, 2, 3, 4]);
    assert.deepEqual(home.items, home.recommendations);
    assert.equal(home.items[0].product_id, pin);
    assert.deepEqual(home.items[0].rules, [{ rule: 0, type: "pin" }]);
    assert.equal(home.items[0].reason, "Featured by the shop");
    const perCategory = {};
    for (const it of home.items) {
      perCategory[it.category] = (perCategory[it.category] ?? 0) + 1;
    }
    for (const [category, n] of Object.entries(perCategory)) {
      assert.ok(n <= 2, `${n} items of ${category}`);
    }
    for (const it of home.items) {
      assert.equal(typeof it.confidence_score, "number");
      assert.equal(typeof it.scores, "object");
    }

    // Filters without a placement.
    const books = await customer.recommendations(customerId, { count: 5, category: "Books", max_price: 30 });
    assert.ok(books.items.length > 0);
    for (const it of books.items) {
      assert.equal(it.category, "Books");
      assert.ok(it.price <= 30, `price ${it.price}`);
    }

    const similar = await storefront.similar(pin, { placement: "js-pdp" });
    assert.equal(similar.product_id, pin);
    assert.equal(similar.placement, "js-pdp");
    assert.ok(similar.items.length > 0 && similar.items.length <= 3);
    assert.deepEqual(similar.items, similar.similar);
    for (const it of similar.items) {
      assert.ok(it.price <= 100, `price ${it.price}`);
      assert.notEqual(it.product_id, pin);
    }

    const together = await storefront.boughtTogether(pin, { placement: "js-cart" });
    assert.equal(together.product_id, pin);
    assert.equal(together.placement, "js-cart");
    assert.equal(together.items.length, 3, "the fallback fills the list");
    assert.deepEqual(together.items, together.products);

    const trending = await storefront.popular({ placement: "js-trending" });
    assert.equal(trending.placement, "js-trending");
    assert.equal(trending.items.length, 5);
    for (const it of trending.items) {
      assert.equal(it.category, "Electronics");
      assert.ok("confidence_score" in it, "a placement's popular list has the recommendation shape");
    }

    // The popular list without a placement has products as items; pages
    // continue one ranking; exclude leaves products out.
    const filters = { category: "Books", min_price: 10, max_price: "40.00", count: 3 };
    const first = await storefront.popular(filters);
    const second = await storefront.popular({ ...filters, page: 2 });
    assert.deepEqual(positions(first), [1, 2, 3]);
    assert.deepEqual(positions(second), [4, 5, 6]);
    assert.equal(second.page, 2);
    for (const it of [...first.items, ...second.items]) {
      assert.equal(it.product_id, it.id);
      assert.equal(it.product_name, it.name);
      assert.equal(typeof it.popularity_score, "number");
      assert.equal(it.category, "Books");
      assert.ok(it.price >= 10 && it.price <= 40, `price ${it.price}`);
    }
    const firstIds = first.items.map((it) => it.product_id);
    const without = await storefront.popular({ ...filters, exclude: firstIds });
    assert.deepEqual(
      without.items.map((it) => it.product_id),
      second.items.map((it) => it.product_id),
    );

    // A guest's list, and "show me something new".
    const session = await storefront.createSession();
    const seen = await storefront.sessionRecommendations(session, { count: 5 });
    assert.equal(seen.session_id, session);
    assert.equal(seen.items.length, 5);
    const fresh = await storefront.sessionRecommendations(session, { count: 5, exclude_shown: true });
    const seenIds = new Set(seen.items.map((it) => it.product_id));
    assert.ok(fresh.items.length > 0);
    for (const it of fresh.items) {
      assert.ok(!seenIds.has(it.product_id), `product ${it.product_id} was shown already`);
    }

    // A placement asked for where its kind of list is not.
    const wrong = await rejectsWith(storefront.similar(pin, { placement: "js-home" }), 400);
    assert.match(wrong.details.placement, /personal/);
  });

  it("reads the catalog and searches", async () => {
    const page = await storefront.products({ category: "Books", sort: "price", page_size: 5 });
    assert.equal(page.results.length, 5);
    assert.ok(page.count > 5);
    assert.equal(typeof page.next, "string");
    assert.equal(page.previous, null);
    const prices = page.results.map((p) => p.price);
    assert.deepEqual(
      prices,
      [...prices].sort((a, b) => a - b),
    );

    const one = await storefront.product(page.results[0].id);
    assert.deepEqual(one, page.results[0]);

    const found = await storefront.search("headphones", { page_size: 3 });
    assert.ok(found.count > 0);
    assert.ok(found.products.length > 0 && found.products.length <= 3);
    assert.equal(typeof found.products[0].relevance_score, "number");
    const personal = await customer.search("headphones", { user_id: customerId, page_size: 3 });
    assert.ok(personal.products.length > 0);
    await rejectsWith(storefront.search("headphones", { user_id: customerId }), 401);

    const categories = await storefront.categories();
    assert.equal(
      categories.reduce((n, c) => n + c.product_count, 0),
      1000,
    );
  });

  it("credits a guest's click and purchase to the list, once, and takes a refund back out", async () => {
    await backend.putPlacement({ name: "js-journey", strategy: "personal", count: 5 });
    const session = await storefront.createSession();
    assert.match(session, /^s1\./);
    const list = await storefront.sessionRecommendations(session, { placement: "js-journey" });
    assert.equal(list.items.length, 5);
    const product = list.items[0].product_id;

    const click = await storefront.recordInteraction({
      session_id: session,
      product_id: product,
      interaction_type: "view",
      recommendation_id: list.recommendation_id,
    });
    assert.equal(click.recommendation, "click");
    assert.equal(typeof click.id, "number");

    const eventId = `order-${Date.now()}-1`;
    const purchase = {
      session_id: session,
      product_id: product,
      interaction_type: "purchase",
      value: 19.99,
      event_id: eventId,
    };
    const bought = await storefront.recordInteraction(purchase);
    assert.equal(bought.recommendation, "attributed");
    assert.equal(bought.duplicate, undefined);
    const retry = await storefront.recordInteraction(purchase);
    assert.equal(retry.duplicate, true);
    assert.equal(retry.id, bought.id);

    // Another shopper's list id is refused, naming the field.
    const stranger = await storefront.createSession();
    const forged = await rejectsWith(
      storefront.recordInteraction({
        session_id: stranger,
        product_id: product,
        interaction_type: "view",
        recommendation_id: list.recommendation_id,
      }),
      400,
    );
    assert.ok(forged.details.recommendation_id);

    const report = await backend.analytics({ placement: "js-journey" });
    assert.equal(report.placement, "js-journey");
    const { total } = report;
    assert.equal(total.impressions, 1);
    assert.equal(total.clicks, 1);
    assert.equal(total.clicked_lists, 1);
    assert.equal(total.ctr, 1);
    assert.equal(total.purchases, 1);
    assert.equal(total.conversion_rate, 1);
    assert.equal(total.revenue, 19.99);
    assert.ok(total.total_revenue >= 19.99);
    assert.equal(report.days.length, 30);
    assert.equal(report.days.at(-1).partial, true);
    assert.equal(report.days.at(-1).revenue, 19.99);
    assert.deepEqual(
      report.lists.map((l) => [l.strategy, l.placement, l.clicks]),
      [["personal", "js-journey", 1]],
    );

    // The guest logs in as a customer: the session's two events become
    // theirs (the retry was never stored). A publishable key needs the
    // customer's token for it.
    await rejectsWith(storefront.mergeSession(session, otherCustomerId), 401);
    const token = await backend.createShopperToken(otherCustomerId);
    const merged = await storefront.withShopper(token.token).mergeSession(session, otherCustomerId);
    assert.deepEqual(merged, { session_id: session, user_id: otherCustomerId, merged: 2 });

    await rejectsWith(storefront.refund({ event_id: eventId }), 403);
    const refunded = await backend.refund({ event_id: eventId });
    assert.deepEqual(refunded, { id: bought.id, refunded: true, value: 19.99 });
    await rejectsWith(backend.refund({ interaction_id: bought.id }), 409);
    const after = await backend.analytics({ placement: "js-journey" });
    assert.equal(after.total.revenue, 0);
  });

  it("turns shelf's errors into ShelfErrors with the status and the fields at fault", async () => {
    const bad = await rejectsWith(
      backend.recordInteraction({ user_id: customerId, product_id: 1, interaction_type: "buy" }),
      400,
    );
    assert.equal(bad.name, "ShelfError");
    assert.ok(bad instanceof Error);
    assert.match(bad.details.interaction_type, /must be one of view, like, cart, purchase/);
    assert.match(bad.message, /interaction_type/);
    assert.equal(bad.request, "POST /api/interaction");
    assert.equal(typeof bad.requestId, "string");
    assert.equal(bad.retryAfter, undefined);

    const several = await rejectsWith(storefront.recordInteraction({ interaction_type: "view" }), 400);
    assert.ok(several.details.product_id && several.details.user_id, JSON.stringify(several.details));

    const missing = await rejectsWith(storefront.product(999_999), 404);
    assert.match(missing.message, /not found/i);
    await rejectsWith(backend.experiment(999_999), 404);

    // Without a key, without the shopper's token, with another's, with a
    // publishable key on a private route.
    const anonymous = new ShelfClient({ baseUrl: shelf.url });
    const noKey = await rejectsWith(anonymous.popular(), 401);
    assert.match(noKey.message, /Authorization/);
    await rejectsWith(storefront.recommendations(customerId), 401);
    await rejectsWith(customer.recommendations(otherCustomerId), 403);
    await rejectsWith(storefront.analytics(), 403);
    await rejectsWith(storefront.createShopperToken(customerId), 403);
  });

  it("issues shopper tokens", async () => {
    const before = Date.now();
    const token = await backend.createShopperToken(customerId, 120);
    assert.equal(token.user_id, customerId);
    assert.equal(token.header, "X-Shelf-Shopper");
    assert.match(token.token, new RegExp(`^v1\\.0\\.${customerId}\\.`));
    const expires = Date.parse(token.expires_at);
    assert.ok(expires >= before + 118_000 && expires <= Date.now() + 121_000, token.expires_at);
    const tooShort = await rejectsWith(backend.createShopperToken(customerId, 30), 400);
    assert.ok(tooShort.details.ttl_seconds);
    await rejectsWith(backend.createShopperToken(999_999), 404);
  });

  it("runs an experiment on a placement", async () => {
    await backend.putPlacement({ name: "js-exp", strategy: "personal", count: 4 });
    const variants = [
      { name: "control", share: 0.5 },
      { name: "trending", share: 0.5, strategy: "trending" },
    ];
    const created = await backend.createExperiment({ name: "blend vs trending", placement: "js-exp", variants });
    assert.equal(created.status, "draft");
    assert.equal(created.started_at, null);
    assert.deepEqual(created.variants, variants);

    const badShares = await rejectsWith(
      backend.createExperiment({
        name: "bad",
        placement: "js-exp",
        variants: [
          { name: "a", share: 0.7 },
          { name: "b", share: 0.7 },
        ],
      }),
      400,
    );
    assert.ok(badShares.details.variants);

    const started = await backend.updateExperiment(created.id, "start");
    assert.equal(started.status, "running");
    assert.equal(typeof started.started_at, "string");
    const rival = await backend.createExperiment({ name: "rival", placement: "js-exp", variants });
    await rejectsWith(backend.updateExperiment(rival.id, "start"), 409);
    await backend.deleteExperiment(rival.id);

    const listed = await backend.experiments();
    assert.deepEqual(
      listed.filter((x) => x.id === created.id).map((x) => x.status),
      ["running"],
    );

    const session = await storefront.createSession();
    const list = await storefront.sessionRecommendations(session, { placement: "js-exp" });
    assert.equal(list.experiment, created.id);
    assert.ok(["control", "trending"].includes(list.variant), list.variant);

    const got = await backend.experiment(created.id);
    assert.equal(got.status, "running");
    assert.equal(got.results.variants.length, 2);
    assert.equal(got.results.variants[0].control, true);
    assert.equal(got.results.variants[0].vs_control, null);
    assert.equal(typeof got.results.variants[1].vs_control.ctr.p_value, "number");
    assert.equal(
      got.results.variants.reduce((n, v) => n + v.impressions, 0),
      1,
    );
    assert.equal(got.results.winner, null);
    assert.equal(typeof got.results.summary, "string");

    const byVariant = await backend.analytics({ variant: `${created.id}:${list.variant}` });
    assert.equal(byVariant.total.impressions, 1);

    const stopped = await backend.updateExperiment(created.id, "stop");
    assert.equal(stopped.status, "stopped");
    await backend.deleteExperiment(created.id);
    await rejectsWith(backend.experiment(created.id), 404);
  });

  it("reads and changes the shop's settings", async () => {
    assert.deepEqual(await storefront.shopSettings(), {
      time_zone: "UTC",
      currency: "USD",
      attribution_window_days: 7,
    });
    const changed = await backend.updateShopSettings({ currency: "EUR" });
    assert.deepEqual(changed, { time_zone: "UTC", currency: "EUR", attribution_window_days: 7 });
    const bad = await rejectsWith(backend.updateShopSettings({ currency: "euro" }), 400);
    assert.ok(bad.details.currency);
    await rejectsWith(storefront.updateShopSettings({ currency: "USD" }), 403);
    assert.equal((await backend.updateShopSettings({ currency: "USD" })).currency, "USD");
  });

  it("gets, puts and deletes placements", async () => {
    const placement = {
      name: "js-crud",
      strategy: "similar",
      count: 6,
      fallback: "none",
      max_per_brand: 1,
      filters: { tag: "sale", min_price: 5 },
      rules: [{ type: "boost", factor: 1.5, when: { brand: "Nexon" }, until: "2030-01-01T00:00:00Z" }],
    };
    const saved = await backend.putPlacement(placement);
    assert.equal(typeof saved.updated_at, "string");
    const { updated_at, ...rest } = saved;
    assert.deepEqual(rest, placement);
    assert.deepEqual(await backend.placement("js-crud"), saved);
    assert.ok((await backend.placements()).some((p) => p.name === "js-crud"));
    const bad = await rejectsWith(backend.putPlacement({ name: "js-bad", strategy: "everything" }), 400);
    assert.ok(bad.details.strategy, JSON.stringify(bad.details));
    await rejectsWith(storefront.placement("js-crud"), 403);
    assert.equal(await backend.deletePlacement("js-crud"), undefined);
    await rejectsWith(backend.placement("js-crud"), 404);
    await rejectsWith(backend.deletePlacement("js-crud"), 404);
  });

  it("stops a call when its signal aborts", async () => {
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(storefront.popular(undefined, aborted.signal), { name: "AbortError" });
    const list = await storefront.popular({ count: 1 }, AbortSignal.timeout(10_000));
    assert.equal(list.items.length, 1);
  });
});
