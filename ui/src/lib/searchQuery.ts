// The search results page keeps its query, filters, sort and page in the
// URL (/search?q=…), like the catalog, so a results page can be shared and
// survives going to a product and back.
import type { SearchSort } from "../api";

/** SearchState is the results page's query, filters, sort and page. */
export interface SearchState {
  q: string;
  category: string;
  minPrice: string;
  maxPrice: string;
  sort: SearchSort;
  page: number;
}

/** SEARCH_SORTS lists the search's orders with their labels, in menu order. */
export const SEARCH_SORTS: { value: SearchSort; label: string }[] = [
  { value: "relevance", label: "Best match" },
  { value: "price_asc", label: "Price: low to high" },
  { value: "price_desc", label: "Price: high to low" },
  { value: "newest", label: "Newest" },
];

/** parseSearch reads the results page's state from a query string, ignoring anything malformed. */
export function parseSearch(search: string): SearchState {
  const q = new URLSearchParams(search);
  const sort = q.get("sort") ?? "";
  const page = Number(q.get("page"));
  return {
    q: q.get("q") ?? "",
    category: q.get("category") ?? "",
    minPrice: q.get("min_price") ?? "",
    maxPrice: q.get("max_price") ?? "",
    sort: SEARCH_SORTS.some((s) => s.value === sort) ? (sort as SearchSort) : "relevance",
    page: Number.isSafeInteger(page) && page > 0 ? page : 1,
  };
}

/** searchURL is the results page of s, leaving defaults out. */
export function searchURL(s: SearchState): string {
  const q = new URLSearchParams({ q: s.q });
  if (s.category) q.set("category", s.category);
  if (s.minPrice) q.set("min_price", s.minPrice);
  if (s.maxPrice) q.set("max_price", s.maxPrice);
  if (s.sort !== "relevance") q.set("sort", s.sort);
  if (s.page > 1) q.set("page", String(s.page));
  return `/search?${q}`;
}
