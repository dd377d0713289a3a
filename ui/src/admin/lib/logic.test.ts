// @vitest-environment node
import { describe, expect, it } from "vitest";
import { EMPTY_FILTER, draftToFilter } from "./filters";
import { formatDuration, formatMetric, metricRows, ndcgSeries, pollDelay, progressPercent } from "./model";
import { fromDraft, toDraft } from "./settings";
import { formatShare, funnelSteps, partialDay, perDayRows, shortDate } from "./stats";

describe("funnelSteps", () => {
  it("computes conversion from the previous stage and from views", () => {
    const steps = funnelSteps({ view: 1000, like: 300, cart: 120, purchase: 30 });
    expect(steps.map((s) => s.type)).toEqual(["view", "cart", "purchase"]);
    expect(steps[0]).toEqual({ type: "view", count: 1000, fromPrevious: null, fromFirst: 1 });
    expect(steps[1].fromPrevious).toBeCloseTo(0.12, 10);
    expect(steps[2].fromPrevious).toBeCloseTo(0.25, 10);
    expect(steps[2].fromFirst).toBeCloseTo(0.03, 10);
  });
  it("has no shares when a stage is empty, and treats bad counts as zero", () => {
    const steps = funnelSteps({ view: 0, like: 0, cart: -4, purchase: Number.NaN });
    expect(steps.map((s) => [s.count, s.fromPrevious, s.fromFirst])).toEqual([
      [0, null, null],
      [0, null, null],
      [0, null, null],
    ]);
    expect(funnelSteps(undefined)[0].count).toBe(0);
  });
});

describe("formatShare", () => {
  const cases: [number | null, string][] = [
    [null, "—"],
    [0, "0.0%"],
    [0.025, "2.5%"],
    [0.0999, "10.0%"],
    [0.38, "38%"],
    [1, "100%"],
  ];
  for (const [v, want] of cases) it(String(v), () => expect(formatShare(v)).toBe(want));
});

describe("perDayRows and shortDate", () => {
  it("sorts days and fills missing types with zero", () => {
    const rows = perDayRows([
      { date: "2026-11-02", view: 5, like: 1, cart: 0, purchase: 0 },
      { date: "2026-11-01", view: 3 } as never,
    ]);
    expect(rows).toEqual([
      { date: "2026-11-01", view: 3, like: 0, cart: 0, purchase: 0 },
      { date: "2026-11-02", view: 5, like: 1, cart: 0, purchase: 0 },
    ]);
  });
  it("shortens ISO dates and passes other text through", () => {
    expect(shortDate("2026-11-01")).toBe("Nov 1");
    expect(shortDate("2026-01-31")).toBe("Jan 31");
    expect(shortDate("2026-13-01")).toBe("2026-13-01");
    expect(shortDate("week 3")).toBe("week 3");
  });
});

describe("model status", () => {
  const cases: [string, Parameters<typeof progressPercent>[0], number][] = [
    ["unknown", undefined, 0],
    ["training 42%", { state: "training", progress: 0.42 }, 42],
    ["training without progress", { state: "training" }, 0],
    ["training over 1 is clamped", { state: "training", progress: 1.7 }, 100],
    ["idle with a model", { state: "idle", model_version: 3 }, 100],
    ["idle before any model", { state: "idle" }, 0],
  ];
  for (const [name, st, want] of cases) it(`progressPercent: ${name}`, () => expect(progressPercent(st)).toBe(want));

  it("polls every second while training, every ten seconds otherwise", () => {
    expect(pollDelay({ state: "training" })).toBe(1000);
    expect(pollDelay({ state: "idle" })).toBe(10000);
    expect(pollDelay(undefined)).toBe(10000);
  });
});

describe("metricRows", () => {
  it("puts the ensemble first, then models by NDCG", () => {
    const m = (ndcg: number) => ({ precision: 0.1, recall: 0.2, ndcg, hit: 0.5 });
    const rows = metricRows({ cf: m(0.2), mf: m(0.3), ensemble: m(0.25), popularity: m(0.1) });
    expect(rows.map((r) => r.model)).toEqual(["ensemble", "mf", "cf", "popularity"]);
    expect(rows[0]).toEqual({ model: "ensemble", precision: 0.1, recall: 0.2, ndcg: 0.25, hit: 0.5 });
  });
  it("keeps a model with missing numbers, shown as dashes", () => {
    const rows = metricRows({ knn: { precision: 0.1 } as never });
    expect(rows[0].model).toBe("knn");
    expect(formatMetric(rows[0].ndcg)).toBe("—");
    expect(formatMetric(rows[0].precision)).toBe("0.100");
  });
  it("reads the hit rate under the server's name, hit_rate", () => {
    const rows = metricRows({ ensemble: { precision: 0.1, recall: 0.2, ndcg: 0.3, hit_rate: 0.6 } });
    expect(rows[0].hit).toBe(0.6);
  });
  it("is empty without validation", () => expect(metricRows(undefined)).toEqual([]));
});

