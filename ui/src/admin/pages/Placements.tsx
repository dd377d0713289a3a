import { useState } from "react";
import { Pencil, Plus, Trash2 } from "lucide-react";
import { ErrorMessage, describeError } from "../../components/ErrorMessage";
import { Link } from "../../components/Link";
import { useAsync } from "../../hooks/useAsync";
import { navigate } from "../../hooks/useLocation";
import { placementPath } from "../../lib/route";
import { useAdmin } from "../context";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { PlacementForm } from "../components/PlacementForm";
import { BUTTON, Card, PageHeader, TD, TH, Table, formatDateTime } from "../components/ui";
import { strategyLabel } from "../lib/placements";
import type { Placement } from "../types";

const ROW_BUTTON = "inline-flex items-center gap-1 rounded-lg px-2 py-1 text-sm font-medium";

/** PlacementsIntro says what a placement is, in a shop owner's words. */
export function PlacementsIntro() {
  return (
    <p className="max-w-3xl text-sm text-stone-600">
      A <strong className="font-medium text-stone-800">placement</strong> is a spot in your shop where a list of
      products appears: the home page, a product page, the cart, an e-mail. Give it a name, choose which list it shows
      and how many products, then add your own rules: pin a product at a position, show more or less of some products,
      or never show others. Your shop's pages ask for the placement by its name, so a change here shows at once, without
      a new release of the shop.
    </p>
  );
}

/** Placements lists the shop's placements, creates one, and deletes one after asking. */
export function Placements() {
  const { client } = useAdmin();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Placement | null>(null);
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [notice, setNotice] = useState("");
  const list = useAsync((signal) => client.placements(signal), [client], true);

  const confirmDelete = async () => {
    if (!deleting) return;
    setDeleteBusy(true);
    try {
      await client.deletePlacement(deleting.name);
      setNotice(`Deleted ${deleting.name}.`);
      list.reload();
    } catch (err) {
      setNotice(`Could not delete ${deleting.name}: ${describeError(err).message}`);
    } finally {
      setDeleteBusy(false);
      setDeleting(null);
    }
  };

  const rows = [...(list.data?.placements ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <>
      <PageHeader
        title="Placements"
        subtitle={list.data ? `${rows.length} ${rows.length === 1 ? "placement" : "placements"}` : "Lists in your shop"}
        actions={
          !creating && (
            <button type="button" className={BUTTON} onClick={() => setCreating(true)} data-testid="placement-new">
              <Plus aria-hidden className="size-4" /> New placement
            </button>
          )
        }
      />
      <PlacementsIntro />
      {creating && (
        <Card title="New placement">
          <PlacementForm
            onSaved={(p) => navigate(`${placementPath(p.name)}?created=1`)}
            onCancel={() => setCreating(false)}
          />
        </Card>
      )}
      <p aria-live="polite" data-testid="placements-notice" className="text-sm text-emerald-800 empty:hidden">
        {notice}
      </p>
      <Card>
        {list.status === "error" && (
          <ErrorMessage error={list.error} title="Could not load the placements" onRetry={list.reload} />
        )}
        {list.status === "loading" && !list.data && <p className="text-sm text-stone-600">Loading placements…</p>}
        {list.data && rows.length === 0 && (
          <p className="py-6 text-center text-sm text-stone-600">
            No placements yet. Create one for each spot in your shop that shows a list.
          </p>
        )}
        {rows.length > 0 && (
          <Table label="Placements">
            <thead>
              <tr>
                <TH>Name</TH>
                <TH>Which list</TH>
                <TH className="text-right">Products</TH>
                <TH className="text-right">Rules</TH>
                <TH>Updated</TH>
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.name} data-testid={`placement-row-${p.name}`}>
                  <TD label="Name">
                    <Link href={placementPath(p.name)} className="rounded font-medium text-accent-700 hover:underline">
                      {p.name}
                    </Link>
                  </TD>
                  <TD label="Which list" className="text-stone-600">
                    {strategyLabel(p.strategy)}
                  </TD>
                  <TD label="Products" className="text-right tabular-nums">
                    {p.count || 10}
                  </TD>
                  <TD label="Rules" className="text-right tabular-nums">
                    {p.rules?.length ?? 0}
                  </TD>
                  <TD label="Updated" className="whitespace-nowrap text-stone-600">
                    {formatDateTime(p.updated_at)}
                  </TD>
                  <TD className="text-right whitespace-nowrap">
                    <Link
                      href={placementPath(p.name)}
                      aria-label={`Edit ${p.name}`}
                      className={`${ROW_BUTTON} text-stone-700 hover:bg-stone-100`}
                    >
                      <Pencil aria-hidden className="size-4" /> Edit
                    </Link>
                    <button
                      type="button"
                      onClick={() => setDeleting(p)}
                      aria-label={`Delete ${p.name}`}
                      className={`${ROW_BUTTON} text-red-700 hover:bg-red-50`}
                    >
                      <Trash2 aria-hidden className="size-4" /> Delete
                    </button>
                  </TD>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete placement"
          busy={deleteBusy}
          onConfirm={() => void confirmDelete()}
          onCancel={() => setDeleting(null)}
        >
          Pages that ask for {deleting.name} get an error until a placement of that name exists again.
        </ConfirmDialog>
      )}
    </>
  );
}
