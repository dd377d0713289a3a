// The product page's "More like this" strip: what the recommender places for
// this shopper, anchored to this product. shelf's item-to-item list (similar
// to this product) gives the anchor; the shopper's own recommendations (their
// user list, or a guest session's) give the order and move after every like,
// cart and purchase.
import type { Recommendation, RelatedProduct } from "../api";

/** StripItem is one product of the strip and what placed it there. */
export interface StripItem {
  id: number;
  name: string;
  category: string;
  price: number;
  imageUrl?: string;
  /** reason names what placed the item: both lists, the shopper's taste in this category, or similarity alone. */
  reason: string;
  /** from is the list that supplied it, whose recommendation_id a click sends back. */
  from: "similar" | "personal";
}

/**
 * blendStrip picks n items: first the products similar to the anchor that the
 * shopper's recommendations also hold (in the shopper's order), then the
 * shopper's recommendations in the anchor's category, then the rest of the
 * similar products. The anchor itself is never shown.
 */
export function blendStrip(
  anchor: { id: number; category: string },
  similar: RelatedProduct[],
  personal: Recommendation[],
  n: number,
): StripItem[] {
  const out: StripItem[] = [];
  const taken = new Set([anchor.id]);
  const add = (item: StripItem) => {
    if (out.length < n && !taken.has(item.id)) {
      taken.add(item.id);
      out.push(item);
    }
  };
  const like = new Set(similar.map((p) => p.id));
  const fromRec = (r: Recommendation, reason: string): StripItem => ({
    id: r.product_id,
    name: r.product_name,
    category: r.category,
    price: r.price,
    imageUrl: r.image_url,
    reason,
    from: "personal",
  });
  for (const r of personal) if (like.has(r.product_id)) add(fromRec(r, "Like this, and picked for you"));
  for (const r of personal)
    if (anchor.category && r.category === anchor.category) add(fromRec(r, `Picked for you in ${r.category}`));
  for (const p of similar)
    add({
      id: p.id,
      name: p.name,
      category: p.category,
      price: p.price,
      imageUrl: p.image_url,
      reason: "Similar to this",
      from: "similar",
    });
  return out;
}

/** stripStatus says what an action changed in the strip, in words. */
export function stripStatus(action: string, fresh: number, lifted: number): string {
  const parts = [];
  if (fresh > 0) parts.push(`${fresh} new`);
  if (lifted > 0) parts.push(`${lifted} moved up`);
  return parts.length > 0
    ? `Updated after your ${action}: ${parts.join(", ")}`
    : `Updated after your ${action}: the same picks`;
}
