import { useId, useState, type FormEvent } from "react";
import { Check, Copy, Download, KeyRound, Trash2 } from "lucide-react";
import { ApiError } from "../../api";
import { ErrorMessage, describeError } from "../../components/ErrorMessage";
import { useAsync } from "../../hooks/useAsync";
import { useAdmin } from "../context";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ShopSettingsForm } from "../components/ShopSettingsForm";
import {
  BUTTON,
  BUTTON_SECONDARY,
  Card,
  PageHeader,
  SelectField,
  TD,
  TH,
  Table,
  TextField,
  formatDateTime,
} from "../components/ui";
import type { ApiKey, NewApiKey } from "../types";

/** Operations manages API keys, offers the backup download and shows the server's health. */
export function Operations() {
  return (
    <>
      <PageHeader title="Operations" subtitle="Shop settings, keys, backups and health" />
      <ShopCard />
      <HealthCard />
      <KeysCard />
      <Card title="Backup">
        <p className="mb-3 text-sm text-stone-600">
          A consistent copy of the whole database, taken while the shop keeps running.
        </p>
        <a href="/api/admin/backup" download className={BUTTON_SECONDARY} data-testid="backup-link">
          <Download aria-hidden className="size-4" /> Download backup
        </a>
      </Card>
    </>
  );
}

/** ShopCard holds the shop's settings: its time zone, its currency and how long a click on a list earns it a purchase. */
function ShopCard() {
  const { client } = useAdmin();
  const shop = useAsync((signal) => client.shop(signal), [client], true);
  return (
    <Card title="Shop" testId="shop-settings">
      <p id="shop" className="mb-3 max-w-3xl scroll-mt-6 text-sm text-stone-600">
        The shop's time zone says where a day starts in the analytics; its currency is how every price and revenue
        shows; the attribution window is how long after a click on a recommendation a purchase still counts for that
        list.
      </p>
      {shop.status === "error" && (
        <ErrorMessage error={shop.error} title="Could not load the shop's settings" onRetry={shop.reload} />
      )}
      {shop.status === "loading" && !shop.data && <p className="text-sm text-stone-600">Loading the settings…</p>}
      {shop.data && <ShopSettingsForm settings={shop.data} />}
    </Card>
  );
}

