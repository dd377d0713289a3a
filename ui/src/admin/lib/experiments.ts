// The experiment form edits shares as percentages typed as text and checks
// them before sending (they must add up to 100%, exactly one variant is the
// control); the server checks again, and both key their errors the same way
// ("name", "variants[1].share", "variants[1].settings.weights.knn"). The results are read in plain words here,
// and never name a winner the server did not.
import type { ExperimentInput, ExperimentStatus, ExperimentVariant, VariantResult, VersusControl } from "../types";

/** MIN_VARIANTS and MAX_VARIANTS bound an experiment's variants, as the server does. */
export const MIN_VARIANTS = 2;
export const MAX_VARIANTS = 8;

/** StrategyOverride is what a variant shows instead of the placement's list ("" and "blend", the placement's own list, change nothing). */
export type StrategyOverride = "" | "blend" | "trending";

/** OVERRIDES names each strategy override in a shop owner's words. */
export const OVERRIDES: { value: StrategyOverride; label: string }[] = [
  { value: "", label: "No change" },
  { value: "blend", label: "The placement's own list (no change)" },
  { value: "trending", label: "Best-sellers (trending) instead" },
];

/** WeightKey names a trained model the personal blend weighs, as the server does. */
export type WeightKey = "knn" | "mf" | "ease" | "cf" | "bpr";

/** WEIGHTS lists the blend's models in a shop owner's words, in the order the form shows them. */
export const WEIGHTS: { key: WeightKey; label: string }[] = [
  { key: "knn", label: "Similar items (knn)" },
  { key: "mf", label: "Matrix factorisation (mf)" },
  { key: "ease", label: "EASE (ease)" },
  { key: "cf", label: "SVD (cf)" },
  { key: "bpr", label: "BPR (bpr)" },
];

/** DEFAULT_WEIGHTS are shelf's starting blend weights, for when the serving model reports none. */
export const DEFAULT_WEIGHTS: Record<WeightKey, number> = { knn: 1, ease: 1, mf: 0.7, cf: 0.1, bpr: 0 };

/** MAX_WEIGHT bounds each blend weight, as the server does. */
export const MAX_WEIGHT = 100;

/** WeightsDraft is a variant's blend weights as typed. */
export type WeightsDraft = Record<WeightKey, string>;

/**
 * servingWeights is what the weight fields start from: the serving model's
 * weights (GET /api/model's status.weights; a model it leaves out weighs 0),
 * or DEFAULT_WEIGHTS when it reports none. fromModel says which.
 */
export function servingWeights(reported: Record<string, number> | undefined | null): {
  weights: WeightsDraft;
  fromModel: boolean;
} {
  const known = WEIGHTS.filter(({ key }) => typeof reported?.[key] === "number" && Number.isFinite(reported[key]));
  const fromModel = known.length > 0;
  const weights = {} as WeightsDraft;
  for (const { key } of WEIGHTS) {
    const n = fromModel ? (reported?.[key] ?? 0) : DEFAULT_WEIGHTS[key];
    weights[key] = String(Number.isFinite(n) ? Math.round(n * 1e6) / 1e6 : 0);
  }
  return { weights, fromModel };
}

/** parseWeight reads a blend weight; NaN when it is not a number from 0 to MAX_WEIGHT. */
export function parseWeight(raw: string): number {
  const s = raw.trim();
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(s)) return NaN;
  const n = Number(s);
  return n >= 0 && n <= MAX_WEIGHT ? n : NaN;
}

/** VariantDraft is one variant as typed: its share in percent. */
export interface VariantDraft {
  key: number;
  name: string;
  share: string;
  strategy: StrategyOverride;
  rules: boolean;
  /** weightsOn says the variant blends the models with weights of its own (a personal placement only). */
  weightsOn: boolean;
  /** weights are the variant's blend weights once one is typed; null shows and sends the serving model's. */
  weights: WeightsDraft | null;
}

/** usesWeights says a variant's blend weights count: ticked, on a personal placement, and not showing best-sellers. */
export function usesWeights(v: Pick<VariantDraft, "strategy" | "weightsOn">, personal: boolean): boolean {
  return personal && v.weightsOn && v.strategy !== "trending";
}

/** ExperimentDraft is the form's state. */
export interface ExperimentDraft {
  name: string;
  placement: string;
  variants: VariantDraft[];
}

let keySeq = 0;

/** newVariant is a variant that changes nothing. */
export function newVariant(name = "", share = ""): VariantDraft {
  return { key: ++keySeq, name, share, strategy: "", rules: true, weightsOn: false, weights: null };
}

