// The overview's first section: what recommendations earned, click-through
// and conversion per placement over time, and how personalised lists fare
// against best-sellers, from GET /api/analytics.
import { useId } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Legend,
  Line,
  LineChart,
  Rectangle,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type BarShapeProps,
  type TooltipContentProps,
} from "recharts";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Skeleton } from "../../components/Skeleton";
import { useAsync } from "../../hooks/useAsync";
import { formatMoney } from "../../lib/money";
import { adminPath } from "../../lib/route";
import { useShopSettings } from "../../shopSettings";
import { Link } from "../../components/Link";
import { useAdmin } from "../context";
import {
  STRATEGY_NAMES,
  TRENDING,
  byPlacement,
  compareWithBestSellers,
  comparisonSentence,
  headline,
  partialKey,
  periodPhrase,
  rangeDays,
  rangeFrom,
  topPlacements,
  trendRows,
  type Series,
  type TrendMetric,
  type TrendRow,
} from "../lib/analytics";
import { formatShare, shortDate } from "../lib/stats";
import type { Analytics, AnalyticsQuery } from "../types";
import { Card, TD, TH, Table } from "./ui";

/** SERIES_STYLE gives each line a colour (Okabe-Ito, colour-blind friendly) and a marker, so lines differ without colour too. */
const SERIES_STYLE: {
  color: string;
  symbol: "circle" | "cross" | "diamond" | "square" | "star" | "triangle" | "wye";
}[] = [
  { color: "#1c1917", symbol: "circle" },
  { color: "#0072B2", symbol: "square" },
  { color: "#E69F00", symbol: "triangle" },
  { color: "#009E73", symbol: "diamond" },
  { color: "#D55E00", symbol: "cross" },
  { color: "#CC79A7", symbol: "star" },
  { color: "#56B4E9", symbol: "wye" },
  { color: "#8a6d00", symbol: "circle" },
  { color: "#6b7280", symbol: "square" },
];

const pct = (v: number) => formatShare(v);
const count = (v: number) => v.toLocaleString("en-US");

/** RecommendationResults loads the analytics of the last days days and leads the overview with them. */
export function RecommendationResults({ days }: { days: number }) {
  const { client } = useAdmin();
  const { time_zone } = useShopSettings().settings;
  // The server's default range is the last 30 days, today included, in the shop's time zone.
  const query: AnalyticsQuery = days === 30 ? {} : { from: rangeFrom(days, time_zone) };
  const main = useAsync((signal) => client.analytics(query, signal), [client, query.from ?? ""], true);
  const a = main.data;
  return (
    <section aria-labelledby="recs-title" className="space-y-6" data-testid="recommendation-results">
      <h2 id="recs-title" className="sr-only">
        What recommendations did
      </h2>
      {main.status === "error" && (
        <ErrorMessage error={main.error} title="Could not load what recommendations did" onRetry={main.reload} />
      )}
      {!a && main.status === "loading" && (
        <div className="rounded-2xl border border-stone-200 bg-white p-5" aria-busy="true">
          <Skeleton className="h-8 w-3/4" />
          <p className="sr-only">Loading what recommendations did…</p>
        </div>
      )}
      {a && <Results a={a} />}
    </section>
  );
}

function Results({ a }: { a: Analytics }) {
  const money = (v: number) => formatMoney(v, a.currency);
  const period = rangeDays(a.from, a.to) ?? a.days.length;
  const h = headline(a.total, period, money);
  const window = a.attribution_window_days;
  return (
    <>
      <div className="rounded-2xl border border-stone-200 bg-white p-5" data-testid="recs-headline" data-kind={h.kind}>
        <p className="text-xl font-semibold tracking-tight text-stone-900 sm:text-2xl" data-testid="recs-headline-text">
          {h.text}
        </p>
        {h.kind === "revenue" && (
          <p className="mt-1 text-sm text-stone-600">
            Purchases up to {window} {window === 1 ? "day" : "days"} after a click on a recommendation, of{" "}
            {money(a.total.total_revenue)} in all; {count(a.total.clicks)} clicks on {count(a.total.impressions)} lists
            shown ({pct(a.total.ctr)}), {pct(a.total.conversion_rate)} of clicks bought.
          </p>
        )}
        <p className="mt-1 text-xs text-stone-600">
          Days are counted in {a.time_zone}, from {a.from} to {a.to}.{" "}
          <Link
            href={`${adminPath("operations")}#shop`}
            className="rounded text-accent-700 underline underline-offset-2"
          >
            Change the time zone or the attribution window
          </Link>
        </p>
      </div>
      {a.total.impressions > 0 && a.total.clicks > 0 && <Trends a={a} />}
      {a.total.impressions > 0 && <BestSellers a={a} />}
      {a.total.impressions > 0 && <PlacementTable a={a} money={money} period={period} />}
    </>
  );
}

