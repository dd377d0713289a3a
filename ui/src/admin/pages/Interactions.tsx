import { useId, useState, type FormEvent } from "react";
import { Download, Filter, RotateCcw } from "lucide-react";
import { ApiError, type InteractionType } from "../../api";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Pagination } from "../../components/Pagination";
import { useAsync } from "../../hooks/useAsync";
import { useAdmin } from "../context";
import type { InteractionFilter } from "../client";
import { InteractionTable } from "../components/InteractionTable";
import { BUTTON, BUTTON_SECONDARY, Card, PageHeader, SelectField, TextField } from "../components/ui";
import { EMPTY_FILTER, draftToFilter, type FilterDraft } from "../lib/filters";
import { resolveName } from "../lib/resolve";
import { INTERACTION_TYPES } from "../lib/stats";

const PAGE_SIZES = [25, 50, 100];

// The export is a plain link: a GET that the session cookie authorizes, and
// the server names the file (Content-Disposition), so the browser saves it.
const EXPORT_CSV = "/api/export/interactions?format=csv";

/**
 * Interactions is the interaction log, filtered by type, user, product and
 * time. The user and product fields take a name or an id: a username is looked
 * up by prefix (GET /api/users/?q=), a product name by the catalog's search
 * (GET /api/search/?q=), and the same name, else the first found, is the one
 * filtered by; the field then says which it is.
 */
export function Interactions() {
  const { client } = useAdmin();
  const id = useId();
  const [draft, setDraft] = useState<FilterDraft>(EMPTY_FILTER);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [applied, setApplied] = useState<InteractionFilter>({ page: 1, page_size: PAGE_SIZES[0] });
  const list = useAsync((signal) => client.interactions(applied, signal), [client, applied], true);

  const [found, setFound] = useState<{ user?: string; product?: string }>({});

  const apply = async (d: FilterDraft, page: number, pageSize: number) => {
    const [user, product] = await Promise.all([
      resolveName(
        d.user_id,
        async (q) => (await client.users(q, 1, 10)).results.map((u) => ({ id: u.id, name: u.username })),
        "user",
      ),
      resolveName(
        d.product_id,
        async (q) =>
          (await client.products({ q, page: 1, page_size: 10 })).results.map((p) => ({ id: p.id, name: p.name })),
        "product",
      ),
    ]).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      return [{ error: `Could not look it up: ${message}` }, { error: `Could not look it up: ${message}` }] as const;
    });
    const nameErrors: Record<string, string> = {};
    if ("error" in user) nameErrors.user_id = user.error;
    if ("error" in product) nameErrors.product_id = product.error;
    const ids = { ...d, user_id: "id" in user ? user.id : "", product_id: "id" in product ? product.id : "" };
    const { filter, errors: bad } = draftToFilter(ids, page, pageSize);
    setErrors({ ...bad, ...nameErrors });
    setFound({ user: "name" in user ? user.name : undefined, product: "name" in product ? product.name : undefined });
    if (filter && Object.keys(nameErrors).length === 0) setApplied(filter);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void apply(draft, 1, applied.page_size);
  };
  const set = (k: keyof FilterDraft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }));
  const rows = list.data?.results ?? [];
  // Server-side field errors (a bad date the browser let through) show by their field too.
  const serverDetails = list.status === "error" && list.error instanceof ApiError ? list.error.details : {};
  const err = (k: string) => errors[k] ?? serverDetails[k];

  return (
    <>
      <PageHeader
        title="Interactions"
        subtitle={
          list.data ? `${list.data.count.toLocaleString("en-US")} matching interactions` : "Everything shoppers did"
        }
        actions={
          <a
            href={EXPORT_CSV}
            download
            className={BUTTON_SECONDARY}
            data-testid="interactions-export"
            title="Every interaction, whatever the filters"
          >
            <Download aria-hidden className="size-4" /> Export all as CSV
          </a>
        }
      />
      <Card>
        <form
          onSubmit={submit}
          aria-label="Filter interactions"
          className="grid gap-3 sm:grid-cols-2 lg:grid-cols-6 lg:items-start"
          noValidate
        >
          <SelectField
            id={`${id}-type`}
            label="Type"
            value={draft.type}
            onChange={(e) => {
              const d = { ...draft, type: e.target.value as InteractionType | "" };
              setDraft(d);
              void apply(d, 1, applied.page_size);
            }}
          >
            <option value="">All types</option>
            {INTERACTION_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </SelectField>
          <TextField
            id={`${id}-user`}
            label="User"
            placeholder="Username or id"
            data-testid="interactions-user"
            value={draft.user_id}
            onChange={set("user_id")}
            error={err("user_id")}
            hint={found.user ? `Showing ${found.user}` : undefined}
          />
          <TextField
            id={`${id}-product`}
            label="Product"
            placeholder="Product name or id"
            data-testid="interactions-product"
            value={draft.product_id}
            onChange={set("product_id")}
            error={err("product_id")}
            hint={found.product ? `Showing ${found.product}` : undefined}
          />
          <TextField
            id={`${id}-since`}
            label="From"
            type="datetime-local"
            value={draft.since}
            onChange={set("since")}
            error={err("since")}
          />
          <TextField
            id={`${id}-until`}
            label="Until"
            type="datetime-local"
            value={draft.until}
            onChange={set("until")}
            error={err("until")}
          />
          <SelectField
            id={`${id}-size`}
            label="Per page"
            value={applied.page_size}
            onChange={(e) => void apply(draft, 1, Number(e.target.value))}
          >
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </SelectField>
          <div className="flex gap-2 sm:col-span-2 lg:col-span-6">
            <button type="submit" className={BUTTON} data-testid="interactions-apply">
              <Filter aria-hidden className="size-4" /> Apply filters
            </button>
            <button
              type="button"
              className={BUTTON_SECONDARY}
              onClick={() => {
                setDraft(EMPTY_FILTER);
                void apply(EMPTY_FILTER, 1, applied.page_size);
              }}
            >
              <RotateCcw aria-hidden className="size-4" /> Reset
            </button>
          </div>
        </form>
      </Card>
      <Card>
        {list.status === "error" && (
          <ErrorMessage error={list.error} title="Could not load interactions" onRetry={list.reload} />
        )}
        {list.status === "loading" && !list.data && <p className="text-sm text-stone-600">Loading interactions…</p>}
        {list.data && rows.length === 0 && (
          <p className="py-6 text-center text-sm text-stone-600">No interaction matches these filters.</p>
        )}
        {rows.length > 0 && (
          <div aria-busy={list.status === "loading"} className={list.status === "loading" ? "opacity-70" : ""}>
            <InteractionTable rows={rows} label="Interactions" />
          </div>
        )}
        {list.data && (
          <div className="mt-4">
            <Pagination
              page={applied.page}
              pageSize={applied.page_size}
              count={list.data.count}
              hasNext={Boolean(list.data.next)}
              onPage={(p) => setApplied((a) => ({ ...a, page: p }))}
              noun="interactions"
            />
          </div>
        )}
      </Card>
    </>
  );
}
