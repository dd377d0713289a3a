import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Plus, Save, Trash2 } from "lucide-react";
import { ApiError } from "../../api";
import { describeError } from "../../components/ErrorMessage";
import { Link } from "../../components/Link";
import { useAsync } from "../../hooks/useAsync";
import { adminPath } from "../../lib/route";
import { useAdmin } from "../context";
import {
  MAX_VARIANTS,
  MIN_VARIANTS,
  MAX_WEIGHT,
  OVERRIDES,
  WEIGHTS,
  experimentFromDraft,
  isControl,
  newExperiment,
  newVariant,
  servingWeights,
  sharesMessage,
  sharesTotal,
  usesWeights,
  type ExperimentDraft,
  type StrategyOverride,
  type VariantDraft,
  type WeightsDraft,
} from "../lib/experiments";
import type { Experiment, ModelInfo } from "../types";
import { BUTTON, BUTTON_SECONDARY, SelectField, TextField } from "./ui";

type Message = { text: string; details: [string, string][] };
/** Serving is what blend weights start from, and whether they are the serving model's. */
type Serving = { weights: WeightsDraft; fromModel: boolean; loading: boolean; failed: boolean };

const PLACED =
  /^(name|placement|variants|variants\[\d+\]\.(name|share|strategy|settings|settings\.rules|settings\.weights(\.(cf|mf|ease|knn|bpr))?))$/;

/**
 * ExperimentForm creates a draft experiment: a name, the placement whose
 * shoppers are split, and 2 to 8 variants with their shares. The shares
 * must add up to 100% before anything is sent; the server's per-field
 * errors show next to their fields, and what was typed stays. On a personal
 * placement a variant may blend the trained models with weights of its own,
 * prefilled with the serving model's.
 */
