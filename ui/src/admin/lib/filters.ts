// The interaction log's filter form: ids and dates as typed, turned into the
// API's query (RFC 3339 instants) with errors per field.
import type { InteractionType } from "../../api";
import type { InteractionFilter } from "../client";

/** FilterDraft is the filter form's state. Dates come from datetime-local inputs, in the browser's time zone. */
export interface FilterDraft {
  type: InteractionType | "";
  user_id: string;
  product_id: string;
  since: string;
  until: string;
}

/** EMPTY_FILTER is the form with nothing chosen. */
export const EMPTY_FILTER: FilterDraft = { type: "", user_id: "", product_id: "", since: "", until: "" };

function idField(raw: string, field: string, errors: Record<string, string>): string {
  const s = raw.trim();
  if (s === "") return "";
  if (!/^\d+$/.test(s) || Number(s) <= 0) errors[field] = "Enter a positive whole number.";
  return s;
}

function timeField(raw: string, field: string, errors: Record<string, string>): string {
  if (raw === "") return "";
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) {
    errors[field] = "Enter a valid date and time.";
    return "";
  }
  // toISOString is RFC 3339 in UTC; the server compares instants, so the zone does not matter.
  return d.toISOString().replace(/\.000Z$/, "Z");
}

/** draftToFilter checks the form and builds the API filter for a page. */
export function draftToFilter(
  d: FilterDraft,
  page: number,
  pageSize: number,
): { filter: InteractionFilter | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const filter: InteractionFilter = {
    type: d.type,
    user_id: idField(d.user_id, "user_id", errors),
    product_id: idField(d.product_id, "product_id", errors),
    since: timeField(d.since, "since", errors),
    until: timeField(d.until, "until", errors),
    page,
    page_size: pageSize,
  };
  if (!errors.since && !errors.until && filter.since && filter.until && filter.since > filter.until) {
    errors.until = "Must be after the start.";
  }
  return Object.keys(errors).length ? { filter: null, errors } : { filter, errors };
}
