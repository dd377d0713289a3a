import { useId, useState } from "react";
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Link } from "../../components/Link";
import { Skeleton } from "../../components/Skeleton";
import { useAsync } from "../../hooks/useAsync";
import { productPath } from "../../lib/route";
import { useAdmin } from "../context";
import { RecommendationResults } from "../components/RecommendationResults";
import {
  INTERACTION_TYPES,
  TYPE_COLORS,
  formatShare,
  funnelSteps,
  partialDay,
  perDayRows,
  shortDate,
} from "../lib/stats";
import type { Stats } from "../types";
import { Bar, Card, INPUT, PageHeader, TD, TH, Table } from "../components/ui";

const RANGES = [7, 30, 90];
const TYPE_LABELS = { view: "Views", like: "Likes", cart: "Added to cart", purchase: "Purchases" };

/** Overview leads with what recommendations earned, then shows the shop's counts, interactions per day, the funnel and the best sellers. */
export function Overview() {
  const { client } = useAdmin();
  const [days, setDays] = useState(30);
  const rangeId = useId();
  const state = useAsync((signal) => client.stats(days, signal), [client, days], true);
  const s = state.data;
  return (
    <>
      <PageHeader
        title="Overview"
        subtitle="What recommendations earn, and how shoppers use the shop"
        actions={
          <div className="flex items-center gap-2">
            <label htmlFor={rangeId} className="text-sm text-stone-600">
              Period
            </label>
            <select id={rangeId} className={INPUT} value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {RANGES.map((d) => (
                <option key={d} value={d}>
                  Last {d} days
                </option>
              ))}
            </select>
          </div>
        }
      />
      <RecommendationResults days={days} />
      {state.status === "error" && (
        <ErrorMessage error={state.error} title="Could not load the numbers" onRetry={state.reload} />
      )}
      <Counts stats={s} />
      {s && (
        <>
          <Card title="Interactions per day">
            <PerDayChart stats={s} />
          </Card>
          <div className="grid gap-6 lg:grid-cols-3">
            <Funnel stats={s} />
            <Card title="Top products" className="lg:col-span-2">
              <TopProducts stats={s} />
            </Card>
          </div>
          <Card title="Top categories">
            <TopCategories stats={s} />
          </Card>
        </>
      )}
    </>
  );
}

function Counts({ stats }: { stats?: Stats }) {
  const items: [string, number | undefined][] = [
    ["Products", stats?.counts.products],
    ["Users", stats?.counts.users],
    ["Interactions", stats?.counts.interactions],
  ];
  return (
    <div className="space-y-1">
      <dl data-testid="stats-counts" className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        {items.map(([label, n]) => (
          <div key={label} className="rounded-2xl border border-stone-200 bg-white p-4">
            <dt className="text-sm text-stone-600">{label}</dt>
            <dd className="mt-1 text-3xl font-semibold tabular-nums">
              {n === undefined ? <Skeleton className="h-9 w-24" /> : n.toLocaleString("en-US")}
            </dd>
          </div>
        ))}
      </dl>
      <p className="text-xs text-stone-600">
        The shop's totals today, whatever the period; the period is for the charts and tables.
      </p>
    </div>
  );
}