export function ExperimentForm({ onSaved, onCancel }: { onSaved: (e: Experiment) => void; onCancel: () => void }) {
  const { client } = useAdmin();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const placements = useAsync((signal) => client.placements(signal), [client]);
  const [draft, setDraft] = useState<ExperimentDraft>(() => newExperiment());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const [focus, setFocus] = useState<string | null>(null);

  const names = [...(placements.data?.placements ?? [])].map((p) => p.name).sort();
  // The first placement is the choice until another is chosen.
  const placement = draft.placement || names[0] || "";
  // Blend weights are offered on a placement of personal picks only; its model's weights prefill them.
  const personal = placements.data?.placements.find((p) => p.name === placement)?.strategy === "personal";
  const model = useAsync<ModelInfo | null>(
    (signal) => (personal ? client.model(signal) : Promise.resolve(null)),
    [client, personal],
  );
  const serving = {
    ...servingWeights(model.data?.status?.weights),
    loading: model.status === "loading",
    failed: model.status === "error",
  };

  // Focus moves after the render that made its target: a new variant, or the first field in error.
  useEffect(() => {
    if (!focus) return;
    setFocus(null);
    const el =
      focus === "first-error"
        ? formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-error="true"]')
        : document.getElementById(focus);
    el?.focus();
  }, [focus]);

  const setVariant = (i: number, f: (v: VariantDraft) => VariantDraft) =>
    setDraft((d) => ({ ...d, variants: d.variants.map((v, j) => (j === i ? f(v) : v)) }));
  // Variant errors name variants by index: once one is removed they no longer fit.
  const dropVariantErrors = () =>
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith("variants"))));
  const addVariant = () => {
    const v = { ...newVariant(`variant ${draft.variants.length + 1}`, "0"), strategy: "trending" as const };
    setDraft((d) => ({ ...d, variants: [...d.variants, v] }));
    dropVariantErrors();
    setFocus(`${id}-v${v.key}-name`);
  };
  const removeVariant = (i: number) => {
    setDraft((d) => ({ ...d, variants: d.variants.filter((_, j) => j !== i) }));
    dropVariantErrors();
    setFocus(`${id}-add-variant`);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const { value, errors: found } = experimentFromDraft(
      { ...draft, placement },
      { personal, serving: serving.weights },
    );
    setErrors(found);
    if (!value) {
      setMessage({ text: "Some fields need a change: see the messages next to them.", details: [] });
      setFocus("first-error");
      return;
    }
    setBusy(true);
    try {
      onSaved(await client.createExperiment(value));
    } catch (err) {
      const details = err instanceof ApiError ? err.details : {};
      setErrors(details);
      const rest = Object.entries(details).filter(([k]) => !PLACED.test(k));
      setMessage({
        text: `${describeError(err).message}${rest.length < Object.keys(details).length ? " See the messages next to the fields." : ""}`,
        details: rest,
      });
      setFocus("first-error");
    } finally {
      setBusy(false);
    }
  };

  const total = sharesTotal(draft.variants);
  const sharesProblem = sharesMessage(draft.variants);
  const variantsError = errors.variants;
  if (placements.data && names.length === 0) {
    return (
      <p className="text-sm text-stone-600" data-testid="experiment-no-placements">
        An experiment splits the shoppers of one placement, and there is no placement yet.{" "}
        <Link href={adminPath("placements")} className="rounded text-accent-700 hover:underline">
          Create a placement
        </Link>{" "}
        first.
      </p>
    );
  }
  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      className="space-y-5"
      aria-label="New experiment"
      data-testid="experiment-form"
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          id={`${id}-name`}
          label="Name"
          hint="What it tests, in your words."
          autoComplete="off"
          maxLength={100}
          value={draft.name}
          error={errors.name}
          onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))}
          data-testid="experiment-name"
        />
        <SelectField
          id={`${id}-placement`}
          label="Placement"
          hint="Its shoppers are split between the variants."
          value={placement}
          error={
            errors.placement ?? (placements.status === "error" ? describeError(placements.error).message : undefined)
          }
          onChange={(e) => setDraft((d) => ({ ...d, placement: e.target.value }))}
          data-testid="experiment-placement"
        >
          {!placements.data && <option value="">Loading placements…</option>}
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </SelectField>
      </div>
      <fieldset
        className="space-y-3"
        aria-describedby={`${id}-variants-hint ${id}-variants-sum${variantsError ? ` ${id}-variants-error` : ""}`}
      >
        <legend className="text-sm font-semibold text-stone-800">Variants</legend>
        <p id={`${id}-variants-hint`} className="text-xs text-stone-600">
          Each shopper of the placement always sees the same variant. One variant changes nothing: the control, which
          the others are compared with. Shares are percentages of the shoppers and add up to 100%.
        </p>
        {draft.variants.map((v, i) => (
          <VariantFields
            key={v.key}
            base={`${id}-v${v.key}`}
            index={i}
            variant={v}
            personal={personal}
            serving={serving}
            errors={errors}
            canRemove={draft.variants.length > MIN_VARIANTS}
            onChange={(f) => setVariant(i, f)}
            onRemove={() => removeVariant(i)}
          />
        ))}
        <p
          id={`${id}-variants-sum`}
          className={`text-sm ${sharesProblem ? "text-red-700" : "text-stone-600"}`}
          data-testid="experiment-shares-total"
        >
          {total === null
            ? "Shares: enter a percentage for every variant."
            : `Shares: ${Math.round(total * 100) / 100}% of 100%.`}
        </p>
        {variantsError && (
          <p
            id={`${id}-variants-error`}
            className="text-sm text-red-700"
            data-testid="experiment-variants-error"
            data-error="true"
            tabIndex={-1}
          >
            {variantsError}
          </p>
        )}
        <button
          id={`${id}-add-variant`}
          type="button"
          className={BUTTON_SECONDARY}
          onClick={addVariant}
          disabled={draft.variants.length >= MAX_VARIANTS}
          data-testid="experiment-add-variant"
        >
          <Plus aria-hidden className="size-4" /> Add a variant
        </button>
      </fieldset>
      {message && (
        <div role="alert" className="text-sm text-red-700" data-testid="experiment-message">
          <p>{message.text}</p>
          {message.details.length > 0 && (
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
        <button type="submit" className={BUTTON} disabled={busy} data-testid="experiment-save">
          <Save aria-hidden className="size-4" /> {busy ? "Creating…" : "Create experiment"}
        </button>
        <button type="button" className={BUTTON_SECONDARY} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function VariantFields({
  base,
  index,
  variant: v,
  personal,
  serving,
  errors,
  canRemove,
  onChange,
  onRemove,
}: {
  base: string;
  index: number;
  variant: VariantDraft;
  personal: boolean;
  serving: Serving;
  errors: Record<string, string>;
  canRemove: boolean;
  onChange: (f: (v: VariantDraft) => VariantDraft) => void;
  onRemove: () => void;
}) {
  const err = (k: string) => errors[`variants[${index}].${k}`];
  const weightsError = errors[`variants[${index}].settings.weights`];
  // Where the weights are not offered, an error about them still shows: with the rules' errors.
  const rulesError =
    errors[`variants[${index}].settings.rules`] ??
    errors[`variants[${index}].settings`] ??
    (personal ? undefined : weightsError);
  return (
    <fieldset className="rounded-xl border border-stone-200 p-3" data-testid={`variant-${index}`}>
      <legend className="px-1 text-sm font-medium text-stone-700">
        Variant {index + 1}
        {isControl(v, personal) ? " (the control)" : ""}
      </legend>
      <div className="grid gap-3 sm:grid-cols-[1fr_8rem_1fr]">
        <TextField
          id={`${base}-name`}
          label="Variant name"
          autoComplete="off"
          maxLength={50}
          value={v.name}
          error={err("name")}
          onChange={(e) => onChange((x) => ({ ...x, name: e.target.value }))}
        />
        <TextField
          id={`${base}-share`}
          label="Share (%)"
          inputMode="decimal"
          value={v.share}
          error={err("share")}
          onChange={(e) => onChange((x) => ({ ...x, share: e.target.value }))}
        />
        <SelectField
          id={`${base}-strategy`}
          label="Which list"
          value={v.strategy}
          error={err("strategy")}
          onChange={(e) => onChange((x) => ({ ...x, strategy: e.target.value as StrategyOverride }))}
        >
          {OVERRIDES.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
        <div>
          <label className="inline-flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="size-4 accent-accent-600"
              checked={v.rules}
              aria-invalid={rulesError ? true : undefined}
              aria-describedby={rulesError ? `${base}-rules-error` : undefined}
              onChange={(e) => onChange((x) => ({ ...x, rules: e.target.checked }))}
            />
            Apply the placement's rules
          </label>
          {rulesError && (
            <p id={`${base}-rules-error`} className="text-xs text-red-700">
              {rulesError}
            </p>
          )}
        </div>
        {canRemove && (
          <button
            type="button"
            onClick={onRemove}
            aria-label={`Remove variant ${index + 1}`}
            className="inline-flex items-center gap-1 rounded-lg px-2 py-1 text-sm text-red-700 hover:bg-red-50"
          >
            <Trash2 aria-hidden className="size-4" /> Remove
          </button>
        )}
      </div>
      {personal && (
        <WeightFields
          base={base}
          index={index}
          variant={v}
          serving={serving}
          errors={errors}
          groupError={weightsError}
          onChange={onChange}
        />
      )}
    </fieldset>
  );
}

/**
 * WeightFields is a variant's optional blend weights: a checkbox that reveals
 * one number per trained model, prefilled with the serving model's weights.
 * A variant showing best-sellers has no blend, so the checkbox is off there.
 */
function WeightFields({
  base,
  index,
  variant: v,
  serving,
  errors,
  groupError,
  onChange,
}: {
  base: string;
  index: number;
  variant: VariantDraft;
  serving: Serving;
  errors: Record<string, string>;
  groupError?: string;
  onChange: (f: (v: VariantDraft) => VariantDraft) => void;
}) {
  const trending = v.strategy === "trending";
  const on = usesWeights(v, true);
  const weights = v.weights ?? serving.weights;
  const current = WEIGHTS.map(({ key }) => `${key} ${serving.weights[key]}`).join(", ");
  return (
    <div className="mt-3 border-t border-stone-100 pt-3">
      <label className="inline-flex items-center gap-2 text-sm has-disabled:text-stone-600">
        <input
          id={`${base}-weights-on`}
          type="checkbox"
          className="size-4 accent-accent-600"
          checked={on}
          disabled={trending}
          aria-describedby={`${base}-weights-about${groupError && !on ? ` ${base}-weights-error` : ""}`}
          aria-invalid={groupError && !on ? true : undefined}
          onChange={(e) => {
            const checked = e.target.checked;
            onChange((x) => ({ ...x, weightsOn: checked }));
          }}
          data-testid={`variant-${index}-weights-on`}
        />
        Use other blend weights
      </label>
      <p id={`${base}-weights-about`} className="text-xs text-stone-600">
        {trending
          ? "Best-sellers are not blended from the models, so there are no weights to change: choose another list to use them."
          : "Personal picks blend several trained models; this variant weighs them differently."}
      </p>
      {on && (
        <fieldset
          className="mt-2"
          aria-describedby={`${base}-weights-hint${groupError ? ` ${base}-weights-error` : ""}`}
          data-testid={`variant-${index}-weights`}
        >
          <legend className="sr-only">Blend weights of variant {index + 1}</legend>
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-5">
            {WEIGHTS.map(({ key, label }) => (
              <TextField
                key={key}
                id={`${base}-weight-${key}`}
                label={label}
                type="number"
                inputMode="decimal"
                min={0}
                max={MAX_WEIGHT}
                step="any"
                value={weights[key]}
                error={errors[`variants[${index}].settings.weights.${key}`]}
                onChange={(e) => {
                  const value = e.target.value;
                  onChange((x) => ({ ...x, weights: { ...(x.weights ?? serving.weights), [key]: value } }));
                }}
              />
            ))}
          </div>
          <p id={`${base}-weights-hint`} className="mt-1 text-xs text-stone-600">
            Each from 0 to {MAX_WEIGHT}, at least one above 0; 0 leaves a model out, as does a model the serving one did
            not train.{" "}
            {serving.fromModel
              ? `The serving model weighs ${current}.`
              : serving.loading
                ? `Loading the serving model's weights; until then, shelf's starting ones: ${current}.`
                : serving.failed
                  ? `The serving model's weights could not be loaded; these are shelf's starting ones: ${current}.`
                  : `The serving model reports no weights; shelf starts from ${current}.`}
          </p>
        </fieldset>
      )}
      {groupError && (
        <p
          id={`${base}-weights-error`}
          className="text-xs text-red-700"
          data-error={on ? "true" : undefined}
          tabIndex={on ? -1 : undefined}
        >
          {groupError}
        </p>
      )}
    </div>
  );
}
