import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { Loader2, Search } from "lucide-react";
import { search, type SearchProduct } from "../api";
import { useAsync } from "../hooks/useAsync";
import { useDebounce } from "../hooks/useDebounce";
import { navigate, useLocation } from "../hooks/useLocation";
import { shopperToken } from "../lib/identity";
import { productPath, searchPath } from "../lib/route";
import { Link } from "./Link";
import { useShop } from "../shop";
import { describeError } from "./ErrorMessage";
import { useMoney } from "../shopSettings";

const SEARCH_DEBOUNCE_MS = 250;
const SEARCH_RESULTS = 8;

/** SearchBox searches as the shopper types (debounced) and lists results in a keyboard-navigable dropdown. */
export function SearchBox() {
  const money = useMoney();
  const { shopper } = useShop();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const q = useDebounce(text.trim(), SEARCH_DEBOUNCE_MS);
  const listId = useId();
  const boxRef = useRef<HTMLDivElement>(null);
  const userId = shopper?.id ?? null;
  const state = useAsync<{ products: SearchProduct[]; count: number } | null>(
    async (signal) => {
      if (!q) return null;
      // Personalised search needs the shopper's token; without one, search for everyone.
      const tok = userId === null ? undefined : await shopperToken(userId);
      return search(q, tok ? userId : null, 1, SEARCH_RESULTS, { signal, shopperToken: tok });
    },
    [q, userId],
    true,
  );
  const results = q && state.data ? (state.data.products ?? []) : [];

  useEffect(() => setActive(-1), [q]);
  // On the results page the box holds the query shown, ready to refine.
  const { pathname, search: qs } = useLocation();
  const shown = pathname === "/search" ? (new URLSearchParams(qs).get("q") ?? "") : null;
  useEffect(() => {
    if (shown !== null) setText(shown);
  }, [shown]);
  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (!boxRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, []);

  const go = (p: SearchProduct) => {
    setOpen(false);
    setText("");
    navigate(productPath(p.id));
  };
  // Enter without a chosen option opens the results page of what was typed.
  const seeAll = () => {
    setOpen(false);
    navigate(searchPath(text.trim()));
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" && results.length) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a + 1) % results.length);
    } else if (e.key === "ArrowUp" && results.length) {
      e.preventDefault();
      setActive((a) => (a <= 0 ? results.length - 1 : a - 1));
    } else if (e.key === "Enter" && open && active >= 0 && results[active]) {
      e.preventDefault();
      go(results[active]);
    } else if (e.key === "Enter" && text.trim() !== "") {
      e.preventDefault();
      seeAll();
    } else if (e.key === "Escape") {
      setOpen(false);
    }
  };

  const showPanel = open && text.trim() !== "";
  const typing = text.trim() !== q;
  const loading = typing || state.status === "loading";
  return (
    <div ref={boxRef} className="relative w-full">
      <label htmlFor={`${listId}-input`} className="sr-only">
        Search products
      </label>
      <Search
        aria-hidden
        className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-stone-400"
      />
      <input
        id={`${listId}-input`}
        data-testid="search-input"
        type="search"
        role="combobox"
        aria-expanded={showPanel}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `${listId}-opt-${active}` : undefined}
        autoComplete="off"
        placeholder="Search products"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKey}
        className="w-full rounded-xl border border-stone-300 bg-white py-2 pr-9 pl-9 text-sm placeholder:text-stone-400 focus:border-accent-500 focus-visible:outline-2 focus-visible:outline-accent-600"
      />
      {showPanel && loading && (
        <Loader2 aria-hidden className="absolute top-1/2 right-3 size-4 -translate-y-1/2 animate-spin text-stone-400" />
      )}
      {showPanel && (
        <div className="absolute inset-x-0 top-full z-30 mt-1 overflow-hidden rounded-xl border border-stone-200 bg-white shadow-lg">
          <ul id={listId} role="listbox" aria-label="Search results" className="max-h-96 overflow-y-auto py-1">
            {results.map((p, i) => (
              <li
                key={p.id}
                id={`${listId}-opt-${i}`}
                role="option"
                aria-selected={i === active}
                data-testid={`search-result-${p.id}`}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => go(p)}
                onMouseEnter={() => setActive(i)}
                className={`flex cursor-pointer items-center justify-between gap-3 px-3 py-2 text-sm ${
                  i === active ? "bg-accent-50" : ""
                }`}
              >
                <span className="min-w-0">
                  <span className="block truncate font-medium text-stone-900">{p.name}</span>
                  <span className="block text-xs text-stone-600">{p.category}</span>
                </span>
                <span className="shrink-0 font-semibold text-stone-800">{money(p.price)}</span>
              </li>
            ))}
          </ul>
          <p aria-live="polite" className="px-3 py-2 text-xs text-stone-600 empty:hidden">
            {state.status === "error"
              ? describeError(state.error).message
              : !loading && results.length === 0
                ? `No products match “${q}”.`
                : !loading && state.data && state.data.count > results.length
                  ? `${state.data.count.toLocaleString("en-US")} matches; showing the best ${results.length}.`
                  : ""}
          </p>
          {!loading && state.status !== "error" && results.length > 0 && state.data && (
            <Link
              href={searchPath(q)}
              data-testid="search-see-all"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => setOpen(false)}
              className="block border-t border-stone-200 px-3 py-2 text-sm font-medium text-accent-700 hover:bg-accent-50"
            >
              See all {state.data.count.toLocaleString("en-US")} {state.data.count === 1 ? "result" : "results"}
            </Link>
          )}
        </div>
      )}
    </div>
  );
}