function PerDayChart({ stats }: { stats: Stats }) {
  const rows = perDayRows(stats.per_day);
  if (rows.length === 0) return <p className="text-sm text-stone-600">No interactions in this period.</p>;
  const total = rows.reduce((n, r) => n + r.view + r.like + r.cart + r.purchase, 0);
  const today = partialDay(rows);
  const before = rows.at(-2)?.date;
  const dayLabel = (d: unknown) => `${shortDate(String(d))}${String(d) === today ? " (today, so far)" : ""}`;
  return (
    <figure data-testid="per-day-chart">
      <div
        className="h-72"
        role="img"
        aria-label={`Stacked chart of ${total.toLocaleString("en-US")} interactions over ${rows.length} days, by type${today ? "; the last day is today and not over yet" : ""}`}
      >
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 640, height: 288 }}>
          <AreaChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e7e5e4" />
            <XAxis dataKey="date" tickFormatter={shortDate} tick={{ fontSize: 12 }} minTickGap={16} />
            <YAxis tick={{ fontSize: 12 }} allowDecimals={false} />
            <Tooltip labelFormatter={dayLabel} />
            {today && before && (
              <ReferenceArea
                x1={before}
                x2={today}
                fill="#a8a29e"
                fillOpacity={0.25}
                stroke="#78716c"
                strokeDasharray="4 4"
                label={{ value: "today so far", position: "insideTopRight", fontSize: 11, fill: "#57534e" }}
              />
            )}
            <Legend itemSorter={null} />
            {INTERACTION_TYPES.map((t) => (
              <Area
                key={t}
                type="monotone"
                dataKey={t}
                name={TYPE_LABELS[t]}
                stackId="1"
                stroke={TYPE_COLORS[t]}
                fill={TYPE_COLORS[t]}
                fillOpacity={0.55}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </div>
      {today && (
        <figcaption className="mt-1 flex items-center gap-2 text-xs text-stone-600" data-testid="per-day-partial">
          <svg aria-hidden width="24" height="10" className="shrink-0">
            <rect
              x="1"
              y="1"
              width="22"
              height="8"
              fill="#a8a29e"
              fillOpacity="0.25"
              stroke="#78716c"
              strokeDasharray="4 4"
            />
          </svg>
          Today ({shortDate(today)}, UTC) is not over yet: its counts are shaded and will still grow.
        </figcaption>
      )}
    </figure>
  );
}

function Funnel({ stats }: { stats: Stats }) {
  const steps = funnelSteps(stats.funnel);
  const first = steps[0].count;
  return (
    <Card title="Funnel">
      <ol data-testid="funnel" className="space-y-4">
        {steps.map((st, i) => (
          <li key={st.type}>
            <div className="flex items-baseline justify-between gap-2 text-sm">
              <span className="font-medium">{TYPE_LABELS[st.type]}</span>
              <span className="tabular-nums">{st.count.toLocaleString("en-US")}</span>
            </div>
            <div className="mt-1">
              <Bar value={first ? st.count / first : 0} label={`${TYPE_LABELS[st.type]} as a share of views`} />
            </div>
            {i > 0 && (
              <p className="mt-1 text-xs text-stone-600" data-testid={`funnel-${st.type}-conversion`}>
                {i > 1 && `${formatShare(st.fromPrevious)} of ${TYPE_LABELS[steps[i - 1].type].toLowerCase()} · `}
                {formatShare(st.fromFirst)} of views
              </p>
            )}
          </li>
        ))}
      </ol>
    </Card>
  );
}

function TopProducts({ stats }: { stats: Stats }) {
  if (!stats.top_products?.length) return <p className="text-sm text-stone-600">No product has interactions yet.</p>;
  return (
    <Table label="Top products">
      <thead>
        <tr>
          <TH>Product</TH>
          <TH>Category</TH>
          <TH className="text-right">Interactions</TH>
        </tr>
      </thead>
      <tbody>
        {stats.top_products.map((p) => (
          <tr key={p.id}>
            <TD label="Product">
              <Link href={productPath(p.id)} className="rounded text-accent-700 hover:underline">
                {p.name}
              </Link>
            </TD>
            <TD label="Category" className="text-stone-600">
              {p.category}
            </TD>
            <TD label="Interactions" className="text-right tabular-nums">
              {p.count.toLocaleString("en-US")}
            </TD>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function TopCategories({ stats }: { stats: Stats }) {
  const cats = stats.top_categories ?? [];
  if (!cats.length) return <p className="text-sm text-stone-600">No category has interactions yet.</p>;
  const max = Math.max(...cats.map((c) => c.count), 1);
  return (
    <Table label="Top categories">
      <thead>
        <tr>
          <TH>Category</TH>
          <TH className="w-1/2">Share</TH>
          <TH className="text-right">Interactions</TH>
        </tr>
      </thead>
      <tbody>
        {cats.map((c) => (
          <tr key={c.name}>
            <TD label="Category">{c.name}</TD>
            <TD label="Share">
              <Bar value={c.count / max} label={`${c.name} relative to the top category`} />
            </TD>
            <TD label="Interactions" className="text-right tabular-nums">
              {c.count.toLocaleString("en-US")}
            </TD>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
