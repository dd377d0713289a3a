// Whether a shopper has liked a product, read from their own history. shelf
// has no "unlike" event, so a like, once recorded, stays: the product page
// shows it as liked and never posts a second one.
import { buildQuery, request, type CallOptions, type Page } from "../api";
import { shopperToken } from "./identity";

/**
 * hasLiked asks shelf whether userId has a like of productId in their
 * history. GET /api/users/:id/interactions is a shop-level read: with the
 * storefront's publishable key it needs the shopper's token (the
 * X-Shelf-Shopper header), which binds it to that shopper alone; a token for
 * another shopper is a 403.
 */
export async function hasLiked(userId: number, productId: number, opts: CallOptions = {}): Promise<boolean> {
  const tok = opts.shopperToken ?? (await shopperToken(userId));
  const page = await request<Page<unknown>>(
    `/api/users/${userId}/interactions/${buildQuery({ product_id: productId, type: "like", page_size: 1 })}`,
    {},
    { ...opts, shopperToken: tok },
  );
  return page.count > 0 || (page.results?.length ?? 0) > 0;
}
