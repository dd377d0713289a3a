// The catalog's filters live in the URL's query string, so a filtered page
// can be shared and survives going to a product and back.
import type { ProductSort } from "../api";

/** CatalogFilters are the product grid's filters and page. */
export interface CatalogFilters {
  category: string;
  minPrice: string;
  maxPrice: string;
  sort: ProductSort;
  page: number;
}

/** SORTS lists the sort orders with their labels, in menu order. */
export const SORTS: { value: ProductSort; label: string }[] = [
  { value: "newest", label: "Newest" },
  { value: "price", label: "Price: low to high" },
  { value: "-price", label: "Price: high to low" },
  { value: "popular", label: "Most popular" },
];

/** DEFAULT_FILTERS is the unfiltered first page. */
export const DEFAULT_FILTERS: CatalogFilters = { category: "", minPrice: "", maxPrice: "", sort: "newest", page: 1 };

/** parseFilters reads filters from a query string, ignoring anything malformed. */
export function parseFilters(search: string): CatalogFilters {
  const q = new URLSearchParams(search);
  const sort = q.get("sort") ?? "";
  const page = Number(q.get("page"));
  return {
    category: q.get("category") ?? "",
    minPrice: q.get("min_price") ?? "",
    maxPrice: q.get("max_price") ?? "",
    sort: SORTS.some((s) => s.value === sort) ? (sort as ProductSort) : "newest",
    page: Number.isSafeInteger(page) && page > 0 ? page : 1,
  };
}

/** filtersToSearch writes filters as a query string, leaving defaults out. */
export function filtersToSearch(f: CatalogFilters): string {
  const q = new URLSearchParams();
  if (f.category) q.set("category", f.category);
  if (f.minPrice) q.set("min_price", f.minPrice);
  if (f.maxPrice) q.set("max_price", f.maxPrice);
  if (f.sort !== "newest") q.set("sort", f.sort);
  if (f.page > 1) q.set("page", String(f.page));
  const s = q.toString();
  return s ? `?${s}` : "";
}
