import type { Price, PriceInput, Product } from "./catalog.js";
import type { InteractionType } from "./events.js";

/**
 * ListOptions are the parameters every list endpoint takes, named as the
 * query parameters are. Leaving them all out asks for shelf's defaults: 10
 * items, page 1, no filters, no placement.
 */
export interface ListOptions {
  /** How many items, 1 to 100 (default 10, or the placement's). */
  count?: number;
  /**
   * Page N of `count` items of one ranking, from 1, so that pages never
   * repeat each other (page times count at most 500).
   */
  page?: number;
  /** The placement that shapes the list (GET/PUT /api/placements/{name}). */
  placement?: string;
  /** Keep only products of this category. */
  category?: string;
  /** Keep only products of this brand. */
  brand?: string;
  /** Keep only products with this tag (any case). */
  tag?: string;
  /** Keep only products at this price or above. */
  min_price?: PriceInput;
  /** Keep only products at this price or below. */
  max_price?: PriceInput;
  /** Leave these products out (at most 500): what the page already shows. */
  exclude?: readonly number[];
  /**
   * Leave out what this shopper was shown in the last 30 minutes. The
   * personal lists know their shopper; popular, similar and bought-together
   * need `user_id` or `session_id`.
   */
  exclude_shown?: boolean;
}

/**
 * ShopperListOptions are the options of the lists that are not personal
 * (popular, similar, bought together), which may say who they are for: for
 * `exclude_shown`, and for the variant of an experiment on the placement.
 * Like any shopper's data, these are bound to the caller: a publishable key
 * needs the customer's shopper token for `user_id` and a session shelf
 * issued for `session_id`.
 */
export interface ShopperListOptions extends ListOptions {
  user_id?: number;
  session_id?: string;
}

/** ListItem is what every item of every list has. */
export interface ListItem {
  product_id: number;
  /** The item's place in the ranking, from 1, counted across pages. */
  position: number;
  product_name: string;
  category: string;
  price: Price;
  image_url?: string;
  url?: string;
  brand?: string;
}

/** Recommendation is an item of a list in shelf's recommendation shape. */
export interface Recommendation extends ListItem {
  /** The blended score, 0 to 1. */
  confidence_score: number;
  /** The collaborative-filtering model's score (0 when it did not score). */
  cf_score: number;
  /** The matrix-factorisation model's score (0 when it did not score). */
  mf_score: number;
  /** Every model's score, by model name (cf, mf, ease, knn, bpr, content, popularity, ...). */
  scores: Record<string, number>;
  /** Why the item is there, in words ("Because you viewed ...", "Featured by the shop"). */
  reason: string;
  /** The shopper's own interaction the reason refers to. */
  because?: Because;
  /** The placement's rules that moved the item. */
  rules?: AppliedRule[];
}

/** Because is the shopper's interaction that a reason refers to. */
export interface Because {
  product_id: number;
  product_name: string;
  /** What the shopper did, when shelf says. */
  interaction_type?: InteractionType;
}

/** AppliedRule is a placement's rule that moved an item: its index and type. */
export interface AppliedRule {
  rule: number;
  type: "pin" | "boost" | "bury" | "exclude";
}

/**
 * PopularProduct is an item of the popular list when no placement shapes
 * it: a whole product with its position and popularity.
 */
export interface PopularProduct extends Product {
  position: number;
  popularity_score: number;
}

/**
 * PopularItem is a PopularProduct with the item fields every list has
 * (`product_id`, `product_name`), so that a rail renders it as any other
 * item.
 */
export type PopularItem = PopularProduct & ListItem;

/** ListAnswer is what every list answer carries besides its items. */
export interface ListAnswer<Item extends ListItem> {
  /**
   * The list's id. Send it back as `recommendation_id` with the view of a
   * click on one of its items, so that what follows is credited to it.
   */
  recommendation_id: string;
  /** How many items this page has. */
  count: number;
  /** The page number; shelf sends it after the first page only. */
  page?: number;
  /** The placement that shaped the list, when one did. */
  placement?: string;
  /** The experiment running on the placement, when the shopper is in one. */
  experiment?: number;
  /** The variant of that experiment the shopper got. */
  variant?: string;
  /**
   * The list's items in order. shelf sends them under a key of each
   * endpoint's own (`recommendations`, `similar` or `products`), which the
   * answer keeps too; `items` is added by this client: the same items under
   * one name on every list (a popular list's products with `product_id` and
   * `product_name` added).
   */
  items: Item[];
}

/** UserList is GET /api/recommendations/{user_id}/. */
export interface UserList extends ListAnswer<Recommendation> {
  user_id: number;
  recommendations: Recommendation[];
}

/** SessionList is GET /api/recommendations/session/{session_id}/. */
export interface SessionList extends ListAnswer<Recommendation> {
  session_id: string;
  recommendations: Recommendation[];
}

/** SimilarList is GET /api/products/{id}/similar/. */
export interface SimilarList extends ListAnswer<Recommendation> {
  product_id: number;
  similar: Recommendation[];
}

/** BoughtTogetherList is GET /api/products/{id}/bought-together/. */
export interface BoughtTogetherList extends ListAnswer<Recommendation> {
  product_id: number;
  products: Recommendation[];
}

/**
 * PopularList is GET /api/popular/. Its items are products
 * (PopularProduct) without a placement and recommendations with one; both
 * have the ListItem fields, and `"popularity_score" in item` tells them
 * apart.
 */
export interface PopularList extends ListAnswer<Recommendation | PopularItem> {
  products: Recommendation[] | PopularProduct[];
}

/**
 * listQuery encodes list options as query parameters; a personal list
 * names its shopper in the path, so its query leaves out who it is for.
 */
export function listQuery(o: ShopperListOptions | undefined, personal: boolean): URLSearchParams {
  const q = new URLSearchParams();
  if (!o) {
    return q;
  }
  const keys = ["count", "page", "placement", "category", "brand", "tag", "min_price", "max_price"] as const;
  for (const k of personal ? keys : ([...keys, "user_id", "session_id"] as const)) {
    const v = o[k];
    if (v !== undefined && v !== null && v !== "") {
      q.set(k, String(v));
    }
  }
  if (o.exclude && o.exclude.length > 0) {
    q.set("exclude", o.exclude.join(","));
  }
  if (o.exclude_shown) {
    q.set("exclude_shown", "true");
  }
  return q;
}

/** withItems adds `items` to a list answer, from the endpoint's key. */
export function withItems<L extends ListAnswer<ListItem>>(
  body: Omit<L, "items">,
  key: "recommendations" | "similar" | "products",
): L {
  const raw = (body as Record<string, unknown>)[key];
  const items = Array.isArray(raw) ? raw.map(asItem) : [];
  return { ...body, items } as L;
}

/**
 * asItem gives a popular product the item fields; a recommendation is
 * already an item.
 */
function asItem(v: unknown): unknown {
  const o = v as Partial<PopularProduct> & Partial<ListItem>;
  if (o.product_id === undefined && o.id !== undefined) {
    return { ...o, product_id: o.id, product_name: o.name };
  }
  return v;
}