/** newExperiment is the form's start: a control and best-sellers, half the shoppers each. */
export function newExperiment(placement = ""): ExperimentDraft {
  return {
    name: "",
    placement,
    variants: [newVariant("control", "50"), { ...newVariant("best-sellers", "50"), strategy: "trending" }],
  };
}

/**
 * isControl says a variant changes nothing: it is what the others are
 * compared with. "blend" is the placement's own list, so it changes nothing,
 * as the server reads it; blend weights of its own are a change, where they
 * count (personal: the placement shows personal picks).
 */
export function isControl(
  v: Pick<VariantDraft, "strategy" | "rules"> & Partial<Pick<VariantDraft, "weightsOn">>,
  personal = false,
): boolean {
  return (
    v.strategy !== "trending" && v.rules && !usesWeights({ strategy: v.strategy, weightsOn: !!v.weightsOn }, personal)
  );
}

/** parseShare reads a share typed in percent; NaN when it is not a number from 0 to 100. */
export function parseShare(raw: string): number {
  const s = raw.trim().replace(/%$/, "").trim();
  if (!/^\d+(\.\d+)?$/.test(s)) return NaN;
  const n = Number(s);
  return n >= 0 && n <= 100 ? n : NaN;
}

const pctText = (n: number) => `${Math.round(n * 100) / 100}%`;

/** sharesTotal adds the shares that are numbers; null when one is not. */
export function sharesTotal(variants: VariantDraft[]): number | null {
  let sum = 0;
  for (const v of variants) {
    const n = parseShare(v.share);
    if (Number.isNaN(n)) return null;
    sum += n;
  }
  return sum;
}

/** sharesMessage says what is wrong with the shares' sum, or "" when they add up to 100%. */
export function sharesMessage(variants: VariantDraft[]): string {
  const sum = sharesTotal(variants);
  if (sum === null) return "";
  if (Math.abs(sum - 100) < 1e-6) return "";
  return `The shares add up to ${pctText(sum)}, not 100%: ${sum > 100 ? "take" : "give"} ${pctText(Math.abs(100 - sum))} ${sum > 100 ? "from" : "to"} the variants so that every shopper is in exactly one.`;
}

/**
 * experimentFromDraft checks the form and builds the body of POST
 * /api/experiments (shares as fractions). Errors are keyed like the server's
 * details; "variants" holds what is about all of them. personal says the
 * placement shows personal picks: only then are blend weights checked and
 * sent, a variant's own or, where none was typed, serving (the serving
 * model's, shown prefilled).
 */
export function experimentFromDraft(
  d: ExperimentDraft,
  { personal = false, serving }: { personal?: boolean; serving?: WeightsDraft } = {},
): {
  value: ExperimentInput | null;
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  const fallback = serving ?? servingWeights(null).weights;
  const name = d.name.trim();
  if (!name) errors.name = "Give the experiment a name, such as “best-sellers on the home page”.";
  if (!d.placement) errors.placement = "Choose the placement whose shoppers are split.";
  const problems: string[] = [];
  if (d.variants.length < MIN_VARIANTS || d.variants.length > MAX_VARIANTS)
    problems.push(`An experiment has ${MIN_VARIANTS} to ${MAX_VARIANTS} variants.`);
  const seen = new Map<string, number>();
  d.variants.forEach((v, i) => {
    const vn = v.name.trim();
    if (!vn) errors[`variants[${i}].name`] = "Give the variant a name.";
    else if (seen.has(vn)) errors[`variants[${i}].name`] = `Variant ${seen.get(vn)! + 1} has this name already.`;
    else seen.set(vn, i);
    if (Number.isNaN(parseShare(v.share))) errors[`variants[${i}].share`] = "A percentage from 0 to 100, such as 50.";
    if (usesWeights(v, personal)) {
      const w = v.weights ?? fallback;
      const at = `variants[${i}].settings.weights`;
      const read = WEIGHTS.map(({ key }) => {
        const n = parseWeight(w[key]);
        if (Number.isNaN(n)) errors[`${at}.${key}`] = `A number from 0 to ${MAX_WEIGHT}, such as 0.5.`;
        return n;
      });
      if (read.every((n) => !Number.isNaN(n)) && !read.some((n) => n > 0))
        errors[at] = "Give at least one model a weight above 0: with all at 0 nothing is blended.";
    }
  });
  const shares = sharesMessage(d.variants);
  if (shares) problems.push(shares);
  const controls = d.variants.map((v, i) => (isControl(v, personal) ? i + 1 : 0)).filter(Boolean);
  const changes = personal
    ? "another list, other blend weights or their rules off"
    : "another list or turn their rules off";
  if (controls.length === 0)
    problems.push(
      `One variant must change nothing (no other list, ${personal ? "the model's own weights, " : ""}rules on): it is the control the others are compared with.`,
    );
  if (controls.length > 1)
    problems.push(
      `Only one variant may change nothing, the control; variants ${controls.join(" and ")} both do. Give all but one of them ${changes}.`,
    );
  if (problems.length) errors.variants = problems.join(" ");
  if (Object.keys(errors).length > 0) return { value: null, errors };
  return {
    value: {
      name,
      placement: d.placement,
      variants: d.variants.map((v): ExperimentVariant => {
        const out: ExperimentVariant = { name: v.name.trim(), share: Math.round(parseShare(v.share) * 1e8) / 1e10 };
        if (v.strategy) out.strategy = v.strategy;
        const settings: NonNullable<ExperimentVariant["settings"]> = {};
        if (!v.rules) settings.rules = false;
        if (usesWeights(v, personal)) {
          const w = v.weights ?? fallback;
          settings.weights = Object.fromEntries(WEIGHTS.map(({ key }) => [key, parseWeight(w[key])]));
        }
        if (Object.keys(settings).length > 0) out.settings = settings;
        return out;
      }),
    },
    errors,
  };
}