function HealthCard() {
  const { client } = useAdmin();
  const h = useAsync((signal) => client.health(signal), [client], true);
  return (
    <Card
      title="Health"
      testId="health"
      actions={
        <button type="button" className={BUTTON_SECONDARY} onClick={h.reload}>
          Check again
        </button>
      }
    >
      {h.status === "error" && <ErrorMessage error={h.error} />}
      {h.data && (
        <div className="space-y-2 text-sm">
          <p>
            <span
              data-testid="health-status"
              className={`rounded-full px-2 py-0.5 text-xs font-semibold ${h.data.ok ? "bg-emerald-100 text-emerald-900" : "bg-red-100 text-red-900"}`}
            >
              {h.data.health.status || (h.data.ok ? "ready" : "not ready")}
            </span>
          </p>
          <ul className="grid gap-1 sm:grid-cols-2">
            {Object.entries(h.data.health.checks).map(([name, v]) => (
              <li key={name} className="flex justify-between gap-2 rounded-lg bg-stone-50 px-3 py-1.5">
                <span className="text-stone-600">{name}</span>
                <span className={v === "ok" ? "text-emerald-700" : "text-red-700"}>{v}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}

function KeysCard() {
  const { client } = useAdmin();
  const id = useId();
  const [tick, setTick] = useState(0);
  const keys = useAsync((signal) => client.keys(signal), [client, tick], true);
  const [name, setName] = useState("");
  const [kind, setKind] = useState<ApiKey["kind"]>("secret");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState("");
  const [created, setCreated] = useState<NewApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState("");

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setFormError("");
    if (!name.trim()) return setErrors({ name: "Give the key a name, e.g. the site that uses it." });
    setErrors({});
    setBusy(true);
    try {
      setCreated(await client.createKey(name.trim(), kind));
      setName("");
      setTick((t) => t + 1);
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.details);
      setFormError(describeError(err).message);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    try {
      await client.revokeKey(revoking.id);
      // A revoked key is no key to copy: its "copy it now" banner goes.
      setCreated((c) => (c && String(c.id) === String(revoking.id) ? null : c));
      setNotice(`Revoked ${revoking.name}.`);
      setTick((t) => t + 1);
    } catch (err) {
      setNotice(`Could not revoke ${revoking.name}: ${describeError(err).message}`);
    } finally {
      setBusy(false);
      setRevoking(null);
    }
  };

  const list = keys.data?.keys ?? [];
  return (
    <Card title="API keys">
      <p className="mb-3 text-sm text-stone-600">
        Secret keys can write (import, record, manage); publishable keys can only read recommendations and record
        interactions from a shop's pages.
      </p>
      <form
        onSubmit={create}
        className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-start"
        aria-label="Create an API key"
        noValidate
      >
        <TextField
          id={`${id}-name`}
          label="Name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
          maxLength={100}
          data-testid="key-name"
        />
        <SelectField
          id={`${id}-kind`}
          label="Kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as ApiKey["kind"])}
          error={errors.kind}
        >
          <option value="secret">secret</option>
          <option value="publishable">publishable</option>
        </SelectField>
        <button type="submit" className={`${BUTTON} sm:mt-6`} disabled={busy} data-testid="key-create">
          <KeyRound aria-hidden className="size-4" /> Create key
        </button>
      </form>
      {formError && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {formError}
        </p>
      )}
      {created && <NewKey created={created} onDone={() => setCreated(null)} />}
      <p aria-live="polite" className="mt-3 text-sm text-emerald-800 empty:hidden">
        {notice}
      </p>
      <div className="mt-4">
        {keys.status === "error" && (
          <ErrorMessage error={keys.error} title="Could not load the keys" onRetry={keys.reload} />
        )}
        {keys.data && list.length === 0 && <p className="text-sm text-stone-600">No API keys yet.</p>}
        {list.length > 0 && (
          <Table label="API keys">
            <thead>
              <tr>
                <TH>Name</TH>
                <TH>Kind</TH>
                <TH>Key</TH>
                <TH>Created</TH>
                <TH>Last used</TH>
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              </tr>
            </thead>
            <tbody>
              {list.map((k) => (
                <tr key={k.id}>
                  <TD label="Name" className="font-medium">
                    {k.name}
                  </TD>
                  <TD label="Kind">{k.kind}</TD>
                  <TD label="Key" className="font-mono text-xs">
                    {k.prefix}…
                  </TD>
                  <TD label="Created" className="whitespace-nowrap text-stone-600">
                    {formatDateTime(k.created_at)}
                  </TD>
                  <TD label="Last used" className="whitespace-nowrap text-stone-600">
                    {k.last_used_at ? formatDateTime(k.last_used_at) : "never"}
                  </TD>
                  <TD className="text-right">
                    <button
                      type="button"
                      onClick={() => setRevoking(k)}
                      aria-label={`Revoke ${k.name}`}
                      className="inline-flex items-center gap-1 rounded-lg px-2 py-1 text-sm text-red-700 hover:bg-red-50"
                    >
                      <Trash2 aria-hidden className="size-4" /> Revoke
                    </button>
                  </TD>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </div>
      {revoking && (
        <ConfirmDialog
          title={`Revoke ${revoking.name}?`}
          confirmLabel="Revoke key"
          busy={busy}
          onConfirm={() => void revoke()}
          onCancel={() => setRevoking(null)}
        >
          Every request made with this key fails from now on. This cannot be undone.
        </ConfirmDialog>
      )}
    </Card>
  );
}

/** NewKey shows a just-created secret once, with a copy button. */
function NewKey({ created, onDone }: { created: NewApiKey; onDone: () => void }) {
  const [copied, setCopied] = useState<"" | "yes" | "failed">("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied("yes");
    } catch {
      // Clipboard access needs a secure context; selecting the text still works.
      setCopied("failed");
    }
  };
  return (
    <div
      role="status"
      data-testid="new-key"
      className="mt-4 space-y-2 rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm"
    >
      <p className="font-semibold text-amber-900">Copy the key “{created.name}” now: it is shown only once.</p>
      <p className="text-amber-900">Store it where you keep passwords. If it is lost, revoke it and create another.</p>
      <div className="flex flex-wrap items-center gap-2">
        <code
          data-testid="new-key-value"
          className="min-w-0 flex-1 rounded-lg border border-amber-200 bg-white px-3 py-2 font-mono text-xs break-all select-all"
        >
          {created.key}
        </code>
        <button type="button" className={BUTTON_SECONDARY} onClick={() => void copy()}>
          {copied === "yes" ? <Check aria-hidden className="size-4" /> : <Copy aria-hidden className="size-4" />}
          {copied === "yes" ? "Copied" : "Copy"}
        </button>
        <button type="button" className={BUTTON_SECONDARY} onClick={onDone}>
          I have saved it
        </button>
      </div>
      {copied === "failed" && (
        <p className="text-xs text-amber-900">The browser refused the clipboard: select the key and copy it.</p>
      )}
    </div>
  );
}
