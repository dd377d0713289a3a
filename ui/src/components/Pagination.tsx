import { ChevronLeft, ChevronRight } from "lucide-react";

/** pageCount is the number of pages for count items (at least 1, so "page 1 of 1" for an empty list). */
export function pageCount(count: number, pageSize: number): number {
  if (!Number.isFinite(count) || count <= 0 || pageSize <= 0) return 1;
  return Math.ceil(count / pageSize);
}

/**
 * pageItems lists the page buttons to show: always the first and last page,
 * the current page with one neighbour each side, and "gap" where pages are
 * skipped, e.g. 1 … 4 5 6 … 20.
 */
export function pageItems(current: number, total: number): (number | "gap")[] {
  if (total <= 7) return Array.from({ length: total }, (_, i) => i + 1);
  const pages = new Set([1, total, current - 1, current, current + 1]);
  // Near an end, show five pages there so the row keeps its width.
  if (current <= 4) [2, 3, 4, 5].forEach((p) => pages.add(p));
  if (current >= total - 3) [total - 4, total - 3, total - 2, total - 1].forEach((p) => pages.add(p));
  const sorted = [...pages].filter((p) => p >= 1 && p <= total).sort((a, b) => a - b);
  const out: (number | "gap")[] = [];
  sorted.forEach((p, i) => {
    if (i > 0 && p - sorted[i - 1] > 1) out.push("gap");
    out.push(p);
  });
  return out;
}

/**
 * Pagination moves between pages of a list. The API's `next` link decides
 * whether there is a next page (hasNext); `count` gives the page total.
 */
export function Pagination({
  page,
  pageSize,
  count,
  hasNext,
  onPage,
  noun = "products",
}: {
  page: number;
  pageSize: number;
  count: number;
  hasNext: boolean;
  onPage: (page: number) => void;
  /** noun names what is counted in the footer line. */
  noun?: string;
}) {
  const total = Math.max(pageCount(count, pageSize), page);
  if (total <= 1 && !hasNext) return null;
  const btn =
    "min-w-9 items-center justify-center gap-1 rounded-lg border px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-40";
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-center gap-1.5" data-testid="pagination">
      <button
        type="button"
        className={`${btn} inline-flex border-stone-300 bg-white text-stone-700 hover:bg-stone-100`}
        disabled={page <= 1}
        onClick={() => onPage(page - 1)}
        aria-label="Previous page"
      >
        <ChevronLeft aria-hidden className="size-4" />
        <span className="hidden sm:inline">Previous</span>
      </button>
      {pageItems(page, total).map((p, i) =>
        p === "gap" ? (
          <span key={`gap${i}`} aria-hidden className="hidden px-1 text-stone-400 sm:inline">
            …
          </span>
        ) : (
          <button
            key={p}
            type="button"
            onClick={() => onPage(p)}
            aria-label={`Page ${p}`}
            aria-current={p === page ? "page" : undefined}
            className={`${btn} ${
              p === page
                ? "inline-flex border-accent-600 bg-accent-600 text-white"
                : "hidden border-stone-300 bg-white text-stone-700 hover:bg-stone-100 sm:inline-flex"
            }`}
          >
            {p}
          </button>
        ),
      )}
      <button
        type="button"
        className={`${btn} inline-flex border-stone-300 bg-white text-stone-700 hover:bg-stone-100`}
        disabled={!hasNext}
        onClick={() => onPage(page + 1)}
        aria-label="Next page"
      >
        <span className="hidden sm:inline">Next</span>
        <ChevronRight aria-hidden className="size-4" />
      </button>
      <p className="w-full text-center text-xs text-stone-500">
        Page {page} of {total} · {count.toLocaleString("en-US")} {noun}
      </p>
    </nav>
  );
}
