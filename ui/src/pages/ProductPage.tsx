import { useEffect, useId, useMemo, useRef, useState } from "react";
import { ArrowLeft, Check, Heart, Loader2, ShoppingBag, Zap } from "lucide-react";
import {
  ApiError,
  boughtTogether,
  getProduct,
  similarProducts,
  type InteractionType,
  type Product,
  type RelatedList,
} from "../api";
import { ErrorMessage } from "../components/ErrorMessage";
import { Link } from "../components/Link";
import { MoreLikeThis } from "../components/MoreLikeThis";
import { ProductThumb } from "../components/ProductThumb";
import { RecRail } from "../components/RecRail";
import { RelatedSection } from "../components/RelatedSection";
import { Skeleton } from "../components/Skeleton";
import { useAsync } from "../hooks/useAsync";
import { hasLiked } from "../lib/likes";
import { useShop } from "../shop";
import { NotFound } from "./NotFound";
import { useMoney } from "../shopSettings";

/** ProductPage shows one product, records the visit, and offers like, cart and buy. */
export function ProductPage({ id }: { id: number }) {
  const state = useAsync((signal) => getProduct(id, { signal }), [id]);

  if (state.status === "error" && state.error instanceof ApiError && state.error.isNotFound) {
    return <NotFound what="product" />;
  }
  return (
    <div className="space-y-5 md:space-y-10">
      <Link href="/" className="inline-flex items-center gap-1 rounded-md text-sm text-stone-600 hover:text-stone-900">
        <ArrowLeft aria-hidden className="size-4" /> Back to the shop
      </Link>
      {state.status === "error" && (
        <ErrorMessage error={state.error} title="Could not load this product" onRetry={state.reload} />
      )}
      {state.status === "loading" && <ProductSkeleton />}
      {state.status === "success" && <ProductDetail key={state.data.id} product={state.data} />}
      {state.status === "success" && <PageLists id={id} />}
    </div>
  );
}

// The page's lists wait for the product: for a missing product they would
// only add more 404s. They do not repeat each other: similar leaves out the
// product itself, bought together also what similar shows, and the
// shopper's rail all of that.
function PageLists({ id }: { id: number }) {
  const lists = useMemo(() => {
    const ids = (l: RelatedList) => l.products.map((p) => p.id);
    const none: RelatedList = { products: [] };
    const similar = similarProducts(id, 6, {}, [id]);
    const bought = similar.catch(() => none).then((s) => boughtTogether(id, 4, {}, [id, ...ids(s)]));
    const shown = Promise.all([similar.catch(() => none), bought.catch(() => none)]).then(([s, b]) => [
      id,
      ...ids(s),
      ...ids(b),
    ]);
    return { similar, bought, shown };
  }, [id]);
  return (
    <>
      <RecRail exclude={lists.shown} />
      <RelatedSection
        title="Similar products"
        testId="similar-products"
        load={() => lists.similar}
        deps={[lists]}
        skeletons={6}
      />
      <RelatedSection
        title="Frequently bought together"
        testId="bought-together"
        load={() => lists.bought}
        deps={[lists]}
        skeletons={4}
      />
    </>
  );
}

function ProductSkeleton() {
  return (
    <div
      aria-busy="true"
      aria-label="Loading product"
      className="grid gap-8 md:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]"
    >
      <Skeleton className="aspect-[4/3] w-full rounded-2xl" />
      <div className="space-y-4">
        <Skeleton className="h-4 w-24" />
        <Skeleton className="h-8 w-3/4" />
        <Skeleton className="h-6 w-28" />
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-11 w-full" />
      </div>
    </div>
  );
}

const ACTION_DONE: Record<InteractionType, string> = {
  view: "",
  like: "Thanks! We will show you more like this.",
  cart: "Added to your cart.",
  purchase: "Bought! Thank you for your order.",
};

/** LIKE_STAYS tells a shopper why the liked button does not toggle: shelf has no unlike. */
const LIKE_STAYS = "You like this. A like stays: there is no unlike.";

