import { useId, useState } from "react";
import { ChevronDown, Sparkles } from "lucide-react";
import { becauseSentence } from "../lib/because";
import { formatPercent } from "../lib/format";
import { ProductCard } from "./ProductCard";
import { ScoreExplanation, modelScores } from "./ScoreExplanation";
import type { RailItem } from "./railItems";

/** RecCard is one rail item; a recommendation adds its AI score, reason and a "why?" panel. */
export function RecCard({ item, isNew, onOpen }: { item: RailItem; isNew: boolean; onOpen?: () => void }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rec = item.rec;
  const extra = rec ? (
    <div className="flex flex-col gap-2">
      {rec.reason && <p className="line-clamp-2 text-xs text-stone-600 italic">{rec.reason}</p>}
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="inline-flex w-fit items-center gap-1 rounded-md text-xs font-medium text-accent-700 hover:underline"
      >
        why?<span className="sr-only"> Show the scores behind this suggestion</span>
        <ChevronDown aria-hidden className={`size-3 transition ${open ? "rotate-180" : ""}`} />
      </button>
      {open && (
        <div id={panelId} className="space-y-2">
          {rec.because && (
            <p data-testid="rec-because" className="text-xs text-stone-700">
              {becauseSentence(rec.because)}.
            </p>
          )}
          <ScoreExplanation scores={modelScores(rec)} />
        </div>
      )}
    </div>
  ) : null;
  return (
    <div className="relative h-full">
      {rec && (
        <span
          className="absolute top-5 left-5 z-10 inline-flex items-center gap-1 rounded-full bg-accent-600 px-2 py-0.5 text-xs font-semibold text-white shadow-sm"
          title="How confident the recommender is"
        >
          <Sparkles aria-hidden className="size-3" />
          <span>AI score {formatPercent(rec.confidence_score)}</span>
        </span>
      )}
      <ProductCard
        id={item.id}
        name={item.name}
        category={item.category}
        price={item.price}
        imageUrl={item.imageUrl}
        testId={`rec-card-${item.id}`}
        extra={extra}
        className={`h-full ${isNew ? "animate-flash" : ""}`}
        onOpen={onOpen}
      />
    </div>
  );
}
