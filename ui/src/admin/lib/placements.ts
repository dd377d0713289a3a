// The placement form edits everything as text (so a half-typed value is not
// lost) and checks it before sending; the server checks again, and both
// key their errors the same way ("count", "rules[1].position").
import { parsePriceInput } from "../../lib/format";
import { PLACEMENT_NAME } from "../../lib/route";
import type { Condition, Placement, PlacementFilters, Rule, RuleType, Strategy } from "../types";

/** STRATEGIES names each kind of list in a shop owner's words. */
export const STRATEGIES: { value: Strategy; label: string; hint: string }[] = [
  { value: "personal", label: "Picked for the shopper", hint: "home page, e-mails" },
  { value: "similar", label: "Similar to a product", hint: "product pages" },
  { value: "bought-together", label: "Often bought together", hint: "product pages, the cart" },
  { value: "trending", label: "Trending now", hint: "anywhere, the same for everyone" },
];

/** RULE_TYPES names each kind of rule in a shop owner's words. */
export const RULE_TYPES: { value: RuleType; label: string }[] = [
  { value: "pin", label: "Pin a product at a position" },
  { value: "boost", label: "Show more of…" },
  { value: "bury", label: "Show less of…" },
  { value: "exclude", label: "Never show…" },
];

/** strategyLabel is a strategy's plain name. */
export function strategyLabel(s: string): string {
  return STRATEGIES.find((x) => x.value === s)?.label ?? s;
}

/** FilterDraft is a set of filters as typed. */
export interface FilterDraft {
  category: string;
  brand: string;
  tag: string;
  min_price: string;
  max_price: string;
}

/** ConditionDraft is a rule's condition as typed: attributes as "colour=red; size=M", ids as "1, 2, 3". */
export interface ConditionDraft extends FilterDraft {
  attributes: string;
  newer_than_days: string;
  ids: string;
}

/** RuleDraft is one rule as typed; from and until are datetime-local values in the browser's time zone. */
export interface RuleDraft {
  key: number;
  type: RuleType;
  product_id: string;
  position: string;
  factor: string;
  when: ConditionDraft;
  from: string;
  until: string;
}

/** PlacementDraft is the form's state. */
export interface PlacementDraft {
  name: string;
  strategy: Strategy;
  count: string;
  fallback: string;
  max_per_category: string;
  max_per_brand: string;
  filters: FilterDraft;
  rules: RuleDraft[];
}

let keySeq = 0;

const str = (v: unknown): string => (v === undefined || v === null ? "" : String(v));

function filterDraft(f?: PlacementFilters): FilterDraft {
  return {
    category: str(f?.category),
    brand: str(f?.brand),
    tag: str(f?.tag),
    min_price: str(f?.min_price),
    max_price: str(f?.max_price),
  };
}

/** DEFAULT_FACTOR is the factor a new boost or bury starts with. */
export const DEFAULT_FACTOR: Partial<Record<RuleType, string>> = { boost: "2", bury: "0.5" };

/** newRule is an empty rule of a type. */
export function newRule(type: RuleType = "pin"): RuleDraft {
  return {
    key: ++keySeq,
    type,
    product_id: "",
    position: type === "pin" ? "1" : "",
    factor: DEFAULT_FACTOR[type] ?? "",
    when: { ...filterDraft(), attributes: "", newer_than_days: "", ids: "" },
    from: "",
    until: "",
  };
}

