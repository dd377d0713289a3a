// @vitest-environment node
import { describe, expect, it } from "vitest";
import { formatMoney } from "../../lib/money";
import type { AnalyticsDay, AnalyticsList } from "../types";
import {
  byPlacement,
  compareWithBestSellers,
  comparisonSentence,
  headline,
  rangeDays,
  rangeFrom,
  shopToday,
  topPlacements,
  trendRows,
} from "./analytics";

const day = (date: string, impressions: number, clicks: number, purchases: number, partial = false): AnalyticsDay => ({
  date,
  partial,
  impressions,
  clicks,
  ctr: impressions ? clicks / impressions : 0,
  carts: 0,
  purchases,
  conversion_rate: clicks ? purchases / clicks : 0,
  revenue: 0,
  total_revenue: 0,
});

const list = (
  strategy: string,
  placement: string,
  impressions: number,
  clicks: number,
  revenue = 0,
): AnalyticsList => ({
  strategy,
  placement,
  variant: "",
  impressions,
  clicks,
  ctr: impressions ? clicks / impressions : 0,
  carts: 0,
  purchases: 0,
  conversion_rate: 0,
  revenue,
});

const total = (t: Partial<Parameters<typeof headline>[0] & object>) => ({
  impressions: 0,
  clicks: 0,
  ctr: 0,
  carts: 0,
  purchases: 0,
  conversion_rate: 0,
  revenue: 0,
  total_revenue: 0,
  revenue_share: 0,
  ...t,
});

describe("headline", () => {
  const eur = (v: number) => formatMoney(v, "EUR");
  it("says what recommendations drove and their share of revenue", () => {
    const h = headline(
      total({ impressions: 100, clicks: 9, revenue: 412.5, total_revenue: 1650, revenue_share: 0.25 }),
      30,
      eur,
    );
    expect(h).toEqual({ kind: "revenue", text: "Recommendations drove €412.50 (25% of revenue) in the last 30 days." });
    expect(
      headline(total({ impressions: 1, clicks: 1, revenue: 1, total_revenue: 40, revenue_share: 0.025 }), 7, eur).text,
    ).toBe("Recommendations drove €1.00 (2.5% of revenue) in the last 7 days.");
  });
  it("says so honestly when there is nothing yet", () => {
    expect(headline(total({}), 30, eur).text).toBe(
      "No recommendation has been clicked yet: shelf has not shown a list in the last 30 days.",
    );
    expect(headline(total({ impressions: 1200 }), 30, eur).text).toBe(
      "No recommendation has been clicked yet: shoppers were shown 1,200 lists in the last 30 days.",
    );
    expect(headline(total({ impressions: 1200, clicks: 1 }), 30, eur)).toMatchObject({ kind: "no-revenue" });
    expect(headline(undefined, 1, eur).text).toMatch(/today\.$/);
  });
});

describe("placements", () => {
  const lists = [
    list("personal", "home", 500, 20),
    list("trending", "home", 100, 2),
    list("similar", "product-page", 800, 40),
    list("trending", "", 50, 1),
  ];
  it("groups the lists by placement, most shown first, with the rate of the sums", () => {
    const rows = byPlacement(lists);
    expect(rows.map((r) => [r.placement, r.impressions, r.clicks, r.strategies])).toEqual([
      ["product-page", 800, 40, ["similar"]],
      ["home", 600, 22, ["personal", "trending"]],
      ["", 50, 1, ["trending"]],
    ]);
    expect(rows[1].ctr).toBeCloseTo(22 / 600, 12);
  });
  it("draws at most max named placements", () => {
    expect(topPlacements(lists)).toEqual({ names: ["product-page", "home"], more: 0 });
    expect(topPlacements(lists, 1)).toEqual({ names: ["product-page"], more: 1 });
  });
});

describe("trendRows", () => {
  it("puts today and the day before on the dashed part, and no point where there is no rate", () => {
    const rows = trendRows(
      [
        {
          key: "all",
          label: "All",
          days: [day("2026-11-29", 0, 0, 0), day("2026-11-30", 100, 5, 1), day("2026-12-01", 10, 1, 0, true)],
        },
        {
          key: "p0",
          label: "home",
          days: [day("2026-11-29", 50, 5, 0), day("2026-11-30", 50, 0, 0), day("2026-12-01", 0, 0, 0, true)],
        },
      ],
      "ctr",
    );
    expect(rows).toEqual([
      { date: "2026-11-29", partial: false, all: null, all_partial: null, p0: 0.1, p0_partial: null },
      { date: "2026-11-30", partial: false, all: 0.05, all_partial: 0.05, p0: 0, p0_partial: 0 },
      { date: "2026-12-01", partial: true, all: null, all_partial: 0.1, p0: null, p0_partial: null },
    ]);
    const conv = trendRows([{ key: "all", label: "All", days: [day("2026-11-30", 100, 5, 1)] }], "conversion_rate");
    expect(conv).toEqual([{ date: "2026-11-30", partial: false, all: 0.2, all_partial: null }]);
  });
});

describe("comparison with best-sellers", () => {
  it("compares the personalised lists' click-through with best-sellers'", () => {
    const c = compareWithBestSellers([
      list("personal", "home", 1000, 41),
      list("similar", "product-page", 1000, 41),
      list("trending", "home", 1000, 20),
    ]);
    expect(c.byStrategy.map((s) => s.label)).toEqual(["Best-sellers", "Picked for the shopper", "Similar products"]);
    expect(comparisonSentence(c)).toBe(
      "4.1% of personalised lists' impressions were clicked (82 of 2,000), against 2.0% of best-sellers' (20 of 1,000): personalised lists were clicked 2.0 times as often.",
    );
    expect(
      comparisonSentence(compareWithBestSellers([list("personal", "home", 100, 2), list("trending", "", 100, 4)])),
    ).toMatch(/best-sellers were clicked 2.0 times as often\.$/);
  });
  it("says when there is nothing to compare", () => {
    expect(comparisonSentence(compareWithBestSellers([list("personal", "home", 100, 2)]))).toMatch(
      /^No best-seller list was shown/,
    );
    expect(comparisonSentence(compareWithBestSellers([list("trending", "home", 100, 2)]))).toMatch(
      /^Only best-seller lists were shown/,
    );
  });
});

describe("rangeFrom", () => {
  it("counts back from today in the shop's time zone", () => {
    const late = new Date("2026-12-01T23:30:00Z");
    expect(shopToday("UTC", late)).toBe("2026-12-01");
    expect(shopToday("Europe/Berlin", late)).toBe("2026-12-02");
    expect(rangeFrom(7, "UTC", late)).toBe("2026-11-25");
    expect(rangeFrom(7, "Europe/Berlin", late)).toBe("2026-11-26");
    expect(rangeFrom(90, "Not/AZone", late)).toBe("2026-09-03");
  });
  it("counts the days of a range, both ends included", () => {
    expect(rangeDays("2026-11-02", "2026-12-01")).toBe(30);
    expect(rangeDays("2026-12-01", "2026-12-01")).toBe(1);
    expect(rangeDays("2026-12-02", "2026-12-01")).toBeNull();
    expect(rangeDays("", "2026-12-01")).toBeNull();
  });
});
