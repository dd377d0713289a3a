// @vitest-environment node
import { describe, expect, it } from "vitest";
import { fromDraft, localToRfc3339, newRule, rfc3339ToLocal, toDraft, unplacedErrors } from "./placements";
import { compareLists, previewItems, previewPath } from "./preview";
import type { Placement } from "../types";

const home: Placement = {
  name: "home",
  strategy: "personal",
  count: 8,
  filters: { category: "Books", min_price: 19.9 },
  fallback: "none",
  max_per_category: 2,
  rules: [
    { type: "pin", product_id: 42, position: 1, until: "2026-12-26T00:00:00Z" },
    { type: "boost", factor: 1.5, when: { tag: "sale", attributes: { colour: "red", size: "M" } } },
    { type: "exclude", when: { category: "Gift Cards", ids: [3, 4], newer_than_days: 30 } },
  ],
  updated_at: "2026-11-30T10:00:00Z",
};

describe("placement drafts", () => {
  it("turns a placement into a draft and back unchanged", () => {
    const { value, errors } = fromDraft(toDraft(home));
    expect(errors).toEqual({});
    const { updated_at: _ignored, ...rest } = home;
    void _ignored;
    expect(value).toEqual(rest);
  });

  it("sends only what is filled in", () => {
    const d = toDraft();
    d.name = "cart";
    expect(fromDraft(d).value).toEqual({ name: "cart", strategy: "personal" });
  });

  it("keys its errors like the server", () => {
    const d = toDraft();
    d.name = "Home Page";
    d.count = "500";
    d.filters.min_price = "20";
    d.filters.max_price = "10";
    const pin = { ...newRule("pin"), position: "0" };
    const bury = { ...newRule("bury"), factor: "2" };
    const exclude = { ...newRule("exclude"), from: "2026-12-24T10:00", until: "2026-12-24T09:00" };
    d.rules = [pin, bury, exclude];
    const { value, errors } = fromDraft(d);
    expect(value).toBeNull();
    expect(Object.keys(errors).sort()).toEqual([
      "count",
      "filters.max_price",
      "name",
      "rules[0].position",
      "rules[0].product_id",
      "rules[1].factor",
      "rules[1].when",
      "rules[2].until",
      "rules[2].when",
    ]);
  });

  it("converts datetime-local values to RFC 3339 in UTC and back", () => {
    const utc = localToRfc3339("2026-12-24T10:30");
    expect(utc).toBe(new Date(2026, 11, 24, 10, 30).toISOString().replace(".000Z", "Z"));
    expect(utc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);
    expect(rfc3339ToLocal(utc!)).toBe("2026-12-24T10:30");
    expect(localToRfc3339("tomorrow")).toBeNull();
    expect(rfc3339ToLocal(undefined)).toBe("");
  });

  it("lists the errors that no field shows", () => {
    const errors = { "rules[0].position": "taken", name: "bad", "rules[0].when.colour": "odd" };
    expect(unplacedErrors(errors, true)).toEqual([["rules[0].when.colour", "odd"]]);
    expect(unplacedErrors(errors, false).map(([k]) => k)).toEqual(["name", "rules[0].when.colour"]);
  });
});

describe("placement preview", () => {
  it("asks each strategy's endpoint", () => {
    expect(previewPath({ strategy: "personal", count: 8 }, 3)).toBe("/api/recommendations/3/?count=8");
    expect(previewPath({ strategy: "personal" }, 3, "home")).toBe("/api/recommendations/3/?count=10&placement=home");
    expect(previewPath({ strategy: "similar", count: 4 }, 12, "pdp")).toBe(
      "/api/products/12/similar/?count=4&placement=pdp",
    );
    expect(previewPath({ strategy: "bought-together" }, 12)).toBe("/api/products/12/bought-together/?count=10");
    expect(previewPath({ strategy: "trending", count: 5 }, undefined, "t")).toBe("/api/popular/?count=5&placement=t");
  });

  it("reads both item shapes", () => {
    expect(previewItems({ products: [{ id: 1, name: "Pen", category: "Office", price: 2 }] })).toEqual([
      { id: 1, name: "Pen", category: "Office", price: 2, brand: undefined, reason: undefined, rules: [] },
    ]);
    const [rec] = previewItems({
      recommendations: [
        { product_id: 7, product_name: "Lamp", category: "Home", price: 9.9, rules: [{ rule: 0, type: "pin" }] },
      ],
    });
    expect(rec).toMatchObject({ id: 7, name: "Lamp", rules: [{ rule: 0, type: "pin" }] });
  });

  it("marks what the rules did, what is new, what moved and what is gone", () => {
    const item = (id: number, rules: { rule: number; type: "pin" | "boost" | "bury" }[] = []) => ({
      id,
      name: `P${id}`,
      category: "C",
      price: 1,
      rules,
    });
    const { before, after } = compareLists(
      [item(1), item(2), item(3)],
      [item(9, [{ rule: 0, type: "pin" }]), item(3, [{ rule: 1, type: "boost" }]), item(1)],
    );
    expect(after.map((m) => m.marks)).toEqual([["pinned", "new"], ["boosted", "up"], ["down"]]);
    expect(after[1].moved).toBe(1);
    expect(before.map((m) => m.marks)).toEqual([[], ["gone"], []]);
  });
});
