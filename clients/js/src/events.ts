import type { Price, PriceInput } from "./catalog.js";

/** InteractionType is what a shopper did with a product, in funnel order. */
export type InteractionType = "view" | "like" | "cart" | "purchase";

/** InteractionFields are the fields of an event other than who did it. */
export interface InteractionFields {
  product_id: number;
  interaction_type: InteractionType;
  /** An optional rating, 0 to 5. */
  rating?: number;
  /** When it happened (RFC 3339, or a Date); now when left out. */
  timestamp?: string | Date;
  /**
   * The `recommendation_id` of the list the product was clicked in, sent
   * with the `view` of the click: the cart and purchase of that product that
   * follow are then credited to the list.
   */
  recommendation_id?: string;
  /**
   * The amount of a cart or purchase line; the product's price now when
   * left out.
   */
  value?: PriceInput;
  /**
   * The shop's own id of the event (at most 100 printable characters): a
   * retry with the same id is recorded once and answers `duplicate: true`.
   */
  event_id?: string;
}

/**
 * Interaction is one event to record: a customer's (`user_id`, with their
 * guest `session_id` optionally) or a guest's (`session_id` only).
 */
export type Interaction = InteractionFields &
  ({ user_id: number; session_id?: string } | { user_id?: undefined; session_id: string });

/** Recorded is shelf's answer to POST /api/interaction/. */
export interface Recorded {
  message: string;
  /**
   * The interaction's id (the first one's, for a duplicate); absent when
   * `recorded` is false.
   */
  id?: number;
  /**
   * What shelf made of the event for attribution: `click` (a view with a
   * recommendation id of this shopper's), `attributed` (a cart or purchase
   * credited to a list clicked before), `expired` (a recommendation id older
   * than the attribution window); absent when there was nothing to credit.
   */
  recommendation?: "click" | "attributed" | "expired";
  /** true when the `event_id` was recorded before; nothing new was. */
  duplicate?: boolean;
  /**
   * false when shelf did not record the event because the user agent is a
   * known bot's (status 202).
   */
  recorded?: false;
}

/** RefundRequest names a purchase by its interaction id or by its event id. */
export type RefundRequest =
  { interaction_id: number; event_id?: undefined } | { event_id: string; interaction_id?: undefined };

/** Refunded is shelf's answer to POST /api/refunds. */
export interface Refunded {
  /** The purchase's interaction id. */
  id: number;
  refunded: true;
  /** The amount taken out of the revenue figures. */
  value: Price;
}
