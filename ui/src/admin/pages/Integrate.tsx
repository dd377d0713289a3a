// The Integrate page: what a shop pastes into its pages to show shelf's
// lists (the widget, src/widget), made here from a form, with a publishable
// key created on the spot and a live preview of the widget itself.
//
// The preview runs the real widget.js from this origin, without a key: on
// shelf's own pages the dashboard's session is the credential. It plays a
// guest whose session the page asks for with the session's CSRF token (the
// widget cannot send one) and leaves where the widget looks for it. Clicks
// in the preview go nowhere and record nothing: the dashboard's visits are
// not the shop's shoppers.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import { Check, Copy, KeyRound, Trash2 } from "lucide-react";
import { ApiError } from "../../api";
import { ErrorMessage, describeError } from "../../components/ErrorMessage";
import { Link } from "../../components/Link";
import { useAsync } from "../../hooks/useAsync";
import { useDebounce } from "../../hooks/useDebounce";
import { adminPath } from "../../lib/route";
import { ELEMENT, GUEST_SESSION_KEY } from "../../widget/shared";
import { useAdmin } from "../context";
import type { AdminClient } from "../client";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { BUTTON, BUTTON_SECONDARY, Card, PageHeader, SelectField, TextField } from "../components/ui";
import {
  KEY_PLACEHOLDER,
  LANGUAGES,
  choices,
  defaultHeading,
  elementHTML,
  snippet,
  widgetFromDraft,
  type WidgetDraft,
} from "../lib/integrate";
import type { NewApiKey } from "../types";

const CODE = "rounded-lg border border-stone-200 bg-stone-50 px-3 py-2 font-mono text-xs text-stone-800";

/** Integrate makes the snippet for a shop's pages, its key, and shows the widget as the shop will. */
export function Integrate() {
  const { client } = useAdmin();
  const id = useId();
  const placements = useAsync((signal) => client.placements(signal), [client], true);
  const all = useMemo(() => choices(placements.data?.placements ?? []), [placements.data]);
  const [draft, setDraft] = useState<WidgetDraft>({ which: "", product: "", count: "8", heading: "", lang: "" });
  // Until the admin chooses, the first list the widget can show: a placement when there is one.
  const which = draft.which || all.find((c) => !c.disabled)?.value || "";
  const { attrs, kind, errors } = widgetFromDraft({ ...draft, which }, all);
  const [key, setKey] = useState<NewApiKey | null>(null);
  const [pasted, setPasted] = useState("");
  const pastedOK = pasted.trim().startsWith("shelf_pk_");
  const snippetKey = key?.key ?? (pastedOK ? pasted.trim() : "");
  const code = attrs ? snippet(attrs, window.location.origin, snippetKey) : "";
  const set = (patch: Partial<WidgetDraft>) => setDraft((d) => ({ ...d, which, ...patch }));
  const choice = all.find((c) => c.value === which);

  return (
    <>
      <PageHeader
        title="Integrate"
        subtitle="Show shelf's lists in any shop: an element where the list goes and one script tag"
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="1. The list">
          <form className="grid gap-3 sm:grid-cols-2" onSubmit={(e) => e.preventDefault()} noValidate>
            <div className="sm:col-span-2">
              <SelectField
                id={`${id}-which`}
                label="Which list"
                value={which}
                error={errors.which}
                hint={
                  placements.data && placements.data.placements.length === 0
                    ? "No placements yet: a placement lets you change the list later without touching the shop."
                    : undefined
                }
                onChange={(e) => set({ which: e.target.value })}
                data-testid="integrate-which"
              >
                {all.map((c) => (
                  <option key={c.value} value={c.value} disabled={!!c.disabled}>
                    {c.label}
                    {c.disabled ? ` (${c.disabled})` : ""}
                  </option>
                ))}
              </SelectField>
              {placements.status === "error" && (
                <ErrorMessage
                  error={placements.error}
                  title="Could not load the placements"
                  onRetry={placements.reload}
                />
              )}
              <p className="mt-1 text-xs text-stone-600">
                Make and change placements on the <Link href={adminPath("placements")}>Placements</Link> page.
              </p>
            </div>
            {kind !== "personal" && (
              <TextField
                id={`${id}-product`}
                label="Product id"
                inputMode="numeric"
                value={draft.product}
                error={draft.product ? errors.product : undefined}
                hint="On a product page, your template puts the product's id here."
                onChange={(e) => set({ product: e.target.value })}
                data-testid="integrate-product"
              />
            )}
            <TextField
              id={`${id}-count`}
              label="How many products"
              inputMode="numeric"
              value={draft.count}
              error={errors.count}
              hint={choice?.placement ? "Empty: the placement's count." : "Empty: 10."}
              onChange={(e) => set({ count: e.target.value })}
              data-testid="integrate-count"
            />
            <TextField
              id={`${id}-heading`}
              label="Heading"
              value={draft.heading}
              maxLength={100}
              placeholder={defaultHeading(kind, draft.lang)}
              hint="Empty: the widget's own, in the page's language."
              onChange={(e) => set({ heading: e.target.value })}
              data-testid="integrate-heading"
            />
            <SelectField
              id={`${id}-lang`}
              label="Language"
              value={draft.lang}
              onChange={(e) => set({ lang: e.target.value as WidgetDraft["lang"] })}
              data-testid="integrate-lang"
            >
              {LANGUAGES.map((l) => (
                <option key={l.value} value={l.value}>
                  {l.label}
                </option>
              ))}
            </SelectField>
          </form>
        </Card>
        <KeyCard created={key} onCreated={setKey} pasted={pasted} onPaste={setPasted} />
      </div>
      <SnippetCard code={code} keyed={!!snippetKey} />
      <Preview client={client} html={attrs ? elementHTML(attrs) : ""} />
    </>
  );
}