function ProductDetail({ product }: { product: Product }) {
  const money = useMoney();
  const { record, addToCart, removeFromCart, shopper } = useShop();
  const [busy, setBusy] = useState<InteractionType | null>(null);
  const [done, setDone] = useState<Set<InteractionType>>(new Set());
  // The strip under the buttons reloads after each action, and names the last.
  const [actions, setActions] = useState<{ count: number; last: InteractionType | null }>({ count: 0, last: null });
  const [message, setMessage] = useState("");
  const [error, setError] = useState<unknown>(null);
  const viewed = useRef<string | null>(null);
  // A shopper's earlier like comes from their history; a guest's history is
  // not readable, so a guest's like lasts for the page. A failed read leaves
  // the button unpressed rather than blocking it.
  const likedBefore = useAsync(
    (signal) => (shopper ? hasLiked(shopper.id, product.id, { signal }).catch(() => false) : Promise.resolve(false)),
    [shopper?.id, product.id],
  );
  const likeHintId = useId();
  const liked = done.has("like") || (likedBefore.status === "success" && likedBefore.data);

  // Record one view per product and shopper; the ref stops StrictMode's
  // double effect from counting the visit twice.
  const viewKey = `${product.id}:${shopper?.id ?? "guest"}`;
  useEffect(() => {
    document.title = `${product.name} · shelf`;
  }, [product.name]);
  useEffect(() => {
    if (viewed.current === viewKey) return;
    viewed.current = viewKey;
    record(product.id, "view").catch(() => {
      // A lost view only weakens recommendations a little; do not alarm the shopper.
    });
  }, [viewKey, product.id, record]);

  const act = async (type: InteractionType) => {
    // A like is recorded once; the hint under the buttons says why it stays.
    if (type === "like" && liked) return;
    setBusy(type);
    setError(null);
    setMessage("");
    try {
      await record(product.id, type);
      if (type === "cart") {
        addToCart({ id: product.id, name: product.name, price: product.price, category: product.category });
      }
      // Buying now buys this product: it leaves the cart, or a later checkout would buy it again.
      if (type === "purchase") removeFromCart(product.id);
      setDone((d) => new Set(d).add(type));
      setActions((a) => ({ count: a.count + 1, last: type }));
      setMessage(ACTION_DONE[type]);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const button = (type: InteractionType, testId: string, label: string, Icon: typeof Heart, primary = false) => (
    <button
      type="button"
      data-testid={testId}
      onClick={() => act(type)}
      disabled={busy !== null || (type === "like" && likedBefore.status === "loading")}
      aria-pressed={type === "like" ? liked : undefined}
      aria-describedby={type === "like" && liked ? likeHintId : undefined}
      className={`inline-flex flex-1 items-center justify-center gap-1.5 rounded-xl px-2 py-2.5 text-sm font-semibold transition disabled:opacity-60 sm:gap-2 sm:px-4 ${
        primary
          ? "bg-accent-600 text-white hover:bg-accent-700"
          : "border border-stone-300 bg-white text-stone-800 hover:bg-stone-100"
      }`}
    >
      {busy === type ? (
        <Loader2 aria-hidden className="size-4 animate-spin" />
      ) : type === "purchase" && done.has(type) ? (
        <Check aria-hidden className="size-4" />
      ) : (
        <Icon aria-hidden className={`size-4 ${type === "like" && liked ? "fill-current text-rose-600" : ""}`} />
      )}
      {type === "like" && liked ? "Liked" : label}
    </button>
  );

  return (
    // On a phone the picture is wide and low and the description comes after
    // the strip, so that the strip's products start above the fold.
    <article className="grid grid-cols-[minmax(0,1fr)] gap-5 md:grid-cols-[minmax(0,2fr)_minmax(0,3fr)] md:gap-8">
      <ProductThumb
        category={product.category}
        imageUrl={product.image_url}
        className="aspect-[2/1] w-full rounded-2xl md:aspect-[4/3]"
      />
      <div className="flex min-w-0 flex-col gap-3 md:gap-4">
        {product.category && (
          <p className="w-fit rounded-full bg-stone-200/70 px-2.5 py-0.5 text-xs font-medium text-stone-700">
            {product.category}
          </p>
        )}
        <h1 className="text-2xl font-bold tracking-tight text-stone-900 sm:text-3xl">{product.name}</h1>
        <p className="text-2xl font-semibold text-stone-900">{money(product.price)}</p>
        {product.description ? (
          <p className="order-last leading-relaxed whitespace-pre-line text-stone-700 md:order-none">
            {product.description}
          </p>
        ) : (
          <p className="order-last text-stone-600 italic md:order-none">No description yet.</p>
        )}
        <div className="flex gap-2 md:mt-2">
          {button("like", "like-button", "Like", Heart)}
          {button("cart", "cart-button", "Add to cart", ShoppingBag)}
          {button("purchase", "buy-button", "Buy now", Zap, true)}
        </div>
        {liked && (
          <p id={likeHintId} data-testid="like-hint" className="-mt-1 text-xs text-stone-600">
            {LIKE_STAYS}
          </p>
        )}
        <p role="status" className="text-sm text-emerald-700">
          {message}
        </p>
        {error != null && <ErrorMessage error={error} title="That did not work" />}
        <MoreLikeThis product={product} actions={actions.count} last={actions.last} />
      </div>
    </article>
  );
}
