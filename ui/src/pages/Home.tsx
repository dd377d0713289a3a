import { useCallback } from "react";
import { Filters } from "../components/Filters";
import { ProductGrid } from "../components/ProductGrid";
import { RecRail } from "../components/RecRail";
import { navigate, useLocation } from "../hooks/useLocation";
import { DEFAULT_FILTERS, filtersToSearch, parseFilters, type CatalogFilters } from "../lib/catalogQuery";

/** Home is the storefront: the recommendation rail above the filtered catalog. */
export function Home() {
  const { search } = useLocation();
  const filters = parseFilters(search);
  // Filters live in the URL: replace (not push) so typing does not flood history,
  // but push page changes so the back button walks pages.
  const setFilters = useCallback((f: CatalogFilters, push = false) => {
    const url = `/${filtersToSearch(f)}`;
    navigate(url, { replace: !push });
  }, []);
  const onPage = (page: number) => {
    setFilters({ ...filters, page }, true);
    document.getElementById("catalog")?.scrollIntoView({ block: "start" });
  };

  return (
    <div className="space-y-10">
      {/* The page's one h1: the header's shop name is a link, not the page's title. */}
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight text-stone-900 sm:text-3xl">Find your next favourite</h1>
        <p className="text-sm text-stone-600">Suggestions picked for you first, then the whole catalogue.</p>
      </div>
      <RecRail />
      <section id="catalog" aria-labelledby="catalog-title" className="scroll-mt-24 space-y-4">
        <h2 id="catalog-title" className="text-lg font-semibold text-stone-900">
          All products
        </h2>
        <Filters value={filters} onChange={(f) => setFilters(f)} />
        <ProductGrid filters={filters} onPage={onPage} onClear={() => setFilters(DEFAULT_FILTERS)} />
      </section>
    </div>
  );
}
