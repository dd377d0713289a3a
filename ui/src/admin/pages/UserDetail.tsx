import { useState } from "react";
import { ApiError } from "../../api";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Link } from "../../components/Link";
import { Pagination } from "../../components/Pagination";
import { modelLabel, modelScores } from "../../components/ScoreExplanation";
import { useAsync } from "../../hooks/useAsync";
import { becauseSentence } from "../../lib/because";
import { formatPercent } from "../../lib/format";
import { adminPath, productPath } from "../../lib/route";
import { useAdmin } from "../context";
import { InteractionTable } from "../components/InteractionTable";
import { Bar, Card, PageHeader, formatDateTime } from "../components/ui";
import { useMoney } from "../../shopSettings";

const HISTORY_PAGE_SIZE = 20;

/** UserDetail shows one user: their profile, current recommendations with every model's score, and their history. */
export function UserDetail({ id }: { id: number }) {
  const { client } = useAdmin();
  const user = useAsync((signal) => client.user(id, signal), [client, id]);
  return (
    <>
      <p className="text-sm">
        <Link href={adminPath("users")} className="rounded text-accent-700 hover:underline">
          ← All users
        </Link>
      </p>
      {user.status === "error" && (
        <ErrorMessage error={user.error} title={`Could not load user ${id}`} onRetry={user.reload} />
      )}
      {user.status === "loading" && <p className="text-sm text-stone-600">Loading user…</p>}
      {user.data && (
        <>
          <PageHeader
            title={user.data.username}
            subtitle={`User #${user.data.id} · ${user.data.email} · joined ${formatDateTime(user.data.date_joined)}`}
          />
          <div className="grid gap-6 lg:grid-cols-2">
            <ProfileCard id={id} />
            <RecsCard id={id} />
          </div>
          <HistoryCard id={id} />
        </>
      )}
    </>
  );
}

function ProfileCard({ id }: { id: number }) {
  const { client } = useAdmin();
  const p = useAsync((signal) => client.profile(id, signal), [client, id]);
  const notYet = p.status === "error" && p.error instanceof ApiError && p.error.isNotFound;
  const prefs = Object.entries(p.data?.preferences ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return (
    <Card title="Profile" testId="user-profile">
      {p.status === "loading" && <p className="text-sm text-stone-600">Loading profile…</p>}
      {notYet && (
        <p className="text-sm text-stone-600">Not profiled yet: the profile appears after the next training.</p>
      )}
      {p.status === "error" && !notYet && <ErrorMessage error={p.error} onRetry={p.reload} />}
      {p.data && (
        <div className="space-y-4">
          <div>
            <h3 className="text-sm font-medium text-stone-700">Top categories</h3>
            {p.data.top_categories?.length ? (
              <ol className="mt-1 flex flex-wrap gap-1.5">
                {p.data.top_categories.map((c) => (
                  <li key={c} className="rounded-full bg-accent-50 px-2.5 py-0.5 text-sm text-accent-700">
                    {c}
                  </li>
                ))}
              </ol>
            ) : (
              <p className="text-sm text-stone-600">None yet.</p>
            )}
          </div>
          {prefs.length > 0 && (
            <div>
              <h3 className="text-sm font-medium text-stone-700">Preference per category</h3>
              <ul className="mt-2 space-y-2">
                {prefs.map(([c, v]) => (
                  <li key={c} className="grid grid-cols-[8rem_1fr_3rem] items-center gap-2 text-sm">
                    <span className="truncate">{c}</span>
                    <Bar value={v} label={`Preference for ${c}`} />
                    <span className="text-right tabular-nums text-stone-600">{formatPercent(v)}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <p className="text-xs text-stone-600">
            {p.data.embedding?.length ? `${p.data.embedding.length}-dimensional taste vector · ` : ""}updated{" "}
            {formatDateTime(p.data.updated_at)}
          </p>
        </div>
      )}
    </Card>
  );
}

function RecsCard({ id }: { id: number }) {
  const money = useMoney();
  const { client } = useAdmin();
  const r = useAsync((signal) => client.recommendations(id, 10, signal), [client, id]);
  const recs = r.data?.recommendations ?? [];
  return (
    <Card title="Current recommendations" testId="user-recommendations">
      {r.status === "loading" && <p className="text-sm text-stone-600">Loading recommendations…</p>}
      {r.status === "error" && <ErrorMessage error={r.error} onRetry={r.reload} />}
      {r.data && recs.length === 0 && <p className="text-sm text-stone-600">No recommendations for this user yet.</p>}
      <ol className="space-y-4">
        {recs.map((rec, i) => (
          <li key={rec.product_id} className="border-b border-stone-100 pb-3 last:border-0">
            <div className="flex items-baseline justify-between gap-2">
              <p className="min-w-0 text-sm">
                <span className="text-stone-600 tabular-nums">{i + 1}. </span>
                <Link href={productPath(rec.product_id)} className="rounded font-medium hover:underline">
                  {rec.product_name}
                </Link>
                <span className="text-stone-600">
                  {" "}
                  · {rec.category} · {money(rec.price)}
                </span>
              </p>
              <span className="shrink-0 text-xs font-semibold text-accent-700">
                {formatPercent(rec.confidence_score)}
              </span>
            </div>
            {(rec.reason || rec.because) && (
              <p className="mt-0.5 text-xs text-stone-600 italic">
                {rec.because ? `${becauseSentence(rec.because)}.` : rec.reason}
              </p>
            )}
            <ul
              className="mt-2 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-2"
              aria-label={`Model scores for ${rec.product_name}`}
            >
              {modelScores(rec).map(([name, v]) => (
                <li key={name} className="grid grid-cols-[5.5rem_1fr_2.5rem] items-center gap-2 text-xs">
                  <span className="truncate text-stone-600" title={modelLabel(name).title}>
                    {name}
                  </span>
                  <Bar value={v} label={`${modelLabel(name).title} score`} />
                  <span className="text-right tabular-nums text-stone-600">{v.toFixed(2)}</span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </Card>
  );
}

function HistoryCard({ id }: { id: number }) {
  const { client } = useAdmin();
  const [page, setPage] = useState(1);
  const h = useAsync(
    (signal) => client.userInteractions(id, page, HISTORY_PAGE_SIZE, signal),
    [client, id, page],
    true,
  );
  const rows = h.data?.results ?? [];
  return (
    <Card title="History" testId="user-history">
      {h.status === "error" && <ErrorMessage error={h.error} onRetry={h.reload} />}
      {h.status === "loading" && !h.data && <p className="text-sm text-stone-600">Loading history…</p>}
      {h.data && rows.length === 0 && <p className="text-sm text-stone-600">This user has no interactions.</p>}
      {rows.length > 0 && <InteractionTable rows={rows} showUser={false} label="Interactions of this user" />}
      {h.data && (
        <div className="mt-4">
          <Pagination
            page={page}
            pageSize={HISTORY_PAGE_SIZE}
            count={h.data.count}
            hasNext={Boolean(h.data.next)}
            onPage={setPage}
            noun="interactions"
          />
        </div>
      )}
    </Card>
  );
}
