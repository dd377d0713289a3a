// What the model page derives from GET /api/model/: the progress bar, how
// often to poll, the metrics table and the NDCG-across-runs series.
import type { Metrics, ModelStatus, TrainingRun, Validation } from "../types";

/** POLL_TRAINING_MS and POLL_IDLE_MS are the model page's poll intervals. */
export const POLL_TRAINING_MS = 1000;
/** POLL_IDLE_MS is the poll interval while nothing trains. */
export const POLL_IDLE_MS = 10000;

/** pollDelay is how long to wait before asking again: every second while training. */
export function pollDelay(status: Pick<ModelStatus, "state"> | undefined): number {
  return status?.state === "training" ? POLL_TRAINING_MS : POLL_IDLE_MS;
}

/** progressPercent is the progress bar's value 0..100: the run's progress while training, 100 when idle with a model, 0 otherwise. */
export function progressPercent(status: ModelStatus | undefined): number {
  if (!status) return 0;
  if (status.state === "training") {
    const p = typeof status.progress === "number" && Number.isFinite(status.progress) ? status.progress : 0;
    return Math.round(Math.min(1, Math.max(0, p)) * 100);
  }
  return status.model_version ? 100 : 0;
}

/** MetricRow is one model's line of the metrics table. */
export interface MetricRow extends Metrics {
  model: string;
}

function metric(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? v : NaN;
}

/** metricRows lists models with their metrics, the ensemble first, then by NDCG (best first). */
export function metricRows(v: Validation | undefined): MetricRow[] {
  const rows = Object.entries(v ?? {}).map(([model, m]) => ({
    model,
    precision: metric(m?.precision),
    recall: metric(m?.recall),
    ndcg: metric(m?.ndcg),
    hit: metric(m?.hit_rate ?? m?.hit),
  }));
  const key = (r: MetricRow) => (Number.isNaN(r.ndcg) ? -1 : r.ndcg);
  return rows.sort(
    (a, b) =>
      Number(b.model === "ensemble") - Number(a.model === "ensemble") ||
      key(b) - key(a) ||
      a.model.localeCompare(b.model),
  );
}

/** NdcgSeries is the line chart's data: one row per run, one key per model. */
export interface NdcgSeries {
  rows: Record<string, number | string>[];
  models: string[];
}

/** ndcgSeries turns the run history into chart rows in version order; models missing from a run leave a gap. */
export function ndcgSeries(history: TrainingRun[] | undefined): NdcgSeries {
  const runs = [...(history ?? [])].sort((a, b) => a.model_version - b.model_version);
  const names = new Set<string>();
  const rows = runs.map((run) => {
    const row: Record<string, number | string> = { version: `v${run.model_version}` };
    for (const [model, m] of Object.entries(run.validation ?? {})) {
      const n = metric(m?.ndcg);
      if (Number.isNaN(n)) continue;
      row[model] = n;
      names.add(model);
    }
    return row;
  });
  const models = [...names].sort((a, b) => Number(b === "ensemble") - Number(a === "ensemble") || a.localeCompare(b));
  return { rows, models };
}

/** formatMetric shows a 0..1 metric with three decimals; missing shows a dash. */
export function formatMetric(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? "—" : v.toFixed(3);
}

/** formatDuration shows milliseconds as "850 ms", "12.3 s" or "2 min 5 s". */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

/** BASELINE is the validation's best-sellers model: time-decayed popularity, the same top list for every shopper. */
export const BASELINE = "popularity";

/** VALIDATION_K is how many recommendations per shopper the validation measures (model/validate.go's validationK). */
export const VALIDATION_K = 10;

/** Headline compares the served blend with best-sellers on the share of later choices each finds. */
export interface Headline {
  text: string;
  ratio: number;
  /** detail says what was measured, with both shares. */
  detail: string;
}

function share(v: number): string {
  return `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;
}

/** times shows a ratio as "4.7", or "6" when it is whole at one decimal. */
function times(r: number): string {
  return r.toFixed(1).replace(/\.0$/, "");
}

/**
 * headline compares the ensemble's recall with the best-sellers' recall on
 * the same held-out choices: how many times more of what shoppers later
 * chose the recommendations find. null when either figure is missing or the
 * baseline found nothing (a ratio to zero says nothing).
 */
export function headline(v: Validation | undefined): Headline | null {
  const rec = metric(v?.ensemble?.recall);
  const base = metric(v?.[BASELINE]?.recall);
  if (!Number.isFinite(rec) || !Number.isFinite(base) || base <= 0) return null;
  const ratio = rec / base;
  const users = v?.ensemble?.users;
  const who = typeof users === "number" && users > 0 ? `${users.toLocaleString("en-US")} shoppers` : "shoppers";
  const detail =
    `Measured on ${who} whose latest choices were held back from training: the ${VALIDATION_K} recommendations ` +
    `found ${share(rec)} of what each went on to choose, the ${VALIDATION_K} best-sellers ${share(base)}.`;
  let text: string;
  if (ratio >= 1.05) text = `Recommendations find ${times(ratio)}× more of what shoppers later chose than best-sellers`;
  else if (ratio > 0.95) text = "Recommendations find about as much of what shoppers later chose as best-sellers";
  else text = `Best-sellers find more of what shoppers later chose than recommendations (${times(1 / ratio)}× as much)`;
  return { text, ratio, detail };
}

/** MetricSentence is one metric in plain words. */
export interface MetricSentence {
  metric: string;
  value: string;
  sentence: string;
}

/** metricSentences says what each of the ensemble's figures means, with its own number; none without an ensemble. */
export function metricSentences(v: Validation | undefined): MetricSentence[] {
  const row = metricRows(v).find((r) => r.model === "ensemble");
  if (!row) return [];
  const out: MetricSentence[] = [];
  const add = (name: string, n: number, s: string) =>
    Number.isFinite(n) && out.push({ metric: name, value: formatMetric(n), sentence: s });
  add(
    "Precision",
    row.precision,
    `Of the ${VALIDATION_K} products recommended to a shopper, ${(row.precision * VALIDATION_K).toFixed(1)} on average were ones they later chose.`,
  );
  add(
    "Recall",
    row.recall,
    `Of the products a shopper later chose, the ${VALIDATION_K} recommendations had found ${share(row.recall)}.`,
  );
  add(
    "NDCG",
    row.ndcg,
    "How near the top the later choices were placed, from 0 to 1: 1 would put every one of them first in the list.",
  );
  add(
    "Hit rate",
    row.hit ?? NaN,
    `For ${share(row.hit ?? NaN)} of shoppers, at least one of their ${VALIDATION_K} recommendations was a product they later chose.`,
  );
  return out;
}