/** variantChange says in words what a variant changes. */
export function variantChange(v: ExperimentVariant): string {
  const parts: string[] = [];
  // "blend" is the placement's own list: no change to say.
  if (v.strategy === "trending") parts.push("best-sellers instead of the placement's list");
  const w = v.settings?.weights;
  if (w && Object.keys(w).length > 0) {
    const named = WEIGHTS.filter(({ key }) => key in w).map(({ key, label }) => `${label} ${w[key]}`);
    const other = Object.keys(w)
      .filter((k) => !WEIGHTS.some(({ key }) => key === k))
      .map((k) => `${k} ${w[k]}`);
    parts.push(`the models blended with other weights: ${[...named, ...other].join(", ")}`);
  }
  if (v.settings?.rules === false) parts.push("without the placement's rules");
  if (parts.length === 0) return "Nothing: the placement as it is (the control)";
  const s = parts.join(", ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** STATUS_LABELS names each status. */
export const STATUS_LABELS: Record<ExperimentStatus, string> = {
  draft: "Draft",
  running: "Running",
  stopped: "Stopped",
  shipped: "Shipped",
};

/** formatRate shows a rate as a percentage with one decimal ("8.9%"). */
export function formatRate(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return `${(v * 100).toFixed(1)}%`;
}

/** formatInterval shows a 95% interval of rates ("7.1% to 10.9%"). */
export function formatInterval(ci: [number, number] | null | undefined, f: (v: number) => string = formatRate): string {
  if (!ci || ci.length !== 2 || !ci.every(Number.isFinite)) return "—";
  return `${f(ci[0])} to ${f(ci[1])}`;
}

/** formatRelative shows a relative difference with its sign ("+12%", "−22%"). */
export function formatRelative(v: number): string {
  if (!Number.isFinite(v)) return "—";
  const p = Math.round(v * 100);
  return p > 0 ? `+${p}%` : p < 0 ? `−${Math.abs(p)}%` : "0%";
}

/** formatP shows a p-value as people read it ("p = 0.003", "p < 0.001"). */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return "";
  if (p < 0.001) return "p < 0.001";
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

const count = (n: number) => Math.round(n).toLocaleString("en-US");

/**
 * peekingGuard is what to say about a variant's click-through against the
 * control's while the difference is not significant: how many impressions a
 * difference this size needs per variant against how many they have. It is
 * "" when the difference is significant (then the numbers speak).
 */
export function peekingGuard(v: VariantResult, control: VariantResult): string {
  const c = v.vs_control?.ctr;
  if (!c || c.significant) return "";
  const have = Math.min(v.impressions, control.impressions);
  const each =
    v.impressions === control.impressions
      ? `each variant has ${count(have)}`
      : `each variant has at least ${count(have)}`;
  const need = c.needed_per_variant;
  if (!Number.isFinite(need) || need <= 0)
    return `Not significant yet: no difference has shown so far; ${each} impressions.`;
  if (have >= need)
    return `Not significant: a difference this size needs about ${count(need)} impressions per variant and ${each}, so the difference may not be real.`;
  return `Not significant yet: a difference this size needs about ${count(need)} impressions per variant; ${each}.`;
}

/** versusText says how a metric compares with the control's: the relative difference, its interval and p, and whether it is significant. */
export function versusText(c: VersusControl | undefined): string {
  if (!c) return "";
  const ci = `${formatRelative(c.relative_ci?.[0])} to ${formatRelative(c.relative_ci?.[1])}`;
  return `${formatRelative(c.relative)} (${ci}, ${formatP(c.p_value)})${c.significant ? "" : ", not significant"}`;
}
