// @vitest-environment node
import { describe, expect, it } from "vitest";
import type { VariantResult } from "../types";
import {
  experimentFromDraft,
  formatP,
  isControl,
  parseWeight,
  servingWeights,
  formatRelative,
  newExperiment,
  newVariant,
  parseShare,
  type VariantDraft,
  peekingGuard,
  sharesMessage,
  variantChange,
} from "./experiments";

describe("shares", () => {
  it("reads percentages from 0 to 100", () => {
    expect(parseShare("50")).toBe(50);
    expect(parseShare(" 33.3 % ")).toBe(33.3);
    expect(parseShare("0")).toBe(0);
    expect(parseShare("101")).toBeNaN();
    expect(parseShare("-1")).toBeNaN();
    expect(parseShare("half")).toBeNaN();
    expect(parseShare("")).toBeNaN();
  });
  it("says how far the shares are from 100%", () => {
    const v = (...shares: string[]) => shares.map((s, i) => newVariant(`v${i}`, s));
    expect(sharesMessage(v("50", "50"))).toBe("");
    expect(sharesMessage(v("33.3", "33.3", "33.4"))).toBe("");
    expect(sharesMessage(v("60", "50"))).toBe(
      "The shares add up to 110%, not 100%: take 10% from the variants so that every shopper is in exactly one.",
    );
    expect(sharesMessage(v("50", "x"))).toBe("");
  });
  it("sends shares as fractions that add up to 1", () => {
    const d = newExperiment("home");
    d.name = "thirds";
    d.variants = [
      newVariant("control", "33.3"),
      { ...newVariant("t", "33.3"), strategy: "trending" },
      { ...newVariant("b", "33.4"), strategy: "blend", rules: false },
    ];
    const { value } = experimentFromDraft(d);
    expect(value!.variants).toEqual([
      { name: "control", share: 0.333 },
      { name: "t", share: 0.333, strategy: "trending" },
      { name: "b", share: 0.334, strategy: "blend", settings: { rules: false } },
    ]);
    expect(Math.abs(value!.variants.reduce((s, v) => s + v.share, 0) - 1)).toBeLessThan(1e-9);
  });
  it("keys each problem as the server does", () => {
    const d = newExperiment("");
    d.variants = [newVariant("same", "50"), { ...newVariant("same", "fifty"), strategy: "trending" }];
    const { value, errors } = experimentFromDraft(d);
    expect(value).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(["name", "placement", "variants[1].name", "variants[1].share"]);
  });
  it("takes the placement's own list (blend) for no change, as the server does", () => {
    expect(isControl({ ...newVariant("b"), strategy: "blend" })).toBe(true);
    expect(isControl({ ...newVariant("b"), strategy: "blend" }, true)).toBe(true);
    expect(isControl({ ...newVariant("b"), strategy: "blend", rules: false })).toBe(false);
    expect(isControl({ ...newVariant("b"), strategy: "blend", weightsOn: true }, true)).toBe(false);
    expect(isControl({ ...newVariant("t"), strategy: "trending" })).toBe(false);
    const d = newExperiment("home");
    d.name = "x";
    d.variants = [
      { ...newVariant("own list", "50"), strategy: "blend" },
      { ...newVariant("t", "50"), strategy: "trending" },
    ];
    expect(experimentFromDraft(d).errors).toEqual({});
    d.variants[1] = { ...newVariant("also none", "50") };
    expect(experimentFromDraft(d).errors.variants).toBe(
      "Only one variant may change nothing, the control; variants 1 and 2 both do. Give all but one of them another list or turn their rules off.",
    );
    expect(variantChange({ name: "b", share: 0.5, strategy: "blend" })).toBe(
      "Nothing: the placement as it is (the control)",
    );
  });
  it("needs a control", () => {
    const d = newExperiment("home");
    d.name = "x";
    d.variants = d.variants.map((v) => ({ ...v, rules: false }));
    expect(experimentFromDraft(d).errors.variants).toMatch(/^One variant must change nothing/);
  });
});

