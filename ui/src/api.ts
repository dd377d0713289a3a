// The typed client for shelf's JSON API. Every call goes through request(),
// which turns any failure (HTTP error, network error, non-JSON body) into an
// ApiError carrying the status, the API's readable message and its per-field
// details, so components can show exactly what the server said.

/** A catalog item, as the API returns it. Prices are numbers with two decimals. */
export interface Product {
  id: number;
  name: string;
  description: string;
  category: string;
  price: number;
  created_at: string;
  /** image_url is the product's picture, when the shop gave one. */
  image_url?: string;
  url?: string;
  brand?: string;
  tags?: string[];
  /** stock is absent when the shop does not track it. */
  stock?: number;
  /** active is false for a product hidden from shoppers (absent means true). */
  active?: boolean;
  attributes?: Record<string, string>;
}

/** A product ranked by popularity. */
export interface PopularProduct extends Product {
  popularity_score?: number;
}

/** A product found by search, ranked with the shopper's taste. */
export interface SearchProduct extends Product {
  personalization_score?: number;
}

/** One recommended product with the scores that put it there. */
export interface Recommendation {
  product_id: number;
  product_name: string;
  category: string;
  price: number;
  image_url?: string;
  brand?: string;
  confidence_score: number;
  cf_score?: number;
  mf_score?: number;
  scores?: Record<string, number>;
  reason?: string;
  /** because names the shopper's own interaction that the reason refers to. */
  because?: Because;
}

/** Because is the interaction behind a recommendation's reason. */
export interface Because {
  product_id: number;
  product_name: string;
  interaction_type: InteractionType;
}

/** A shopper account. */
export interface User {
  id: number;
  username: string;
  email: string;
  date_joined: string;
}

/** A category with the number of products in it. */
export interface Category {
  name: string;
  product_count: number;
}

/** One page of a paginated list. */
export interface Page<T> {
  results: T[];
  count: number;
  next: string | null;
  previous: string | null;
}

/** The answer of the recommendations endpoints. */
export interface RecommendationList {
  user_id?: number;
  session_id?: string;
  recommendations: Recommendation[];
  count: number;
  /** recommendation_id names this list; a click on one of its items sends it back with the view. */
  recommendation_id?: string;
}

/** The four things a shopper can do with a product, in funnel order. */
export type InteractionType = "view" | "like" | "cart" | "purchase";

/** The body of POST /api/interaction/. Guests give session_id and no user_id. */
export interface InteractionInput {
  user_id?: number;
  product_id: number;
  interaction_type: InteractionType;
  session_id?: string;
  /** recommendation_id, on a view, is the list the shopper clicked the product in. */
  recommendation_id?: string;
}

/** The answer of POST /api/interaction/; recommendation says what became of a recommendation_id sent. */
export interface InteractionRecorded {
  message: string;
  id: number;
  recommendation?: "click" | "attributed" | "expired";
  duplicate?: boolean;
}

/** The sort orders the product list accepts. */
export type ProductSort = "newest" | "price" | "-price" | "popular";

/** Filters and paging of the product list. */
export interface ProductQuery {
  category?: string;
  min_price?: string;
  max_price?: string;
  sort?: ProductSort;
  page?: number;
  page_size?: number;
}

/** The shop's settings: GET /api/shop (shop key) and PUT /api/shop (private). */
export interface ShopSettings {
  /** time_zone is an IANA zone ("Europe/Berlin"); analytics count days in it. */
  time_zone: string;
  /** currency is an ISO 4217 code ("EUR"); every price and revenue is in it. */
  currency: string;
  /** attribution_window_days: a purchase this long after a click on a list is credited to the list. */
  attribution_window_days: number;
}

/** ApiError is any failed call: status 0 means the server was not reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly details: Record<string, string>;

  constructor(status: number, message: string, details: Record<string, string> = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.details = details;
  }

  /** isNotFound tells the 404s that some sections hide silently. */
  get isNotFound(): boolean {
    return this.status === 404;
  }
}

/** Fetcher is the fetch function the client uses; tests pass a stub. */
export type Fetcher = (input: string, init?: RequestInit) => Promise<Response>;

/** Options shared by every call. */
export interface CallOptions {
  signal?: AbortSignal;
  fetcher?: Fetcher;
  /** shopperToken binds a call that names a shopper to that shopper (the X-Shelf-Shopper header). */
  shopperToken?: string;
}

