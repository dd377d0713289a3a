// The admin API client. It keeps the CSRF token of the signed-in session and
// sends it on every write, and reports any 401 so the app can show the login
// page. One instance lives in the admin app's context (no module state), so
// tests build their own.
import {
  ApiError,
  buildQuery,
  request,
  type Category,
  type Fetcher,
  type InteractionType,
  type Page,
  type Product,
  type RecommendationList,
  type ShopSettings,
  type User,
} from "../api";
import { previewPath, previewItems } from "./lib/preview";
import { sentence, sentences } from "./lib/sentence";
import type {
  Analytics,
  AnalyticsQuery,
  ApiKey,
  Experiment,
  ExperimentAction,
  ExperimentDetail,
  ExperimentInput,
  Health,
  Interaction,
  ModelInfo,
  ModelSettings,
  NewApiKey,
  Placement,
  PlacementList,
  PreviewItem,
  Profile,
  Session,
  Stats,
} from "./types";

/** ProductInput is the body of a product create or edit. */
export interface ProductInput {
  name: string;
  category: string;
  price: number;
  description: string;
  brand: string;
  tags: string[];
  /** stock null stops tracking it. */
  stock: number | null;
  active: boolean;
  image_url: string;
  url: string;
  attributes: Record<string, string>;
}

/** CatalogQuery is the admin catalog's search, filter, sort and page. */
export interface CatalogQuery {
  q?: string;
  category?: string;
  sort?: string;
  page: number;
  page_size: number;
}

/** InteractionFilter is the interaction log's filter, already in API form. */
export interface InteractionFilter {
  type?: InteractionType | "";
  user_id?: string;
  product_id?: string;
  since?: string;
  until?: string;
  page: number;
  page_size: number;
}

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** AdminClient calls the admin API for one browser session. */
export class AdminClient {
  private token = "";
  private readonly fetcher?: Fetcher;
  private readonly onUnauthorized: () => void;
  // Names of products and users by id, for tables that hold ids (the
  // interaction log): each id is asked once per session; null when it is gone.
  private readonly names = {
    products: new Map<number, Promise<string | null>>(),
    users: new Map<number, Promise<string | null>>(),
  };

  constructor(opts: { fetcher?: Fetcher; onUnauthorized?: () => void } = {}) {
    this.fetcher = opts.fetcher;
    this.onUnauthorized = opts.onUnauthorized ?? (() => {});
  }

  /** csrfToken is the token sent with writes; "" before sign-in. */
  get csrfToken(): string {
    return this.token;
  }

  /** call performs one request, adding the CSRF header to writes and reporting 401s. */
  async call<T>(path: string, init: RequestInit = {}, signal?: AbortSignal): Promise<T> {
    const method = (init.method ?? "GET").toUpperCase();
    const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
    if (WRITES.has(method) && this.token) headers["X-CSRF-Token"] = this.token;
    try {
      return await request<T>(
        path,
        { ...init, headers, credentials: "same-origin" },
        { signal, fetcher: this.fetcher },
      );
    } catch (err) {
      // A wrong password is a 401 too, but it belongs to the login form.
      if (err instanceof ApiError && err.status === 401 && !path.startsWith("/api/auth/login")) this.unauthorized();
      // Every message the dashboard shows reads as a sentence.
      if (err instanceof ApiError) throw new ApiError(err.status, sentence(err.message), sentences(err.details));
      throw err;
    }
  }

  /** unauthorized forgets the token and tells the app to show the login page. */
  unauthorized(): void {
    this.token = "";
    this.onUnauthorized();
  }

  /** login signs in and keeps the session's CSRF token. */
  async login(username: string, password: string): Promise<Session> {
    const s = await this.call<Session>("/api/auth/login", {
      method: "POST",
      body: JSON.stringify({ username, password }),
    });
    this.token = s.csrf_token ?? "";
    return s;
  }

  /** me returns the signed-in admin (and refreshes the token), or throws a 401 ApiError. */
  async me(signal?: AbortSignal): Promise<Session> {
    const s = await this.call<Session>("/api/auth/me", {}, signal);
    this.token = s.csrf_token ?? "";
    return s;
  }

  /** logout ends the session; the token is dropped even if the call fails. */
  async logout(): Promise<void> {
    try {
      await this.call<void>("/api/auth/logout", { method: "POST" });
    } finally {
      this.token = "";
    }
  }

  /** stats returns the overview for the last days. */
  stats(days: number, signal?: AbortSignal): Promise<Stats> {
    return this.call(`/api/admin/stats${buildQuery({ days })}`, {}, signal);
  }

  /** analytics returns impressions, clicks, conversions and attributed revenue per day and per list. */
  analytics(q: AnalyticsQuery, signal?: AbortSignal): Promise<Analytics> {
    return this.call(`/api/analytics${buildQuery({ ...q })}`, {}, signal);
  }

