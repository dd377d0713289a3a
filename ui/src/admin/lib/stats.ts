// Numbers derived from the overview's stats for the funnel and the chart.
import type { InteractionType } from "../../api";
import type { Stats, TypeCounts } from "../types";

/** INTERACTION_TYPES lists the interaction types in funnel order. */
export const INTERACTION_TYPES: InteractionType[] = ["view", "like", "cart", "purchase"];

/** TYPE_COLORS gives each type one colour in every chart (colour-blind friendly Okabe-Ito hues). */
export const TYPE_COLORS: Record<InteractionType, string> = {
  view: "#56B4E9",
  like: "#CC79A7",
  cart: "#E69F00",
  purchase: "#009E73",
};

/** FunnelStep is one stage of view -> cart -> purchase. */
export interface FunnelStep {
  type: InteractionType;
  count: number;
  /** fromPrevious is the share of the previous stage that reached this one (null for the first stage or an empty one). */
  fromPrevious: number | null;
  /** fromFirst is the share of views that reached this stage (null when there are no views). */
  fromFirst: number | null;
}

function count(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? v : 0;
}

/** funnelSteps computes view -> cart -> purchase with conversion shares; likes sit outside the funnel. */
export function funnelSteps(funnel: Partial<TypeCounts> | undefined): FunnelStep[] {
  const order: InteractionType[] = ["view", "cart", "purchase"];
  const counts = order.map((t) => count(funnel?.[t]));
  return order.map((type, i) => ({
    type,
    count: counts[i],
    fromPrevious: i === 0 || counts[i - 1] === 0 ? null : counts[i] / counts[i - 1],
    fromFirst: counts[0] === 0 ? null : counts[i] / counts[0],
  }));
}

/** formatShare shows a conversion share with one decimal under 10% ("2.5%"), whole above ("38%"); null shows a dash. */
export function formatShare(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return "—";
  const pct = share * 100;
  return pct < 10 ? `${pct.toFixed(1)}%` : `${Math.round(pct)}%`;
}

/** perDayRows makes the chart's rows: every type present as a number, dates in order. */
export function perDayRows(perDay: Stats["per_day"] | undefined): ({ date: string } & TypeCounts)[] {
  return [...(perDay ?? [])]
    .map((d) => ({
      date: String(d.date),
      view: count(d.view),
      like: count(d.like),
      cart: count(d.cart),
      purchase: count(d.purchase),
    }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * partialDay is the chart's last date when it is today in UTC (the days of
 * GET /api/admin/stats are UTC days): a day not over yet, whose counts
 * still grow, so its drop is no trend. undefined otherwise.
 */
export function partialDay(rows: { date: string }[], now: Date = new Date()): string | undefined {
  const last = rows.at(-1)?.date;
  return last && last === now.toISOString().slice(0, 10) ? last : undefined;
}

/** shortDate shows "2026-11-01" as "Nov 1" for chart axes; other text passes through. */
export function shortDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const mi = Number(m[2]) - 1;
  return months[mi] ? `${months[mi]} ${Number(m[3])}` : date;
}