/** The header that carries a shopper token. */
export const SHOPPER_HEADER = "X-Shelf-Shopper";

type Params = Record<string, string | number | undefined | null>;

/** buildQuery drops empty values so URLs stay short and readable. */
export function buildQuery(params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "") continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

function asDetails(v: unknown): Record<string, string> {
  if (!v || typeof v !== "object" || Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    out[k] = typeof val === "string" ? val : JSON.stringify(val);
  }
  return out;
}

function statusMessage(status: number): string {
  if (status === 404) return "Not found.";
  if (status === 429) return "Too many requests: please wait a moment and try again.";
  if (status >= 500) return "The server had a problem. Please try again.";
  return `The request failed (HTTP ${status}).`;
}

/** request performs one call and returns the parsed JSON body, or throws ApiError. */
export async function request<T>(path: string, init: RequestInit = {}, opts: CallOptions = {}): Promise<T> {
  const fetcher = opts.fetcher ?? ((input: string, i?: RequestInit) => fetch(input, i));
  let res: Response;
  try {
    res = await fetcher(path, {
      ...init,
      signal: opts.signal,
      headers: {
        Accept: "application/json",
        ...(init.body ? { "Content-Type": "application/json" } : {}),
        ...(opts.shopperToken ? { [SHOPPER_HEADER]: opts.shopperToken } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  } catch (err) {
    // An abort is not a failure to report: let callers recognise and ignore it.
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, "Could not reach the shop's server. Check your connection and try again.");
  }
  const text = await res.text().catch(() => "");
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!res.ok) {
    const b = (body ?? {}) as { error?: unknown; details?: unknown };
    const message = typeof b.error === "string" && b.error ? b.error : statusMessage(res.status);
    throw new ApiError(res.status, message, asDetails(b.details));
  }
  // 204 No Content (a logout, a revoked key) is a success with nothing to parse.
  if (res.status === 204) return undefined as T;
  if (body === undefined) {
    throw new ApiError(res.status, "The server sent an answer that is not JSON.");
  }
  return body as T;
}

/** isAbort tells an aborted call, which is never shown to the user. */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === "AbortError";
}

/** listProducts returns one page of the catalog. */
export function listProducts(q: ProductQuery, opts?: CallOptions): Promise<Page<Product>> {
  return request(`/api/products/${buildQuery({ ...q })}`, {}, opts);
}

/** getProduct returns one product. */
export function getProduct(id: number, opts?: CallOptions): Promise<Product> {
  return request(`/api/products/${id}/`, {}, opts);
}

/** listCategories returns every category with its product count. */
export function listCategories(opts?: CallOptions): Promise<{ categories: Category[]; count: number }> {
  return request(`/api/categories/`, {}, opts);
}

/** popular returns the most popular products, optionally of one category. */
export function popular(
  count: number,
  category?: string,
  opts?: CallOptions,
  exclude: number[] = [],
): Promise<{ products: PopularProduct[]; count: number; recommendation_id?: string }> {
  return request(`/api/popular/${buildQuery({ count, category, exclude: exclude.join(",") })}`, {}, opts);
}

/** userRecommendations returns a user's recommendations (404 if the user does not exist). */
export function userRecommendations(
  userId: number,
  count: number,
  opts?: CallOptions,
  exclude: number[] = [],
): Promise<RecommendationList> {
  return request(`/api/recommendations/${userId}/${buildQuery({ count, exclude: exclude.join(",") })}`, {}, opts);
}

/** sessionRecommendations returns a guest session's recommendations (404 if it has none). */
export function sessionRecommendations(
  sessionId: string,
  count: number,
  opts?: CallOptions,
  exclude: number[] = [],
): Promise<RecommendationList> {
  const q = buildQuery({ count, exclude: exclude.join(",") });
  return request(`/api/recommendations/session/${encodeURIComponent(sessionId)}/${q}`, {}, opts);
}

/** recordInteraction records a view, like, cart or purchase. */
export function recordInteraction(input: InteractionInput, opts?: CallOptions): Promise<InteractionRecorded> {
  return request(`/api/interaction/`, { method: "POST", body: JSON.stringify(input) }, opts);
}

/** The orders a search accepts; relevance is the default. */
export type SearchSort = "relevance" | "price_asc" | "price_desc" | "newest";

/** The filters of a search, as GET /api/search takes them. */
export interface SearchFilterQuery {
  category?: string;
  min_price?: string;
  max_price?: string;
  sort?: SearchSort;
}

/** One query word and the indexed words it matched; correction when it matched by typo only. */
export interface SearchTerm {
  word: string;
  matches: string[];
  correction?: string;
}

/** The answer of GET /api/search. */
export interface SearchAnswer {
  products: SearchProduct[];
  count: number;
  next: string | null;
  previous?: string | null;
  terms?: SearchTerm[];
  /** corrected is the query with its typo-corrected words replaced, when there were any. */
  corrected?: string;
}

/** search finds products by text, ranked for the user when one is given, filtered and sorted as asked. */
export function search(
  q: string,
  userId: number | null,
  page: number,
  pageSize: number,
  opts?: CallOptions,
  filters: SearchFilterQuery = {},
): Promise<SearchAnswer> {
  return request(`/api/search/${buildQuery({ q, user_id: userId, ...filters, page, page_size: pageSize })}`, {}, opts);
}

/** A shopper token, as POST /api/shopper-tokens issues it. */
export interface ShopperToken {
  token: string;
  user_id: number;
  expires_at: string;
}

/**
 * createShopperToken asks shelf for a shopper token. A shop's own server does
 * this with its secret key; the demo storefront may, because -demo gives every
 * caller a secret key's rights.
 */
export function createShopperToken(userId: number, opts?: CallOptions): Promise<ShopperToken> {
  return request(`/api/shopper-tokens/`, { method: "POST", body: JSON.stringify({ user_id: userId }) }, opts);
}

/** createSession asks shelf for a new signed guest session id. */
export function createSession(opts?: CallOptions): Promise<{ session_id: string }> {
  return request(`/api/sessions/`, { method: "POST" }, opts);
}

/** listUsers returns users whose name starts with q. */
export function listUsers(q: string, page: number, pageSize: number, opts?: CallOptions): Promise<Page<User>> {
  return request(`/api/users/${buildQuery({ q, page, page_size: pageSize })}`, {}, opts);
}

/** A product in a "similar" or "bought together" list. */
export type RelatedProduct = Product & { score?: number };

/** A "similar" or "bought together" list, with the id a click on one of its products sends back. */
export interface RelatedList {
  products: RelatedProduct[];
  recommendation_id?: string;
}

// Accept the list under any of the names the other endpoints use, so either
// shape works.
function relatedList(body: unknown): RelatedList {
  const b = (body ?? {}) as Record<string, unknown>;
  const list = b.products ?? b.results ?? b.recommendations ?? b.similar ?? [];
  const recommendation_id =
    typeof b.recommendation_id === "string" && b.recommendation_id ? b.recommendation_id : undefined;
  if (!Array.isArray(list)) return { products: [], recommendation_id };
  const products = list.map((raw: Record<string, unknown>) => ({
    id: Number(raw.id ?? raw.product_id),
    name: String(raw.name ?? raw.product_name ?? ""),
    description: String(raw.description ?? ""),
    category: String(raw.category ?? ""),
    price: Number(raw.price ?? 0),
    created_at: String(raw.created_at ?? ""),
    image_url: typeof raw.image_url === "string" ? raw.image_url : undefined,
  }));
  return { products, recommendation_id };
}

/** similarProducts returns products like the given one, leaving out exclude (what the page shows already). */
export async function similarProducts(
  id: number,
  count: number,
  opts?: CallOptions,
  exclude: number[] = [],
): Promise<RelatedList> {
  const q = buildQuery({ count, exclude: exclude.join(",") });
  return relatedList(await request(`/api/products/${id}/similar/${q}`, {}, opts));
}

/** boughtTogether returns products often bought with the given one, leaving out exclude. */
export async function boughtTogether(
  id: number,
  count: number,
  opts?: CallOptions,
  exclude: number[] = [],
): Promise<RelatedList> {
  const q = buildQuery({ count, exclude: exclude.join(",") });
  return relatedList(await request(`/api/products/${id}/bought-together/${q}`, {}, opts));
}

/** getShop returns the shop's time zone, currency and attribution window. */
export function getShop(opts?: CallOptions): Promise<ShopSettings> {
  return request(`/api/shop`, {}, opts);
}
