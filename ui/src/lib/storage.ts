// localStorage access that never throws: private modes and full disks make
// storage fail, and the shop must still work (it just forgets on reload).

/** The keys the storefront keeps in localStorage. */
export const STORAGE_KEYS = {
  session: "shelf.session",
  user: "shelf.user",
  userName: "shelf.userName",
  cart: "shelf.cart",
  sessionEvents: "shelf.sessionEvents",
} as const;

/** readItem returns the stored string, or null when absent or unreadable. */
export function readItem(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** writeItem stores a string, or removes the key when value is null. */
export function writeItem(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage is a convenience here; losing it only loses memory across reloads.
  }
}

/** readJSON parses a stored JSON value, falling back when absent or corrupt. */
export function readJSON<T>(key: string, fallback: T): T {
  const raw = readItem(key);
  if (raw === null) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}
