import { listProducts } from "../api";
import { useAsync } from "../hooks/useAsync";
import type { CatalogFilters } from "../lib/catalogQuery";
import { EmptyState } from "./EmptyState";
import { ErrorMessage } from "./ErrorMessage";
import { Pagination } from "./Pagination";
import { ProductCard } from "./ProductCard";
import { CardSkeleton } from "./Skeleton";

/** PAGE_SIZE is the number of products per catalog page. */
export const PAGE_SIZE = 24;

/** ProductGrid shows one page of the filtered catalog with pagination. */
export function ProductGrid({
  filters,
  onPage,
  onClear,
}: {
  filters: CatalogFilters;
  onPage: (page: number) => void;
  onClear: () => void;
}) {
  const { category, minPrice, maxPrice, sort, page } = filters;
  const state = useAsync(
    (signal) =>
      listProducts(
        { category, min_price: minPrice, max_price: maxPrice, sort, page, page_size: PAGE_SIZE },
        { signal },
      ),
    [category, minPrice, maxPrice, sort, page],
    true,
  );
  const data = state.data;

  if (state.status === "error") {
    return <ErrorMessage error={state.error} title="Could not load products" onRetry={state.reload} />;
  }
  if (!data) {
    return (
      <div
        className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-5"
        aria-busy="true"
        aria-label="Loading products"
      >
        {Array.from({ length: 8 }, (_, i) => (
          <CardSkeleton key={i} />
        ))}
      </div>
    );
  }
  if (data.results.length === 0 && page > 1) {
    return (
      <EmptyState title={`There is no page ${page} for these filters`}>
        <button type="button" onClick={() => onPage(1)} className="mt-1 font-medium text-accent-700 hover:underline">
          Go to the first page
        </button>
      </EmptyState>
    );
  }
  if (data.results.length === 0) {
    return (
      <EmptyState title="No products match these filters">
        <button type="button" onClick={onClear} className="mt-1 font-medium text-accent-700 hover:underline">
          Clear the filters
        </button>
      </EmptyState>
    );
  }
  return (
    <div className="space-y-6">
      <ul
        aria-busy={state.status === "loading"}
        className={`grid grid-cols-2 gap-4 transition-opacity sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-5 ${
          state.status === "loading" ? "opacity-60" : ""
        }`}
      >
        {data.results.map((p) => (
          <li key={p.id}>
            <ProductCard
              id={p.id}
              name={p.name}
              category={p.category}
              price={p.price}
              imageUrl={p.image_url}
              className="h-full"
            />
          </li>
        ))}
      </ul>
      <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} hasNext={data.next != null} onPage={onPage} />
    </div>
  );
}
