import { useCallback, useEffect, useRef, useState } from "react";
import { Play } from "lucide-react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { isAbort } from "../../api";
import { ErrorMessage, describeError } from "../../components/ErrorMessage";
import { modelLabel } from "../../components/ScoreExplanation";
import { useAdmin } from "../context";
import { Bar, BUTTON, Card, PageHeader, TD, TH, Table, formatDateTime } from "../components/ui";
import { ModelGuard } from "../components/ModelGuard";
import { SettingsForm } from "../components/SettingsForm";
import {
  BASELINE,
  formatDuration,
  formatMetric,
  headline,
  metricRows,
  metricSentences,
  ndcgSeries,
  pollDelay,
  progressPercent,
  VALIDATION_K,
} from "../lib/model";
import { sentence } from "../lib/sentence";
import type { ModelInfo } from "../types";

// Okabe-Ito hues, ensemble in black so it stands out among the models.
const LINE_COLORS = ["#000000", "#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442"];

/**
 * useModelInfo polls GET /api/model/: every second while a training runs,
 * every ten seconds otherwise. refresh asks at once (after "Train now").
 */
function useModelInfo() {
  const { client } = useAdmin();
  const [info, setInfo] = useState<ModelInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const infoRef = useRef<ModelInfo | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await client.model(ctl.signal);
        infoRef.current = next;
        setInfo(next);
        setError(null);
      } catch (err) {
        if (ctl.signal.aborted || isAbort(err)) return;
        setError(err);
      }
      if (!ctl.signal.aborted) timer = setTimeout(poll, pollDelay(infoRef.current?.status));
    };
    void poll();
    return () => {
      ctl.abort();
      clearTimeout(timer);
    };
  }, [client, tick]);
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  return { info, error, refresh };
}

