import { useState } from "react";
import { ArrowLeft, Play, RotateCw, Rocket, Square, Trash2 } from "lucide-react";
import { ApiError } from "../../api";
import { ErrorMessage, describeError } from "../../components/ErrorMessage";
import { Link } from "../../components/Link";
import { useAsync } from "../../hooks/useAsync";
import { navigate, useLocation } from "../../hooks/useLocation";
import { adminPath, placementPath } from "../../lib/route";
import { useAdmin } from "../context";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ExperimentResults } from "../components/ExperimentResults";
import {
  BUTTON,
  BUTTON_DANGER,
  BUTTON_SECONDARY,
  Card,
  PageHeader,
  TD,
  TH,
  Table,
  formatDateTime,
} from "../components/ui";
import { variantChange } from "../lib/experiments";
import type { ExperimentAction, ExperimentDetail as Detail } from "../types";
import { ExperimentsIntro, StatusBadge } from "./Experiments";

type Pending = { action: ExperimentAction; variant?: string } | { action: "delete" };

const ROW_BUTTON =
  "inline-flex items-center gap-1 rounded-lg px-2 py-1 text-sm font-medium text-accent-700 hover:bg-accent-50";

/** ExperimentDetail shows one experiment, what it found, and starts, stops, ships or deletes it after asking. */
export function ExperimentDetail({ id }: { id: number }) {
  const { client } = useAdmin();
  const { search } = useLocation();
  const created = new URLSearchParams(search).has("created");
  const state = useAsync((signal) => client.experiment(id, signal), [client, id], true);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const e = state.data;

  const confirm = async () => {
    if (!pending || !e) return;
    setBusy(true);
    setNotice(null);
    try {
      if (pending.action === "delete") {
        await client.deleteExperiment(e.id);
        navigate(`${adminPath("experiments")}?deleted=${encodeURIComponent(e.name)}`);
        return;
      }
      await client.experimentAction(e.id, pending.action, pending.variant);
      const done = { start: "Started", stop: "Stopped", ship: `Shipped ${pending.variant ?? ""} in` }[pending.action];
      setNotice({ ok: true, text: `${done} ${e.name}.` });
      state.reload();
    } catch (err) {
      setNotice({ ok: false, text: describeError(err).message });
    } finally {
      setBusy(false);
      setPending(null);
    }
  };

  const back = (
    <Link
      href={adminPath("experiments")}
      className="inline-flex items-center gap-1 rounded-lg text-sm text-stone-600 hover:text-stone-900"
    >
      <ArrowLeft aria-hidden className="size-4" /> All experiments
    </Link>
  );
  if (!e) {
    return (
      <>
        {back}
        <PageHeader title="Experiment" subtitle={state.status === "loading" ? "Loading…" : undefined} />
        {state.status === "error" && (
          <ErrorMessage
            error={state.error}
            title={
              state.error instanceof ApiError && state.error.isNotFound
                ? `There is no experiment ${id}`
                : "Could not load the experiment"
            }
            onRetry={state.reload}
          />
        )}
      </>
    );
  }
  const canShip = e.status === "running" || e.status === "stopped";
  const winner = e.results?.winner ?? null;
  return (
    <>
      {back}
      <PageHeader
        title={`Experiment ${e.name}`}
        subtitle={`On the placement ${e.placement}`}
        actions={
          <>
            {e.status === "draft" && (
              <button
                type="button"
                className={BUTTON}
                onClick={() => setPending({ action: "start" })}
                data-testid="experiment-start"
              >
                <Play aria-hidden className="size-4" /> Start
              </button>
            )}
            {e.status === "running" && (
              <button
                type="button"
                className={BUTTON_SECONDARY}
                onClick={() => setPending({ action: "stop" })}
                data-testid="experiment-stop"
              >
                <Square aria-hidden className="size-4" /> Stop
              </button>
            )}
            {e.status !== "running" && (
              <button
                type="button"
                className={BUTTON_DANGER}
                onClick={() => setPending({ action: "delete" })}
                data-testid="experiment-delete"
              >
                <Trash2 aria-hidden className="size-4" /> Delete
              </button>
            )}
          </>
        }
      />
      <ExperimentsIntro />
      {created && e.status === "draft" && (
        <p role="status" className="text-sm text-emerald-800">
          Created {e.name}. It splits no shopper until you start it.
        </p>
      )}
      {notice && (
        <p
          role={notice.ok ? "status" : "alert"}
          className={`text-sm ${notice.ok ? "text-emerald-800" : "text-red-700"}`}
          data-testid="experiment-notice"
        >
          {notice.text}
        </p>
      )}
      <Card title="Setup" testId="experiment-setup">
        <dl className="mb-4 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
          <dt className="text-stone-600">Status</dt>
          <dd>
            <StatusBadge e={e} />
          </dd>
          <dt className="text-stone-600">Placement</dt>
          <dd>
            <Link href={placementPath(e.placement)} className="rounded text-accent-700 hover:underline">
              {e.placement}
            </Link>
          </dd>
          <dt className="text-stone-600">Created</dt>
          <dd>{formatDateTime(e.created_at)}</dd>
          <dt className="text-stone-600">Started</dt>
          <dd>{e.started_at ? formatDateTime(e.started_at) : "not started"}</dd>
          {e.stopped_at && (
            <>
              <dt className="text-stone-600">Stopped</dt>
              <dd>{formatDateTime(e.stopped_at)}</dd>
            </>
          )}
        </dl>
        <Table label="Variants">
          <thead>
            <tr>
              <TH>Variant</TH>
              <TH className="text-right">Share of shoppers</TH>
              <TH>What it changes</TH>
              {canShip && (
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              )}
            </tr>
          </thead>
          <tbody>
            {e.variants.map((v) => (
              <tr key={v.name} data-testid={`experiment-variant-${v.name}`}>
                <TD label="Variant" className="font-medium">
                  {v.name}
                  {e.shipped_variant === v.name && <span className="ml-1 text-xs text-emerald-800">(shipped)</span>}
                </TD>
                <TD label="Share of shoppers" className="text-right tabular-nums">
                  {Math.round(v.share * 10000) / 100}%
                </TD>
                <TD label="What it changes" className="text-stone-600">
                  {variantChange(v)}
                </TD>
                {canShip && (
                  <TD className="text-right">
                    <button
                      type="button"
                      className={ROW_BUTTON}
                      onClick={() => setPending({ action: "ship", variant: v.name })}
                      aria-label={`Ship ${v.name}`}
                    >
                      <Rocket aria-hidden className="size-4" /> Ship
                    </button>
                  </TD>
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
      <Card
        title="Results"
        testId="experiment-results"
        actions={
          e.status !== "draft" && (
            <button
              type="button"
              className={BUTTON_SECONDARY}
              onClick={state.reload}
              disabled={state.status === "loading"}
            >
              <RotateCw aria-hidden className="size-4" /> Refresh
            </button>
          )
        }
      >
        {state.status === "error" && <ErrorMessage error={state.error} title="Could not refresh the results" />}
        {e.status === "draft" && <p className="text-sm text-stone-600">No results until the experiment starts.</p>}
        {e.status !== "draft" && !e.results && <p className="text-sm text-stone-600">No results yet.</p>}
        {e.status !== "draft" && e.results && <ExperimentResults results={e.results} />}
      </Card>
      {pending && (
        <ConfirmDialog
          title={confirmTitle(pending, e)}
          confirmLabel={confirmLabel(pending, e)}
          tone={pending.action === "start" || pending.action === "ship" ? "primary" : "danger"}
          busy={busy}
          onConfirm={() => void confirm()}
          onCancel={() => setPending(null)}
        >
          <ConfirmText pending={pending} e={e} winner={winner} />
        </ConfirmDialog>
      )}
    </>
  );
}

function confirmTitle(p: Pending, e: Detail): string {
  if (p.action === "ship") return `Ship ${p.variant}?`;
  return `${{ start: "Start", stop: "Stop", delete: "Delete" }[p.action]} ${e.name}?`;
}

function confirmLabel(p: Pending, e: Detail): string {
  if (p.action === "ship") return `Ship ${p.variant}`;
  return `${{ start: "Start", stop: "Stop", delete: "Delete" }[p.action]} ${e.status === "draft" && p.action === "delete" ? "draft" : "experiment"}`;
}

function ConfirmText({ pending: p, e, winner }: { pending: Pending; e: Detail; winner: string | null }) {
  if (p.action === "start")
    return (
      <p>
        From now on the shoppers of {e.placement} are split:{" "}
        {e.variants.map((v) => `${v.name} ${Math.round(v.share * 10000) / 100}%`).join(", ")}. The variants cannot be
        changed once it runs.
      </p>
    );
  if (p.action === "stop")
    return (
      <p>
        The shoppers of {e.placement} are no longer split. The results stay, and you can still ship a variant
        afterwards.
      </p>
    );
  if (p.action === "delete") return <p>The experiment and its results are deleted. This cannot be undone.</p>;
  return (
    <>
      <p>
        Every shopper of {e.placement} gets {p.variant} from now on, and the experiment ends.
      </p>
      <p className="mt-2 font-medium text-stone-800" data-testid="ship-warning">
        {winner === p.variant
          ? `${p.variant} is the winner of this experiment.`
          : winner
            ? `The winner of this experiment is ${winner}, not ${p.variant}.`
            : `No variant has won: the results do not show that ${p.variant} is better than the others, so shipping it now is a choice, not a finding.`}
      </p>
    </>
  );
}
