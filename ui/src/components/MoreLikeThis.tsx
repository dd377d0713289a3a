import { useMemo, useRef } from "react";
import { Sparkles } from "lucide-react";
import {
  sessionRecommendations,
  similarProducts,
  userRecommendations,
  type InteractionType,
  type Product,
  type RecommendationList,
  type RelatedList,
} from "../api";
import { useAsync } from "../hooks/useAsync";
import { shopperToken } from "../lib/identity";
import { blendStrip, stripStatus, type StripItem } from "../lib/moreLikeThis";
import { productPath } from "../lib/route";
import { useMoney } from "../shopSettings";
import { useShop, type Shopper } from "../shop";
import { Link, isInAppClick } from "./Link";
import { ProductThumb } from "./ProductThumb";
import { movedUp, newIds } from "./railItems";

/** STRIP_COUNT is how many products the strip shows. */
export const STRIP_COUNT = 6;
// The shopper's list is read deeper than the strip, so that its picks among
// the similar products and in this category can be found.
const PERSONAL_DEPTH = 100;
const SIMILAR_DEPTH = 24;

const NONE: RecommendationList = { recommendations: [], count: 0 };

async function personalList(
  shopper: Shopper,
  sessionId: string,
  guestHasEvents: boolean,
  exclude: number,
  signal: AbortSignal,
): Promise<RecommendationList> {
  try {
    if (shopper) {
      const tok = await shopperToken(shopper.id);
      return await userRecommendations(shopper.id, PERSONAL_DEPTH, { signal, shopperToken: tok }, [exclude]);
    }
    if (guestHasEvents && sessionId)
      return await sessionRecommendations(sessionId, PERSONAL_DEPTH, { signal }, [exclude]);
  } catch (err) {
    if (signal.aborted) throw err;
    // Without personal picks (no token, nothing learned yet) the strip is the similar products alone.
  }
  return NONE;
}

const ACTION_NAMES: Partial<Record<InteractionType, string>> = { like: "like", cart: "cart", purchase: "purchase" };

/**
 * MoreLikeThis is the strip under the product's buttons: the recommender's
 * picks for this shopper anchored to this product. It reloads after each of
 * the shopper's actions on the page (actions counts them, last names the
 * latest) and marks the products that were not in the strip before.
 */
export function MoreLikeThis({
  product,
  actions,
  last,
}: {
  product: Product;
  actions: number;
  last: InteractionType | null;
}) {
  const { shopper, sessionId, guestHasEvents, noteClick } = useShop();
  const money = useMoney();
  const similar = useMemo<Promise<RelatedList>>(
    () => similarProducts(product.id, SIMILAR_DEPTH, {}, [product.id]).catch(() => ({ products: [] })),
    [product.id],
  );
  const state = useAsync(
    async (signal) => {
      const [s, p] = await Promise.all([similar, personalList(shopper, sessionId, guestHasEvents, product.id, signal)]);
      return {
        items: blendStrip(product, s.products, p.recommendations ?? [], STRIP_COUNT),
        similarId: s.recommendation_id,
        personalId: p.recommendation_id,
        actions,
      };
    },
    // A guest's session arriving changes nothing until it holds events.
    [similar, shopper, guestHasEvents ? sessionId : "", guestHasEvents, actions],
    true,
  );
  // Which items are new is worked out once per answer, and only for an
  // answer to an action: the first answer has nothing to compare with.
  const prev = useRef<number[] | null>(null);
  const seen = useRef<unknown>(undefined);
  const fresh = useRef<Set<number>>(new Set());
  const lifted = useRef<Set<number>>(new Set());
  if (state.data && state.data !== seen.current) {
    const ids = state.data.items.map((i) => i.id);
    fresh.current = state.data.actions > 0 ? newIds(prev.current, ids) : new Set();
    lifted.current = state.data.actions > 0 ? movedUp(prev.current, ids) : new Set();
    prev.current = ids;
    seen.current = state.data;
  }
  const data = state.data;
  if (state.status === "success" && data && data.items.length === 0) return null;
  const updated = data && data.actions > 0 && last ? ACTION_NAMES[last] : undefined;
  const newCount = fresh.current.size;

  return (
    <section
      data-testid="more-like-this"
      data-actions={data?.actions ?? 0}
      aria-labelledby="more-like-this-title"
      aria-busy={state.status === "loading"}
      className="space-y-2"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-3">
        <h2 id="more-like-this-title" className="flex items-center gap-1.5 text-base font-semibold text-stone-900">
          <Sparkles aria-hidden className="size-4 text-accent-600" /> More like this
        </h2>
        <p aria-live="polite" data-testid="more-like-this-status" className="text-xs text-accent-700">
          {updated ? stripStatus(updated, newCount, lifted.current.size) : ""}
        </p>
      </div>
      <ul className="-mx-1 flex snap-x gap-2 overflow-x-auto px-1 pb-1">
        {data
          ? data.items.map((item) => (
              <StripCard
                key={item.id}
                item={item}
                isNew={fresh.current.has(item.id)}
                isUp={lifted.current.has(item.id)}
                price={money(item.price)}
                onOpen={() => {
                  const list = item.from === "personal" ? data.personalId : data.similarId;
                  if (list) noteClick(item.id, list);
                }}
              />
            ))
          : Array.from({ length: 4 }, (_, i) => (
              <li key={i} aria-hidden className="h-36 w-32 shrink-0 animate-pulse rounded-xl bg-stone-200/70" />
            ))}
      </ul>
    </section>
  );
}

function StripCard({
  item,
  isNew,
  isUp,
  price,
  onOpen,
}: {
  item: StripItem;
  isNew: boolean;
  isUp: boolean;
  price: string;
  onOpen: () => void;
}) {
  return (
    <li
      data-testid={`strip-item-${item.id}`}
      data-new={isNew ? "true" : undefined}
      data-up={isUp ? "true" : undefined}
      className={`relative w-32 shrink-0 snap-start rounded-xl border bg-white p-2 has-[a:focus-visible]:ring-2 has-[a:focus-visible]:ring-accent-600 ${
        isNew || isUp ? "animate-flash border-accent-600" : "border-stone-200"
      }`}
    >
      {isUp && (
        <span
          aria-hidden
          className="absolute top-1 right-1 z-10 rounded-full bg-accent-600 px-1.5 py-0.5 text-[11px] font-semibold text-white"
        >
          ↑ Up
        </span>
      )}
      {isNew && (
        <span
          aria-hidden
          className="absolute top-1 right-1 z-10 rounded-full bg-accent-600 px-1.5 py-0.5 text-[11px] font-semibold text-white"
        >
          New
        </span>
      )}
      <ProductThumb category={item.category} imageUrl={item.imageUrl} className="aspect-[4/3] w-full rounded-lg" />
      <Link
        href={productPath(item.id)}
        title={item.reason}
        onClick={(e) => isInAppClick(e) && onOpen()}
        className="mt-1.5 line-clamp-2 text-xs font-medium text-stone-900 after:absolute after:inset-0 after:rounded-xl after:content-[''] focus-visible:outline-none"
      >
        {item.name}
        {isNew && <span className="sr-only"> (new suggestion)</span>}
        {isUp && <span className="sr-only"> (moved up)</span>}
      </Link>
      <p className="text-xs font-semibold text-stone-800">{price}</p>
    </li>
  );
}
