// Whether a shopper has liked a product, read from their own history. shelf
// has no "unlike" event, so a like, once recorded, stays: the product page
// shows it as liked and never posts a second one.
import { buildQuery, request, type CallOptions, type Page } from "../api";

/**
 * hasLiked asks shelf whether userId has a like of productId in their
 * history. The interaction log is a secret-key read: the demo storefront may
 * make it (-demo gives every caller those rights); a shop's real storefront
 * gets 401/403 and should pass the like state from its own server instead.
 */
export async function hasLiked(userId: number, productId: number, opts?: CallOptions): Promise<boolean> {
  const page = await request<Page<unknown>>(
    `/api/interactions/${buildQuery({ user_id: userId, product_id: productId, type: "like", page_size: 1 })}`,
    {},
    opts,
  );
  return page.count > 0 || (page.results?.length ?? 0) > 0;
}
