import { useEffect, useId, useRef, useState } from "react";
import { CheckCircle2, Loader2, ShoppingBag, Trash2, X } from "lucide-react";
import { cartCount, cartTotal } from "../lib/cart";
import { productPath } from "../lib/route";
import { useShop } from "../shop";
import { ErrorMessage } from "./ErrorMessage";
import { HEADER_PANEL } from "./headerPanel";
import { Link } from "./Link";
import { useMoney } from "../shopSettings";

/** CartMenu is the header's cart: a count badge that opens the cart with a checkout. */
export function CartMenu() {
  const money = useMoney();
  const { cart, removeFromCart, record } = useShop();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const count = cartCount(cart);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  // Each line is recorded as one purchase and leaves the cart once recorded,
  // so a failure part-way keeps exactly the lines still to buy.
  const checkout = async () => {
    setBusy(true);
    setError(null);
    try {
      for (const item of cart) {
        await record(item.id, "purchase");
        removeFromCart(item.id);
      }
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      ref={rootRef}
      className="relative"
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        data-testid="cart-toggle"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          setOpen((o) => !o);
          setDone(false);
          setError(null);
        }}
        className="relative inline-flex items-center gap-2 rounded-xl border border-stone-300 bg-white px-3 py-2 text-sm hover:bg-stone-100"
      >
        <ShoppingBag aria-hidden className="size-4 text-stone-600" />
        {/* The name read out ("Cart 2 items") holds the visible text ("Cart 2", or "2" on a phone). */}
        <span className="sr-only sm:not-sr-only">Cart</span>{" "}
        <span
          data-testid="cart-count"
          className={`min-w-5 rounded-full px-1.5 text-center text-xs font-semibold ${
            count ? "bg-accent-600 text-white" : "bg-stone-200 text-stone-600"
          }`}
        >
          {count}
        </span>
        <span className="sr-only"> {count === 1 ? "item" : "items"}</span>
      </button>
      {open && (
        <div id={panelId} role="dialog" aria-label="Your cart" className={`${HEADER_PANEL} p-4 sm:w-80`}>
          <div className="mb-3 flex items-center justify-between">
            <h2 className="font-semibold">Your cart</h2>
            <button
              type="button"
              aria-label="Close cart"
              onClick={() => setOpen(false)}
              className="rounded-md p-1 hover:bg-stone-100"
            >
              <X aria-hidden className="size-4" />
            </button>
          </div>
          {done && cart.length === 0 && (
            <p
              role="status"
              className="mb-3 flex items-center gap-2 rounded-lg bg-emerald-50 p-3 text-sm text-emerald-800"
            >
              <CheckCircle2 aria-hidden className="size-4" /> Thank you! Your order is placed.
            </p>
          )}
          {cart.length === 0 && !done && <p className="py-4 text-center text-sm text-stone-500">Your cart is empty.</p>}
          {cart.length > 0 && (
            <>
              <ul className="max-h-72 divide-y divide-stone-100 overflow-y-auto" data-testid="cart-items">
                {cart.map((i) => (
                  <li key={i.id} className="flex items-center justify-between gap-2 py-2 text-sm">
                    <span className="min-w-0">
                      <Link
                        href={productPath(i.id)}
                        onClick={() => setOpen(false)}
                        className="block truncate font-medium hover:underline"
                      >
                        {i.name}
                      </Link>
                      <span className="text-xs text-stone-500">
                        {i.qty} × {money(i.price)}
                      </span>
                    </span>
                    <button
                      type="button"
                      aria-label={`Remove ${i.name} from the cart`}
                      onClick={() => removeFromCart(i.id)}
                      disabled={busy}
                      className="shrink-0 rounded-md p-1.5 text-stone-500 hover:bg-stone-100 hover:text-red-700"
                    >
                      <Trash2 aria-hidden className="size-4" />
                    </button>
                  </li>
                ))}
              </ul>
              <div className="mt-3 flex items-center justify-between border-t border-stone-200 pt-3 text-sm">
                <span className="text-stone-600">Total</span>
                <span className="font-semibold">{money(cartTotal(cart))}</span>
              </div>
              {error != null && (
                <div className="mt-3">
                  <ErrorMessage error={error} title="Checkout stopped" />
                </div>
              )}
              <button
                type="button"
                data-testid="checkout-button"
                onClick={checkout}
                disabled={busy}
                className="mt-3 inline-flex w-full items-center justify-center gap-2 rounded-xl bg-accent-600 px-4 py-2.5 text-sm font-semibold text-white hover:bg-accent-700 disabled:opacity-60"
              >
                {busy && <Loader2 aria-hidden className="size-4 animate-spin" />}
                Check out
              </button>
            </>
          )}
        </div>
      )}
    </div>
  );
}
