// @vitest-environment node
import { describe, expect, it } from "vitest";
import type { VariantResult } from "../types";
import {
  experimentFromDraft,
  formatP,
  formatRelative,
  newExperiment,
  newVariant,
  parseShare,
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
  it("needs a control", () => {
    const d = newExperiment("home");
    d.name = "x";
    d.variants = d.variants.map((v) => ({ ...v, rules: false }));
    expect(experimentFromDraft(d).errors.variants).toMatch(/^One variant must change nothing/);
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
  });
});
