// The shop's shared state: who is shopping (a user or the guest session),
// the cart, the recommendation list a product was just clicked in, and a
// counter that moves whenever an interaction is recorded so recommendation
// rails know to refresh.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { ApiError, recordInteraction, type InteractionInput, type InteractionType } from "./api";
import { addItem, removeItem, sanitizeCart, type CartItem } from "./lib/cart";
import { forgetSession, guestSession, shopperToken, storedSession } from "./lib/identity";
import { STORAGE_KEYS, readItem, readJSON, writeItem } from "./lib/storage";

/** Shopper is the chosen user; null means the guest. */
export type Shopper = { id: number; username: string } | null;

/** ShopState is what every component can read and do through useShop. */
export interface ShopState {
  shopper: Shopper;
  setShopper: (s: Shopper) => void;
  /** sessionId is this visit's signed session ("" until shelf has issued it). */
  sessionId: string;
  /** guestHasEvents says the guest session has recorded something, so session recommendations may exist. */
  guestHasEvents: boolean;
  cart: CartItem[];
  addToCart: (item: Omit<CartItem, "qty">) => void;
  removeFromCart: (id: number) => void;
  clearCart: () => void;
  /**
   * record posts an interaction for the current shopper; it throws ApiError
   * on failure. A view of the product last clicked in a recommendation list
   * carries that list's recommendation_id.
   */
  record: (productId: number, type: InteractionType) => Promise<void>;
  /** noteClick remembers that the shopper clicked productId in the list recommendationId, for the view that follows. */
  noteClick: (productId: number, recommendationId: string) => void;
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
  const [sessionId, setSessionId] = useState(storedSession);
  const [guestHasEvents, setGuestHasEvents] = useState(() => readItem(STORAGE_KEYS.sessionEvents) === "1");

  // Ask shelf for a session when there is none (a first visit, or a new shopper).
  useEffect(() => {
    if (sessionId) return;
    let live = true;
    guestSession()
      .then((id) => live && setSessionId(id))
      .catch(() => {
        // Recording retries; the rail shows trending products meanwhile.
      });
    return () => {
      live = false;
    };
  }, [sessionId]);
  const [cart, setCart] = useState<CartItem[]>(() => sanitizeCart(readJSON(STORAGE_KEYS.cart, [])));
  const [recsVersion, setRecsVersion] = useState(0);
  // The click a view is waiting for: the next view takes it (of that product) or drops it (of another).
  const clicked = useRef<{ productId: number; recommendationId: string } | null>(null);
  const noteClick = useCallback((productId: number, recommendationId: string) => {
    clicked.current = { productId, recommendationId };
  }, []);

  const setShopper = useCallback((s: Shopper) => {
    // Every shopper, and every new guest, starts a session of its own: what
    // one did in this browser never shows in another's reasons.
    forgetSession();
    clicked.current = null;
    setSessionId("");
    setGuestHasEvents(false);
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
      let recommendationId: string | undefined;
      if (type === "view") {
        if (clicked.current?.productId === productId) recommendationId = clicked.current.recommendationId;
        clicked.current = null;
      }
      const session = sessionId || (await guestSession());
      const input: InteractionInput = shopper
        ? { user_id: shopper.id, product_id: productId, interaction_type: type, session_id: session }
        : { product_id: productId, interaction_type: type, session_id: session };
      const opts = shopper ? { shopperToken: await shopperToken(shopper.id) } : {};
      try {
        await recordInteraction(recommendationId ? { ...input, recommendation_id: recommendationId } : input, opts);
      } catch (err) {
        // An id shelf will not take (issued to another shopper, say) must not cost the view itself.
        if (!(recommendationId && err instanceof ApiError && err.status === 400 && err.details.recommendation_id))
          throw err;
        await recordInteraction(input, opts);
      }
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
      noteClick,
      recsVersion,
    }),
    [shopper, setShopper, sessionId, guestHasEvents, cart, updateCart, record, noteClick, recsVersion],
  );
  return <ShopContext.Provider value={value}>{children}</ShopContext.Provider>;
}

/** useShop returns the shop state; it must be used inside ShopProvider. */
export function useShop(): ShopState {
  const s = useContext(ShopContext);
  if (!s) throw new Error("useShop must be used inside ShopProvider");
  return s;
}
