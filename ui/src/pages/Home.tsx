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
