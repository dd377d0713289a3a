/** ShopperToken lets a publishable key act for one logged-in customer. */
export interface ShopperToken {
  /** The token, to send in `X-Shelf-Shopper` (ShelfClient's `shopperToken`). */
  token: string;
  user_id: number;
  /** When it stops working, an RFC 3339 time. */
  expires_at: string;
  /** The header to send it in: `X-Shelf-Shopper`. */
  header: string;
}

/** MergedSession is shelf's answer to a guest session's merge into a customer. */
export interface MergedSession {
  session_id: string;
  user_id: number;
  /** How many of the session's events became the customer's. */
  merged: number;
}
