// The settings form edits numbers as text (so a half-typed value is not
// lost) and checks them before sending; the server checks again and its
// per-field errors are shown the same way.
import type { InteractionType } from "../../api";
import type { ModelSettings } from "../types";
import { INTERACTION_TYPES } from "./stats";

/** SettingsDraft is the form's state: numbers as typed. */
export interface SettingsDraft {
  weights: Record<InteractionType, string>;
  half_life_days: string;
  retrain_interval_minutes: string;
  exclude: Record<InteractionType, boolean>;
}

/** toDraft fills the form from the server's settings. */
export function toDraft(s: ModelSettings): SettingsDraft {
  const weights = {} as Record<InteractionType, string>;
  const exclude = {} as Record<InteractionType, boolean>;
  for (const t of INTERACTION_TYPES) {
    weights[t] = String(s.weights?.[t] ?? "");
    exclude[t] = Boolean(s.exclude?.[t]);
  }
  return {
    weights,
    half_life_days: String(s.half_life_days ?? ""),
    retrain_interval_minutes: String(s.retrain_interval_minutes ?? ""),
    exclude,
  };
}

function num(raw: string, field: string, errors: Record<string, string>, check: (n: number) => string): number {
  const s = raw.trim();
  const n = Number(s);
  if (s === "" || !Number.isFinite(n)) {
    errors[field] = "Enter a number.";
    return NaN;
  }
  const problem = check(n);
  if (problem) errors[field] = problem;
  return n;
}

/**
 * fromDraft checks the form and builds the request body. Errors are keyed
 * like the server's details ("weights.like", "half_life_days").
 */
export function fromDraft(d: SettingsDraft): { value: ModelSettings | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const weights = {} as Record<InteractionType, number>;
  for (const t of INTERACTION_TYPES) {
    weights[t] = num(d.weights[t], `weights.${t}`, errors, (n) => (n < 0 ? "Must not be negative." : ""));
  }
  const half = num(d.half_life_days, "half_life_days", errors, (n) => (n <= 0 ? "Must be more than 0 days." : ""));
  const every = num(d.retrain_interval_minutes, "retrain_interval_minutes", errors, (n) =>
    !Number.isInteger(n) || n < 1 ? "Must be a whole number of minutes, at least 1." : "",
  );
  if (Object.keys(errors).length > 0) return { value: null, errors };
  return {
    value: { weights, half_life_days: half, retrain_interval_minutes: every, exclude: { ...d.exclude } },
    errors,
  };
}