  /**
   * products lists the catalog. With a search text the list comes from the
   * search endpoint, which ranks by relevance and ignores sort.
   */
  async products(q: CatalogQuery, signal?: AbortSignal): Promise<Page<Product>> {
    const text = q.q?.trim();
    if (text) {
      const res = await this.call<{ products: Product[]; count: number; next: string | null }>(
        `/api/search/${buildQuery({ q: text, category: q.category, page: q.page, page_size: q.page_size })}`,
        {},
        signal,
      );
      return { results: res.products ?? [], count: res.count ?? 0, next: res.next ?? null, previous: null };
    }
    return this.call(
      `/api/products/${buildQuery({ category: q.category, sort: q.sort, page: q.page, page_size: q.page_size })}`,
      {},
      signal,
    );
  }

  /** categories lists every category. */
  categories(signal?: AbortSignal): Promise<{ categories: Category[]; count: number }> {
    return this.call(`/api/categories/`, {}, signal);
  }

  /** createProduct adds a product. */
  createProduct(p: ProductInput): Promise<Product> {
    return this.call(`/api/products/`, { method: "POST", body: JSON.stringify(p) });
  }

  /** updateProduct changes the given fields of a product. */
  updateProduct(id: number, p: Partial<ProductInput>): Promise<Product> {
    return this.call(`/api/products/${id}/`, { method: "PATCH", body: JSON.stringify(p) });
  }

  /** deleteProduct removes a product. */
  deleteProduct(id: number): Promise<void> {
    return this.call(`/api/products/${id}/`, { method: "DELETE" });
  }

  /** users lists users whose name starts with q. */
  users(q: string, page: number, pageSize: number, signal?: AbortSignal): Promise<Page<User>> {
    return this.call(`/api/users/${buildQuery({ q, page, page_size: pageSize })}`, {}, signal);
  }

  /** user returns one user. */
  user(id: number, signal?: AbortSignal): Promise<User> {
    return this.call(`/api/users/${id}/`, {}, signal);
  }

  /** userInteractions returns one page of a user's history, newest first. */
  userInteractions(id: number, page: number, pageSize: number, signal?: AbortSignal): Promise<Page<Interaction>> {
    return this.call(`/api/users/${id}/interactions/${buildQuery({ page, page_size: pageSize })}`, {}, signal);
  }

  /** profile returns a user's taste profile; 404 before the first training. */
  profile(id: number, signal?: AbortSignal): Promise<Profile> {
    return this.call(`/api/users/${id}/profile/`, {}, signal);
  }

  /** recommendations returns a user's current recommendations. */
  recommendations(id: number, count: number, signal?: AbortSignal): Promise<RecommendationList> {
    return this.call(`/api/recommendations/${id}/${buildQuery({ count })}`, {}, signal);
  }

  /** productName is a product's name, null when there is no such product; asked once per id. */
  productName(id: number): Promise<string | null> {
    return this.cachedName(this.names.products, id, () =>
      this.call<Product>(`/api/products/${id}/`).then((p) => p.name),
    );
  }

  /** username is a user's name, null when there is no such user; asked once per id. */
  username(id: number): Promise<string | null> {
    return this.cachedName(this.names.users, id, () => this.call<User>(`/api/users/${id}/`).then((u) => u.username));
  }

  private cachedName(
    cache: Map<number, Promise<string | null>>,
    id: number,
    load: () => Promise<string>,
  ): Promise<string | null> {
    let p = cache.get(id);
    if (!p) {
      p = load().catch((err) => {
        // A 404 is an answer (deleted); anything else may pass, so it is asked again next time.
        if (err instanceof ApiError && err.status === 404) return null;
        cache.delete(id);
        throw err;
      });
      cache.set(id, p);
    }
    return p;
  }

  /** interactions returns one page of the interaction log. */
  interactions(f: InteractionFilter, signal?: AbortSignal): Promise<Page<Interaction>> {
    return this.call(`/api/interactions/${buildQuery({ ...f })}`, {}, signal);
  }

  /** model returns the trainer's state, history and settings. */
  model(signal?: AbortSignal): Promise<ModelInfo> {
    return this.call(`/api/model/`, {}, signal);
  }

  /** train asks for a training run now (202). */
  train(): Promise<unknown> {
    return this.call(`/api/model/train`, { method: "POST" });
  }

  /** restoreModel serves again the model that served before the current one. */
  restoreModel(): Promise<unknown> {
    return this.call(`/api/model/restore`, { method: "POST" });
  }

  /** publishHeld publishes the model the guard held back. */
  publishHeld(): Promise<unknown> {
    return this.call(`/api/model/publish-held`, { method: "POST" });
  }

  /** saveSettings replaces the trainer's settings. */
  saveSettings(s: ModelSettings): Promise<unknown> {
    return this.call(`/api/model/settings`, { method: "PUT", body: JSON.stringify(s) });
  }

