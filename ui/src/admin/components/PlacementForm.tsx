import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Plus, Save } from "lucide-react";
import { ApiError } from "../../api";
import { describeError } from "../../components/ErrorMessage";
import { useAdmin } from "../context";
import {
  STRATEGIES,
  fromDraft,
  newRule,
  toDraft,
  unplacedErrors,
  type FilterDraft,
  type PlacementDraft,
  type RuleDraft,
} from "../lib/placements";
import type { Placement, Strategy } from "../types";
import { RuleFields, ruleFieldId } from "./RuleFields";
import { BUTTON, BUTTON_SECONDARY, SelectField, TextField } from "./ui";

type Message = { ok: boolean; text: string; details?: [string, string][] };

/**
 * PlacementForm creates a placement (placement undefined) or replaces one.
 * The server's per-field errors show next to their fields, and what was
 * typed stays.
 */
export function PlacementForm({
  placement,
  onSaved,
  onCancel,
  onDirtyChange,
}: {
  placement?: Placement;
  onSaved: (p: Placement) => void;
  onCancel?: () => void;
  onDirtyChange?: (dirty: boolean) => void;
}) {
  const { client } = useAdmin();
  const id = useId();
  const creating = !placement;
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<PlacementDraft>(() => toDraft(placement));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [focusTarget, setFocusTarget] = useState<string | null>(null);

  useEffect(() => onDirtyChange?.(dirty), [dirty, onDirtyChange]);

  // Focus moves after the render that made its target: a new rule, a moved
  // rule's button, or the first field in error.
  useEffect(() => {
    if (!focusTarget) return;
    setFocusTarget(null);
    const form = formRef.current;
    if (focusTarget === "first-error") {
      form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const el = document.getElementById(focusTarget) as HTMLButtonElement | null;
    if (el && !el.disabled) el.focus();
    else if (el) el.parentElement?.querySelector<HTMLButtonElement>("button:not([disabled])")?.focus();
  }, [focusTarget]);

  const update = (f: (d: PlacementDraft) => PlacementDraft) => {
    setDraft(f);
    setDirty(true);
  };
  const setField = <K extends keyof PlacementDraft>(k: K, v: PlacementDraft[K]) => update((d) => ({ ...d, [k]: v }));
  const setFilter = (k: keyof FilterDraft, v: string) => update((d) => ({ ...d, filters: { ...d.filters, [k]: v } }));
  // Rule errors name rules by index: once rules are moved or removed they no longer fit.
  const dropRuleErrors = () =>
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith("rules["))));
  const setRule = (i: number, r: RuleDraft) =>
    update((d) => ({ ...d, rules: d.rules.map((x, j) => (j === i ? r : x)) }));
  const addRule = () => {
    const r = newRule();
    update((d) => ({ ...d, rules: [...d.rules, r] }));
    setFocusTarget(ruleFieldId(id, r.key, "type"));
  };
  const moveRule = (i: number, by: -1 | 1) => {
    const r = draft.rules[i];
    update((d) => {
      const rules = [...d.rules];
      rules.splice(i, 1);
      rules.splice(i + by, 0, r);
      return { ...d, rules };
    });
    dropRuleErrors();
    setFocusTarget(ruleFieldId(id, r.key, by < 0 ? "up" : "down"));
  };
  const removeRule = (i: number) => {
    update((d) => ({ ...d, rules: d.rules.filter((_, j) => j !== i) }));
    dropRuleErrors();
    setFocusTarget(`${id}-add-rule`);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const { value, errors: found } = fromDraft(draft);
    setErrors(found);
    if (!value) {
      setMessage({ ok: false, text: "Some fields need a change: see the messages next to them." });
      setFocusTarget("first-error");
      return;
    }
    setBusy(true);
    try {
      const saved = await client.putPlacement(value.name, value);
      setDirty(false);
      setMessage({ ok: true, text: `Saved ${saved.name}.` });
      onSaved(saved);
    } catch (err) {
      const details = err instanceof ApiError ? err.details : {};
      setErrors(details);
      const rest = unplacedErrors(details, creating);
      setMessage({
        ok: false,
        text: `${describeError(err).message}${Object.keys(details).length > rest.length ? " See the messages next to the fields." : ""}`,
        details: rest,
      });
      setFocusTarget("first-error");
    } finally {
      setBusy(false);
    }
  };

  const num = { inputMode: "numeric" as const };
  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      className="space-y-5"
      aria-label="Placement"
      data-testid="placement-form"
    >
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-stone-800">The list</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          {creating && (
            <TextField
              id={`${id}-name`}
              label="Name"
              hint="What the shop's pages ask for, such as home or product-page. Lower-case letters, digits, - and _."
              autoComplete="off"
              value={draft.name}
              error={errors.name}
              onChange={(e) => setField("name", e.target.value)}
            />
          )}
          <SelectField
            id={`${id}-strategy`}
            label="Which list"
            value={draft.strategy}
            error={errors.strategy}
            onChange={(e) => setField("strategy", e.target.value as Strategy)}
          >
            {STRATEGIES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label} ({s.hint})
              </option>
            ))}
          </SelectField>
          <TextField
            id={`${id}-count`}
            label="How many products"
            hint="1 to 100; 10 when left empty."
            {...num}
            value={draft.count}
            error={errors.count}
            onChange={(e) => setField("count", e.target.value)}
          />
          <SelectField
            id={`${id}-fallback`}
            label="When too few products qualify"
            value={draft.fallback}
            error={errors.fallback}
            onChange={(e) => setField("fallback", e.target.value)}
          >
            <option value="">Fill up with trending products (the default)</option>
            <option value="none">Leave the list short</option>
            {STRATEGIES.map((s) => (
              <option key={s.value} value={s.value}>
                Fill up with: {s.label}
              </option>
            ))}
          </SelectField>
        </div>
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-stone-800">Variety</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField
            id={`${id}-per-cat`}
            label="At most this many of one category"
            hint="Empty: no limit."
            {...num}
            value={draft.max_per_category}
            error={errors.max_per_category}
            onChange={(e) => setField("max_per_category", e.target.value)}
          />
          <TextField
            id={`${id}-per-brand`}
            label="At most this many of one brand"
            hint="Empty: no limit."
            {...num}
            value={draft.max_per_brand}
            error={errors.max_per_brand}
            onChange={(e) => setField("max_per_brand", e.target.value)}
          />
        </div>
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-stone-800">Only products that match (optional)</legend>
        <p className="text-xs text-stone-600">A page that asks with its own filters overrides these.</p>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
          {(
            [
              ["category", "Category"],
              ["brand", "Brand"],
              ["tag", "Tag"],
              ["min_price", "Lowest price"],
              ["max_price", "Highest price"],
            ] as const
          ).map(([k, label]) => (
            <TextField
              key={k}
              id={`${id}-f-${k}`}
              label={label}
              inputMode={k.endsWith("price") ? "decimal" : undefined}
              value={draft.filters[k]}
              error={errors[`filters.${k}`]}
              onChange={(e) => setFilter(k, e.target.value)}
            />
          ))}
        </div>
      </fieldset>
      <fieldset className="space-y-3" aria-describedby={`${id}-rules-hint`}>
        <legend className="text-sm font-semibold text-stone-800">Rules</legend>
        <p id={`${id}-rules-hint`} className="text-xs text-stone-600">
          Rules apply in this order, after the recommender ranks the products.
        </p>
        {errors.rules && <p className="text-xs text-red-700">{errors.rules}</p>}
        {draft.rules.length === 0 && (
          <p className="text-sm text-stone-600">No rules: the list is as the recommender ranks it.</p>
        )}
        {draft.rules.map((r, i) => (
          <RuleFields
            key={r.key}
            base={id}
            rule={r}
            index={i}
            total={draft.rules.length}
            errors={errors}
            onChange={(next) => setRule(i, next)}
            onMove={(by) => moveRule(i, by)}
            onRemove={() => removeRule(i)}
          />
        ))}
        <button
          id={`${id}-add-rule`}
          type="button"
          className={BUTTON_SECONDARY}
          onClick={addRule}
          data-testid="rule-add"
        >
          <Plus aria-hidden className="size-4" /> Add a rule
        </button>
      </fieldset>
      {message && (
        <div
          role={message.ok ? "status" : "alert"}
          className={`text-sm ${message.ok ? "text-emerald-800" : "text-red-700"}`}
          data-testid="placement-message"
        >
          <p>{message.text}</p>
          {message.details && message.details.length > 0 && (
            <ul className="mt-1 list-disc pl-5">
              {message.details.map(([k, v]) => (
                <li key={k}>
                  <span className="font-mono text-xs">{k}</span>: {v}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={BUTTON} disabled={busy} data-testid="placement-save">
          <Save aria-hidden className="size-4" /> {busy ? "Saving…" : creating ? "Create placement" : "Save placement"}
        </button>
        {onCancel && (
          <button type="button" className={BUTTON_SECONDARY} onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
