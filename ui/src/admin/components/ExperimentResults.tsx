// An experiment's results in plain words: the server's sentence first, a
// guard against reading a difference that is not significant yet, a table
// per variant with 95% intervals, and click-through with its interval as a
// chart. A winner is named only when the server names one.
import type { ReactNode } from "react";
import { Award } from "lucide-react";
import { Bar, BarChart, CartesianGrid, ErrorBar, LabelList, ResponsiveContainer, XAxis, YAxis } from "recharts";
import { formatMoney } from "../../lib/money";
import { useShopSettings } from "../../shopSettings";
import { formatInterval, formatRate, peekingGuard, versusText } from "../lib/experiments";
import type { ExperimentResults as Results, VariantResult } from "../types";
import { TD, TH, Table } from "./ui";

const count = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "—");

/** ExperimentResults shows what an experiment found; shipButton, when given, renders a row's ship action. */
export function ExperimentResults({
  results,
  shipButton,
}: {
  results: Results;
  shipButton?: (variant: string) => ReactNode;
}) {
  const { currency } = useShopSettings().settings;
  const money = (v: number) => formatMoney(v, currency);
  const variants = results.variants ?? [];
  const control = variants.find((v) => v.control);
  const guards = control
    ? variants
        .filter((v) => !v.control)
        .map((v) => ({ name: v.name, text: peekingGuard(v, control) }))
        .filter((g) => g.text)
    : [];
  const winner = results.winner ? variants.find((v) => v.name === results.winner) : undefined;
  return (
    <div className="space-y-4">
      {results.summary && (
        <p className="text-lg font-medium text-stone-900" data-testid="experiment-summary">
          {results.summary}
        </p>
      )}
      {winner && (
        <p
          className="inline-flex items-center gap-1.5 rounded-full bg-emerald-100 px-3 py-1 text-sm font-semibold text-emerald-900"
          data-testid="experiment-winner"
        >
          <Award aria-hidden className="size-4" />
          Winner: {winner.name}
        </p>
      )}
      {guards.length > 0 && (
        <div
          className="rounded-xl border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
          data-testid="experiment-guard"
        >
          <p className="font-semibold">Do not decide on click-through yet.</p>
          <ul className="mt-1 space-y-1">
            {guards.map((g) => (
              <li key={g.name}>
                <span className="font-medium">{g.name} against the control:</span> {g.text}
              </li>
            ))}
          </ul>
          <p className="mt-1 text-xs">
            Stopping as soon as a difference looks good ships differences that chance made: let it run until each
            variant has the impressions it needs.
          </p>
        </div>
      )}
      <Table label="Results per variant">
        <thead>
          <tr>
            <TH>Variant</TH>
            <TH className="text-right">Shoppers</TH>
            <TH className="text-right">Impressions</TH>
            <TH className="text-right">Clicks</TH>
            <TH>Click-through (95% CI)</TH>
            <TH className="text-right">Conversions</TH>
            <TH>Revenue per shopper (95% CI)</TH>
            <TH>Against the control (95% CI)</TH>
            {shipButton && (
              <TH>
                <span className="sr-only">Actions</span>
              </TH>
            )}
          </tr>
        </thead>
        <tbody>
          {variants.map((v) => (
            <tr key={v.name} data-testid={`experiment-result-${v.name}`}>
              <TD label="Variant" className="font-medium">
                {v.name}
                {v.control && !/control/i.test(v.name) && (
                  <span className="ml-1 text-xs font-normal text-stone-600">(control)</span>
                )}
                {results.winner === v.name && (
                  <span className="ml-1 text-xs font-semibold text-emerald-800">(winner)</span>
                )}
              </TD>
              <TD label="Shoppers" className="text-right tabular-nums">
                {count(v.shoppers)}
              </TD>
              <TD label="Impressions" className="text-right tabular-nums">
                {count(v.impressions)}
              </TD>
              <TD label="Clicks" className="text-right tabular-nums">
                {count(v.clicks)}
              </TD>
              <TD label="Click-through (95% CI)" className="whitespace-nowrap tabular-nums">
                {formatRate(v.ctr)} <span className="text-xs text-stone-600">({formatInterval(v.ctr_ci)})</span>
              </TD>
              <TD label="Conversions" className="text-right tabular-nums">
                {count(v.conversions)}
              </TD>
              <TD label="Revenue per shopper (95% CI)" className="whitespace-nowrap tabular-nums">
                {money(v.revenue_per_shopper)}{" "}
                <span className="text-xs text-stone-600">({formatInterval(v.revenue_per_shopper_ci, money)})</span>
              </TD>
              <TD label="Against the control (95% CI)" className="text-xs text-stone-700">
                {v.vs_control ? (
                  <ul className="space-y-0.5">
                    <li>Click-through {versusText(v.vs_control.ctr)}</li>
                    <li>Conversion {versusText(v.vs_control.conversion_rate)}</li>
                    <li>Revenue per shopper {versusText(v.vs_control.revenue_per_shopper)}</li>
                  </ul>
                ) : (
                  <span className="text-stone-600">—</span>
                )}
              </TD>
              {shipButton && <TD className="text-right whitespace-nowrap">{shipButton(v.name)}</TD>}
            </tr>
          ))}
        </tbody>
      </Table>
      <CtrChart variants={variants} />
    </div>
  );
}

// CtrChart draws each variant's click-through with its 95% interval as an error bar.
function CtrChart({ variants }: { variants: VariantResult[] }) {
  const rows = variants
    .filter((v) => Number.isFinite(v.ctr))
    .map((v) => {
      const [lo, hi] = v.ctr_ci && v.ctr_ci.every(Number.isFinite) ? v.ctr_ci : [v.ctr, v.ctr];
      return {
        name: v.control && !/control/i.test(v.name) ? `${v.name} (control)` : v.name,
        ctr: v.ctr,
        ci: [Math.max(0, v.ctr - lo), Math.max(0, hi - v.ctr)],
      };
    });
  if (rows.length === 0 || variants.every((v) => !v.impressions)) return null;
  return (
    <figure data-testid="experiment-ctr-chart">
      <h3 className="mb-2 text-sm font-semibold text-stone-800">Click-through per variant, with its 95% interval</h3>
      <div
        className="h-64"
        role="img"
        aria-label={`Click-through per variant: ${variants.map((v) => `${v.name} ${formatRate(v.ctr)} (95% CI ${formatInterval(v.ctr_ci)})`).join("; ")}`}
      >
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 640, height: 256 }}>
          <BarChart data={rows} margin={{ top: 20, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e7e5e4" vertical={false} />
            <XAxis dataKey="name" tick={{ fontSize: 12 }} />
            <YAxis tick={{ fontSize: 12 }} tickFormatter={(v: number) => formatRate(v)} domain={[0, "auto"]} />
            <Bar dataKey="ctr" name="Click-through" fill="#0072B2" isAnimationActive={false} maxBarSize={80}>
              <ErrorBar dataKey="ci" width={12} strokeWidth={2} stroke="#1c1917" isAnimationActive={false} />
              <LabelList
                dataKey="ctr"
                position="insideBottom"
                fill="#fff"
                fontSize={12}
                formatter={(v) => formatRate(Number(v))}
              />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="mt-1 text-xs text-stone-600">
        The whiskers are each variant's 95% interval; whether a variant differs significantly from the control is in the
        table above.
      </figcaption>
    </figure>
  );
}
