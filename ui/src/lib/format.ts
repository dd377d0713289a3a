// Formatting of scores and checking of typed prices. Amounts of money are
// formatted in the shop's currency by money.ts.

/** formatPercent shows a 0..1 score as a whole percentage, clamped to 0..100. */
export function formatPercent(score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return "—";
  const pct = Math.round(Math.min(1, Math.max(0, score)) * 100);
  return `${pct}%`;
}

/** PriceInput is the result of checking a price typed into a filter box. */
export type PriceInput = { ok: true; value: string } | { ok: false; error: string };

/**
 * parsePriceInput checks a typed price the way the server does: a
 * non-negative decimal with at most two decimals. Empty means "no limit".
 */
export function parsePriceInput(raw: string): PriceInput {
  const s = raw.trim();
  if (s === "") return { ok: true, value: "" };
  if (s.startsWith("-")) return { ok: false, error: "Must not be negative." };
  if (!/^\d+(\.\d+)?$/.test(s)) return { ok: false, error: "Use a number such as 19.90." };
  if (/\.\d{3,}$/.test(s)) return { ok: false, error: "At most two decimals." };
  return { ok: true, value: s };
}
