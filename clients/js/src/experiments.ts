import type { Price } from "./catalog.js";

/** ExperimentStatus is where an experiment is in its life. */
export type ExperimentStatus = "draft" | "running" | "stopped" | "shipped";

/**
 * Variant is one arm of an experiment. The first variant that overrides
 * nothing is the control.
 */
export interface Variant {
  name: string;
  /** The part of the shoppers it gets; the shares of an experiment sum to 1. */
  share: number;
  /** `trending` serves best-sellers instead of the placement's own list (`blend`). */
  strategy?: "blend" | "trending";
  settings?: VariantSettings;
}

/** VariantSettings override the placement for a variant. */
export interface VariantSettings {
  /** false serves the placement without its rules. */
  rules?: boolean;
  /**
   * On a personal placement, blend the trained models with these weights
   * instead: `cf`, `mf`, `ease`, `knn`, `bpr`.
   */
  weights?: Record<string, number>;
}

/** NewExperiment is what createExperiment needs: 2 to 8 variants. */
export interface NewExperiment {
  name: string;
  placement: string;
  variants: Variant[];
}

/** Experiment splits the shoppers of one placement between variants. */
export interface Experiment {
  id: number;
  name: string;
  placement: string;
  status: ExperimentStatus;
  variants: Variant[];
  /** RFC 3339 times. */
  created_at: string;
  started_at: string | null;
  stopped_at: string | null;
  /** The variant every shopper gets once shipped; "" before. */
  shipped_variant: string;
}

/** ExperimentWithResults is GET /api/experiments/{id}: the experiment and its figures. */
export interface ExperimentWithResults extends Experiment {
  results: ExperimentResults;
}

/** ExperimentResults are an experiment's figures per variant. */
export interface ExperimentResults {
  variants: VariantResult[];
  /** The winning variant's name, null while none is significantly better. */
  winner: string | null;
  /** The outcome in one sentence. */
  summary: string;
}

/** An interval, [low, high], at 95%. */
export type Interval = [number, number];

/** VariantResult is one variant's figures, with 95% intervals. */
export interface VariantResult {
  name: string;
  control: boolean;
  shoppers: number;
  impressions: number;
  clicks: number;
  clicked_lists: number;
  /** Clicked lists per impression. */
  ctr: number;
  ctr_ci: Interval;
  /** Attributed purchases. */
  conversions: number;
  /** Attributed purchases per click. */
  conversion_rate: number;
  conversion_ci: Interval;
  revenue: Price;
  /** What a shopper spent on any purchase after the variant first served them. */
  revenue_per_shopper: number;
  revenue_per_shopper_ci: Interval;
  /** The variant against the control; null for the control itself. */
  vs_control: Comparison | null;
}

/** Comparison is a variant against the control, metric by metric. */
export interface Comparison {
  ctr: Difference;
  conversion_rate: Difference;
  revenue_per_shopper: Difference;
}

/** Difference is one metric of a variant against the control's. */
export interface Difference {
  difference: number;
  /** The difference over the control's value. */
  relative: number;
  relative_ci: Interval;
  p_value: number;
  /** true when the difference is significant at 5%. */
  significant: boolean;
  /** How many per variant a difference of this size needs (alpha 0.05, power 0.8). */
  needed_per_variant: number;
}

/** ExperimentAction is what updateExperiment does. */
export type ExperimentAction = "start" | "stop" | "ship";
