// @vitest-environment node
import { describe, expect, it } from "vitest";
import { formatMoney, isCurrencyCode } from "./money";

// Intl puts a no-break space between a currency code and the number.
describe("formatMoney", () => {
  const cases: [number | null | undefined, string | undefined, string][] = [
    [19.9, undefined, "$19.90"],
    [0, "USD", "$0.00"],
    [0.05, "USD", "$0.05"],
    [1234.5, "USD", "$1,234.50"],
    [1000000, "USD", "$1,000,000.00"],
    [19.999, "USD", "$20.00"],
    [1234.5, "EUR", "€1,234.50"],
    [19.9, "GBP", "£19.90"],
    [19.9, "CHF", "CHF\u00a019.90"],
    // The yen has no decimals, but cents shelf holds are not rounded away.
    [1990, "JPY", "¥1,990"],
    [1990.5, "JPY", "¥1,990.50"],
    [1.5, "KWD", "KWD\u00a01.500"],
    // A well-formed code Intl does not know still shows its code, never a dollar sign.
    [3, "XYZ", "XYZ\u00a03.00"],
    // A code that is not one shows as given.
    [3, "euro", "3.00 euro"],
    [NaN, "EUR", "—"],
    [Infinity, "EUR", "—"],
    [null, "EUR", "—"],
    [undefined, "EUR", "—"],
  ];
  for (const [v, currency, want] of cases) {
    it(`${v} ${currency ?? "(default)"} -> ${want}`, () => expect(formatMoney(v, currency)).toBe(want));
  }
});

describe("isCurrencyCode", () => {
  const cases: [string, boolean][] = [
    ["EUR", true],
    ["USD", true],
    ["eur", false],
    ["EU", false],
    ["EURO", false],
    ["", false],
  ];
  for (const [s, want] of cases) it(JSON.stringify(s), () => expect(isCurrencyCode(s)).toBe(want));
});
