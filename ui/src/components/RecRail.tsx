import { useCallback, useLayoutEffect, useMemo, useRef, useState } from "react";
import { ChevronLeft, ChevronRight, Sparkles, TrendingUp } from "lucide-react";
import { ApiError, popular, sessionRecommendations, userRecommendations, type RecommendationList } from "../api";
import { useAsync } from "../hooks/useAsync";
import { shopperToken } from "../lib/identity";
import { useShop, type Shopper } from "../shop";
import { ErrorMessage } from "./ErrorMessage";
import { RecCard } from "./RecCard";
import { CardSkeleton } from "./Skeleton";
import { fromPopular, fromRecommendations, newIds, type RailItem } from "./railItems";

const RAIL_COUNT = 8;

interface RailData {
  kind: "recs" | "trending";
  items: RailItem[];
  notice?: string;
  /** recommendationId names the list shelf answered; a click on one of its items sends it with the view. */
  recommendationId?: string;
}

async function trending(signal: AbortSignal, exclude: number[], notice?: string): Promise<RailData> {
  const res = await popular(RAIL_COUNT, undefined, { signal }, exclude);
  return { kind: "trending", items: fromPopular(res.products ?? []), notice, recommendationId: res.recommendation_id };
}

function recs(res: RecommendationList): RailData {
  return { kind: "recs", items: fromRecommendations(res.recommendations), recommendationId: res.recommendation_id };
}

// loadRail picks the best source for the shopper: their recommendations, the
// guest session's, or trending products when there is nothing personal yet;
// it leaves out exclude (what the page shows already).
async function loadRail(
  shopper: Shopper,
  sessionId: string,
  guestHasEvents: boolean,
  exclude: number[],
  signal: AbortSignal,
) {
  try {
    if (shopper) {
      const res = await userRecommendations(
        shopper.id,
        RAIL_COUNT,
        { signal, shopperToken: await shopperToken(shopper.id) },
        exclude,
      );
      if (res.recommendations?.length) return recs(res);
      return trending(signal, exclude);
    }
    if (guestHasEvents && sessionId) {
      const res = await sessionRecommendations(sessionId, RAIL_COUNT, { signal }, exclude);
      if (res.recommendations?.length) return recs(res);
    }
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (shopper && (err.status === 401 || err.status === 403))
      return trending(
        signal,
        exclude,
        "Personal picks need a shopper token from the shop's server, so here is what is trending.",
      );
    if (!err.isNotFound) throw err;
    if (shopper)
      return trending(signal, exclude, `No user with id ${shopper.id} was found, so here is what is trending.`);
  }
  return trending(signal, exclude);
}

const NOTHING: Promise<number[]> = Promise.resolve([]);

/**
 * RecRail shows the shopper's recommendations (or trending products) and
 * refreshes after every interaction; a click on a card sends the list's
 * recommendation_id with the view it records. exclude, when given, resolves to the
 * products the page shows already, which the rail leaves out.
 */
export function RecRail({ exclude = NOTHING }: { exclude?: Promise<number[]> }) {
  const { shopper } = useShop();
  // A new shopper starts a fresh rail: no stale cards, no highlights.
  return <RailBody key={shopper ? `u${shopper.id}` : "guest"} exclude={exclude} />;
}

