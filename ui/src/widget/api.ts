// The widget's calls to shelf, and what to tell the shop's developer when
// one fails. Every failure becomes a Problem whose message is the one
// console line the page gets: what went wrong and what to do about it.
import type { Config } from "./config";
import { GUEST_SESSION_KEY } from "./shared";

/** Problem is a failure, said for the shop's developer. */
export class Problem extends Error {
  /** status is the HTTP status (0 when there was no answer). */
  readonly status: number;
  /** details are shelf's per-field details. */
  readonly details: Record<string, string>;
  constructor(message: string, status = 0, details: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.details = details;
  }
}

/** Asked says what a request was for, so that a failure can name the attribute at fault. */
export interface Asked {
  what: string;
  placement?: string;
  /** product is the attribute naming a product and its value. */
  product?: [attribute: string, id: string];
}

const TIMEOUT_MS = 10_000;

/** ShopperHeader carries a shopper token, as shelf names it. */
export const SHOPPER_HEADER = "X-Shelf-Shopper";

/** call sends one request to shelf and returns its JSON answer, or throws a Problem. */
export async function call<T>(
  cfg: Config,
  path: string,
  asked: Asked,
  init: { method?: string; body?: unknown; shopper?: string; keepalive?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (cfg.key) headers.Authorization = `Bearer ${cfg.key}`;
  if (init.shopper) headers[SHOPPER_HEADER] = init.shopper;
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(new URL(path, cfg.base).href, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      keepalive: init.keepalive,
      // The key is the credential: shelf's cookies go only to shelf's own pages.
      credentials: "same-origin",
      signal: typeof AbortSignal.timeout === "function" ? AbortSignal.timeout(TIMEOUT_MS) : undefined,
    });
  } catch (err) {
    const timedOut = err instanceof DOMException && err.name === "TimeoutError";
    throw new Problem(
      timedOut
        ? `shelf: ${cfg.base} did not answer within ${TIMEOUT_MS / 1000} s: check that shelf is running and reachable from this page`
        : `shelf: could not reach ${cfg.base} (network error or CORS): check that shelf runs at that address and lets this page's origin call it: start it with -cors-origins ${location.origin}`,
    );
  }
  const body = (await res.json().catch(() => null)) as { error?: unknown; details?: unknown } | null;
  if (!res.ok) {
    const details =
      body && typeof body.details === "object" && body.details !== null ? (body.details as Record<string, string>) : {};
    const said = body && typeof body.error === "string" ? body.error : "";
    throw new Problem(explain(cfg, res.status, said, details, asked), res.status, details);
  }
  return body as T;
}

/** explain says what a refused request means, naming the attribute or setting to fix. */
function explain(cfg: Config, status: number, said: string, details: Record<string, string>, asked: Asked): string {
  const why = `(${status}${said ? `: ${said}` : ""})`;
  if (details[SHOPPER_HEADER])
    return `shelf: the shopper token was refused ${why}: have the shop's server issue a fresh one for this shopper (POST /api/shopper-tokens) and put it in the shopper-token attribute`;
  if (status === 401 && !cfg.key)
    return `shelf: the widget's script tag has no data-key ${why}: add data-key="shelf_pk_…", a publishable key of this shop (the dashboard's Integrate page makes one)`;
  if (status === 401)
    return `shelf: the key was refused ${why}: check that data-key is a publishable key of this shop (shelf_pk_…) and has not been revoked`;
  if (details.placement && asked.placement)
    return `shelf: placement "${asked.placement}" was refused ${why}: create it on the dashboard's Placements page, or fix the placement attribute`;
  if (status === 404 && asked.product)
    return `shelf: product ${asked.product[1]} (the ${asked.product[0]} attribute) was not found ${why}: give the id of a product in shelf's catalog`;
  if (status === 403)
    return `shelf: ${asked.what} was refused ${why}: data-key must be a publishable key (shelf_pk_…) of this shop`;
  if (status === 429)
    return `shelf: too many requests ${why}: shelf limits requests per visitor and per key; try again shortly`;
  if (status >= 500) return `shelf: shelf failed on ${asked.what} ${why}: its log says why`;
  return `shelf: ${asked.what} was refused ${why}`;
}

let memorySession = "";
let pendingSession: Promise<string> | null = null;

function storedSession(): string {
  try {
    return localStorage.getItem(GUEST_SESSION_KEY) ?? memorySession;
  } catch {
    return memorySession; // storage refused (a private mode): the session lasts as long as the page
  }
}

function storeSession(id: string): void {
  memorySession = id;
  try {
    if (id) localStorage.setItem(GUEST_SESSION_KEY, id);
    else localStorage.removeItem(GUEST_SESSION_KEY);
  } catch {
    // Kept in memory only.
  }
}

/**
 * guestSession returns this browser's guest session id, asking shelf for a
 * new one the first time and when renew is set (shelf refused the stored one).
 */
export function guestSession(cfg: Config, renew = false): Promise<string> {
  if (renew) storeSession("");
  const stored = storedSession();
  if (stored.startsWith("s1.")) return Promise.resolve(stored);
  pendingSession ??= call<{ session_id?: unknown }>(
    cfg,
    "api/sessions",
    { what: "a guest session" },
    { method: "POST" },
  )
    .then((r) => {
      if (typeof r?.session_id !== "string") throw new Problem("shelf: POST /api/sessions answered no session_id");
      storeSession(r.session_id);
      return r.session_id;
    })
    .finally(() => {
      pendingSession = null;
    });
  return pendingSession;
}

let currency: Promise<string> | null = null;

/** shopCurrency returns the shop's ISO 4217 currency (GET /api/shop, asked once per page); "" when unknown. */
export function shopCurrency(cfg: Config): Promise<string> {
  currency ??= call<{ currency?: unknown }>(cfg, "api/shop", { what: "the shop's settings" }).then(
    (s) => (typeof s?.currency === "string" && /^[A-Z]{3}$/.test(s.currency) ? s.currency : ""),
    // The list's own request says what is wrong; prices then show as plain numbers.
    () => "",
  );
  return currency;
}

/** resetForTests forgets the page's session and currency, as a new page would. */
export function resetForTests(): void {
  memorySession = "";
  pendingSession = null;
  currency = null;
}
