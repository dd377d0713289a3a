import type { PopularProduct, Recommendation } from "../api";

/** RailItem is one product of the rail: a recommendation or a trending product. */
export interface RailItem {
  id: number;
  name: string;
  category: string;
  price: number;
  imageUrl?: string;
  rec?: Recommendation;
}

/** fromRecommendations turns recommendations into rail items. */
export function fromRecommendations(recs: Recommendation[]): RailItem[] {
  return recs.map((r) => ({
    id: r.product_id,
    name: r.product_name,
    category: r.category,
    price: r.price,
    imageUrl: r.image_url,
    rec: r,
  }));
}

/** fromPopular turns popular products into rail items. */
export function fromPopular(products: PopularProduct[]): RailItem[] {
  return products.map((p) => ({ id: p.id, name: p.name, category: p.category, price: p.price, imageUrl: p.image_url }));
}

/** newIds returns the ids in next that were not in prev; nothing is new on a first load (prev null). */
export function newIds(prev: number[] | null, next: number[]): Set<number> {
  if (prev === null) return new Set();
  const old = new Set(prev);
  return new Set(next.filter((id) => !old.has(id)));
}

/**
 * movedUp returns the ids of next that were in prev at a later place: what an
 * action lifted. A like often reorders the strip without bringing anything
 * new, and that is what changed.
 */
export function movedUp(prev: number[] | null, next: number[]): Set<number> {
  if (prev === null) return new Set();
  const was = new Map(prev.map((id, i) => [id, i]));
  return new Set(next.filter((id, i) => (was.get(id) ?? -1) > i));
}