function RailBody({ exclude }: { exclude: Promise<number[]> }) {
  const { shopper, sessionId, guestHasEvents, recsVersion, noteClick } = useShop();
  const state = useAsync(
    async (signal) => loadRail(shopper, sessionId, guestHasEvents, await exclude, signal),
    // A session arriving for a guest with nothing recorded changes nothing.
    [shopper, guestHasEvents ? sessionId : "", guestHasEvents, recsVersion, exclude],
    true,
  );
  const prevIds = useRef<number[] | null>(null);
  const lastData = useRef<RailData | undefined>(undefined);
  const fresh = useRef<Set<number>>(new Set());
  // Work out which cards are new once per answer, not once per render.
  if (state.data && state.data !== lastData.current) {
    const ids = state.data.items.map((i) => i.id);
    fresh.current = newIds(prevIds.current, ids);
    prevIds.current = ids;
    lastData.current = state.data;
  }
  const data = state.data;
  const title = data?.kind === "recs" ? "Recommended for you" : data ? "Trending" : "Recommended for you";
  const subtitle = useMemo(() => {
    if (!data) return state.status === "error" ? "Suggestions are unavailable right now." : "Finding products for you…";
    if (data.kind === "recs")
      return shopper ? `Picked for ${shopper.username}` : "Picked from what you looked at on this visit";
    return "Popular with shoppers right now";
  }, [data, shopper, state.status]);
  const Icon = data?.kind === "trending" ? TrendingUp : Sparkles;
  const newCount = fresh.current.size;
  const listId = data?.recommendationId;
  const scroller = useRailScroll(data?.items.length ?? 0);

  return (
    <section
      data-testid="rec-rail"
      aria-labelledby="rec-rail-title"
      aria-busy={state.status === "loading"}
      className="space-y-3"
    >
      <div className="flex items-end justify-between gap-3">
        <div>
          <h2 id="rec-rail-title" className="flex items-center gap-2 text-lg font-semibold text-stone-900">
            <Icon aria-hidden className="size-5 text-accent-600" /> {title}
          </h2>
          <p className="text-sm text-stone-500">{subtitle}</p>
        </div>
        <div className="flex items-center gap-3">
          <p aria-live="polite" className="text-xs text-accent-700">
            {newCount > 0 ? `${newCount} new suggestion${newCount > 1 ? "s" : ""}` : ""}
          </p>
          {scroller.overflows && (
            <div className="flex gap-1">
              <RailArrow
                label="Previous suggestions"
                testId="rail-prev"
                disabled={scroller.atStart}
                onClick={() => scroller.page(-1)}
                Icon={ChevronLeft}
              />
              <RailArrow
                label="Next suggestions"
                testId="rail-next"
                disabled={scroller.atEnd}
                onClick={() => scroller.page(1)}
                Icon={ChevronRight}
              />
            </div>
          )}
        </div>
      </div>
      {data?.notice && <p className="text-sm text-amber-800">{data.notice}</p>}
      {state.status === "error" && (
        <ErrorMessage error={state.error} title="Could not load suggestions" onRetry={state.reload} />
      )}
      {!data && state.status === "loading" && (
        <div className="grid grid-flow-col auto-cols-[13rem] gap-4 overflow-hidden">
          {Array.from({ length: 4 }, (_, i) => (
            <CardSkeleton key={i} />
          ))}
        </div>
      )}
      {data && data.items.length === 0 && (
        <p className="rounded-xl border border-dashed border-stone-300 bg-white p-6 text-center text-sm text-stone-600">
          Nothing to suggest yet. Browse a few products and suggestions will appear here.
        </p>
      )}
      {data && data.items.length > 0 && (
        <ul
          ref={scroller.ref}
          onScroll={scroller.update}
          data-testid="rec-rail-list"
          className={`-mx-1 grid snap-x snap-mandatory scroll-px-1 grid-flow-col auto-cols-[13rem] gap-4 overflow-x-auto px-1 pt-1 pb-3 transition-opacity sm:auto-cols-[14rem] ${
            state.status === "loading" ? "opacity-70" : ""
          }`}
        >
          {data.items.map((item) => (
            <li key={item.id} className="snap-start">
              <RecCard
                item={item}
                isNew={fresh.current.has(item.id)}
                onOpen={listId ? () => noteClick(item.id, listId) : undefined}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * useRailScroll follows a horizontally scrolling list: whether it overflows,
 * whether it is at either end, and page(±1), which scrolls by about a
 * viewport of cards (snapping then aligns the first card whole).
 */
function useRailScroll(count: number) {
  const ref = useRef<HTMLUListElement>(null);
  const [state, setState] = useState({ overflows: false, atStart: true, atEnd: true });
  const update = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    // A pixel of slack: zoomed pages scroll to fractional offsets.
    const next = {
      overflows: el.scrollWidth > el.clientWidth + 1,
      atStart: el.scrollLeft <= 1,
      atEnd: el.scrollLeft + el.clientWidth >= el.scrollWidth - 1,
    };
    setState((s) =>
      s.overflows === next.overflows && s.atStart === next.atStart && s.atEnd === next.atEnd ? s : next,
    );
  }, []);
  useLayoutEffect(() => {
    update();
    const el = ref.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, [count, update]);
  const page = useCallback((dir: 1 | -1) => {
    const el = ref.current;
    if (!el) return;
    const reduce = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    const left = dir * Math.max(1, el.clientWidth * 0.9);
    if (typeof el.scrollBy === "function") el.scrollBy({ left, behavior: reduce ? "auto" : "smooth" });
    else el.scrollLeft += left;
  }, []);
  return { ref, update, page, ...state };
}

function RailArrow({
  label,
  testId,
  disabled,
  onClick,
  Icon,
}: {
  label: string;
  testId: string;
  disabled: boolean;
  onClick: () => void;
  Icon: typeof ChevronLeft;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      data-testid={testId}
      disabled={disabled}
      onClick={onClick}
      className="grid size-8 place-items-center rounded-full border border-stone-300 bg-white text-stone-700 shadow-xs hover:bg-stone-100 disabled:cursor-default disabled:opacity-40 disabled:hover:bg-white"
    >
      <Icon aria-hidden className="size-4" />
    </button>
  );
}
