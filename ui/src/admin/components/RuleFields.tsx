import { ArrowDown, ArrowUp, Trash2 } from "lucide-react";
import { DEFAULT_FACTOR, RULE_TYPES, localToRfc3339, type ConditionDraft, type RuleDraft } from "../lib/placements";
import type { RuleType } from "../types";
import { BUTTON_SECONDARY, SelectField, TextField, formatDateTime } from "./ui";

const SMALL_BUTTON = `${BUTTON_SECONDARY} px-2 py-1 text-xs`;

/** ruleFieldId is the id of one of a rule's inputs, so the form can move focus to it. */
export function ruleFieldId(base: string, key: number, field: string): string {
  return `${base}-rule-${key}-${field}`;
}

/** RuleFields edits one rule: its type, what that type needs, and an optional time window. */
export function RuleFields({
  base,
  rule,
  index,
  total,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  base: string;
  rule: RuleDraft;
  index: number;
  total: number;
  errors: Record<string, string>;
  onChange: (r: RuleDraft) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const at = `rules[${index}]`;
  const fid = (f: string) => ruleFieldId(base, rule.key, f);
  const set = (patch: Partial<RuleDraft>) => onChange({ ...rule, ...patch });
  const setType = (type: RuleType) => {
    // A factor that suited the old type is replaced by the new type's usual one.
    const keep = rule.factor !== "" && rule.factor !== DEFAULT_FACTOR[rule.type];
    set({ type, factor: keep ? rule.factor : (DEFAULT_FACTOR[type] ?? "") });
  };
  const label = RULE_TYPES.find((t) => t.value === rule.type)?.label ?? rule.type;
  return (
    <fieldset className="rounded-xl border border-stone-200 p-3" data-testid={`rule-${index}`}>
      <legend className="px-1 text-sm font-semibold text-stone-800">
        Rule {index + 1}: {label}
      </legend>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <SelectField
          id={fid("type")}
          label="What the rule does"
          value={rule.type}
          error={errors[`${at}.type`]}
          onChange={(e) => setType(e.target.value as RuleType)}
        >
          {RULE_TYPES.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </SelectField>
        {rule.type === "pin" && (
          <>
            <TextField
              id={fid("product")}
              label="Product id"
              inputMode="numeric"
              hint="The number shown next to the product in the catalog."
              value={rule.product_id}
              error={errors[`${at}.product_id`]}
              onChange={(e) => set({ product_id: e.target.value })}
            />
            <TextField
              id={fid("position")}
              label="Position"
              inputMode="numeric"
              hint="1 is the first place in the list."
              value={rule.position}
              error={errors[`${at}.position`]}
              onChange={(e) => set({ position: e.target.value })}
            />
          </>
        )}
        {(rule.type === "boost" || rule.type === "bury") && (
          <TextField
            id={fid("factor")}
            label={rule.type === "boost" ? "How much more (times)" : "How much less (times)"}
            inputMode="decimal"
            hint={
              rule.type === "boost"
                ? "2 ranks them as if they were twice as good a match."
                : "0.5 ranks them as if they were half as good a match."
            }
            value={rule.factor}
            error={errors[`${at}.factor`]}
            onChange={(e) => set({ factor: e.target.value })}
          />
        )}
      </div>
      {rule.type !== "pin" && (
        <ConditionFields
          id={fid("when")}
          at={`${at}.when`}
          value={rule.when}
          errors={errors}
          onChange={(when) => set({ when })}
        />
      )}
      <fieldset className="mt-3">
        <legend className="text-sm font-medium text-stone-700">Only between (optional)</legend>
        <div className="mt-1 grid gap-3 sm:grid-cols-2">
          <TimeField
            id={fid("from")}
            label="Starts"
            value={rule.from}
            error={errors[`${at}.from`]}
            onChange={(from) => set({ from })}
          />
          <TimeField
            id={fid("until")}
            label="Ends"
            value={rule.until}
            error={errors[`${at}.until`]}
            onChange={(until) => set({ until })}
          />
        </div>
      </fieldset>
      <div className="mt-3 flex flex-wrap gap-2">
        <button
          id={fid("up")}
          type="button"
          className={SMALL_BUTTON}
          disabled={index === 0}
          onClick={() => onMove(-1)}
          aria-label={`Move up rule ${index + 1}`}
        >
          <ArrowUp aria-hidden className="size-3.5" /> Move up
        </button>
        <button
          id={fid("down")}
          type="button"
          className={SMALL_BUTTON}
          disabled={index === total - 1}
          onClick={() => onMove(1)}
          aria-label={`Move down rule ${index + 1}`}
        >
          <ArrowDown aria-hidden className="size-3.5" /> Move down
        </button>
        <button
          type="button"
          className={`${SMALL_BUTTON} text-red-700`}
          onClick={onRemove}
          aria-label={`Remove rule ${index + 1}`}
        >
          <Trash2 aria-hidden className="size-3.5" /> Remove
        </button>
      </div>
    </fieldset>
  );
}

/** TimeField is a datetime-local input in the browser's time zone; its hint says the time in UTC that is saved. */
function TimeField({
  id,
  label,
  value,
  error,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  error?: string;
  onChange: (v: string) => void;
}) {
  const utc = value ? localToRfc3339(value) : null;
  return (
    <TextField
      id={id}
      label={label}
      type="datetime-local"
      value={value}
      error={error}
      hint={utc ? `Your time; saved as ${formatDateTime(utc)}.` : "Your time. Empty: no limit."}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** ConditionFields edits which products a boost, bury or exclude rule applies to. */
function ConditionFields({
  id,
  at,
  value,
  errors,
  onChange,
}: {
  id: string;
  at: string;
  value: ConditionDraft;
  errors: Record<string, string>;
  onChange: (c: ConditionDraft) => void;
}) {
  const field = (
    k: keyof ConditionDraft,
    label: string,
    extra: { hint?: string; inputMode?: "decimal" | "numeric" },
  ) => (
    <TextField
      id={`${id}-${k}`}
      label={label}
      value={value[k]}
      error={errors[`${at}.${k}`]}
      onChange={(e) => onChange({ ...value, [k]: e.target.value })}
      {...extra}
    />
  );
  const whole = errors[at];
  return (
    <fieldset className="mt-3" aria-describedby={whole ? `${id}-error` : `${id}-hint`}>
      <legend className="text-sm font-medium text-stone-700">Which products</legend>
      {whole ? (
        <p id={`${id}-error`} className="text-xs text-red-700">
          {whole}
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-xs text-stone-600">
          A product matches when it fits every field you fill in.
        </p>
      )}
      <div className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {field("category", "Category", {})}
        {field("brand", "Brand", {})}
        {field("tag", "Tag", {})}
        {field("attributes", "Attributes", { hint: "Such as colour=red; size=M" })}
        {field("min_price", "Lowest price", { inputMode: "decimal" })}
        {field("max_price", "Highest price", { inputMode: "decimal" })}
        {field("newer_than_days", "Added in the last (days)", { inputMode: "numeric" })}
        {field("ids", "Product ids", { hint: "Such as 12, 15, 40" })}
      </div>
    </fieldset>
  );
}