/** ModelPage shows the trainer's state with live progress, starts a training, and shows metrics, history, weights and settings. */
export function ModelPage() {
  const { client } = useAdmin();
  const { info, error, refresh } = useModelInfo();
  const [trainError, setTrainError] = useState("");
  const [starting, setStarting] = useState(false);
  const st = info?.status;
  const training = st?.state === "training";
  const pct = progressPercent(st);

  const train = async () => {
    setStarting(true);
    setTrainError("");
    try {
      await client.train();
    } catch (err) {
      setTrainError(describeError(err).message);
    } finally {
      setStarting(false);
      refresh();
    }
  };

  return (
    <>
      <PageHeader
        title="Model"
        subtitle="The recommender's training, quality and settings"
        actions={
          <button
            type="button"
            className={BUTTON}
            onClick={() => void train()}
            disabled={starting || training}
            data-testid="train-button"
          >
            <Play aria-hidden className="size-4" /> {training ? "Training…" : starting ? "Starting…" : "Train now"}
          </button>
        }
      />
      {error !== null && <ErrorMessage error={error} title="Could not load the model's state" onRetry={refresh} />}
      {trainError && (
        <p role="alert" className="text-sm text-red-700">
          {trainError}
        </p>
      )}
      <QualityHeadline info={info} />
      <Card title="State">
        <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
          <p>
            <span
              data-testid="model-state"
              data-state={st?.state ?? "unknown"}
              className={`mr-2 inline-block rounded-full px-2 py-0.5 text-xs font-semibold ${
                training ? "bg-amber-100 text-amber-900" : "bg-emerald-100 text-emerald-900"
              }`}
            >
              {st ? (training ? "training" : st.state) : "loading"}
            </span>
            {training && st?.phase && <span className="text-stone-600">phase: {st.phase}</span>}
            {!training && st?.model_version ? (
              <span className="text-stone-600">
                model v{st.model_version}, trained {formatDateTime(st.trained_at)} in {formatDuration(st.duration_ms)}
              </span>
            ) : null}
          </p>
          {st && (
            <p className="text-stone-600 tabular-nums">
              learned from {st.events?.toLocaleString("en-US") ?? "—"} interactions of the{" "}
              {st.users?.toLocaleString("en-US") ?? "—"} shoppers who have any, on{" "}
              {st.items?.toLocaleString("en-US") ?? "—"} products
            </p>
          )}
        </div>
        {!training && st?.refreshed && (
          <p data-testid="model-refreshed" className="mt-2 text-sm text-stone-600">
            Refreshed from the model trained {formatDateTime(st.refreshed.from)}:{" "}
            {plural(st.refreshed.changed_users, "shopper")} and {plural(st.refreshed.changed_items, "product")} solved
            again
            {st.refreshed.new_items > 0 ? `, ${plural(st.refreshed.new_items, "new product")} added` : ""}. Settings and
            validation are those of the last full training.
          </p>
        )}
        <div className="mt-3">
          <div
            role="progressbar"
            aria-label="Training progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
            aria-valuetext={
              training ? `${pct}%${st?.phase ? `, ${st.phase}` : ""}` : pct === 100 ? "done" : "not trained"
            }
            data-testid="train-progress"
            className="h-2.5 overflow-hidden rounded-full bg-stone-100"
          >
            <div
              className={`h-full rounded-full transition-[width] duration-500 ${training ? "bg-amber-500" : "bg-emerald-500"}`}
              style={{ width: `${pct}%` }}
            />
          </div>
          <p className="mt-1 text-xs text-stone-600" aria-live="polite">
            {training
              ? `Training: ${pct}%`
              : st?.held_back
                ? "Done: the new model was held back, and the serving model stays."
                : pct === 100
                  ? "Done: the newest model is serving."
                  : "No model trained yet."}
          </p>
        </div>
        {st?.last_error && (
          <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            The last training failed: {sentence(st.last_error)}
          </p>
        )}
        {info?.cache && (
          <p className="mt-3 text-xs text-stone-600">
            Recommendation cache: {info.cache.hits.toLocaleString("en-US")} hits,{" "}
            {info.cache.misses.toLocaleString("en-US")} misses
          </p>
        )}
      </Card>
      <ModelGuard status={st} onChange={refresh} />
      {st?.limits && st.limits.length > 0 && (
        <Card title="Limits at this size">
          <ul data-testid="model-limits" className="list-disc space-y-1 pl-5 text-sm text-stone-700">
            {st.limits.map((l) => (
              // As the server words them: they start with a component's name, which stays lower case.
              <li key={l}>{/[.!?]$/.test(l) ? l : `${l}.`}</li>
            ))}
          </ul>
        </Card>
      )}
      {info && (
        <div className="grid gap-6 lg:grid-cols-3">
          <Card title="Last run's metrics" className="lg:col-span-2">
            <MetricsTable info={info} />
            <MetricSentences info={info} />
          </Card>
          <Card title="Ensemble weights">
            <Weights weights={st?.weights} />
          </Card>
        </div>
      )}
      {info && (
        <Card title="NDCG across runs">
          <NdcgChart info={info} />
        </Card>
      )}
      {info && (
        <Card title="Settings">
          {info.settings ? (
            <SettingsForm settings={info.settings} onSaved={refresh} />
          ) : (
            <p className="text-sm text-stone-600">This server does not report its settings.</p>
          )}
        </Card>
      )}
    </>
  );
}

/** plural writes a count with its noun, "1 shopper" or "1,839 shoppers". */
function plural(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}

/**
 * QualityHeadline says in one line how much better the recommendations do
 * than best-sellers on the validation; it hides when the validation has no
 * best-sellers baseline to compare with.
 */
function QualityHeadline({ info }: { info: ModelInfo | null }) {
  const h = headline(info?.status.validation);
  if (!h) return null;
  return (
    <section
      aria-label="Recommendation quality"
      data-testid="model-headline"
      className="rounded-2xl border border-accent-200 bg-accent-50 p-4"
    >
      <p className="text-lg font-semibold text-stone-900">{h.text}</p>
      <p className="mt-1 text-sm text-stone-700">{h.detail}</p>
    </section>
  );
}

