import { useState } from "react";
import { RotateCcw, ShieldAlert, Upload } from "lucide-react";
import { describeError } from "../../components/ErrorMessage";
import { useAdmin } from "../context";
import { BUTTON_SECONDARY, Card, formatDateTime } from "./ui";
import { formatMetric } from "../lib/model";
import type { ModelStatus } from "../types";

/**
 * ModelGuard shows what the publish guard did: a retraining held back for
 * scoring clearly below the serving model (with a way to publish it anyway),
 * and a way to bring back the model that served before the current one.
 */
export function ModelGuard({ status, onChange }: { status: ModelStatus | undefined; onChange: () => void }) {
  const { client } = useAdmin();
  const [busy, setBusy] = useState("");
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const held = status?.held_back;
  if (!held && !status?.can_restore) return null;

  const act = async (what: "restore" | "publish") => {
    setBusy(what);
    setError("");
    setDone("");
    try {
      if (what === "restore") await client.restoreModel();
      else await client.publishHeld();
      setDone(what === "restore" ? "The previous model serves again." : "The held-back model is published.");
    } catch (err) {
      setError(describeError(err).message);
    } finally {
      setBusy("");
      onChange();
    }
  };

  return (
    <Card title="Publishing">
      <div className="space-y-3 text-sm" data-testid="model-guard">
        {held && (
          <div role="status" className="flex gap-3 rounded-lg bg-amber-50 p-3 text-amber-950" data-testid="held-back">
            <ShieldAlert aria-hidden className="mt-0.5 size-5 shrink-0 text-amber-700" />
            <div className="space-y-2">
              <p>
                <strong>A retraining was held back.</strong> The model trained {formatDateTime(held.trained_at)} placed
                what shoppers later chose clearly lower in their lists than the serving model does (NDCG{" "}
                {formatMetric(held.ndcg)} against {formatMetric(held.serving_ndcg)} on validation; higher is better), so
                the serving model stays.
              </p>
              <button
                type="button"
                className={BUTTON_SECONDARY}
                disabled={busy !== ""}
                onClick={() => void act("publish")}
                data-testid="publish-held"
              >
                <Upload aria-hidden className="size-4" /> {busy === "publish" ? "Publishing…" : "Publish it anyway"}
              </button>
            </div>
          </div>
        )}
        {status?.can_restore && (
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-stone-600">The model that served before this one can serve again.</p>
            <button
              type="button"
              className={BUTTON_SECONDARY}
              disabled={busy !== ""}
              onClick={() => void act("restore")}
              data-testid="restore-model"
            >
              <RotateCcw aria-hidden className="size-4" />{" "}
              {busy === "restore" ? "Restoring…" : "Restore the previous model"}
            </button>
          </div>
        )}
        {done && (
          <p role="status" className="text-emerald-800">
            {done}
          </p>
        )}
        {error && (
          <p role="alert" className="text-red-700">
            {error}
          </p>
        )}
      </div>
    </Card>
  );
}