/** CopyButton copies text, and says whether the browser let it. */
function CopyButton({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const [copied, setCopied] = useState<"" | "yes" | "failed">("");
  useEffect(() => setCopied(""), [text]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("yes");
    } catch {
      // Clipboard access needs a secure context; selecting the text still works.
      setCopied("failed");
    }
  };
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button
        type="button"
        className={BUTTON_SECONDARY}
        onClick={() => void copy()}
        disabled={!text}
        data-testid={testId}
        aria-label={label}
      >
        {copied === "yes" ? <Check aria-hidden className="size-4" /> : <Copy aria-hidden className="size-4" />}
        {copied === "yes" ? "Copied" : "Copy"}
      </button>
      {copied === "failed" && (
        <span role="status" className="text-xs text-amber-900">
          The browser refused the clipboard: select the text and copy it.
        </span>
      )}
    </span>
  );
}

/**
 * KeyCard creates a publishable key and shows it once. Only a key shelf has
 * just made, publishable and not revoked since, is shown: a failed attempt
 * clears the banner, and so does revoking the key here.
 */
function KeyCard({
  created,
  onCreated,
  pasted,
  onPaste,
}: {
  created: NewApiKey | null;
  onCreated: (k: NewApiKey | null) => void;
  pasted: string;
  onPaste: (s: string) => void;
}) {
  const { client } = useAdmin();
  const id = useId();
  const [name, setName] = useState("Storefront widget");
  const [nameError, setNameError] = useState("");
  const [failure, setFailure] = useState("");
  const [busy, setBusy] = useState(false);
  const [revoking, setRevoking] = useState(false);
  const [notice, setNotice] = useState("");

  const create = async (e: FormEvent) => {
    e.preventDefault();
    onCreated(null);
    setFailure("");
    setNotice("");
    if (!name.trim()) return setNameError("Give the key a name, such as the shop that uses it.");
    setNameError("");
    setBusy(true);
    try {
      const k = await client.createKey(name.trim(), "publishable");
      if (k?.kind !== "publishable" || typeof k.key !== "string" || !k.key.startsWith("shelf_pk_"))
        throw new Error("shelf's answer holds no publishable key.");
      onCreated(k);
    } catch (err) {
      if (err instanceof ApiError && err.details.name) setNameError(err.details.name);
      setFailure(`No key was made: ${describeError(err).message}`);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async () => {
    if (!created) return;
    setBusy(true);
    try {
      await client.revokeKey(created.id);
      onCreated(null);
      setNotice(`Revoked ${created.name}: the snippet is back to a placeholder.`);
    } catch (err) {
      setFailure(`Could not revoke ${created.name}: ${describeError(err).message}`);
    } finally {
      setBusy(false);
      setRevoking(false);
    }
  };

  const trimmed = pasted.trim();
  const pastedError = !trimmed
    ? ""
    : trimmed.startsWith("shelf_sk_")
      ? "That is a secret key: it must never be in a web page. Revoke it on the Operations page and use a publishable key."
      : trimmed.startsWith("shelf_pk_")
        ? ""
        : "A publishable key starts with shelf_pk_.";
  return (
    <Card title="2. A publishable key">
      <p className="mb-3 text-sm text-stone-600">
        The shop's pages send it with every call. It reads lists and records clicks, nothing else, so it is safe in a
        page; keep secret keys on servers.
      </p>
      <form
        onSubmit={create}
        className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-start"
        aria-label="Create a publishable key"
        noValidate
      >
        <TextField
          id={`${id}-name`}
          label="Name"
          value={name}
          maxLength={100}
          error={nameError}
          onChange={(e) => setName(e.target.value)}
          data-testid="integrate-key-name"
        />
        <button type="submit" className={`${BUTTON} sm:mt-6`} disabled={busy} data-testid="integrate-key-create">
          <KeyRound aria-hidden className="size-4" /> Create key
        </button>
      </form>
      {failure && (
        <p role="alert" className="mt-2 text-sm text-red-700" data-testid="integrate-key-error">
          {failure}
        </p>
      )}
      {created && (
        <div
          role="status"
          data-testid="integrate-new-key"
          className="mt-4 space-y-2 rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm"
        >
          <p className="font-semibold text-amber-900">Copy the key “{created.name}” now: it will not be shown again.</p>
          <p className="text-amber-900">The snippet below holds it until you leave this page.</p>
          <div className="flex flex-wrap items-center gap-2">
            <code
              data-testid="integrate-new-key-value"
              className="min-w-0 flex-1 rounded-lg border border-amber-200 bg-white px-3 py-2 font-mono text-xs break-all select-all"
            >
              {created.key}
            </code>
            <CopyButton text={created.key} label="Copy the key" />
            <button type="button" className={BUTTON_SECONDARY} onClick={() => setRevoking(true)} disabled={busy}>
              <Trash2 aria-hidden className="size-4" /> Revoke
            </button>
          </div>
        </div>
      )}
      <p aria-live="polite" className="mt-3 text-sm text-emerald-800 empty:hidden">
        {notice}
      </p>
      {!created && (
        <div className="mt-4">
          <TextField
            id={`${id}-pasted`}
            label="Or a publishable key you have"
            value={pasted}
            autoComplete="off"
            spellCheck={false}
            error={pastedError}
            hint="Keys are shown only when made; the Operations page lists them by their first letters."
            onChange={(e) => onPaste(e.target.value)}
            data-testid="integrate-key-pasted"
          />
        </div>
      )}
      {revoking && created && (
        <ConfirmDialog
          title={`Revoke ${created.name}?`}
          confirmLabel="Revoke key"
          busy={busy}
          onConfirm={() => void revoke()}
          onCancel={() => setRevoking(false)}
        >
          Every page that uses this key stops showing lists at once. This cannot be undone.
        </ConfirmDialog>
      )}
    </Card>
  );
}

/** SnippetCard shows what to paste, and what the shop's shelf needs besides. */
function SnippetCard({ code, keyed }: { code: string; keyed: boolean }) {
  const origin = window.location.origin;
  return (
    <Card
      title="3. Paste it into the shop"
      actions={<CopyButton text={code} label="Copy the snippet" testId="integrate-snippet-copy" />}
    >
      {code ? (
        // Focusable: a phone scrolls the snippet sideways, and so must a keyboard.
        <pre
          className={`${CODE} overflow-x-auto whitespace-pre`}
          data-testid="integrate-snippet"
          tabIndex={0}
          aria-label="The snippet to paste"
        >
          <code>{code}</code>
        </pre>
      ) : (
        <p className="text-sm text-stone-600">Fix the list's settings above to see the snippet.</p>
      )}
      {code && !keyed && (
        <p className="mt-2 text-sm text-amber-800">
          Create a key above (or paste one) to replace <code className="font-mono">{KEY_PLACEHOLDER}</code>.
        </p>
      )}
      <ul className="mt-3 list-disc space-y-1.5 pl-5 text-sm text-stone-600">
        <li>
          Put the element where the list goes, and the script once per page, after the elements (at the end of the
          body). More elements on one page share the one script.
        </li>
        <li data-testid="integrate-cors">
          Your shop's pages are on another origin, so shelf must let them call it: start shelf with{" "}
          <code className="font-mono text-stone-800">-cors-origins https://your-shop.example</code> (several:
          comma-separated; or set <code className="font-mono text-stone-800">SHELF_CORS_ORIGINS</code>). shelf is at{" "}
          <code className="font-mono text-stone-800">{origin}</code>: it must be reachable from shoppers' browsers.
        </li>
        <li>
          For a logged-in customer, add <code className="font-mono text-stone-800">shopper-token="…"</code> with a token
          your shop's server gets from <code className="font-mono text-stone-800">POST /api/shopper-tokens</code> (with
          its secret key, which stays on the server). Without it the list is a guest's, whose session is kept in your
          shop's own storage.
        </li>
        <li>
          Match your theme with CSS custom properties on the element: <code className="font-mono">--shelf-font</code>,{" "}
          <code className="font-mono">--shelf-accent</code>, <code className="font-mono">--shelf-text</code>,{" "}
          <code className="font-mono">--shelf-muted</code>, <code className="font-mono">--shelf-radius</code>,{" "}
          <code className="font-mono">--shelf-gap</code>, <code className="font-mono">--shelf-card-width</code>.
        </li>
        <li>
          If a list does not show, the browser's console says why, in one line starting with{" "}
          <code className="font-mono">shelf:</code>.
        </li>
      </ul>
    </Card>
  );
}

