// Shapes of the admin API's answers, as the server's contract states them.
import type { InteractionType } from "../api";

/** Counts per interaction type. */
export type TypeCounts = Record<InteractionType, number>;

/** The overview's numbers: GET /api/admin/stats. */
export interface Stats {
  counts: { products: number; users: number; interactions: number };
  per_day: ({ date: string } & TypeCounts)[];
  funnel: TypeCounts;
  top_products: { id: number; name: string; category: string; count: number }[];
  top_categories: { name: string; count: number }[];
}

/** Ranking quality of one model on the held-out data. */
export interface Metrics {
  precision: number;
  recall: number;
  ndcg: number;
  hit?: number;
  /** The server's name for the hit rate. */
  hit_rate?: number;
  /** users is how many shoppers were measured. */
  users?: number;
}

/** Validation metrics per model, "ensemble" included. */
export type Validation = Record<string, Metrics>;

/** The trainer's state. */
export interface ModelStatus {
  state: "idle" | "training";
  phase?: string;
  progress?: number;
  model_version?: number;
  trained_at?: string;
  duration_ms?: number;
  users?: number;
  items?: number;
  events?: number;
  models?: string[];
  weights?: Record<string, number>;
  validation?: Validation;
  last_error?: string;
  /** held_back is a trained model the publish guard kept from serving. */
  held_back?: HeldBack;
  /** can_restore says a previous model can serve again. */
  can_restore?: boolean;
  /** limits says, one sentence each, what training limited at this size and why. */
  limits?: string[];
  /** refreshed is set when this model was refreshed from an earlier one rather than trained in full. */
  refreshed?: Refreshed;
}

/** What a refresh solved again, starting from the model trained at from. */
export interface Refreshed {
  from: string;
  changed_users: number;
  changed_items: number;
  new_items: number;
}

/** A trained model that scored clearly below the serving one on validation. */
export interface HeldBack {
  trained_at: string;
  ndcg: number;
  serving_ndcg: number;
  reason: string;
}

/** One finished training run. */
export interface TrainingRun {
  model_version: number;
  trained_at: string;
  duration_ms: number;
  events: number;
  validation?: Validation;
}

/** The trainer's editable settings. */
export interface ModelSettings {
  weights: TypeCounts;
  half_life_days: number;
  retrain_interval_minutes: number;
  exclude: Record<InteractionType, boolean>;
}

/** GET /api/model/. history and settings may be absent on older servers. */
export interface ModelInfo {
  status: ModelStatus;
  history?: TrainingRun[];
  settings?: ModelSettings;
  cache?: { hits: number; misses: number };
}

/** A user's taste as the last training saw it. */
export interface Profile {
  user_id: number;
  top_categories: string[];
  preferences: Record<string, number>;
  embedding?: number[];
  updated_at?: string;
}

/** One recorded interaction. */
export interface Interaction {
  id: number;
  user_id?: number | null;
  product_id: number;
  interaction_type: InteractionType;
  rating?: number | null;
  timestamp: string;
  session_id?: string;
}

/** An API key as listed (the secret itself is never listed). */
export interface ApiKey {
  id: number | string;
  name: string;
  kind: "secret" | "publishable";
  prefix: string;
  created_at: string;
  last_used_at: string | null;
}

/** A key just created: the only time its full secret is shown. */
export interface NewApiKey extends ApiKey {
  key: string;
}

/** GET /readyz, 200 or 503. */
export interface Health {
  status: string;
  checks: Record<string, string>;
}

/** The signed-in admin. */
export interface Session {
  username: string;
  csrf_token: string;
  /** demo (GET /api/auth/me only) says the server runs with -demo. */
  demo?: boolean;
}

/** Which list a placement shows. */
export type Strategy = "personal" | "similar" | "bought-together" | "trending";

/** What a rule does: put a product at a position, raise or lower matching products' scores, or leave them out. */
export type RuleType = "pin" | "boost" | "bury" | "exclude";

/** A placement's default filters. Prices are decimals (the server answers 19.90). */
export interface PlacementFilters {
  category?: string;
  brand?: string;
  tag?: string;
  min_price?: number | string;
  max_price?: number | string;
}

/** Which products a boost, bury or exclude rule applies to: every part given must hold. */
export interface Condition extends PlacementFilters {
  attributes?: Record<string, string>;
  newer_than_days?: number;
  ids?: number[];
}

/** One of a placement's rules, optionally only between from and until (RFC 3339). */
export interface Rule {
  type: RuleType;
  product_id?: number;
  position?: number;
  factor?: number;
  when?: Condition;
  from?: string;
  until?: string;
}

