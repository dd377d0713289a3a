// Compiled, never run (npm test type-checks it against dist/*.d.ts, as a
// TypeScript shop would import the package): the types let the right
// calls through and stop the wrong ones. Each @ts-expect-error fails the
// build if the line after it stops being an error.

import {
  ShelfClient,
  ShelfError,
  type Interaction,
  type ListItem,
  type Placement,
  type Recommendation,
  type RefundRequest,
} from "shelf-client";

export async function storefront(publishableKey: string, shopperToken: string, signal: AbortSignal): Promise<void> {
  const shelf = new ShelfClient({ baseUrl: "https://recs.example.com", key: publishableKey, shopperToken });

  const home = await shelf.recommendations(42, { placement: "home", max_price: "19.90", exclude: [1, 2] }, signal);
  const first: Recommendation | undefined = home.items[0];
  const reason: string | undefined = first?.reason;
  const id: string = home.recommendation_id;

  // Every list's items have what a rail shows; a popular list's are either shape.
  const popular = await shelf.popular({ count: 4, session_id: "s1.x" });
  const rail: ListItem[] = popular.items;
  for (const item of popular.items) {
    const name: string = item.product_name;
    if ("popularity_score" in item) {
      const created: string = item.created_at;
    } else {
      const score: number = item.confidence_score;
    }
  }

  const session = await shelf.createSession();
  const click: Interaction = { session_id: session, product_id: 7, interaction_type: "view", recommendation_id: id };
  const recorded = await shelf.recordInteraction(click);
  const outcome: "click" | "attributed" | "expired" | undefined = recorded.recommendation;

  // @ts-expect-error an event names a customer or a guest session
  const nobody: Interaction = { product_id: 7, interaction_type: "view" };
  // @ts-expect-error "buy" is not an interaction type
  const buy: Interaction = { user_id: 42, product_id: 7, interaction_type: "buy" };
  // @ts-expect-error personal lists name their shopper in the path, not in the options
  await shelf.recommendations(42, { user_id: 43 });
  // @ts-expect-error a refund names the purchase by one of its ids
  const both: RefundRequest = { interaction_id: 1, event_id: "o-1" };
  // @ts-expect-error a pin needs its product and position
  const pin: Placement = { name: "home", strategy: "personal", rules: [{ type: "pin", factor: 2 }] };

  try {
    await shelf.product(1);
  } catch (err) {
    if (err instanceof ShelfError) {
      const status: number = err.status;
      const field: string | undefined = err.details["interaction_type"];
      const wait: number | undefined = err.retryAfter;
    }
  }
}
