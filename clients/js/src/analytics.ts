import type { Price } from "./catalog.js";

/**
 * AnalyticsQuery selects the days and lists of a report. Leaving it out is
 * the last 30 days, today included, of every list.
 */
export interface AnalyticsQuery {
  /** The first day, `YYYY-MM-DD` in the shop's time zone. */
  from?: string;
  /** The last day, included. */
  to?: string;
  /** Only the lists of this placement. */
  placement?: string;
  /** Only one experiment's variant, as `EXPERIMENT:VARIANT` (`3:trending`, or `3:1` by index). */
  variant?: string;
}

/** Funnel is what the lists of a day, of a kind of list or of the whole range led to. */
export interface Funnel {
  /** Lists served (bots left out). */
  impressions: number;
  /** Recommendation clicks. */
  clicks: number;
  /** Lists clicked at least once. */
  clicked_lists: number;
  /** Clicked lists per impression, a proportion. */
  ctr: number;
  /** Carts attributed to the lists. */
  carts: number;
  /** Purchases attributed to the lists. */
  purchases: number;
  /** Attributed purchases per click. */
  conversion_rate: number;
  /** The value of the attributed purchases. */
  revenue: Price;
}

/** AnalyticsDay is one day of a report. */
export interface AnalyticsDay extends Funnel {
  /** `YYYY-MM-DD`. */
  date: string;
  /** true for today, which is not over. */
  partial: boolean;
  /** The value of every purchase of the day, attributed or not. */
  total_revenue: Price;
}

/** AnalyticsList is one kind of list (strategy, placement and variant) over the range. */
export interface AnalyticsList extends Funnel {
  /** `personal`, `similar`, `bought-together` or `trending`. */
  strategy: string;
  /** The placement, "" for lists asked for without one. */
  placement: string;
  /** `EXPERIMENT:VARIANT`, "" outside an experiment. */
  variant: string;
}

/** AnalyticsTotal is the whole range. */
export interface AnalyticsTotal extends Funnel {
  total_revenue: Price;
  /** `revenue` over `total_revenue`. */
  revenue_share: number;
}

/** Analytics is the report of GET /api/analytics. */
export interface Analytics {
  from: string;
  to: string;
  placement: string;
  variant: string;
  time_zone: string;
  currency: string;
  attribution_window_days: number;
  days: AnalyticsDay[];
  lists: AnalyticsList[];
  total: AnalyticsTotal;
}