/** A named spot in the shop where a list appears, and how that list is shaped. */
export interface Placement {
  name: string;
  strategy: Strategy;
  count?: number;
  filters?: PlacementFilters;
  fallback?: "" | "none" | Strategy;
  max_per_category?: number;
  max_per_brand?: number;
  rules?: Rule[];
  updated_at?: string;
}

/** GET /api/placements/. */
export interface PlacementList {
  placements: Placement[];
  count: number;
}

/** One product of a previewed list, in one shape whatever the endpoint answered. */
export interface PreviewItem {
  id: number;
  name: string;
  category: string;
  price: number;
  brand?: string;
  reason?: string;
  /** The rules that moved the item: their index and type. */
  rules: { rule: number; type: RuleType }[];
}

/** What analytics counts of a set of lists: shown, clicked, put in the cart, bought, and the revenue credited to them. */
export interface AnalyticsCounts {
  impressions: number;
  clicks: number;
  /** ctr is clicks / impressions. */
  ctr: number;
  carts: number;
  purchases: number;
  /** conversion_rate is attributed purchases / clicks. */
  conversion_rate: number;
  /** revenue is the value of the purchases credited to the lists. */
  revenue: number;
}

/** One day of GET /api/analytics, in the shop's time zone; partial is true for today. */
export interface AnalyticsDay extends AnalyticsCounts {
  date: string;
  partial: boolean;
  /** total_revenue is every purchase's value that day, from a list or not. */
  total_revenue: number;
}

/** One kind of list (strategy), placement and experiment variant over the range. */
export interface AnalyticsList extends AnalyticsCounts {
  strategy: string;
  placement: string;
  variant: string;
}

/** GET /api/analytics. */
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
  total: AnalyticsCounts & { total_revenue: number; revenue_share: number };
}

/** The range and slice of GET /api/analytics; days are YYYY-MM-DD in the shop's time zone. */
export interface AnalyticsQuery {
  from?: string;
  to?: string;
  placement?: string;
  variant?: string;
}

/** Where an experiment is: a draft can still change; running splits the shoppers; stopped and shipped are over. */
export type ExperimentStatus = "draft" | "running" | "stopped" | "shipped";

/** One arm of an experiment. The control changes nothing; the others override the placement's list, rules or blend weights. */
export interface ExperimentVariant {
  name: string;
  /** share of the placement's shoppers, 0..1; an experiment's shares sum to 1. */
  share: number;
  /** strategy "blend" is the placement's own list, "trending" best-sellers; absent changes nothing. */
  strategy?: "blend" | "trending";
  /**
   * settings.rules false turns the placement's rules off; settings.weights
   * (a personal placement only) blends the trained models with other weights,
   * keyed cf, mf, ease, knn, bpr, each 0..100.
   */
  settings?: { rules?: boolean; weights?: Record<string, number> };
}

/** An experiment: the shoppers of one placement split between variants. Times are RFC 3339. */
export interface Experiment {
  id: number;
  name: string;
  placement: string;
  status: ExperimentStatus;
  variants: ExperimentVariant[];
  created_at: string;
  started_at: string | null;
  stopped_at: string | null;
  /** shipped_variant is the variant every shopper gets once shipped ("" before). */
  shipped_variant: string;
}

/** How a variant's metric compares with the control's: the relative difference's 95% interval, its p-value, and the sample a difference this size needs. */
export interface VersusControl {
  difference: number;
  relative: number;
  relative_ci: [number, number];
  p_value: number;
  significant: boolean;
  needed_per_variant: number;
}

/** One variant's results, with 95% intervals. */
export interface VariantResult {
  name: string;
  control: boolean;
  shoppers: number;
  impressions: number;
  clicks: number;
  ctr: number;
  ctr_ci: [number, number];
  conversions: number;
  conversion_rate: number;
  conversion_ci: [number, number];
  revenue: number;
  revenue_per_shopper: number;
  revenue_per_shopper_ci: [number, number];
  /** vs_control is null for the control itself. */
  vs_control: { ctr: VersusControl; conversion_rate: VersusControl; revenue_per_shopper: VersusControl } | null;
}

/** An experiment's results: per variant, the winner when there is one, and the server's sentence. */
export interface ExperimentResults {
  variants: VariantResult[];
  winner: string | null;
  summary: string;
}

/** GET /api/experiments/{id}: the experiment and, once it has data, its results. */
export interface ExperimentDetail extends Experiment {
  results?: ExperimentResults | null;
}

/** The body of POST /api/experiments. */
export interface ExperimentInput {
  name: string;
  placement: string;
  variants: ExperimentVariant[];
}

/** What PATCH /api/experiments/{id} does; ship names the variant every shopper gets. */
export type ExperimentAction = "start" | "stop" | "ship";
