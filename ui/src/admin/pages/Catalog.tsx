import { useId, useState } from "react";
import { Pencil, Plus, Trash2 } from "lucide-react";
import type { Product, ProductSort } from "../../api";
import { ErrorMessage, describeError } from "../../components/ErrorMessage";
import { Link } from "../../components/Link";
import { Pagination } from "../../components/Pagination";
import { useAsync } from "../../hooks/useAsync";
import { useDebounce } from "../../hooks/useDebounce";
import { SORTS } from "../../lib/catalogQuery";
import { productPath } from "../../lib/route";
import { useAdmin } from "../context";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Dialog } from "../components/Dialog";
import { ImportPanel } from "../components/ImportPanel";
import { ProductForm } from "../components/ProductForm";
import { BUTTON, Card, INPUT, PageHeader, TD, TH, Table } from "../components/ui";
import { useMoney } from "../../shopSettings";

const PAGE_SIZE = 20;

type Editing = { mode: "new" } | { mode: "edit"; product: Product } | null;

/** Catalog lists, searches, creates, edits (in a dialog), deletes and imports products. */
export function Catalog() {
  const money = useMoney();
  const { client } = useAdmin();
  const id = useId();
  const [text, setText] = useState("");
  const q = useDebounce(text.trim(), 300);
  const [category, setCategory] = useState("");
  const [sort, setSort] = useState<ProductSort>("newest");
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Product | null>(null);
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [notice, setNotice] = useState("");
  const [tick, setTick] = useState(0);

  const cats = useAsync((signal) => client.categories(signal), [client, tick], true);
  const list = useAsync(
    (signal) => client.products({ q, category, sort, page, page_size: PAGE_SIZE }, signal),
    [client, q, category, sort, page, tick],
    true,
  );
  const categories = (cats.data?.categories ?? []).map((c) => c.name);
  const refresh = () => setTick((t) => t + 1);
  const resetPage =
    <T,>(f: (v: T) => void) =>
    (v: T) => {
      f(v);
      setPage(1);
    };

  const confirmDelete = async () => {
    if (!deleting) return;
    setDeleteBusy(true);
    try {
      await client.deleteProduct(deleting.id);
      setNotice(`Deleted ${deleting.name}.`);
      refresh();
    } catch (err) {
      setNotice(`Could not delete ${deleting.name}: ${describeError(err).message}`);
    } finally {
      setDeleteBusy(false);
      setDeleting(null);
    }
  };

  const rows = list.data?.results ?? [];
  return (
    <>
      <PageHeader
        title="Catalog"
        subtitle={
          list.data
            ? `${list.data.count.toLocaleString("en-US")} products${q ? ` matching “${q}”` : ""}`
            : "Products of the shop"
        }
        actions={
          <button
            type="button"
            className={BUTTON}
            onClick={() => setEditing({ mode: "new" })}
            data-testid="product-new"
          >
            <Plus aria-hidden className="size-4" /> New product
          </button>
        }
      />
      <p aria-live="polite" data-testid="catalog-notice" className="text-sm text-emerald-800 empty:hidden">
        {notice}
      </p>
      <Card title="Import" testId="catalog-import">
        <p className="mb-3 text-sm text-stone-600">
          Add many products, users or interactions at once from a CSV or NDJSON file. A file with any bad line is
          refused as a whole, and every bad line is listed.
        </p>
        <ImportPanel onImported={refresh} />
      </Card>
      <Card>
        <div className="mb-4 grid gap-3 sm:grid-cols-3">
          <div className="flex flex-col gap-1">
            <label htmlFor={`${id}-q`} className="text-sm font-medium text-stone-700">
              Search
            </label>
            <input
              id={`${id}-q`}
              type="search"
              className={INPUT}
              placeholder="Name or description"
              value={text}
              data-testid="catalog-search"
              onChange={(e) => resetPage(setText)(e.target.value)}
            />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor={`${id}-cat`} className="text-sm font-medium text-stone-700">
              Category
            </label>
            <select
              id={`${id}-cat`}
              className={INPUT}
              value={category}
              onChange={(e) => resetPage(setCategory)(e.target.value)}
            >
              <option value="">All categories</option>
              {categories.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor={`${id}-sort`} className="text-sm font-medium text-stone-700">
              Sort
            </label>
            <select
              id={`${id}-sort`}
              className={INPUT}
              value={sort}
              disabled={Boolean(q)}
              title={q ? "Search results are ranked by relevance" : undefined}
              onChange={(e) => resetPage(setSort)(e.target.value as ProductSort)}
            >
              {SORTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        {list.status === "error" && (
          <ErrorMessage error={list.error} title="Could not load products" onRetry={list.reload} />
        )}
        {list.status === "loading" && !list.data && <p className="text-sm text-stone-600">Loading products…</p>}
        {list.data && rows.length === 0 && (
          <p className="py-6 text-center text-sm text-stone-600">No products match.</p>
        )}
        {rows.length > 0 && (
          <div aria-busy={list.status === "loading"} className={list.status === "loading" ? "opacity-70" : ""}>
            <Table label="Products">
              <thead>
                <tr>
                  <TH>Id</TH>
                  <TH>Name</TH>
                  <TH>Category</TH>
                  <TH className="text-right">Price</TH>
                  <TH>Shown to shoppers</TH>
                  <TH>
                    <span className="sr-only">Actions</span>
                  </TH>
                </tr>
              </thead>
              <tbody>
                {rows.map((p) => (
                  <tr key={p.id} data-testid={`catalog-row-${p.id}`}>
                    <TD label="Id" className="tabular-nums text-stone-600">
                      {p.id}
                    </TD>
                    <TD label="Name">
                      <Link href={productPath(p.id)} className="rounded text-stone-900 hover:underline">
                        {p.name}
                      </Link>
                    </TD>
                    <TD label="Category" className="text-stone-600">
                      {p.category}
                    </TD>
                    <TD label="Price" className="text-right tabular-nums">
                      {money(p.price)}
                    </TD>
                    <TD label="Shown to shoppers">
                      <span data-testid={`catalog-availability-${p.id}`}>
                        <Availability product={p} />
                      </span>
                    </TD>
                    <TD className="text-right whitespace-nowrap">
                      <button
                        type="button"
                        onClick={() => setEditing({ mode: "edit", product: p })}
                        className="rounded-lg p-1.5 text-stone-600 hover:bg-stone-100"
                        aria-label={`Edit ${p.name}`}
                        data-testid={`catalog-edit-${p.id}`}
                      >
                        <Pencil aria-hidden className="size-4" />
                      </button>
                      <button
                        type="button"
                        onClick={() => setDeleting(p)}
                        className="rounded-lg p-1.5 text-red-700 hover:bg-red-50"
                        aria-label={`Delete ${p.name}`}
                      >
                        <Trash2 aria-hidden className="size-4" />
                      </button>
                    </TD>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )}
        {list.data && (
          <div className="mt-4">
            <Pagination
              page={page}
              pageSize={PAGE_SIZE}
              count={list.data.count}
              hasNext={Boolean(list.data.next)}
              onPage={setPage}
            />
          </div>
        )}
      </Card>
      {editing && (
        <Dialog
          title={editing.mode === "new" ? "New product" : `Edit ${editing.product.name}`}
          onClose={() => setEditing(null)}
          testId="product-dialog"
        >
          <ProductForm
            key={editing.mode === "edit" ? editing.product.id : "new"}
            product={editing.mode === "edit" ? editing.product : undefined}
            categories={categories}
            save={(input) =>
              editing.mode === "edit" ? client.updateProduct(editing.product.id, input) : client.createProduct(input)
            }
            onSaved={(p) => {
              setNotice(editing.mode === "edit" ? `Saved ${p.name}.` : `Created ${p.name} (#${p.id}).`);
              setEditing(null);
              refresh();
            }}
            onCancel={() => setEditing(null)}
          />
        </Dialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete product"
          busy={deleteBusy}
          onConfirm={() => void confirmDelete()}
          onCancel={() => setDeleting(null)}
        >
          The product leaves the shop and its recommendations.
        </ConfirmDialog>
      )}
    </>
  );
}

/**
 * Availability says whether shoppers see a product: an inactive one or one
 * out of stock is never recommended nor found by their search.
 */
function Availability({ product }: { product: Product }) {
  if (product.active === false)
    return <span className="rounded-full bg-stone-200 px-2 py-0.5 text-xs text-stone-700">No: inactive</span>;
  if (product.stock !== undefined && product.stock !== null && product.stock <= 0)
    return <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs text-amber-900">No: out of stock</span>;
  return (
    <span className="text-xs text-stone-600">
      Yes{product.stock !== undefined && product.stock !== null ? ` · ${product.stock} in stock` : ""}
    </span>
  );
}
