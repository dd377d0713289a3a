// @vitest-environment node
import { describe, expect, it } from "vitest";
import { formatPercent, parsePriceInput } from "./format";

describe("formatPercent", () => {
  const cases: [number | undefined, string][] = [
    [0.87, "87%"],
    [0.875, "88%"],
    [0, "0%"],
    [1, "100%"],
    [1.7, "100%"],
    [-0.2, "0%"],
    [NaN, "—"],
    [undefined, "—"],
  ];
  for (const [v, want] of cases) {
    it(`${v} -> ${want}`, () => expect(formatPercent(v)).toBe(want));
  }
});

describe("parsePriceInput", () => {
  const cases: [string, { ok: boolean; value?: string; error?: RegExp }][] = [
    ["", { ok: true, value: "" }],
    ["  ", { ok: true, value: "" }],
    ["20", { ok: true, value: "20" }],
    [" 19.9 ", { ok: true, value: "19.9" }],
    ["19.90", { ok: true, value: "19.90" }],
    ["19.999", { ok: false, error: /two decimals/ }],
    ["-1", { ok: false, error: /negative/ }],
    ["1e3", { ok: false, error: /number/ }],
    ["abc", { ok: false, error: /number/ }],
    ["1.", { ok: false, error: /number/ }],
    ["1,50", { ok: false, error: /number/ }],
  ];
  for (const [raw, want] of cases) {
    it(JSON.stringify(raw), () => {
      const got = parsePriceInput(raw);
      expect(got.ok).toBe(want.ok);
      if (got.ok) expect(got.value).toBe(want.value);
      else expect(got.error).toMatch(want.error!);
    });
  }
});
