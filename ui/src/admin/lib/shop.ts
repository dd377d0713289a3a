// The shop settings form edits text (so a half-typed value is not lost) and
// checks it before sending; the server checks again, and both key their
// errors by the field's name.
import type { ShopSettings } from "../../api";
import { isCurrencyCode } from "../../lib/money";

/** ShopDraft is the shop settings form's state, as typed. */
export interface ShopDraft {
  time_zone: string;
  currency: string;
  attribution_window_days: string;
}

/** shopDraft fills the form from the server's settings. */
export function shopDraft(s: ShopSettings): ShopDraft {
  return {
    time_zone: s.time_zone,
    currency: s.currency,
    attribution_window_days: String(s.attribution_window_days),
  };
}

/** shopFromDraft checks the form and builds the body of PUT /api/shop; errors are keyed as the server's details. */
export function shopFromDraft(d: ShopDraft): { value: ShopSettings | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const time_zone = d.time_zone.trim();
  if (!time_zone) errors.time_zone = "Choose the time zone the shop's days are counted in.";
  const currency = d.currency.trim().toUpperCase();
  if (!isCurrencyCode(currency)) errors.currency = "Use a three-letter ISO 4217 code such as EUR or USD.";
  const raw = d.attribution_window_days.trim();
  const days = Number(raw);
  if (raw === "" || !Number.isInteger(days) || days < 1)
    errors.attribution_window_days = "Enter a whole number of days, at least 1.";
  if (Object.keys(errors).length > 0) return { value: null, errors };
  return { value: { time_zone, currency, attribution_window_days: days }, errors };
}

/**
 * timeZones lists the IANA zones the browser knows, UTC first (browsers
 * leave it out of their list), with current added when the browser does not
 * know it, so a zone the server accepted is never dropped by the form. It is
 * null when the browser cannot list zones, and the form asks for text.
 */
export function timeZones(current: string, supported: () => string[] | null = browserZones): string[] | null {
  const zones = supported();
  if (!zones) return null;
  const rest = zones.filter((z) => z !== "UTC");
  if (current && current !== "UTC" && !rest.includes(current)) rest.push(current);
  return ["UTC", ...rest.sort()];
}

function browserZones(): string[] | null {
  return typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : null;
}

/** currencies lists the ISO 4217 codes the browser knows, for the currency field's suggestions. */
export function currencies(): string[] {
  return typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("currency") : [];
}

/** nowIn shows the current time in a zone ("2026-12-01 16:05"), or "" for a zone the browser does not know. */
export function nowIn(zone: string, now: Date = new Date()): string {
  try {
    const parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(now);
    const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
    return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
  } catch {
    return "";
  }
}
