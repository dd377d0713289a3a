import { useId, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { ChevronDown, Sparkles } from "lucide-react";
import { becauseSentence } from "../lib/because";
import { formatPercent } from "../lib/format";
import { placePopover, type PopoverPlace } from "../lib/popover";
import { ProductCard } from "./ProductCard";
import { ScoreExplanation, modelScores } from "./ScoreExplanation";
import type { RailItem } from "./railItems";

/**
 * RecCard is one rail item; a recommendation adds its AI score, reason and a
 * "why?" button whose explanation opens in a popover. The popover is fixed to
 * the viewport, so it neither stretches the card (and with it every card of
 * the rail) nor is clipped by the rail's scrolling.
 */
export function RecCard({ item, isNew, onOpen }: { item: RailItem; isNew: boolean; onOpen?: () => void }) {
  const [open, setOpen] = useState(false);
  const rec = item.rec;
  const extra = rec ? (
    <div className="flex flex-col gap-2">
      {rec.reason && <p className="line-clamp-2 text-xs text-stone-600 italic">{rec.reason}</p>}
      <WhyPopover open={open} setOpen={setOpen} name={item.name}>
        {rec.because && (
          <p data-testid="rec-because" className="text-xs text-stone-700">
            {becauseSentence(rec.because)}.
          </p>
        )}
        <ScoreExplanation scores={modelScores(rec)} />
      </WhyPopover>
    </div>
  ) : null;
  return (
    // An open card lifts above its neighbours (whose badges are z-10), under the sticky header (z-20).
    <div className={`relative h-full ${open ? "z-[15]" : ""}`}>
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

/**
 * WhyPopover is the "why?" button and its popover: Enter or Space (the
 * button's own keys) and a click toggle it; Escape closes it and gives the
 * focus back to the button, as do a click outside and the focus moving on.
 */
function WhyPopover({
  open,
  setOpen,
  name,
  children,
}: {
  open: boolean;
  setOpen: (o: boolean | ((o: boolean) => boolean)) => void;
  name: string;
  children: ReactNode;
}) {
  const panelId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<PopoverPlace | null>(null);

  useLayoutEffect(() => {
    if (!open) {
      setPlace(null);
      return;
    }
    const update = () => {
      const b = buttonRef.current;
      if (!b) return;
      setPlace(
        placePopover(
          b.getBoundingClientRect(),
          window.innerWidth,
          window.innerHeight,
          panelRef.current?.scrollHeight ?? 0,
        ),
      );
    };
    update();
    const inside = (t: EventTarget | null) =>
      t instanceof Node && (!!panelRef.current?.contains(t) || !!buttonRef.current?.contains(t));
    const onDown = (e: PointerEvent | MouseEvent) => {
      if (!inside(e.target)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    const onFocus = (e: FocusEvent) => {
      if (!inside(e.target)) setOpen(false);
    };
    window.addEventListener("resize", update);
    window.addEventListener("scroll", update, true);
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    document.addEventListener("focusin", onFocus);
    return () => {
      window.removeEventListener("resize", update);
      window.removeEventListener("scroll", update, true);
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("focusin", onFocus);
    };
  }, [open, setOpen]);

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        data-testid="why-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="inline-flex w-fit items-center gap-1 rounded-md text-xs font-medium text-accent-700 hover:underline"
      >
        why?<span className="sr-only"> Show the scores behind this suggestion</span>
        <ChevronDown aria-hidden className={`size-3 transition ${open ? "rotate-180" : ""}`} />
      </button>
      {open && (
        <div
          ref={panelRef}
          id={panelId}
          role="group"
          aria-label={`Why ${name} was suggested`}
          data-testid="why-popover"
          style={
            place
              ? { top: place.top, left: place.left, width: place.width, maxHeight: place.maxHeight }
              : { top: 0, left: 0, visibility: "hidden" }
          }
          className="fixed z-30 space-y-2 overflow-y-auto rounded-xl border border-stone-200 bg-white p-3 text-left shadow-lg"
        >
          {children}
        </div>
      )}
    </>
  );
}
