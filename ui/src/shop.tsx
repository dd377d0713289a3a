// The shop's shared state: who is shopping (a user or the guest session),
// the cart, and a counter that moves whenever an interaction is recorded so
// recommendation rails know to refresh.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { recordInteraction, type InteractionType } from "./api";
import { addItem, removeItem, sanitizeCart, type CartItem } from "./lib/cart";
import { STORAGE_KEYS, guestSessionId, readItem, readJSON, writeItem } from "./lib/storage";

/** Shopper is the chosen user; null means the guest. */
export type Shopper = { id: number; username: string } | null;

/** ShopState is what every component can read and do through useShop. */
export interface ShopState {
  shopper: Shopper;
  setShopper: (s: Shopper) => void;
  sessionId: string;
  /** guestHasEvents says the guest session has recorded something, so session recommendations may exist. */
  guestHasEvents: boolean;
  cart: CartItem[];
  addToCart: (item: Omit<CartItem, "qty">) => void;
  removeFromCart: (id: number) => void;
  clearCart: () => void;
  /** record posts an interaction for the current shopper; it throws ApiError on failure. */
  record: (productId: number, type: InteractionType) => Promise<void>;
  /** recsVersion changes after every recorded interaction. */
  recsVersion: number;
}

const ShopContext = createContext<ShopState | null>(null);

function loadShopper(): Shopper {
  const id = Number(readItem(STORAGE_KEYS.user));
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return { id, username: readItem(STORAGE_KEYS.userName) ?? `user ${id}` };
}

/** ShopProvider holds the shop state and keeps it in localStorage. */
export function ShopProvider({ children }: { children: ReactNode }) {
  const [shopper, setShopperState] = useState<Shopper>(loadShopper);
  const [sessionId] = useState(guestSessionId);
  const [guestHasEvents, setGuestHasEvents] = useState(() => readItem(STORAGE_KEYS.sessionEvents) === "1");
  const [cart, setCart] = useState<CartItem[]>(() => sanitizeCart(readJSON(STORAGE_KEYS.cart, [])));
  const [recsVersion, setRecsVersion] = useState(0);

  const setShopper = useCallback((s: Shopper) => {
    setShopperState(s);
    writeItem(STORAGE_KEYS.user, s ? String(s.id) : null);
    writeItem(STORAGE_KEYS.userName, s ? s.username : null);
  }, []);

  const updateCart = useCallback((f: (c: CartItem[]) => CartItem[]) => {
    setCart((c) => {
      const next = f(c);
      writeItem(STORAGE_KEYS.cart, JSON.stringify(next));
      return next;
    });
  }, []);

  const record = useCallback(
    async (productId: number, type: InteractionType) => {
      await recordInteraction(
        shopper
          ? { user_id: shopper.id, product_id: productId, interaction_type: type, session_id: sessionId }
          : { product_id: productId, interaction_type: type, session_id: sessionId },
      );
      if (!shopper) {
        setGuestHasEvents(true);
        writeItem(STORAGE_KEYS.sessionEvents, "1");
      }
      setRecsVersion((v) => v + 1);
    },
    [shopper, sessionId],
  );

  const value = useMemo<ShopState>(
    () => ({
      shopper,
      setShopper,
      sessionId,
      guestHasEvents,
      cart,
      addToCart: (item) => updateCart((c) => addItem(c, item)),
      removeFromCart: (id) => updateCart((c) => removeItem(c, id)),
      clearCart: () => updateCart(() => []),
      record,
      recsVersion,
    }),
    [shopper, setShopper, sessionId, guestHasEvents, cart, updateCart, record, recsVersion],
  );
  return <ShopContext.Provider value={value}>{children}</ShopContext.Provider>;
}

/** useShop returns the shop state; it must be used inside ShopProvider. */
export function useShop(): ShopState {
  const s = useContext(ShopContext);
  if (!s) throw new Error("useShop must be used inside ShopProvider");
  return s;
}
