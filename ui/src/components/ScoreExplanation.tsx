import type { Recommendation } from "../api";
import { formatPercent } from "../lib/format";

// Plain-words names of the models, for shoppers and for teachers showing the
// recommender at work. Unknown models still show, with a tidied name.
const MODEL_LABELS: Record<string, { title: string; plain: string }> = {
  cf: { title: "Collaborative filtering", plain: "people with similar taste" },
  mf: { title: "Matrix factorization", plain: "hidden patterns in what everyone rates" },
  popularity: { title: "Popularity", plain: "what many shoppers pick right now" },
  content: { title: "Content similarity", plain: "products like ones you engaged with" },
  session: { title: "This visit", plain: "what you looked at just now" },
  category: { title: "Category preference", plain: "categories you come back to" },
  recency: { title: "Freshness", plain: "new arrivals" },
  trending: { title: "Trending", plain: "rising fast this week" },
  cooccurrence: { title: "Bought together", plain: "often in the same basket" },
  knn: { title: "Similar items", plain: "chosen by the same shoppers as things you chose" },
  ease: { title: "Item relations", plain: "products that go with what you chose" },
  svd: { title: "Taste dimensions", plain: "broad patterns shared by many shoppers" },
  ensemble: { title: "The blend", plain: "all models weighed together" },
};

/** modelLabel names a model in plain words, e.g. cf -> "Collaborative filtering: people with similar taste". */
export function modelLabel(name: string): { title: string; plain: string } {
  const key = name.toLowerCase().replace(/_score$/, "");
  const known = MODEL_LABELS[key];
  if (known) return known;
  const words = key.replace(/[_-]+/g, " ").trim();
  return { title: words ? words[0].toUpperCase() + words.slice(1) : name, plain: "" };
}

/**
 * modelScores lists a recommendation's per-model scores, strongest first.
 * It reads `scores`, and falls back to the older cf_score / mf_score fields
 * when the server did not send the map.
 */
export function modelScores(rec: Pick<Recommendation, "scores" | "cf_score" | "mf_score">): [string, number][] {
  const map: Record<string, number> = { ...(rec.scores ?? {}) };
  if (rec.scores === undefined) {
    if (typeof rec.cf_score === "number") map.cf = rec.cf_score;
    if (typeof rec.mf_score === "number") map.mf = rec.mf_score;
  }
  return Object.entries(map)
    .filter(([, v]) => typeof v === "number" && Number.isFinite(v))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** ScoreExplanation shows each model's score as a labelled bar (scores are 0..1; bars are clamped). */
export function ScoreExplanation({ scores, id }: { scores: [string, number][]; id?: string }) {
  if (scores.length === 0) {
    return (
      <p id={id} className="text-xs text-stone-500">
        No per-model scores for this suggestion.
      </p>
    );
  }
  return (
    <ul id={id} className="space-y-2" aria-label="Why this was recommended">
      {scores.map(([name, value]) => {
        const { title, plain } = modelLabel(name);
        const pct = formatPercent(value);
        return (
          <li key={name} data-testid={`score-${name}`}>
            <div className="flex items-baseline justify-between gap-2 text-xs">
              <span className="text-stone-700">
                <span className="font-medium">{title}</span>
                {plain && <span className="text-stone-500">: {plain}</span>}
              </span>
              <span className="font-mono tabular-nums text-stone-600">{pct}</span>
            </div>
            <div
              role="meter"
              aria-label={title}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={parseInt(pct, 10) || 0}
              className="mt-1 h-1.5 overflow-hidden rounded-full bg-stone-100"
            >
              <div className="h-full rounded-full bg-accent-500" style={{ width: pct === "—" ? "0%" : pct }} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