describe("blend weights", () => {
  const weighted = (over: Partial<VariantDraft> = {}): VariantDraft => ({
    ...newVariant("w", "50"),
    weightsOn: true,
    ...over,
  });
  const draft = (...variants: VariantDraft[]) => ({ ...newExperiment("home"), name: "x", variants });

  it("start from the serving model's weights, else shelf's", () => {
    expect(servingWeights({ knn: 0.8, ease: 1.25 })).toEqual({
      weights: { knn: "0.8", mf: "0", ease: "1.25", cf: "0", bpr: "0" },
      fromModel: true,
    });
    expect(servingWeights(undefined)).toEqual({
      weights: { knn: "1", mf: "0.7", ease: "1", cf: "0.1", bpr: "0" },
      fromModel: false,
    });
    expect(servingWeights({}).fromModel).toBe(false);
  });
  it("read numbers from 0 to 100", () => {
    expect(parseWeight("0.7")).toBe(0.7);
    expect(parseWeight(" 100 ")).toBe(100);
    expect(parseWeight(".5")).toBe(0.5);
    expect(parseWeight("0")).toBe(0);
    expect(parseWeight("100.5")).toBeNaN();
    expect(parseWeight("-1")).toBeNaN();
    expect(parseWeight("")).toBeNaN();
  });
  it("are an override where they count", () => {
    expect(isControl(weighted(), true)).toBe(false);
    expect(isControl(weighted(), false)).toBe(true);
    expect(isControl({ ...weighted(), weightsOn: false }, true)).toBe(true);
  });
  it("are sent for a personal placement only, with the rules' override beside them", () => {
    const d = draft(newVariant("control", "50"), weighted({ rules: false }));
    expect(experimentFromDraft(d, { personal: true }).value!.variants[1]).toEqual({
      name: "w",
      share: 0.5,
      settings: { rules: false, weights: { knn: 1, mf: 0.7, ease: 1, cf: 0.1, bpr: 0 } },
    });
    expect(experimentFromDraft(d).value!.variants[1]).toEqual({ name: "w", share: 0.5, settings: { rules: false } });
    // Best-sellers have no blend: the weights stay home.
    const t = draft(newVariant("control", "50"), weighted({ strategy: "trending" }));
    expect(experimentFromDraft(t, { personal: true }).value!.variants[1]).toEqual({
      name: "w",
      share: 0.5,
      strategy: "trending",
    });
  });
  it("are checked as the server checks them, keyed as it keys them", () => {
    const zero = { knn: "0", mf: "0", ease: "0", cf: "0", bpr: "0" };
    const d = draft(newVariant("control", "50"), weighted({ weights: zero }));
    expect(experimentFromDraft(d, { personal: true }).errors).toEqual({
      "variants[1].settings.weights": "Give at least one model a weight above 0: with all at 0 nothing is blended.",
    });
    d.variants[1].weights = { ...zero, knn: "101", bpr: "" };
    expect(Object.keys(experimentFromDraft(d, { personal: true }).errors).sort()).toEqual([
      "variants[1].settings.weights.bpr",
      "variants[1].settings.weights.knn",
    ]);
  });
});

describe("reading results", () => {
  const result = (name: string, impressions: number, significant: boolean, needed: number): VariantResult => ({
    name,
    control: false,
    shoppers: 10,
    impressions,
    clicks: 1,
    ctr: 0.1,
    ctr_ci: [0, 0.2],
    conversions: 0,
    conversion_rate: 0,
    conversion_ci: [0, 0],
    revenue: 0,
    revenue_per_shopper: 0,
    revenue_per_shopper_ci: [0, 0],
    vs_control: {
      ctr: {
        difference: 0,
        relative: 0.1,
        relative_ci: [-0.1, 0.3],
        p_value: 0.4,
        significant,
        needed_per_variant: needed,
      },
      conversion_rate: {
        difference: 0,
        relative: 0,
        relative_ci: [0, 0],
        p_value: 1,
        significant: false,
        needed_per_variant: 0,
      },
      revenue_per_shopper: {
        difference: 0,
        relative: 0,
        relative_ci: [0, 0],
        p_value: 1,
        significant: false,
        needed_per_variant: 0,
      },
    },
  });
  const control = { ...result("control", 900, false, 0), control: true, vs_control: null };
  it("says how many impressions a difference this size needs", () => {
    expect(peekingGuard(result("b", 900, false, 2100), control)).toBe(
      "Not significant yet: a difference this size needs about 2,100 impressions per variant; each variant has 900.",
    );
    expect(peekingGuard(result("b", 400, false, 2100), control)).toBe(
      "Not significant yet: a difference this size needs about 2,100 impressions per variant; each variant has at least 400.",
    );
    expect(peekingGuard(result("b", 900, false, 0), control)).toBe(
      "Not significant yet: no difference has shown so far; each variant has 900 impressions.",
    );
    expect(peekingGuard(result("b", 900, false, 500), control)).toMatch(/^Not significant: .*may not be real\.$/);
  });
  it("says nothing more once a difference is significant", () => {
    expect(peekingGuard(result("b", 900, true, 500), control)).toBe("");
  });
  it("formats differences and p-values as people read them", () => {
    expect([0.284, -0.22, 0].map(formatRelative)).toEqual(["+28%", "−22%", "0%"]);
    expect([0.0004, 0.003, 0.31].map(formatP)).toEqual(["p < 0.001", "p = 0.003", "p = 0.31"]);
  });
  it("says what a variant changes", () => {
    expect(variantChange({ name: "c", share: 0.5 })).toBe("Nothing: the placement as it is (the control)");
    expect(variantChange({ name: "t", share: 0.5, strategy: "trending", settings: { rules: false } })).toBe(
      "Best-sellers instead of the placement's list, without the placement's rules",
    );
    expect(variantChange({ name: "w", share: 0.5, settings: { weights: { mf: 2, knn: 0.5 } } })).toBe(
      "The models blended with other weights: Similar items (knn) 0.5, Matrix factorisation (mf) 2",
    );
  });
});