type Loading = { status: "loading" } | { status: "ready" } | { status: "error"; message: string };

let widgetScript: Promise<void> | null = null;

/** loadWidget adds widget.js to the dashboard's page once; a failed load is tried again next time. */
function loadWidget(): Promise<void> {
  if (customElements.get(ELEMENT)) return Promise.resolve();
  widgetScript ??= new Promise<void>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = "/widget.js";
    script.addEventListener("load", () => resolve());
    script.addEventListener("error", () => {
      script.remove();
      widgetScript = null;
      reject(new Error("this build of shelf has no widget.js."));
    });
    document.head.append(script);
  });
  return widgetScript;
}

/** useWidget loads the widget, after making sure the preview's guest has a session. */
function useWidget(client: AdminClient): Loading {
  const [state, setState] = useState<Loading>({ status: "loading" });
  useEffect(() => {
    let live = true;
    (async () => {
      if (!readSession()) {
        const s = await client.guestSession();
        try {
          localStorage.setItem(GUEST_SESSION_KEY, s.session_id);
        } catch {
          throw new Error("the browser refused local storage, where the preview keeps its guest session.");
        }
      }
      await loadWidget();
      if (live) setState({ status: "ready" });
    })().catch((err: unknown) => {
      if (live) setState({ status: "error", message: describeError(err).message });
    });
    return () => {
      live = false;
    };
  }, [client]);
  return state;
}

