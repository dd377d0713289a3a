import { useEffect, useId, useState } from "react";
import { X } from "lucide-react";
import { listCategories } from "../api";
import { useAsync } from "../hooks/useAsync";
import { useDebounce } from "../hooks/useDebounce";
import { parsePriceInput } from "../lib/format";
import { DEFAULT_FILTERS, SORTS } from "../lib/catalogQuery";

const field =
  "w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm focus:border-accent-500 aria-[invalid=true]:border-red-400";

/** FilterFields are what Filters edits: the catalog's filters, or a search's (which sorts differently). */
export interface FilterFields {
  category: string;
  minPrice: string;
  maxPrice: string;
  sort: string;
  page: number;
}

/**
 * Filters edits the catalog filters (or a search's, given its sorts and
 * default sort); price boxes apply once typing pauses and the value is valid.
 */
export function Filters<F extends FilterFields>({
  value,
  onChange,
  sorts = SORTS,
  defaultSort = DEFAULT_FILTERS.sort,
}: {
  value: F;
  onChange: (f: F) => void;
  sorts?: { value: F["sort"]; label: string }[];
  defaultSort?: F["sort"];
}) {
  const id = useId();
  const cats = useAsync((signal) => listCategories({ signal }), []);
  const [min, setMin] = useState(value.minPrice);
  const [max, setMax] = useState(value.maxPrice);
  const dMin = useDebounce(min, 400);
  const dMax = useDebounce(max, 400);
  const pMin = parsePriceInput(min);
  const pMax = parsePriceInput(max);
  const rangeError =
    pMin.ok && pMax.ok && pMin.value !== "" && pMax.value !== "" && Number(pMin.value) > Number(pMax.value)
      ? "The minimum is above the maximum."
      : "";

  // Follow outside changes (clear filters, back button) into the boxes.
  useEffect(() => setMin(value.minPrice), [value.minPrice]);
  useEffect(() => setMax(value.maxPrice), [value.maxPrice]);

  useEffect(() => {
    const a = parsePriceInput(dMin);
    const b = parsePriceInput(dMax);
    if (!a.ok || !b.ok) return;
    if (a.value !== "" && b.value !== "" && Number(a.value) > Number(b.value)) return;
    if (a.value === value.minPrice && b.value === value.maxPrice) return;
    onChange({ ...value, minPrice: a.value, maxPrice: b.value, page: 1 });
    // Only the debounced boxes trigger this; value and onChange are read fresh.
  }, [dMin, dMax]);

  const filtered =
    value.category !== "" || value.minPrice !== "" || value.maxPrice !== "" || value.sort !== defaultSort;
  const categories = cats.data?.categories ?? [];

  return (
    <div className="grid grid-cols-2 gap-3 rounded-2xl border border-stone-200 bg-white p-4 md:grid-cols-[2fr_1fr_1fr_2fr_auto] md:items-start">
      <div className="col-span-2 md:col-span-1">
        <label htmlFor={`${id}-cat`} className="mb-1 block text-xs font-medium text-stone-600">
          Category
        </label>
        <select
          id={`${id}-cat`}
          data-testid="category-filter"
          value={value.category}
          onChange={(e) => onChange({ ...value, category: e.target.value, page: 1 })}
          className={field}
        >
          <option value="">All categories</option>
          {categories.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name} ({c.product_count})
            </option>
          ))}
          {value.category && !categories.some((c) => c.name === value.category) && (
            <option value={value.category}>{value.category}</option>
          )}
        </select>
        {cats.status === "error" && <p className="mt-1 text-xs text-red-700">Categories could not be loaded.</p>}
      </div>
      <div>
        <label htmlFor={`${id}-min`} className="mb-1 block text-xs font-medium text-stone-600">
          Min price
        </label>
        <input
          id={`${id}-min`}
          data-testid="min-price"
          inputMode="decimal"
          placeholder="0.00"
          value={min}
          onChange={(e) => setMin(e.target.value)}
          aria-invalid={!pMin.ok || rangeError !== ""}
          aria-describedby={`${id}-price-err`}
          className={field}
        />
      </div>
      <div>
        <label htmlFor={`${id}-max`} className="mb-1 block text-xs font-medium text-stone-600">
          Max price
        </label>
        <input
          id={`${id}-max`}
          data-testid="max-price"
          inputMode="decimal"
          placeholder="any"
          value={max}
          onChange={(e) => setMax(e.target.value)}
          aria-invalid={!pMax.ok || rangeError !== ""}
          aria-describedby={`${id}-price-err`}
          className={field}
        />
      </div>
      <div className="col-span-2 md:col-span-1">
        <label htmlFor={`${id}-sort`} className="mb-1 block text-xs font-medium text-stone-600">
          Sort by
        </label>
        <select
          id={`${id}-sort`}
          data-testid="sort-select"
          value={value.sort}
          onChange={(e) => onChange({ ...value, sort: e.target.value as F["sort"], page: 1 })}
          className={field}
        >
          {sorts.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <button
        type="button"
        disabled={!filtered}
        onClick={() => onChange({ ...value, category: "", minPrice: "", maxPrice: "", sort: defaultSort, page: 1 })}
        className="col-span-2 inline-flex items-center justify-center gap-1 rounded-lg border border-stone-300 px-3 py-2 text-sm text-stone-700 hover:bg-stone-100 disabled:opacity-40 md:col-span-1 md:mt-5"
      >
        <X aria-hidden className="size-4" /> Clear
      </button>
      <p
        id={`${id}-price-err`}
        role="status"
        className="col-span-2 flex items-center gap-1 text-xs text-red-700 empty:hidden md:col-span-5"
      >
        {!pMin.ok ? `Min price: ${pMin.error}` : !pMax.ok ? `Max price: ${pMax.error}` : rangeError}
      </p>
    </div>
  );
}