/** MetricSentences says what each of the blend's figures means, in one plain sentence each. */
function MetricSentences({ info }: { info: ModelInfo }) {
  const sentences = metricSentences(info.status.validation);
  if (!sentences.length) return null;
  return (
    <ul data-testid="metric-sentences" className="mt-4 space-y-1.5 text-sm text-stone-700">
      {sentences.map((m) => (
        <li key={m.metric}>
          <span className="font-semibold text-stone-900">
            {m.metric} {m.value}:
          </span>{" "}
          {m.sentence}
        </li>
      ))}
      <li className="text-stone-600">
        Each figure is measured on the {VALIDATION_K} recommendations of shoppers whose latest choices were held back
        from training; the blend's are shown.
      </li>
    </ul>
  );
}

function MetricsTable({ info }: { info: ModelInfo }) {
  const rows = metricRows(info.status.validation);
  if (!rows.length)
    return (
      <p className="text-sm text-stone-600">
        No validation metrics yet: they appear after a training with enough data.
      </p>
    );
  return (
    <Table label="Validation metrics per model">
      <thead>
        <tr>
          <TH>Model</TH>
          <TH className="text-right">Precision</TH>
          <TH className="text-right">Recall</TH>
          <TH className="text-right">NDCG</TH>
          <TH className="text-right">Hit rate</TH>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={r.model}
            className={r.model === "ensemble" ? "font-semibold" : ""}
            data-testid={`metrics-${r.model}`}
          >
            <TD label="Model">
              {r.model === "ensemble"
                ? "Ensemble (the blend)"
                : r.model === BASELINE
                  ? "Best-sellers (the baseline)"
                  : modelLabel(r.model).title}
              <span className="ml-1 font-mono text-xs font-normal text-stone-600">{r.model}</span>
            </TD>
            <TD label="Precision" className="text-right tabular-nums">
              {formatMetric(r.precision)}
            </TD>
            <TD label="Recall" className="text-right tabular-nums">
              {formatMetric(r.recall)}
            </TD>
            <TD label="NDCG" className="text-right tabular-nums">
              {formatMetric(r.ndcg)}
            </TD>
            <TD label="Hit rate" className="text-right tabular-nums">
              {formatMetric(r.hit)}
            </TD>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function Weights({ weights }: { weights?: Record<string, number> }) {
  const entries = Object.entries(weights ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (!entries.length) return <p className="text-sm text-stone-600">No weights reported.</p>;
  const max = Math.max(...entries.map(([, v]) => v), 1e-9);
  return (
    <ul className="space-y-2" data-testid="ensemble-weights">
      {entries.map(([name, v]) => (
        <li key={name} className="grid grid-cols-[6rem_1fr_3rem] items-center gap-2 text-sm">
          <span className="truncate" title={modelLabel(name).title}>
            {name}
          </span>
          <Bar value={v / max} label={`Weight of ${modelLabel(name).title}`} />
          <span className="text-right tabular-nums text-stone-600">{v.toFixed(2)}</span>
        </li>
      ))}
    </ul>
  );
}

function NdcgChart({ info }: { info: ModelInfo }) {
  const { rows, models } = ndcgSeries(info.history);
  return (
    <figure data-testid="ndcg-chart">
      {rows.length === 0 ? (
        <p className="text-sm text-stone-600">No finished runs with metrics yet.</p>
      ) : (
        <div className="h-72" role="img" aria-label={`NDCG of ${models.join(", ")} over ${rows.length} training runs`}>
          <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 640, height: 288 }}>
            <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e7e5e4" />
              <XAxis dataKey="version" tick={{ fontSize: 12 }} />
              <YAxis tick={{ fontSize: 12 }} domain={[0, "auto"]} tickFormatter={(v: number) => v.toFixed(2)} />
              <Tooltip formatter={(v) => (typeof v === "number" ? v.toFixed(3) : String(v))} />
              <Legend itemSorter={null} />
              {models.map((m, i) => (
                <Line
                  key={m}
                  type="monotone"
                  dataKey={m}
                  stroke={LINE_COLORS[i % LINE_COLORS.length]}
                  strokeWidth={m === "ensemble" ? 3 : 1.5}
                  dot={rows.length < 30}
                  connectNulls
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
      <figcaption className="mt-2 text-xs text-stone-600">
        NDCG rewards putting the products a shopper later chose near the top of their list; higher is better.
      </figcaption>
    </figure>
  );
}
