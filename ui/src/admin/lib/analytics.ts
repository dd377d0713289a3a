// Numbers and sentences derived from GET /api/analytics for the overview:
// the headline, the per-placement trends and the comparison with
// best-sellers. Rates of a group are rates of its sums (clicks of all its
// impressions), never a mean of rates.
import type { AnalyticsCounts, AnalyticsDay, AnalyticsList } from "../types";
import { formatShare } from "./stats";

/** MAX_PLACEMENT_SERIES is how many placements the trend charts draw (one request each). */
export const MAX_PLACEMENT_SERIES = 8;

/** TRENDING is the strategy of best-sellers. */
export const TRENDING = "trending";

/** STRATEGY_NAMES names each kind of list for the comparison with best-sellers. */
export const STRATEGY_NAMES: Record<string, string> = {
  trending: "Best-sellers",
  personal: "Picked for the shopper",
  similar: "Similar products",
  "bought-together": "Bought together",
};

const EMPTY: AnalyticsCounts = {
  impressions: 0,
  clicks: 0,
  ctr: 0,
  carts: 0,
  purchases: 0,
  conversion_rate: 0,
  revenue: 0,
};

const n = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/** sumCounts adds rows up and computes the rates of the sums. */
export function sumCounts(rows: AnalyticsCounts[]): AnalyticsCounts {
  const s = { ...EMPTY };
  for (const r of rows) {
    s.impressions += n(r.impressions);
    s.clicks += n(r.clicks);
    s.carts += n(r.carts);
    s.purchases += n(r.purchases);
    s.revenue += n(r.revenue);
  }
  s.revenue = Math.round(s.revenue * 100) / 100;
  s.ctr = s.impressions ? s.clicks / s.impressions : 0;
  s.conversion_rate = s.clicks ? s.purchases / s.clicks : 0;
  return s;
}

/** PlacementRow is one placement's lists over the range ("" for lists asked for without a placement). */
export interface PlacementRow extends AnalyticsCounts {
  placement: string;
  strategies: string[];
}

/** byPlacement groups the lists by placement, most impressions first. */
export function byPlacement(lists: AnalyticsList[] | undefined): PlacementRow[] {
  const groups = new Map<string, AnalyticsList[]>();
  for (const l of lists ?? []) {
    const k = l.placement ?? "";
    groups.set(k, [...(groups.get(k) ?? []), l]);
  }
  return [...groups.entries()]
    .map(([placement, ls]) => ({
      placement,
      strategies: [...new Set(ls.map((l) => l.strategy))].sort(),
      ...sumCounts(ls),
    }))
    .sort((a, b) => b.impressions - a.impressions || a.placement.localeCompare(b.placement));
}

/** topPlacements names the placements to draw (at most max, most impressions first) and how many are left out. */
export function topPlacements(
  lists: AnalyticsList[] | undefined,
  max = MAX_PLACEMENT_SERIES,
): { names: string[]; more: number } {
  const named = byPlacement(lists).filter((r) => r.placement !== "");
  return { names: named.slice(0, max).map((r) => r.placement), more: Math.max(0, named.length - max) };
}

/** TrendMetric is what a trend chart draws. */
export type TrendMetric = "ctr" | "conversion_rate";

/** Series is one line of a trend chart: its key in the rows, its name, and its days. */
export interface Series {
  key: string;
  label: string;
  days: AnalyticsDay[];
}

/** TrendRow is one day of a trend chart; a series without a value that day (nothing shown, or nothing clicked) has null. */
export type TrendRow = { date: string; partial: boolean } & Record<string, string | boolean | number | null>;

/** partialKey is the key of a series' dashed part: the last full day and the partial one. */
export function partialKey(key: string): string {
  return `${key}_partial`;
}

function metricOf(d: AnalyticsDay | undefined, metric: TrendMetric): number | null {
  if (!d) return null;
  // A rate of nothing is not 0%: a day without impressions (or clicks) has no point.
  const base = metric === "ctr" ? n(d.impressions) : n(d.clicks);
  return base > 0 ? n(d[metric]) : null;
}

/**
 * trendRows makes a trend chart's rows: one per day, each series' value
 * under its key for full days and under its partial key for the partial day
 * and the full day before it, so the line goes on dashed into today.
 */
export function trendRows(series: Series[], metric: TrendMetric): TrendRow[] {
  const dates = new Map<string, boolean>();
  for (const s of series) for (const d of s.days) dates.set(d.date, Boolean(d.partial) || dates.get(d.date) === true);
  const order = [...dates.keys()].sort();
  const firstPartial = order.findIndex((d) => dates.get(d));
  const rows: TrendRow[] = order.map((date) => ({ date, partial: dates.get(date) === true }));
  for (const s of series) {
    const byDate = new Map(s.days.map((d) => [d.date, d]));
    order.forEach((date, i) => {
      const v = metricOf(byDate.get(date), metric);
      const row = rows[i];
      row[s.key] = row.partial ? null : v;
      row[partialKey(s.key)] = firstPartial >= 0 && i >= firstPartial - 1 ? v : null;
    });
  }
  return rows;
}

/** Rate is clicks of impressions. */
export interface Rate {
  impressions: number;
  clicks: number;
  ctr: number;
}

const rate = (ls: AnalyticsList[]): Rate => {
  const s = sumCounts(ls);
  return { impressions: s.impressions, clicks: s.clicks, ctr: s.ctr };
};