// Trends draws click-through and conversion per day for every list together
// and for each placement (one request per placement, at most 8).
function Trends({ a }: { a: Analytics }) {
  const { client } = useAdmin();
  const { names, more } = topPlacements(a.lists);
  const per = useAsync(
    (signal) =>
      Promise.allSettled(names.map((placement) => client.analytics({ from: a.from, to: a.to, placement }, signal))),
    [client, a.from, a.to, names.join("\n")],
  );
  const series: Series[] = [{ key: "all", label: "All lists", days: a.days }];
  const failed: string[] = [];
  per.data?.forEach((r, i) => {
    if (r.status === "fulfilled") series.push({ key: `p${i}`, label: names[i], days: r.value.days ?? [] });
    else failed.push(names[i]);
  });
  const today = a.days.find((d) => d.partial)?.date;
  return (
    <Card title="Click-through and conversion per placement" testId="recs-trends">
      <p className="mb-3 text-sm text-stone-600">
        Click-through is the share of lists shown that a shopper clicked; conversion the share of clicks followed by a
        purchase of the product within the attribution window. A day without lists shown (or without clicks) has no
        point.
      </p>
      {per.status === "loading" && names.length > 0 && (
        <p className="mb-2 text-sm text-stone-600" aria-live="polite">
          Loading the placements' numbers…
        </p>
      )}
      {failed.length > 0 && (
        <p className="mb-2 text-sm text-amber-800">Could not load the numbers of {failed.join(", ")}.</p>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <TrendChart title="Click-through" metric="ctr" series={series} today={today} />
        <TrendChart title="Conversion" metric="conversion_rate" series={series} today={today} />
      </div>
      {more > 0 && (
        <p className="mt-2 text-xs text-stone-600">
          The charts show the {names.length} placements with the most lists shown; {more} more{" "}
          {more === 1 ? "is" : "are"} in the table below.
        </p>
      )}
    </Card>
  );
}

function TrendChart({
  title,
  metric,
  series,
  today,
}: {
  title: string;
  metric: TrendMetric;
  series: Series[];
  today?: string;
}) {
  const headingId = useId();
  const rows = trendRows(series, metric);
  const names = series.map((s) => s.label).join(", ");
  return (
    <figure data-testid={`trend-${metric}`} aria-labelledby={headingId}>
      <h3 id={headingId} className="mb-2 text-sm font-semibold text-stone-800">
        {title}
      </h3>
      <div
        className="h-64"
        role="img"
        aria-label={`${title} per day over ${rows.length} days, one line each for ${names}; the numbers are in the table of placements`}
      >
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 256 }}>
          <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e7e5e4" />
            <XAxis dataKey="date" tickFormatter={shortDate} tick={{ fontSize: 12 }} minTickGap={16} />
            <YAxis tick={{ fontSize: 12 }} tickFormatter={(v: number) => pct(v)} domain={[0, "auto"]} />
            <Tooltip content={(p) => <TrendTooltip {...p} series={series} />} />
            <Legend itemSorter={null} />
            {series.map((s, i) => {
              const st = SERIES_STYLE[i % SERIES_STYLE.length];
              return (
                <Line
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  stroke={st.color}
                  strokeWidth={s.key === "all" ? 3 : 2}
                  dot={{ symbol: st.symbol, r: 3, fill: st.color }}
                  legendType={st.symbol}
                  isAnimationActive={false}
                />
              );
            })}
            {series.map((s, i) => {
              const st = SERIES_STYLE[i % SERIES_STYLE.length];
              return (
                <Line
                  key={partialKey(s.key)}
                  dataKey={partialKey(s.key)}
                  name={`${s.label} (today so far)`}
                  stroke={st.color}
                  strokeOpacity={0.5}
                  strokeWidth={2}
                  strokeDasharray="4 4"
                  dot={{ symbol: st.symbol, r: 3, fill: "#fff", strokeOpacity: 0.6 }}
                  legendType="none"
                  isAnimationActive={false}
                />
              );
            })}
          </LineChart>
        </ResponsiveContainer>
      </div>
      {today && (
        <figcaption
          className="mt-1 flex items-center gap-2 text-xs text-stone-600"
          data-testid={`trend-${metric}-partial`}
        >
          <svg aria-hidden width="24" height="6" className="shrink-0">
            <line x1="0" y1="3" x2="24" y2="3" stroke="#78716c" strokeWidth="2" strokeDasharray="4 4" />
          </svg>
          Today ({shortDate(today)}) is not over yet: its point is dashed and lighter, and will still change.
        </figcaption>
      )}
    </figure>
  );
}

