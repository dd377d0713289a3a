import type { Category, Page, Product, ProductQuery, SearchOptions, SearchPage } from "./catalog.js";
import { errorFromAnswer } from "./error.js";
import type { Analytics, AnalyticsQuery } from "./analytics.js";
import type { Interaction, Recorded, RefundRequest, Refunded } from "./events.js";
import type { Experiment, ExperimentAction, ExperimentWithResults, NewExperiment } from "./experiments.js";
import {
  listQuery,
  withItems,
  type BoughtTogetherList,
  type ListOptions,
  type PopularList,
  type SessionList,
  type ShopperListOptions,
  type SimilarList,
  type UserList,
} from "./lists.js";
import type { Placement, SavedPlacement } from "./placements.js";
import type { ShopSettings, ShopSettingsUpdate } from "./shop.js";
import type { MergedSession, ShopperToken } from "./shoppers.js";

/** SHOPPER_HEADER is the header that carries a shopper token. */
export const SHOPPER_HEADER = "X-Shelf-Shopper";

/** ShelfClientOptions say which shelf to call and as whom. */
export interface ShelfClientOptions {
  /** shelf's address, such as `https://recs.example.com`; a trailing slash is fine. */
  baseUrl: string;
  /**
   * An API key, sent as `Authorization: Bearer KEY`: a publishable key
   * (`shelf_pk_...`) in a storefront, a secret key (`shelf_sk_...`) on the
   * shop's server. Left out, no key is sent (a `-demo` shelf needs none).
   */
  key?: string;
  /**
   * A logged-in customer's shopper token (from createShopperToken on the
   * shop's server, or signed by the shop itself), sent in `X-Shelf-Shopper`:
   * a publishable key needs it for anything that names the customer.
   */
  shopperToken?: string;
  /** The fetch to call; the global one by default (Node 20+, browsers). */
  fetch?: typeof globalThis.fetch;
}

/**
 * ShelfClient calls one shelf's REST API. Every method takes an optional
 * AbortSignal last (`AbortSignal.timeout(2000)` bounds a call's time), and
 * either resolves with shelf's answer or rejects: with a ShelfError when
 * shelf (or a proxy in front of it) answered with a status other than 2xx,
 * with the signal's reason when aborted, and with an Error naming the
 * request when the network failed or a 2xx answer was not JSON. It does not
 * retry: retry a recordInteraction with the same `event_id`, which shelf
 * records once.
 */
export class ShelfClient {
  readonly #base: string;
  readonly #key: string | undefined;
  readonly #shopperToken: string | undefined;
  readonly #fetch: typeof globalThis.fetch;

  constructor(options: ShelfClientOptions) {
    if (!options || typeof options.baseUrl !== "string" || options.baseUrl === "") {
      throw new TypeError("ShelfClient: baseUrl is required, such as https://recs.example.com");
    }
    this.#base = options.baseUrl.replace(/\/+$/, "");
    this.#key = options.key || undefined;
    this.#shopperToken = options.shopperToken || undefined;
    if (!options.fetch && typeof globalThis.fetch !== "function") {
      throw new TypeError("ShelfClient: there is no global fetch here: pass one in options.fetch");
    }
    // A bare reference to the global fetch loses its receiver in some
    // browsers ("Illegal invocation"), so it is called through a closure.
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /**
   * withShopper returns a client that acts for the customer of `token`,
   * with the same shelf, key and fetch: for a shop's server that serves
   * many customers, or a page whose customer logs in.
   */
  withShopper(token: string): ShelfClient {
    return new ShelfClient({ baseUrl: this.#base, key: this.#key, shopperToken: token, fetch: this.#fetch });
  }

  // Lists.

  /**
   * recommendations returns a customer's personalised recommendations
   * (GET /api/recommendations/{user_id}/). A publishable key needs the
   * customer's shopper token.
   */
  recommendations(userId: number, options?: ListOptions, signal?: AbortSignal): Promise<UserList> {
    return this.#list<UserList>(
      `/api/recommendations/${id(userId)}`,
      listQuery(options, true),
      "recommendations",
      signal,
    );
  }

  /**
   * sessionRecommendations returns a guest's recommendations, from the
   * events recorded under the session (trending when there are none)
   * (GET /api/recommendations/session/{session_id}/).
   */
  sessionRecommendations(sessionId: string, options?: ListOptions, signal?: AbortSignal): Promise<SessionList> {
    return this.#list<SessionList>(
      `/api/recommendations/session/${segment(sessionId)}`,
      listQuery(options, true),
      "recommendations",
      signal,
    );
  }

  /** similar returns the products like one (GET /api/products/{id}/similar/). */
  similar(productId: number, options?: ShopperListOptions, signal?: AbortSignal): Promise<SimilarList> {
    return this.#list<SimilarList>(
      `/api/products/${id(productId)}/similar`,
      listQuery(options, false),
      "similar",
      signal,
    );
  }