describe("ndcgSeries", () => {
  it("orders runs by version and collects every model, ensemble first", () => {
    const v = (ndcg: number) => ({ precision: 0, recall: 0, ndcg, hit: 0 });
    const s = ndcgSeries([
      { model_version: 3, trained_at: "", duration_ms: 1, events: 1, validation: { ensemble: v(0.3), knn: v(0.2) } },
      { model_version: 2, trained_at: "", duration_ms: 1, events: 1, validation: { ensemble: v(0.25), cf: v(0.1) } },
      { model_version: 4, trained_at: "", duration_ms: 1, events: 1 },
    ]);
    expect(s.models).toEqual(["ensemble", "cf", "knn"]);
    expect(s.rows).toEqual([
      { version: "v2", ensemble: 0.25, cf: 0.1 },
      { version: "v3", ensemble: 0.3, knn: 0.2 },
      { version: "v4" },
    ]);
  });
});

describe("formatDuration", () => {
  const cases: [number | undefined, string][] = [
    [undefined, "—"],
    [850.4, "850 ms"],
    [12345, "12.3 s"],
    [125000, "2 min 5 s"],
  ];
  for (const [ms, want] of cases) it(String(ms), () => expect(formatDuration(ms)).toBe(want));
});

describe("settings draft", () => {
  const settings = {
    weights: { view: 1, like: 2, cart: 3, purchase: 5 },
    half_life_days: 30,
    retrain_interval_minutes: 10,
    exclude: { view: false, like: true, cart: true, purchase: true },
  };
  it("round-trips the server's settings", () => {
    expect(fromDraft(toDraft(settings))).toEqual({ value: settings, errors: {} });
  });
  it("reports each bad field under the server's key", () => {
    const d = toDraft(settings);
    d.weights.like = "-1";
    d.weights.cart = "abc";
    d.half_life_days = "0";
    d.retrain_interval_minutes = "2.5";
    const { value, errors } = fromDraft(d);
    expect(value).toBeNull();
    expect(Object.keys(errors).sort()).toEqual([
      "half_life_days",
      "retrain_interval_minutes",
      "weights.cart",
      "weights.like",
    ]);
  });
  it("accepts decimal weights and a decimal half-life", () => {
    const d = toDraft(settings);
    d.weights.view = "0.5";
    d.half_life_days = "7.5";
    const { value } = fromDraft(d);
    expect(value?.weights.view).toBe(0.5);
    expect(value?.half_life_days).toBe(7.5);
  });
});

describe("draftToFilter", () => {
  it("passes an empty form as no filter", () => {
    expect(draftToFilter(EMPTY_FILTER, 1, 25)).toEqual({
      filter: { type: "", user_id: "", product_id: "", since: "", until: "", page: 1, page_size: 25 },
      errors: {},
    });
  });
  it("turns local date-times into RFC 3339 instants", () => {
    const { filter } = draftToFilter(
      { ...EMPTY_FILTER, type: "cart", user_id: " 7 ", since: "2026-11-01T00:00", until: "2026-11-02T12:30" },
      2,
      50,
    );
    expect(filter?.user_id).toBe("7");
    expect(filter?.type).toBe("cart");
    expect(filter?.since).toBe(new Date("2026-11-01T00:00").toISOString().replace(".000Z", "Z"));
    expect(filter?.since).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(filter?.page).toBe(2);
  });
  it("rejects bad ids and a range that ends before it starts", () => {
    const { filter, errors } = draftToFilter(
      { ...EMPTY_FILTER, user_id: "-3", product_id: "x", since: "2026-11-02T00:00", until: "2026-11-01T00:00" },
      1,
      25,
    );
    expect(filter).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(["product_id", "until", "user_id"]);
  });
});

describe("partialDay", () => {
  const rows = [{ date: "2026-11-30" }, { date: "2026-12-01" }];
  it("is the last day when that is today in UTC", () => {
    expect(partialDay(rows, new Date("2026-12-01T23:30:00Z"))).toBe("2026-12-01");
    expect(partialDay(rows, new Date("2026-12-02T00:30:00+02:00"))).toBe("2026-12-01");
  });
  it("is undefined when the last day is over, or there are none", () => {
    expect(partialDay(rows, new Date("2026-12-02T00:00:00Z"))).toBeUndefined();
    expect(partialDay([], new Date("2026-12-01T12:00:00Z"))).toBeUndefined();
  });
});