// TrendTooltip shows one value per line, today's marked as partial.
function TrendTooltip({ active, payload, label, series }: TooltipContentProps & { series: Series[] }) {
  if (!active || !payload?.length) return null;
  const row = payload[0]?.payload as TrendRow | undefined;
  if (!row) return null;
  const lines = series
    .map((s) => ({ label: s.label, value: (row.partial ? row[partialKey(s.key)] : row[s.key]) as number | null }))
    .filter((l) => l.value !== null && l.value !== undefined);
  return (
    <div className="rounded-lg border border-stone-200 bg-white px-3 py-2 text-xs shadow">
      <p className="font-semibold">
        {shortDate(String(label))}
        {row.partial ? " (today, so far)" : ""}
      </p>
      {lines.length === 0 && <p className="text-stone-600">No lists shown.</p>}
      <ul>
        {lines.map((l) => (
          <li key={l.label}>
            {l.label}: {pct(l.value as number)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function BestSellers({ a }: { a: Analytics }) {
  const cmp = compareWithBestSellers(a.lists);
  const rows = cmp.byStrategy.filter((s) => s.impressions > 0);
  return (
    <Card title="Personalised lists and best-sellers" testId="recs-best-sellers">
      <p className="text-sm text-stone-800" data-testid="recs-comparison">
        {comparisonSentence(cmp)}
      </p>
      <p className="mt-1 text-xs text-stone-600">
        Personalised lists are the lists picked for the shopper, similar products and bought together; best-sellers are
        the trending list. They are shown in different places to different shoppers, so this is no experiment: only{" "}
        <Link href={adminPath("experiments")} className="rounded text-accent-700 underline underline-offset-2">
          an experiment
        </Link>{" "}
        on one placement compares them fairly.
      </p>
      {rows.length > 0 && (
        <div
          className="mt-3"
          style={{ height: 40 + rows.length * 36 }}
          role="img"
          aria-label={`Click-through by kind of list: ${rows.map((r) => `${r.label} ${pct(r.ctr)}`).join(", ")}`}
          data-testid="recs-best-sellers-chart"
        >
          <ResponsiveContainer
            width="100%"
            height="100%"
            initialDimension={{ width: 640, height: 40 + rows.length * 36 }}
          >
            <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 48, bottom: 4, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e7e5e4" horizontal={false} />
              <XAxis type="number" tickFormatter={(v: number) => pct(v)} tick={{ fontSize: 12 }} domain={[0, "auto"]} />
              <YAxis type="category" dataKey="label" width={150} tick={{ fontSize: 12 }} />
              <Bar
                dataKey="ctr"
                name="Click-through"
                isAnimationActive={false}
                shape={(p: BarShapeProps) => (
                  <Rectangle
                    {...p}
                    fill={(p.payload as { strategy?: string }).strategy === TRENDING ? "#a8a29e" : "#0072B2"}
                  />
                )}
              >
                <LabelList dataKey="ctr" position="right" formatter={(v) => pct(Number(v))} fontSize={12} />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </Card>
  );
}

function PlacementTable({ a, money, period }: { a: Analytics; money: (v: number) => string; period: number }) {
  const rows = byPlacement(a.lists);
  return (
    <Card title="Per placement" testId="recs-placements">
      <Table label={`Recommendations per placement ${periodPhrase(period)}`}>
        <thead>
          <tr>
            <TH>Placement</TH>
            <TH>Lists</TH>
            <TH className="text-right">Shown</TH>
            <TH className="text-right">Clicks</TH>
            <TH className="text-right">Click-through</TH>
            <TH className="text-right">Bought</TH>
            <TH className="text-right">Conversion</TH>
            <TH className="text-right">Revenue</TH>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.placement} data-testid={`recs-placement-${r.placement || "none"}`}>
              <TD label="Placement" className="font-medium">
                {r.placement || <span className="text-stone-600">no placement</span>}
              </TD>
              <TD label="Lists" className="text-stone-600">
                {r.strategies.map((s) => STRATEGY_NAMES[s] ?? s).join(", ")}
              </TD>
              <TD label="Shown" className="text-right tabular-nums">
                {count(r.impressions)}
              </TD>
              <TD label="Clicks" className="text-right tabular-nums">
                {count(r.clicks)}
              </TD>
              <TD label="Click-through" className="text-right tabular-nums">
                {r.impressions ? pct(r.ctr) : "—"}
              </TD>
              <TD label="Bought" className="text-right tabular-nums">
                {count(r.purchases)}
              </TD>
              <TD label="Conversion" className="text-right tabular-nums">
                {r.clicks ? pct(r.conversion_rate) : "—"}
              </TD>
              <TD label="Revenue" className="text-right tabular-nums">
                {money(r.revenue)}
              </TD>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