/** Comparison is best-sellers' click-through against the personalised lists' (every other strategy). */
export interface Comparison {
  trending: Rate;
  personalised: Rate;
  byStrategy: ({ strategy: string; label: string } & Rate)[];
}

/** compareWithBestSellers sums the lists by strategy, best-sellers apart. */
export function compareWithBestSellers(lists: AnalyticsList[] | undefined): Comparison {
  const all = lists ?? [];
  const strategies = [...new Set(all.map((l) => l.strategy))];
  const order = Object.keys(STRATEGY_NAMES);
  strategies.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b));
  return {
    trending: rate(all.filter((l) => l.strategy === TRENDING)),
    personalised: rate(all.filter((l) => l.strategy !== TRENDING)),
    byStrategy: strategies.map((s) => ({
      strategy: s,
      label: STRATEGY_NAMES[s] ?? s,
      ...rate(all.filter((l) => l.strategy === s)),
    })),
  };
}

const count = (v: number) => v.toLocaleString("en-US");

/** comparisonSentence says in words how personalised lists and best-sellers were clicked. */
export function comparisonSentence(c: Comparison): string {
  const { trending: t, personalised: p } = c;
  if (t.impressions === 0 && p.impressions === 0)
    return "No list was shown in this period, so there is nothing to compare.";
  if (t.impressions === 0)
    return `No best-seller list was shown in this period, so there is nothing to compare the personalised lists' ${formatShare(p.ctr)} click-through with.`;
  if (p.impressions === 0)
    return `Only best-seller lists were shown in this period (${formatShare(t.ctr)} of them clicked), so there is nothing to compare them with.`;
  const both = `${formatShare(p.ctr)} of personalised lists' impressions were clicked (${count(p.clicks)} of ${count(p.impressions)}), against ${formatShare(t.ctr)} of best-sellers' (${count(t.clicks)} of ${count(t.impressions)})`;
  if (p.clicks === 0 && t.clicks === 0) return `Neither personalised lists nor best-sellers have been clicked yet.`;
  if (t.clicks === 0) return `${both}: best-sellers have not been clicked yet.`;
  if (p.clicks === 0) return `${both}: personalised lists have not been clicked yet.`;
  const ratio = p.ctr / t.ctr;
  if (ratio >= 0.95 && ratio <= 1.05) return `${both}: about the same.`;
  return ratio > 1
    ? `${both}: personalised lists were clicked ${ratio.toFixed(1)} times as often.`
    : `${both}: best-sellers were clicked ${(1 / ratio).toFixed(1)} times as often.`;
}

/** periodPhrase names the range as the headline says it ("in the last 30 days", "today"). */
export function periodPhrase(days: number): string {
  if (days <= 1) return "today";
  return `in the last ${days} days`;
}

/** Headline is the overview's first sentence: what recommendations earned, or why there is nothing to say yet. */
export interface Headline {
  kind: "nothing-shown" | "no-clicks" | "no-revenue" | "revenue";
  text: string;
}

/** headline says what recommendations drove over the range, in the shop's currency (money formats an amount). */
export function headline(
  total: (AnalyticsCounts & { total_revenue: number; revenue_share: number }) | undefined,
  days: number,
  money: (v: number) => string,
): Headline {
  const when = periodPhrase(days);
  const t = total ?? { ...EMPTY, total_revenue: 0, revenue_share: 0 };
  if (n(t.impressions) === 0)
    return {
      kind: "nothing-shown",
      text: `No recommendation has been clicked yet: shelf has not shown a list ${when}.`,
    };
  if (n(t.clicks) === 0)
    return {
      kind: "no-clicks",
      text: `No recommendation has been clicked yet: shoppers were shown ${count(n(t.impressions))} ${n(t.impressions) === 1 ? "list" : "lists"} ${when}.`,
    };
  if (n(t.total_revenue) === 0)
    return {
      kind: "no-revenue",
      text: `Recommendations were clicked ${count(n(t.clicks))} ${n(t.clicks) === 1 ? "time" : "times"} ${when}, but no purchase has been recorded yet, so there is no revenue to credit to them.`,
    };
  const share = t.revenue_share ?? n(t.revenue) / n(t.total_revenue);
  return {
    kind: "revenue",
    text: `Recommendations drove ${money(n(t.revenue))} (${formatShare(share)} of revenue) ${when}.`,
  };
}

/** rangeDays counts the days from from to to (YYYY-MM-DD), both included; null when either is not a date. */
export function rangeDays(from: string, to: string): number | null {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (!Number.isFinite(a) || !Number.isFinite(b) || b < a) return null;
  return Math.round((b - a) / 86400000) + 1;
}

/** shopToday is today's date (YYYY-MM-DD) in a time zone; UTC for a zone the browser does not know. */
export function shopToday(timeZone: string, now: Date = new Date()): string {
  const fmt = (tz: string) =>
    new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  try {
    return fmt(timeZone);
  } catch {
    return fmt("UTC");
  }
}

/** rangeFrom is the first day of the last days days, today (in the shop's time zone) included. */
export function rangeFrom(days: number, timeZone: string, now: Date = new Date()): string {
  const [y, m, d] = shopToday(timeZone, now).split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d - (days - 1))).toISOString().slice(0, 10);
}
