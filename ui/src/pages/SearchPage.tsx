import { useCallback, useEffect } from "react";
import { search } from "../api";
import { EmptyState } from "../components/EmptyState";
import { ErrorMessage } from "../components/ErrorMessage";
import { Filters } from "../components/Filters";
import { Highlighted } from "../components/Highlighted";
import { Pagination } from "../components/Pagination";
import { ProductCard } from "../components/ProductCard";
import { CardSkeleton } from "../components/Skeleton";
import { useAsync } from "../hooks/useAsync";
import { navigate, useLocation } from "../hooks/useLocation";
import { snippet, termSet } from "../lib/highlight";
import { shopperToken } from "../lib/identity";
import { SEARCH_SORTS, parseSearch, searchURL, type SearchState } from "../lib/searchQuery";
import { useShop } from "../shop";

/** SEARCH_PAGE_SIZE is the number of results per page. */
export const SEARCH_PAGE_SIZE = 24;

/** SearchPage shows every result of a query, filtered, sorted and paged, all in the URL (/search?q=…). */
export function SearchPage() {
  const { search: qs } = useLocation();
  const state = parseSearch(qs);
  const { q, category, minPrice, maxPrice, sort, page } = state;
  const { shopper } = useShop();
  const userId = shopper?.id ?? null;
  // Filters replace the URL (typing a price does not flood history); pages push it.
  const setState = useCallback((s: SearchState, push = false) => navigate(searchURL(s), { replace: !push }), []);
  const res = useAsync(
    async (signal) => {
      if (!q.trim()) return null;
      const tok = userId === null ? undefined : await shopperToken(userId);
      return search(
        q,
        tok ? userId : null,
        page,
        SEARCH_PAGE_SIZE,
        { signal, shopperToken: tok },
        {
          category,
          min_price: minPrice,
          max_price: maxPrice,
          sort,
        },
      );
    },
    [q, userId, category, minPrice, maxPrice, sort, page],
    true,
  );
  useEffect(() => {
    document.title = q ? `“${q}” · shelf` : "Search · shelf";
  }, [q]);
  const data = res.data;
  const terms = termSet(data?.terms);

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight text-stone-900 sm:text-3xl">
          {q ? `Results for “${q}”` : "Search"}
        </h1>
        <p role="status" className="text-sm text-stone-600" data-testid="search-summary">
          {data?.corrected && (
            <span data-testid="search-corrected" className="mr-2 block">
              Showing results for <strong className="font-semibold text-stone-900">{data.corrected}</strong>
            </span>
          )}
          {!q.trim()
            ? "Type a search in the box above."
            : data
              ? `${data.count.toLocaleString("en-US")} ${data.count === 1 ? "product" : "products"} found`
              : "Searching…"}
        </p>
      </div>
      <Filters value={state} onChange={(s) => setState(s)} sorts={SEARCH_SORTS} defaultSort="relevance" />
      {res.status === "error" ? (
        <ErrorMessage error={res.error} title="Could not search" onRetry={res.reload} />
      ) : !q.trim() ? null : !data ? (
        <div className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4" aria-busy="true" aria-label="Searching">
          {Array.from({ length: 8 }, (_, i) => (
            <CardSkeleton key={i} />
          ))}
        </div>
      ) : data.products.length === 0 ? (
        <EmptyState title={page > 1 ? `There is no page ${page} of these results` : `No products match “${q}”`}>
          {(page > 1 || category || minPrice || maxPrice) && (
            <button
              type="button"
              onClick={() => setState({ ...state, category: "", minPrice: "", maxPrice: "", page: 1 })}
              className="mt-1 font-medium text-accent-700 hover:underline"
            >
              Search without the filters
            </button>
          )}
        </EmptyState>
      ) : (
        <div className="space-y-6">
          <ul
            aria-busy={res.status === "loading"}
            data-testid="search-results"
            className={`grid grid-cols-2 gap-4 transition-opacity sm:grid-cols-3 lg:grid-cols-4 ${
              res.status === "loading" ? "opacity-60" : ""
            }`}
          >
            {data.products.map((p) => (
              <li key={p.id}>
                <ProductCard
                  id={p.id}
                  name={<Highlighted text={p.name} terms={terms} />}
                  category={p.category}
                  price={p.price}
                  imageUrl={p.image_url}
                  testId={`search-card-${p.id}`}
                  className="h-full"
                  extra={
                    p.description && (
                      <p className="line-clamp-3 text-xs text-stone-600">
                        <Highlighted text={snippet(p.description, terms)} terms={terms} />
                      </p>
                    )
                  }
                />
              </li>
            ))}
          </ul>
          <Pagination
            page={page}
            pageSize={SEARCH_PAGE_SIZE}
            count={data.count}
            hasNext={data.next != null}
            noun={data.count === 1 ? "result" : "results"}
            onPage={(p) => setState({ ...state, page: p }, true)}
          />
        </div>
      )}
    </div>
  );
}
