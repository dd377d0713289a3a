import type { PriceInput } from "./catalog.js";

/** Strategy is which list a placement shows, and so which endpoint may ask for it. */
export type Strategy = "personal" | "similar" | "bought-together" | "trending";

/**
 * Placement is a named spot of the shop where a list appears (the home
 * page, a product page, the cart), with how its list is made. Only `name`
 * and `strategy` are required.
 */
export interface Placement {
  name: string;
  /**
   * `personal` (recommendations and sessionRecommendations), `similar`,
   * `bought-together` or `trending` (popular).
   */
  strategy: Strategy;
  /** The list's length when a request does not say; 10 by default. */
  count?: number;
  /** The filters a request does not give itself. */
  filters?: PlacementFilters;
  /** Which list fills the rest when too few qualify: `trending` (the default) or `none`. */
  fallback?: "trending" | "none";
  /** At most this many of one category. */
  max_per_category?: number;
  /** At most this many of one brand. */
  max_per_brand?: number;
  rules?: Rule[];
  /** When it was last saved (RFC 3339); shelf ignores it on input. */
  updated_at?: string;
}

/** PlacementFilters are a placement's default filters. */
export interface PlacementFilters {
  category?: string;
  brand?: string;
  tag?: string;
  min_price?: PriceInput;
  max_price?: PriceInput;
}

/** RuleWindow limits a rule to a time window, RFC 3339 times. */
export interface RuleWindow {
  from?: string;
  until?: string;
}

/**
 * Rule is one of a placement's rules, applied after the models score and
 * before the list is cut: a pin puts a product at a position (from 1); a
 * boost or bury multiplies the scores of the products matching `when` by
 * `factor`; an exclude leaves them out.
 */
export type Rule =
  | (RuleWindow & { type: "pin"; product_id: number; position: number })
  | (RuleWindow & { type: "boost" | "bury"; factor: number; when?: Condition })
  | (RuleWindow & { type: "exclude"; when?: Condition });

/** Condition is which products a rule applies to: those matching every field given. */
export interface Condition {
  category?: string;
  brand?: string;
  tag?: string;
  attributes?: Record<string, string>;
  min_price?: PriceInput;
  max_price?: PriceInput;
  newer_than_days?: number;
  ids?: number[];
}

/** SavedPlacement is a placement as shelf answers it, with its saving time. */
export interface SavedPlacement extends Placement {
  updated_at: string;
}