/** toDraft fills the form from a placement, or with a new one's defaults. */
export function toDraft(p?: Placement): PlacementDraft {
  return {
    name: p?.name ?? "",
    strategy: p?.strategy ?? "personal",
    count: str(p?.count),
    fallback: p?.fallback ?? "",
    max_per_category: str(p?.max_per_category || ""),
    max_per_brand: str(p?.max_per_brand || ""),
    filters: filterDraft(p?.filters),
    rules: (p?.rules ?? []).map((r) => ({
      ...newRule(r.type),
      product_id: str(r.product_id),
      position: str(r.position),
      factor: str(r.factor),
      when: {
        ...filterDraft(r.when),
        attributes: Object.entries(r.when?.attributes ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join("; "),
        newer_than_days: str(r.when?.newer_than_days),
        ids: (r.when?.ids ?? []).join(", "),
      },
      from: rfc3339ToLocal(r.from),
      until: rfc3339ToLocal(r.until),
    })),
  };
}

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** localToRfc3339 turns a datetime-local value (the browser's time zone) into an RFC 3339 time in UTC; null when it is not one. */
export function localToRfc3339(local: string): string | null {
  if (!LOCAL_TIME.test(local)) return null;
  const d = new Date(local);
  if (Number.isNaN(d.getTime())) return null;
  return d.toISOString().replace(/\.000Z$/, "Z");
}

/** rfc3339ToLocal turns an RFC 3339 time into a datetime-local value in the browser's time zone. */
export function rfc3339ToLocal(s: string | undefined): string {
  if (!s) return "";
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return "";
  const p = (n: number) => String(n).padStart(2, "0");
  const secs = d.getSeconds() ? `:${p(d.getSeconds())}` : "";
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}${secs}`;
}

type Errors = Record<string, string>;

function whole(raw: string, field: string, errors: Errors, min: number, max: number, what: string): number | undefined {
  const s = raw.trim();
  if (s === "") return undefined;
  const n = Number(s);
  if (!/^\d+$/.test(s) || n < min || n > max) {
    errors[field] = `${what} must be a whole number from ${min} to ${max}.`;
    return undefined;
  }
  return n;
}

function price(raw: string, field: string, errors: Errors): number | undefined {
  const p = parsePriceInput(raw);
  if (!p.ok) {
    errors[field] = p.error;
    return undefined;
  }
  return p.value === "" ? undefined : Number(p.value);
}

/** filtersOf builds filters (or a condition's filter part) from a draft; undefined when nothing is set. */
function filtersOf(f: FilterDraft, at: string, errors: Errors): PlacementFilters {
  const out: PlacementFilters = {};
  for (const k of ["category", "brand", "tag"] as const) if (f[k].trim()) out[k] = f[k].trim();
  const min = price(f.min_price, `${at}.min_price`, errors);
  const max = price(f.max_price, `${at}.max_price`, errors);
  if (min !== undefined) out.min_price = min;
  if (max !== undefined) out.max_price = max;
  if (min !== undefined && max !== undefined && max < min)
    errors[`${at}.max_price`] = "Must not be below the lowest price.";
  return out;
}

function conditionOf(c: ConditionDraft, at: string, errors: Errors): Condition | undefined {
  const out: Condition = filtersOf(c, `${at}.when`, errors);
  const attrs: Record<string, string> = {};
  for (const part of c.attributes.split(/[;\n]/)) {
    if (!part.trim()) continue;
    const eq = part.indexOf("=");
    if (eq <= 0 || !part.slice(0, eq).trim() || !part.slice(eq + 1).trim()) {
      errors[`${at}.when.attributes`] = "Write each as name=value, separated by ;";
      break;
    }
    attrs[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  if (Object.keys(attrs).length) out.attributes = attrs;
  const days = c.newer_than_days.trim();
  if (days) {
    const n = Number(days);
    if (!Number.isFinite(n) || n <= 0 || n > 3650)
      errors[`${at}.when.newer_than_days`] = "Must be from 1 to 3650 days.";
    else out.newer_than_days = n;
  }
  const ids = c.ids.split(/[\s,]+/).filter(Boolean);
  if (ids.some((s) => !/^\d+$/.test(s) || Number(s) < 1)) errors[`${at}.when.ids`] = "Product ids are whole numbers.";
  else if (ids.length) out.ids = ids.map(Number);
  if (Object.keys(out).length === 0 && !Object.keys(errors).some((k) => k.startsWith(`${at}.when.`))) {
    errors[`${at}.when`] = "Say which products: fill in at least one of the fields below.";
  }
  return Object.keys(out).length ? out : undefined;
}

function ruleOf(r: RuleDraft, at: string, errors: Errors): Rule {
  const out: Rule = { type: r.type };
  if (r.type === "pin") {
    const pid = r.product_id.trim();
    if (!pid) errors[`${at}.product_id`] = "Enter the id of the product to pin.";
    else if (!/^\d+$/.test(pid) || Number(pid) < 1)
      errors[`${at}.product_id`] = "A product id is a whole number, such as 42.";
    else out.product_id = Number(pid);
    out.position = whole(r.position, `${at}.position`, errors, 1, 100, "The position");
    if (!r.position.trim()) errors[`${at}.position`] = "Enter a position from 1 to 100.";
  } else {
    if (r.type !== "exclude") {
      const f = Number(r.factor.trim());
      const boost = r.type === "boost";
      if (!r.factor.trim() || !Number.isFinite(f) || (boost ? f < 1 || f > 100 : f <= 0 || f > 1)) {
        errors[`${at}.factor`] = boost
          ? "Use a number from 1 to 100, such as 2."
          : "Use a number above 0 and at most 1, such as 0.5.";
      } else out.factor = f;
    }
    out.when = conditionOf(r.when, at, errors);
  }
  for (const k of ["from", "until"] as const) {
    if (!r[k]) continue;
    const t = localToRfc3339(r[k]);
    if (t === null) errors[`${at}.${k}`] = "Enter a date and a time.";
    else out[k] = t;
  }
  if (out.from && out.until && Date.parse(out.until) <= Date.parse(out.from))
    errors[`${at}.until`] = "Must be after the start.";
  return out;
}

/**
 * fromDraft checks the form and builds the body of the PUT: only what is
 * filled in is sent, so the server's defaults apply to the rest.
 */
export function fromDraft(d: PlacementDraft): { value: Omit<Placement, "updated_at"> | null; errors: Errors } {
  const errors: Errors = {};
  const name = d.name.trim();
  if (!PLACEMENT_NAME.test(name)) {
    errors.name = "Use 1 to 63 lower-case letters, digits, - or _, starting with a letter or a digit.";
  }
  const value: Omit<Placement, "updated_at"> = { name, strategy: d.strategy };
  const count = whole(d.count, "count", errors, 1, 100, "The count");
  if (count !== undefined) value.count = count;
  const filters = filtersOf(d.filters, "filters", errors);
  if (Object.keys(filters).length) value.filters = filters;
  if (d.fallback) value.fallback = d.fallback as Placement["fallback"];
  const perCat = whole(d.max_per_category, "max_per_category", errors, 1, 100, "The limit");
  if (perCat !== undefined) value.max_per_category = perCat;
  const perBrand = whole(d.max_per_brand, "max_per_brand", errors, 1, 100, "The limit");
  if (perBrand !== undefined) value.max_per_brand = perBrand;
  const rules = d.rules.map((r, i) => ruleOf(r, `rules[${i}]`, errors));
  if (rules.length) value.rules = rules;
  return { value: Object.keys(errors).length ? null : value, errors };
}

const PLACED = new RegExp(
  "^(name|strategy|count|fallback|max_per_category|max_per_brand|rules|filters\\.(category|brand|tag|min_price|max_price)" +
    "|rules\\[\\d+\\]\\.(type|product_id|position|factor|from|until|when(\\.(category|brand|tag|attributes|min_price|max_price|newer_than_days|ids))?))$",
);

/** unplacedErrors are the errors no field of the form shows (the name of a saved placement, a field it does not know). */
export function unplacedErrors(errors: Errors, creating: boolean): [string, string][] {
  return Object.entries(errors).filter(([k]) => !PLACED.test(k) || (k === "name" && !creating));
}