  /**
   * boughtTogether returns the products often carted or bought with one
   * (GET /api/products/{id}/bought-together/).
   */
  boughtTogether(productId: number, options?: ShopperListOptions, signal?: AbortSignal): Promise<BoughtTogetherList> {
    return this.#list<BoughtTogetherList>(
      `/api/products/${id(productId)}/bought-together`,
      listQuery(options, false),
      "products",
      signal,
    );
  }

  /** popular returns the trending products (GET /api/popular/). */
  popular(options?: ShopperListOptions, signal?: AbortSignal): Promise<PopularList> {
    return this.#list<PopularList>("/api/popular", listQuery(options, false), "products", signal);
  }

  // The catalog.

  /** products returns a page of the catalog (GET /api/products/). */
  products(query?: ProductQuery, signal?: AbortSignal): Promise<Page<Product>> {
    return this.#get("/api/products", params(query), signal);
  }

  /** product returns one product (GET /api/products/{id}/); a 404 ShelfError when there is none. */
  product(productId: number, signal?: AbortSignal): Promise<Product> {
    return this.#get(`/api/products/${id(productId)}`, undefined, signal);
  }

  /**
   * search finds products by text, optionally ranked with a customer's
   * taste too (GET /api/search/).
   */
  search(q: string, options?: SearchOptions, signal?: AbortSignal): Promise<SearchPage> {
    return this.#get("/api/search", params({ q, ...options }), signal);
  }

  /** categories returns the categories with their product counts (GET /api/categories/). */
  async categories(signal?: AbortSignal): Promise<Category[]> {
    const body = await this.#get<{ categories: Category[] }>("/api/categories", undefined, signal);
    return body.categories;
  }

  // Shoppers and guests.

  /**
   * createSession returns a new signed guest session id
   * (POST /api/sessions). Keep it in the shop's own storage and send it as
   * `session_id` with the guest's events and lists.
   */
  async createSession(signal?: AbortSignal): Promise<string> {
    const body = await this.#call<{ session_id: string }>("POST", "/api/sessions", undefined, undefined, signal);
    return body.session_id;
  }

  /**
   * mergeSession makes a guest session's events, and its clicks on lists,
   * the customer's when the guest logs in
   * (POST /api/sessions/{session_id}/merge). A publishable key needs the
   * customer's shopper token.
   */
  mergeSession(sessionId: string, userId: number, signal?: AbortSignal): Promise<MergedSession> {
    return this.#call("POST", `/api/sessions/${segment(sessionId)}/merge`, undefined, { user_id: userId }, signal);
  }

  /**
   * createShopperToken returns a token for a logged-in customer, valid for
   * ttlSeconds (60 to 86400; shelf's default is an hour), to hand to the
   * customer's pages (POST /api/shopper-tokens, secret key).
   */
  createShopperToken(userId: number, ttlSeconds?: number, signal?: AbortSignal): Promise<ShopperToken> {
    const body = ttlSeconds === undefined ? { user_id: userId } : { user_id: userId, ttl_seconds: ttlSeconds };
    return this.#call("POST", "/api/shopper-tokens", undefined, body, signal);
  }

  // Events.

  /**
   * recordInteraction records one event (POST /api/interaction/). A click
   * on a list's item is a `view` with the list's `recommendation_id`; give
   * purchases an `event_id`, so that a retry is recorded once. A
   * publishable key needs the customer's shopper token for a `user_id` and
   * a session id shelf issued for a `session_id`.
   */
  recordInteraction(event: Interaction, signal?: AbortSignal): Promise<Recorded> {
    return this.#call("POST", "/api/interaction", undefined, event, signal);
  }

  /**
   * refund marks a purchase refunded or cancelled, by its interaction id or
   * its event id: its value leaves the revenue figures (POST /api/refunds,
   * secret key). A second refund is a 409, an unknown purchase a 404.
   */
  refund(request: RefundRequest, signal?: AbortSignal): Promise<Refunded> {
    return this.#call("POST", "/api/refunds", undefined, request, signal);
  }

  // The shop and its analytics.

  /** shopSettings returns the shop's settings (GET /api/shop). */
  shopSettings(signal?: AbortSignal): Promise<ShopSettings> {
    return this.#get("/api/shop", undefined, signal);
  }

  /**
   * updateShopSettings changes the settings it is given and returns them
   * all (PUT /api/shop, secret key).
   */
  updateShopSettings(update: ShopSettingsUpdate, signal?: AbortSignal): Promise<ShopSettings> {
    return this.#call("PUT", "/api/shop", undefined, update, signal);
  }

  /**
   * analytics returns what the lists led to, per day, per kind of list and
   * in total (GET /api/analytics, secret key).
   */
  analytics(query?: AnalyticsQuery, signal?: AbortSignal): Promise<Analytics> {
    return this.#get("/api/analytics", params(query), signal);
  }

  // Experiments.

  /** createExperiment creates an experiment in draft (POST /api/experiments, secret key). */
  createExperiment(experiment: NewExperiment, signal?: AbortSignal): Promise<Experiment> {
    return this.#call("POST", "/api/experiments", undefined, experiment, signal);
  }

  /** experiments lists the experiments (GET /api/experiments, secret key). */
  async experiments(signal?: AbortSignal): Promise<Experiment[]> {
    const body = await this.#get<{ experiments: Experiment[] }>("/api/experiments", undefined, signal);
    return body.experiments;
  }

  /** experiment returns an experiment with its results (GET /api/experiments/{id}, secret key). */
  experiment(experimentId: number, signal?: AbortSignal): Promise<ExperimentWithResults> {
    return this.#get(`/api/experiments/${id(experimentId)}`, undefined, signal);
  }

  /**
   * updateExperiment starts, stops or ships an experiment; `variant` names
   * the variant to ship (PATCH /api/experiments/{id}, secret key). One
   * experiment may run on a placement at a time: starting a second is a 409.
   */
  updateExperiment(
    experimentId: number,
    action: ExperimentAction,
    variant?: string,
    signal?: AbortSignal,
  ): Promise<Experiment> {
    const body = variant === undefined ? { action } : { action, variant };
    return this.#call("PATCH", `/api/experiments/${id(experimentId)}`, undefined, body, signal);
  }

  /** deleteExperiment deletes an experiment (DELETE /api/experiments/{id}, secret key). */
  async deleteExperiment(experimentId: number, signal?: AbortSignal): Promise<void> {
    await this.#call("DELETE", `/api/experiments/${id(experimentId)}`, undefined, undefined, signal);
  }

  // Placements.

  /** placements lists the shop's placements (GET /api/placements/, secret key). */
  async placements(signal?: AbortSignal): Promise<SavedPlacement[]> {
    const body = await this.#get<{ placements: SavedPlacement[] }>("/api/placements", undefined, signal);
    return body.placements;
  }

  /** placement returns one placement (GET /api/placements/{name}/, secret key). */
  placement(name: string, signal?: AbortSignal): Promise<SavedPlacement> {
    return this.#get(`/api/placements/${segment(name)}`, undefined, signal);
  }

  /**
   * putPlacement creates or replaces the placement called `placement.name`
   * and returns it as saved (PUT /api/placements/{name}/, secret key).
   */
  putPlacement(placement: Placement, signal?: AbortSignal): Promise<SavedPlacement> {
    return this.#call("PUT", `/api/placements/${segment(placement.name)}`, undefined, placement, signal);
  }

  /** deletePlacement deletes a placement (DELETE /api/placements/{name}/, secret key). */
  async deletePlacement(name: string, signal?: AbortSignal): Promise<void> {
    await this.#call("DELETE", `/api/placements/${segment(name)}`, undefined, undefined, signal);
  }

  // The plumbing.

  async #list<L extends UserList | SessionList | SimilarList | BoughtTogetherList | PopularList>(
    path: string,
    query: URLSearchParams,
    key: "recommendations" | "similar" | "products",
    signal: AbortSignal | undefined,
  ): Promise<L> {
    return withItems<L>(await this.#get<Omit<L, "items">>(path, query, signal), key);
  }

  #get<T>(path: string, query: URLSearchParams | undefined, signal: AbortSignal | undefined): Promise<T> {
    return this.#call<T>("GET", path, query, undefined, signal);
  }

  /**
   * #call sends one request and returns the decoded 2xx answer (undefined
   * for an empty one); any other status is a ShelfError.
   */
  async #call<T>(
    method: string,
    path: string,
    query: URLSearchParams | undefined,
    body: unknown,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const qs = query?.toString() ?? "";
    const url = this.#base + path + (qs ? "?" + qs : "");
    const request = `${method} ${path}`;
    const headers: Record<string, string> = { Accept: "application/json" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    if (this.#key) {
      headers["Authorization"] = "Bearer " + this.#key;
    }
    if (this.#shopperToken) {
      headers[SHOPPER_HEADER] = this.#shopperToken;
    }
    const init: RequestInit = { method, headers };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
    }
    if (signal) {
      init.signal = signal;
    }
    let res: Response;
    let text: string;
    try {
      res = await this.#fetch(url, init);
      text = await res.text();
    } catch (err) {
      throw networkError(request, url, err, signal);
    }
    if (!res.ok) {
      throw errorFromAnswer(request, res, text);
    }
    if (text === "") {
      return undefined as T;
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      const type = res.headers.get("Content-Type") || "no content type";
      throw new Error(
        `shelf: ${request} answered ${res.status} with a body that is not JSON (${type}, ${text.length} bytes)`,
      );
    }
  }
}

/**
 * networkError is what a failed fetch rejects with: an abort as it is (so
 * that `err.name === "AbortError"` still tells it), anything else as an
 * Error that names the request, with the original as its cause.
 */
function networkError(request: string, url: string, err: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted || (err instanceof Error && (err.name === "AbortError" || err.name === "TimeoutError"))) {
    return err;
  }
  const reason = err instanceof Error ? err.message : String(err);
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : "";
  return new Error(`shelf: ${request} (${url}): ${reason}${cause}`, { cause: err });
}

/** id writes an id for a path. */
function id(n: number): string {
  return String(n);
}

/** segment escapes a name or session id for a path. */
function segment(s: string): string {
  return encodeURIComponent(s);
}

/** params encodes a query object, leaving out what is absent or empty. */
function params(o: object | undefined): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(o ?? {})) {
    if (v !== undefined && v !== null && v !== "") {
      q.set(k, String(v));
    }
  }
  return q;
}