function readSession(): string {
  try {
    return localStorage.getItem(GUEST_SESSION_KEY) ?? "";
  } catch {
    return "";
  }
}

/** Preview shows the element, drawn by the real widget, as a guest of the shop sees it. */
function Preview({ client, html }: { client: AdminClient; html: string }) {
  const widget = useWidget(client);
  const shown = useDebounce(html, 300);
  const box = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState("");
  useEffect(() => {
    const el = box.current;
    if (!el || widget.status !== "ready") return;
    // The markup is the snippet's own, its values escaped (elementHTML).
    el.innerHTML = shown;
    setDrawn("loading");
    const list = el.firstElementChild;
    if (!list) return;
    const read = () => setDrawn(list.getAttribute("data-shelf-state") ?? "loading");
    const watch = new MutationObserver(read);
    watch.observe(list, { attributes: true, attributeFilter: ["data-shelf-state"] });
    read();
    return () => watch.disconnect();
  }, [shown, widget.status]);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // Caught on the way down, before the widget's own listener: nothing is recorded, nothing navigates.
    const stop = (e: Event) => {
      e.preventDefault();
      e.stopPropagation();
    };
    el.addEventListener("click", stop, true);
    el.addEventListener("auxclick", stop, true);
    return () => {
      el.removeEventListener("click", stop, true);
      el.removeEventListener("auxclick", stop, true);
    };
  }, []);
  return (
    <Card title="Preview" testId="integrate-preview">
      <p className="mb-3 text-sm text-stone-600">
        The widget itself, for a guest of your shop; its links do nothing here. Each preview is a list shelf serves, so
        it counts as an impression.
      </p>
      {widget.status === "error" && (
        <p role="alert" className="text-sm text-red-700">
          The preview cannot run: {widget.message}
        </p>
      )}
      {widget.status === "loading" && <p className="text-sm text-stone-600">Loading the widget…</p>}
      {!html && widget.status === "ready" && (
        <p className="text-sm text-stone-600">Fix the list's settings above to see it.</p>
      )}
      {html && (drawn === "error" || drawn === "empty") && (
        <p className="text-sm text-amber-800" data-testid="integrate-preview-problem">
          {drawn === "empty"
            ? "shelf has no products for this list yet, so the widget shows nothing (it hides itself)."
            : "The widget shows nothing for these settings: the browser's console says why (a line starting with “shelf:”)."}
        </p>
      )}
      <div ref={box} data-testid="integrate-preview-box" />
    </Card>
  );
}
