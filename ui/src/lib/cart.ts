// The cart is plain data kept in localStorage: a list of products with a
// quantity. These functions are pure so the cart logic is easy to test.

/** CartItem is one product line in the cart. */
export interface CartItem {
  id: number;
  name: string;
  price: number;
  category: string;
  qty: number;
}

/** addItem adds one of the product, or one more if it is already there. */
export function addItem(cart: CartItem[], p: Omit<CartItem, "qty">): CartItem[] {
  if (cart.some((i) => i.id === p.id)) {
    return cart.map((i) => (i.id === p.id ? { ...i, qty: i.qty + 1 } : i));
  }
  return [...cart, { ...p, qty: 1 }];
}

/** removeItem drops a product line. */
export function removeItem(cart: CartItem[], id: number): CartItem[] {
  return cart.filter((i) => i.id !== id);
}

/** cartCount is the number of units in the cart. */
export function cartCount(cart: CartItem[]): number {
  return cart.reduce((n, i) => n + i.qty, 0);
}

/** cartTotal sums in cents so that 0.1 + 0.2 shows as 0.30, not 0.30000000000000004. */
export function cartTotal(cart: CartItem[]): number {
  return cart.reduce((c, i) => c + Math.round(i.price * 100) * i.qty, 0) / 100;
}

/** sanitizeCart keeps only well-formed lines of a stored cart, which may be stale or edited by hand. */
export function sanitizeCart(v: unknown): CartItem[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter(
      (i): i is CartItem =>
        !!i &&
        typeof i === "object" &&
        Number.isSafeInteger(i.id) &&
        i.id > 0 &&
        typeof i.name === "string" &&
        Number.isFinite(i.price) &&
        Number.isSafeInteger(i.qty) &&
        i.qty > 0,
    )
    .map((i) => ({ ...i, category: typeof i.category === "string" ? i.category : "" }));
}
