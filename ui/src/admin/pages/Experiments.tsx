import { useState } from "react";
import { Plus } from "lucide-react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Link } from "../../components/Link";
import { useAsync } from "../../hooks/useAsync";
import { navigate, useLocation } from "../../hooks/useLocation";
import { adminPath } from "../../lib/route";
import { useAdmin } from "../context";
import { ExperimentForm } from "../components/ExperimentForm";
import { BUTTON, Card, PageHeader, TD, TH, Table, formatDateTime } from "../components/ui";
import { STATUS_LABELS } from "../lib/experiments";
import type { Experiment } from "../types";

/** ExperimentsIntro says what an experiment is, in a shop owner's words. */
export function ExperimentsIntro() {
  return (
    <p className="max-w-3xl text-sm text-stone-600">
      An <strong className="font-medium text-stone-800">experiment</strong> splits the shoppers of one placement between
      variants: the placement as it is (the control) and changes to try, such as best-sellers instead of personal picks,
      personal picks with the models blended by other weights, or the placement without its rules. Each shopper always
      sees the same variant. shelf counts what each variant's shoppers click and buy, and says when a difference is
      large enough to trust; ship the variant that won and every shopper gets it.
    </p>
  );
}

/** StatusBadge names an experiment's status in words (the colour only repeats it). */
export function StatusBadge({ e }: { e: Pick<Experiment, "status" | "shipped_variant"> }) {
  const cls: Record<Experiment["status"], string> = {
    draft: "bg-stone-100 text-stone-800",
    running: "bg-sky-100 text-sky-900",
    stopped: "bg-amber-100 text-amber-900",
    shipped: "bg-emerald-100 text-emerald-900",
  };
  return (
    <span className={`rounded-full px-2 py-0.5 text-xs font-semibold whitespace-nowrap ${cls[e.status] ?? cls.draft}`}>
      {STATUS_LABELS[e.status] ?? e.status}
      {e.status === "shipped" && e.shipped_variant ? `: ${e.shipped_variant}` : ""}
    </span>
  );
}

/** Experiments lists the experiments, newest first, and creates one. */
export function Experiments() {
  const { client } = useAdmin();
  const { search } = useLocation();
  const deleted = new URLSearchParams(search).get("deleted");
  const [creating, setCreating] = useState(false);
  const list = useAsync((signal) => client.experiments(signal), [client], true);
  const rows = list.data?.experiments ?? [];
  return (
    <>
      <PageHeader
        title="Experiments"
        subtitle={
          list.data
            ? `${rows.length} ${rows.length === 1 ? "experiment" : "experiments"}`
            : "Test a change on part of the shoppers"
        }
        actions={
          !creating && (
            <button type="button" className={BUTTON} onClick={() => setCreating(true)} data-testid="experiment-new">
              <Plus aria-hidden className="size-4" /> New experiment
            </button>
          )
        }
      />
      <ExperimentsIntro />
      {deleted && (
        <p role="status" className="text-sm text-emerald-800" data-testid="experiments-notice">
          Deleted {deleted}.
        </p>
      )}
      {creating && (
        <Card title="New experiment">
          <ExperimentForm
            onSaved={(e) => navigate(`${adminPath("experiment", e.id)}?created=1`)}
            onCancel={() => setCreating(false)}
          />
        </Card>
      )}
      <Card>
        {list.status === "error" && (
          <ErrorMessage error={list.error} title="Could not load the experiments" onRetry={list.reload} />
        )}
        {list.status === "loading" && !list.data && <p className="text-sm text-stone-600">Loading experiments…</p>}
        {list.data && rows.length === 0 && (
          <p className="py-6 text-center text-sm text-stone-600">
            No experiments yet. Create one to find out whether a change to a placement sells more.
          </p>
        )}
        {rows.length > 0 && (
          <Table label="Experiments">
            <thead>
              <tr>
                <TH>Name</TH>
                <TH>Placement</TH>
                <TH>Status</TH>
                <TH>Started</TH>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id} data-testid={`experiment-row-${e.id}`}>
                  <TD label="Name">
                    <Link
                      href={adminPath("experiment", e.id)}
                      className="rounded font-medium text-accent-700 hover:underline"
                    >
                      {e.name}
                    </Link>
                  </TD>
                  <TD label="Placement" className="text-stone-600">
                    {e.placement}
                  </TD>
                  <TD label="Status">
                    <StatusBadge e={e} />
                  </TD>
                  <TD label="Started" className="whitespace-nowrap text-stone-600">
                    {e.started_at ? formatDateTime(e.started_at) : "not started"}
                  </TD>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
