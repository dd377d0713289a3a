import { useId, useState, type FormEvent } from "react";
import { Save } from "lucide-react";
import { ApiError } from "../../api";
import { describeError } from "../../components/ErrorMessage";
import { useAdmin } from "../context";
import { fromDraft, toDraft, type SettingsDraft } from "../lib/settings";
import { INTERACTION_TYPES } from "../lib/stats";
import type { ModelSettings } from "../types";
import { BUTTON, TextField } from "./ui";

/** SettingsForm edits the interaction weights, the decay half-life, the retrain interval and which types to exclude from recommendations. */
export function SettingsForm({ settings, onSaved }: { settings: ModelSettings; onSaved: () => void }) {
  const { client } = useAdmin();
  const id = useId();
  const [draft, setDraft] = useState<SettingsDraft>(() => toDraft(settings));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const { value, errors: found } = fromDraft(draft);
    setErrors(found);
    if (!value) return;
    setBusy(true);
    try {
      await client.saveSettings(value);
      setMessage({ ok: true, text: "Settings saved. They apply from the next training." });
      onSaved();
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.details);
      setMessage({ ok: false, text: describeError(err).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-5" aria-label="Model settings" data-testid="settings-form">
      <fieldset>
        <legend className="text-sm font-medium text-stone-700">Interaction weights</legend>
        <p className="text-xs text-stone-600">How strongly each kind of interaction counts as interest.</p>
        <div className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-4">
          {INTERACTION_TYPES.map((t) => (
            <TextField
              key={t}
              id={`${id}-w-${t}`}
              label={t}
              inputMode="decimal"
              value={draft.weights[t]}
              error={errors[`weights.${t}`]}
              onChange={(e) => setDraft((d) => ({ ...d, weights: { ...d.weights, [t]: e.target.value } }))}
            />
          ))}
        </div>
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          id={`${id}-half`}
          label="Decay half-life (days)"
          hint="An interaction this old counts half as much as a new one."
          inputMode="decimal"
          value={draft.half_life_days}
          error={errors.half_life_days}
          onChange={(e) => setDraft((d) => ({ ...d, half_life_days: e.target.value }))}
        />
        <TextField
          id={`${id}-every`}
          label="Retrain every (minutes)"
          hint="Training runs only when the data changed."
          inputMode="numeric"
          value={draft.retrain_interval_minutes}
          error={errors.retrain_interval_minutes}
          onChange={(e) => setDraft((d) => ({ ...d, retrain_interval_minutes: e.target.value }))}
        />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-stone-700">Do not recommend products the shopper already…</legend>
        <div className="mt-2 flex flex-wrap gap-4">
          {INTERACTION_TYPES.map((t) => (
            <label key={t} className="inline-flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                className="size-4 accent-accent-600"
                checked={draft.exclude[t]}
                onChange={(e) => setDraft((d) => ({ ...d, exclude: { ...d.exclude, [t]: e.target.checked } }))}
              />
              {t === "view" ? "viewed" : t === "like" ? "liked" : t === "cart" ? "put in the cart" : "bought"}
            </label>
          ))}
        </div>
        {errors.exclude && <p className="mt-1 text-xs text-red-700">{errors.exclude}</p>}
      </fieldset>
      {message && (
        <p
          role={message.ok ? "status" : "alert"}
          className={`text-sm ${message.ok ? "text-emerald-800" : "text-red-700"}`}
        >
          {message.text}
        </p>
      )}
      <button type="submit" className={BUTTON} disabled={busy} data-testid="settings-save">
        <Save aria-hidden className="size-4" /> {busy ? "Saving…" : "Save settings"}
      </button>
    </form>
  );
}
