import { useEffect, useState } from "react";
import { ArrowLeft } from "lucide-react";
import { ApiError } from "../../api";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Link } from "../../components/Link";
import { useLocation } from "../../hooks/useLocation";
import { adminPath } from "../../lib/route";
import { useAdmin } from "../context";
import { PlacementForm } from "../components/PlacementForm";
import { PlacementPreview } from "../components/PlacementPreview";
import { Card, PageHeader, formatDateTime } from "../components/ui";
import { strategyLabel } from "../lib/placements";
import type { Placement } from "../types";
import { PlacementsIntro } from "./Placements";

/** PlacementDetail edits one placement, with the live preview of what it does. */
export function PlacementDetail({ name }: { name: string }) {
  const { client } = useAdmin();
  const { search } = useLocation();
  const created = new URLSearchParams(search).has("created");
  const [placement, setPlacement] = useState<Placement | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [version, setVersion] = useState(0);
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    const ctl = new AbortController();
    setError(null);
    client.placement(name, ctl.signal).then(setPlacement, (err: unknown) => {
      if (!ctl.signal.aborted) setError(err);
    });
    return () => ctl.abort();
  }, [client, name, tick]);

  const back = (
    <Link
      href={adminPath("placements")}
      className="inline-flex items-center gap-1 rounded-lg text-sm text-stone-600 hover:text-stone-900"
    >
      <ArrowLeft aria-hidden className="size-4" /> All placements
    </Link>
  );
  return (
    <>
      {back}
      <PageHeader
        title={`Placement ${name}`}
        subtitle={
          placement
            ? `${strategyLabel(placement.strategy)} · updated ${formatDateTime(placement.updated_at)}`
            : "Loading…"
        }
      />
      <PlacementsIntro />
      {created && placement && (
        <p role="status" className="text-sm text-emerald-800">
          Created {name}. Ask for it from your shop's pages with placement={name}.
        </p>
      )}
      {error !== null && (
        <ErrorMessage
          error={error}
          title={
            error instanceof ApiError && error.isNotFound
              ? `There is no placement ${name}`
              : "Could not load the placement"
          }
          onRetry={() => setTick((t) => t + 1)}
        />
      )}
      {placement && (
        <>
          <Card title="Settings and rules">
            <PlacementForm
              placement={placement}
              onDirtyChange={setDirty}
              onSaved={(p) => {
                setPlacement(p);
                setVersion((v) => v + 1);
              }}
            />
          </Card>
          <Card title="Preview" testId="preview-card">
            <PlacementPreview placement={placement} dirty={dirty} version={version} />
          </Card>
        </>
      )}
    </>
  );
}
