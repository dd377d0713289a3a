/**
 * shelf-client is a typed client of shelf's REST API for browsers and
 * Node 20+: recommendations of every kind, the catalog and search, guest
 * sessions and shopper tokens, events with attribution, refunds, shop
 * settings, analytics, experiments and placements. It uses the global fetch
 * and has no runtime dependencies.
 *
 * Its types mirror shelf's JSON field for field, with the API's snake_case
 * names; the one addition is `items`, a list's items under the same name on
 * every list endpoint.
 *
 * @example
 * ```ts
 * import { ShelfClient } from "shelf-client";
 * const shelf = new ShelfClient({ baseUrl: "https://recs.example.com", key: "shelf_pk_..." });
 * const session = await shelf.createSession();
 * const list = await shelf.sessionRecommendations(session, { placement: "home" });
 * ```
 *
 * @module
 */
export { ShelfClient, SHOPPER_HEADER, type ShelfClientOptions } from "./client.js";
export { ShelfError } from "./error.js";
export type * from "./analytics.js";
export type * from "./catalog.js";
export type * from "./events.js";
export type * from "./experiments.js";
export type * from "./placements.js";
export type * from "./shop.js";
export type * from "./shoppers.js";
export type {
  AppliedRule,
  Because,
  BoughtTogetherList,
  ListAnswer,
  ListItem,
  ListOptions,
  PopularItem,
  PopularList,
  PopularProduct,
  Recommendation,
  SessionList,
  ShopperListOptions,
  SimilarList,
  UserList,
} from "./lists.js";
