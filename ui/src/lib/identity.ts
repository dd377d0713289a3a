// Who the storefront acts for, as shelf checks it: a signed guest session id
// (issued by POST /api/sessions and kept in localStorage) and, for a chosen
// shopper, a short-lived shopper token. A real shop's server issues tokens
// with its secret key; this demo storefront may ask for them itself because
// -demo gives every caller a secret key's rights. Without -demo the request
// is refused and the storefront carries on without personal lists.
import { createSession, createShopperToken } from "../api";
import { STORAGE_KEYS, readItem, writeItem } from "./storage";

/** SESSION_PREFIX starts every session id shelf signs. */
const SESSION_PREFIX = "s1.";

/** storedSession returns the guest session kept in localStorage, if shelf issued it. */
export function storedSession(): string {
  const s = readItem(STORAGE_KEYS.session);
  return s && s.startsWith(SESSION_PREFIX) ? s : "";
}

let pendingSession: Promise<string> | null = null;

/** guestSession returns the browser's guest session id, asking shelf for one the first time. */
export function guestSession(): Promise<string> {
  const stored = storedSession();
  if (stored) return Promise.resolve(stored);
  if (!pendingSession) {
    pendingSession = createSession()
      .then((r) => {
        writeItem(STORAGE_KEYS.session, r.session_id);
        return r.session_id;
      })
      .finally(() => {
        pendingSession = null;
      });
  }
  return pendingSession;
}

/** forgetSession drops the guest session, so the next guest starts a new one. */
export function forgetSession(): void {
  writeItem(STORAGE_KEYS.session, null);
  writeItem(STORAGE_KEYS.sessionEvents, null);
}

interface Held {
  token: string | null;
  expiresAt: number;
}

const tokens = new Map<number, Promise<Held>>();
/** REFRESH_MS: a token this close to its expiry is replaced. */
const REFRESH_MS = 5 * 60 * 1000;
/** REFUSED_MS: after a refusal, wait this long before asking again. */
const REFUSED_MS = 60 * 1000;

/** shopperToken returns a live token for the shopper, or undefined when shelf will not issue one. */
export async function shopperToken(userId: number): Promise<string | undefined> {
  const held = tokens.get(userId);
  if (held) {
    const h = await held;
    if (h.expiresAt - Date.now() > REFRESH_MS) return h.token ?? undefined;
  }
  const next = createShopperToken(userId)
    .then((r): Held => ({ token: r.token, expiresAt: Date.parse(r.expires_at) }))
    .catch((): Held => ({ token: null, expiresAt: Date.now() + REFRESH_MS + REFUSED_MS }));
  tokens.set(userId, next);
  return (await next).token ?? undefined;
}
