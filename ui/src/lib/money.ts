// Money in the shop's currency. shelf keeps every amount as a decimal with
// two places (product prices, revenue) and the shop names one currency
// (GET /api/shop); the UI shows amounts in it. The locale is fixed, as for
// every other number on the page, so the page reads the same on every
// machine (and in tests); only the currency changes.

/** DEFAULT_CURRENCY is what amounts show in before the shop's settings arrive, and when they cannot be read. */
export const DEFAULT_CURRENCY = "USD";

/** MONEY_LOCALE is the locale of every amount shown. */
export const MONEY_LOCALE = "en-US";

const CODE = /^[A-Z]{3}$/;

/** isCurrencyCode says whether s is written as an ISO 4217 code is (three upper-case letters), as the server checks. */
export function isCurrencyCode(s: string): boolean {
  return CODE.test(s);
}

const formats = new Map<string, Intl.NumberFormat>();

function format(currency: string, digits?: number): Intl.NumberFormat {
  const key = `${currency}:${digits ?? ""}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(MONEY_LOCALE, {
      style: "currency",
      currency,
      ...(digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits }),
    });
    formats.set(key, f);
  }
  return f;
}

/**
 * formatMoney shows an amount in a currency ("€1,234.50", "¥1,990"), with
 * the currency's own number of decimals, except that cents shelf holds are
 * never rounded away (a yen amount of 1990.50 shows "¥1,990.50"). A missing
 * or broken value shows a dash; a code that is not a currency code shows the
 * number and the code as given, so a wrong setting is visible, not hidden
 * behind a dollar sign.
 */
export function formatMoney(value: number | null | undefined, currency: string = DEFAULT_CURRENCY): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  if (!isCurrencyCode(currency)) return `${value.toFixed(2)} ${currency}`.trim();
  const f = format(currency);
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  if (digits < 2 && Math.round(value * 100) % 100 !== 0) return format(currency, 2).format(value);
  return f.format(value);
}