  /** placements lists the shop's placements. */
  placements(signal?: AbortSignal): Promise<PlacementList> {
    return this.call(`/api/placements/`, {}, signal);
  }

  /** placement returns one placement (404 when there is none of that name). */
  placement(name: string, signal?: AbortSignal): Promise<Placement> {
    return this.call(`/api/placements/${encodeURIComponent(name)}/`, {}, signal);
  }

  /** putPlacement creates or replaces a placement; the answer is the placement as saved. */
  putPlacement(name: string, p: Omit<Placement, "updated_at">): Promise<Placement> {
    return this.call(`/api/placements/${encodeURIComponent(name)}/`, { method: "PUT", body: JSON.stringify(p) });
  }

  /** deletePlacement removes a placement. */
  deletePlacement(name: string): Promise<void> {
    return this.call(`/api/placements/${encodeURIComponent(name)}/`, { method: "DELETE" });
  }

  /**
   * previewList returns the list a saved placement's strategy shows for a
   * shopper (personal) or a product (similar, bought together), without the
   * placement or, given its name, shaped by it.
   */
  async previewList(
    p: Pick<Placement, "strategy" | "count">,
    subject: number | undefined,
    placement: string | undefined,
    signal?: AbortSignal,
  ): Promise<PreviewItem[]> {
    return previewItems(await this.call<unknown>(previewPath(p, subject, placement), {}, signal));
  }

  /** shop returns the shop's time zone, currency and attribution window. */
  shop(signal?: AbortSignal): Promise<ShopSettings> {
    return this.call(`/api/shop`, {}, signal);
  }

  /** saveShop changes the given shop settings; the answer is all of them as saved. */
  saveShop(s: Partial<ShopSettings>): Promise<ShopSettings> {
    return this.call(`/api/shop`, { method: "PUT", body: JSON.stringify(s) });
  }

  /** experiments lists the experiments, newest first. */
  experiments(signal?: AbortSignal): Promise<{ experiments: Experiment[] }> {
    return this.call(`/api/experiments`, {}, signal);
  }

  /** experiment returns one experiment with its results. */
  experiment(id: number, signal?: AbortSignal): Promise<ExperimentDetail> {
    return this.call(`/api/experiments/${id}`, {}, signal);
  }

  /** createExperiment makes a draft experiment. */
  createExperiment(e: ExperimentInput): Promise<Experiment> {
    return this.call(`/api/experiments`, { method: "POST", body: JSON.stringify(e) });
  }

  /** experimentAction starts, stops or ships (variant: the one every shopper then gets) an experiment. */
  experimentAction(id: number, action: ExperimentAction, variant?: string): Promise<Experiment> {
    const body = action === "ship" ? { action, variant } : { action };
    return this.call(`/api/experiments/${id}`, { method: "PATCH", body: JSON.stringify(body) });
  }

  /** deleteExperiment removes an experiment. */
  deleteExperiment(id: number): Promise<void> {
    return this.call(`/api/experiments/${id}`, { method: "DELETE" });
  }

  /** guestSession asks shelf for a signed guest session id, as a shop's page does (the Integrate page's preview plays a guest). */
  guestSession(): Promise<{ session_id: string }> {
    return this.call(`/api/sessions`, { method: "POST" });
  }

  /** keys lists the API keys. */
  keys(signal?: AbortSignal): Promise<{ keys: ApiKey[] }> {
    return this.call(`/api/admin/keys`, {}, signal);
  }

  /** createKey makes a key; the answer holds the full secret, shown once. */
  createKey(name: string, kind: ApiKey["kind"]): Promise<NewApiKey> {
    return this.call(`/api/admin/keys`, { method: "POST", body: JSON.stringify({ name, kind }) });
  }

  /** revokeKey deletes a key. */
  revokeKey(id: ApiKey["id"]): Promise<void> {
    return this.call(`/api/admin/keys/${encodeURIComponent(String(id))}`, { method: "DELETE" });
  }

  /** health reads /readyz; a 503 is an answer (not ready) with the same shape, not a failure. */
  async health(signal?: AbortSignal): Promise<{ ok: boolean; health: Health }> {
    const fetcher = this.fetcher ?? ((input: string, init?: RequestInit) => fetch(input, init));
    let res: Response;
    try {
      res = await fetcher(`/readyz`, { signal, headers: { Accept: "application/json" } });
    } catch (err) {
      if (err instanceof DOMException && err.name === "AbortError") throw err;
      throw new ApiError(0, "Could not reach the server.");
    }
    const body = (await res.json().catch(() => null)) as Partial<Health> | null;
    if ((res.ok || res.status === 503) && body && typeof body === "object" && body.checks) {
      return { ok: res.ok, health: { status: String(body.status ?? ""), checks: body.checks } };
    }
    throw new ApiError(res.status, `The health check answered HTTP ${res.status} without a report.`);
  }
}
