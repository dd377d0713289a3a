/**
 * Price is an amount of money as shelf writes it: a decimal number with at
 * most two places, in the shop's currency (`19.9` is 19.90). JSON numbers
 * are JavaScript numbers, so add prices in cents (`Math.round(p * 100)`)
 * rather than as floats.
 */
export type Price = number;

/**
 * PriceInput is a price as shelf accepts it: a number with at most two
 * decimal places (`19.9`), or a string holding one (`"19.90"`). shelf
 * refuses more places with a 400, so a computed amount (`0.1 + 0.2`) should
 * be rounded first.
 */
export type PriceInput = number | string;

/** Product is one product of the shop's catalog, as GET /api/products/{id}/ answers. */
export interface Product {
  id: number;
  name: string;
  description: string;
  category: string;
  price: Price;
  /** When it was created, an RFC 3339 time. */
  created_at: string;
  /** Its picture: an http(s) URL or a path on shelf's host. */
  image_url?: string;
  /** Its page in the shop. */
  url?: string;
  brand?: string;
  tags?: string[];
  /** How many are in stock; absent when the shop does not track it. */
  stock?: number;
  /** `false` when hidden from shoppers; absent means active. */
  active?: boolean;
  /** Small facts such as `{"colour": "black"}`. */
  attributes?: Record<string, string>;
  /** The shop's stock-keeping units of the product, one per variant. */
  skus?: string[];
}

/** ProductQuery selects and orders a page of the catalog (GET /api/products/). */
export interface ProductQuery {
  category?: string;
  min_price?: PriceInput;
  max_price?: PriceInput;
  /** `newest` (the default), `price`, `-price` or `popular`. */
  sort?: "newest" | "price" | "-price" | "popular";
  /** From 1. */
  page?: number;
  /** At most 100; shelf's default is 20. */
  page_size?: number;
}

/** Page is one page of a listing. */
export interface Page<T> {
  results: T[];
  /** How many the whole listing has. */
  count: number;
  /** The path and query of the next page, null on the last. */
  next: string | null;
  /** The path and query of the previous page, null on the first. */
  previous: string | null;
}

/** SearchOptions personalise and page a search. */
export interface SearchOptions {
  /**
   * Rank with this customer's taste too; a publishable key needs the
   * customer's shopper token.
   */
  user_id?: number;
  page?: number;
  /** At most 100; shelf's default is 20. */
  page_size?: number;
}

/** SearchProduct is one search result. */
export interface SearchProduct {
  id: number;
  name: string;
  category: string;
  price: Price;
  description: string;
  image_url?: string;
  url?: string;
  brand?: string;
  tags?: string[];
  /** How well the text matches (BM25). */
  relevance_score: number;
  /** How well it fits the customer's taste; 0 without `user_id`. */
  personalization_score: number;
}

/**
 * SearchPage is the answer of GET /api/search/: a page like the other
 * listings, with its results under `products`.
 */
export interface SearchPage {
  products: SearchProduct[];
  count: number;
  next: string | null;
  previous: string | null;
}

/** Category is a category with how many products it has. */
export interface Category {
  name: string;
  product_count: number;
}
