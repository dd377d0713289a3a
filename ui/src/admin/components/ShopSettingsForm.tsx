import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import { Save } from "lucide-react";
import { ApiError, type ShopSettings } from "../../api";
import { describeError } from "../../components/ErrorMessage";
import { formatMoney, isCurrencyCode } from "../../lib/money";
import { useShopSettings } from "../../shopSettings";
import { useAdmin } from "../context";
import { currencies, nowIn, shopDraft, shopFromDraft, timeZones, type ShopDraft } from "../lib/shop";
import { BUTTON, SelectField, TextField } from "./ui";

const FIELDS = ["time_zone", "currency", "attribution_window_days"];

/**
 * ShopSettingsForm edits the shop's time zone, currency and attribution
 * window (PUT /api/shop). The server's per-field errors show next to their
 * fields and what was typed stays; a save shows the new currency everywhere
 * at once.
 */
export function ShopSettingsForm({ settings }: { settings: ShopSettings }) {
  const { client } = useAdmin();
  const shop = useShopSettings();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<ShopDraft>(() => shopDraft(settings));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string; details?: [string, string][] } | null>(null);
  const [busy, setBusy] = useState(false);
  const zones = useMemo(() => timeZones(settings.time_zone), [settings.time_zone]);
  const codes = useMemo(currencies, []);
  // Editing a field drops its error: the message was about what it held before.
  const set = (k: keyof ShopDraft) => (e: { target: { value: string } }) => {
    setDraft((d) => ({ ...d, [k]: e.target.value }));
    setErrors(({ [k]: _, ...rest }) => rest);
  };

  // Focus moves to the first field in error after the render that marks it.
  const [focusTick, setFocusTick] = useState(0);
  useEffect(() => {
    if (focusTick) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusTick]);
  const focusFirstError = () => setFocusTick((t) => t + 1);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const { value, errors: found } = shopFromDraft(draft);
    setErrors(found);
    if (!value) {
      setMessage({ ok: false, text: "Some fields need a change: see the messages next to them." });
      focusFirstError();
      return;
    }
    setBusy(true);
    try {
      const saved = await client.saveShop(value);
      setDraft(shopDraft(saved));
      shop.update(saved);
      setMessage({
        ok: true,
        text: `Saved. Days are counted in ${saved.time_zone}, amounts show in ${saved.currency}, and a purchase counts for a list up to ${saved.attribution_window_days} ${saved.attribution_window_days === 1 ? "day" : "days"} after a click on it.`,
      });
    } catch (err) {
      const details = err instanceof ApiError ? err.details : {};
      setErrors(details);
      const rest = Object.entries(details).filter(([k]) => !FIELDS.includes(k));
      setMessage({
        ok: false,
        text: `${describeError(err).message}${rest.length < Object.keys(details).length ? " See the messages next to the fields." : ""}`,
        details: rest,
      });
      focusFirstError();
    } finally {
      setBusy(false);
    }
  };

  const code = draft.currency.trim().toUpperCase();
  const now = nowIn(draft.time_zone.trim());
  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      className="space-y-4"
      aria-label="Shop settings"
      data-testid="shop-form"
    >
      <div className="grid gap-3 sm:grid-cols-3">
        {zones ? (
          <SelectField
            id={`${id}-tz`}
            label="Time zone"
            hint={`Analytics count days from midnight to midnight here.${now ? ` It is ${now} there now.` : ""}`}
            value={draft.time_zone}
            error={errors.time_zone}
            onChange={set("time_zone")}
            data-testid="shop-time-zone"
          >
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </SelectField>
        ) : (
          <TextField
            id={`${id}-tz`}
            label="Time zone"
            hint="An IANA name such as Europe/Berlin. Analytics count days from midnight to midnight here."
            autoComplete="off"
            value={draft.time_zone}
            error={errors.time_zone}
            onChange={set("time_zone")}
            data-testid="shop-time-zone"
          />
        )}
        <TextField
          id={`${id}-currency`}
          label="Currency"
          hint={`${isCurrencyCode(code) ? `Amounts show as ${formatMoney(1234.5, code)}. ` : ""}Changing it converts no price: prices stay the numbers they are.`}
          autoComplete="off"
          maxLength={3}
          list={codes.length ? `${id}-currencies` : undefined}
          value={draft.currency}
          error={errors.currency}
          onChange={set("currency")}
          data-testid="shop-currency"
        />
        {codes.length > 0 && (
          <datalist id={`${id}-currencies`}>
            {codes.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        )}
        <TextField
          id={`${id}-window`}
          label="Attribution window (days)"
          hint="A purchase this many days or fewer after a click on a recommendation counts as that list's revenue."
          inputMode="numeric"
          value={draft.attribution_window_days}
          error={errors.attribution_window_days}
          onChange={set("attribution_window_days")}
          data-testid="shop-window"
        />
      </div>
      {message && (
        <div
          role={message.ok ? "status" : "alert"}
          className={`text-sm ${message.ok ? "text-emerald-800" : "text-red-700"}`}
          data-testid="shop-message"
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
      <button type="submit" className={BUTTON} disabled={busy} data-testid="shop-save">
        <Save aria-hidden className="size-4" /> {busy ? "Saving…" : "Save shop settings"}
      </button>
    </form>
  );
}
