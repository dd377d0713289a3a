import { useId, useState } from "react";
import { RotateCw } from "lucide-react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { useAsync } from "../../hooks/useAsync";
import { useDebounce } from "../../hooks/useDebounce";
import { useAdmin } from "../context";
import { compareLists, needsSubject, type Mark, type MarkedItem } from "../lib/preview";
import type { Placement } from "../types";
import { ShopperSearch, type Shopper } from "./ShopperSearch";
import { BUTTON_SECONDARY, TextField } from "./ui";
import { useMoney } from "../../shopSettings";

const MARKS: Record<Mark, { text: (m: MarkedItem) => string; className: string }> = {
  pinned: { text: () => "Pinned", className: "bg-accent-100 text-accent-700" },
  boosted: { text: () => "Boosted", className: "bg-emerald-100 text-emerald-900" },
  buried: { text: () => "Buried", className: "bg-amber-100 text-amber-900" },
  new: { text: () => "New", className: "bg-sky-100 text-sky-900" },
  gone: { text: () => "Gone after", className: "bg-red-100 text-red-800" },
  up: { text: (m) => `Up ${m.moved}`, className: "bg-stone-100 text-stone-700" },
  down: { text: (m) => `Down ${-m.moved}`, className: "bg-stone-100 text-stone-700" },
};

/**
 * PlacementPreview shows, for a chosen shopper or product, the list the
 * placement's strategy gives without the placement ("before") and with the
 * saved placement ("after"), marking what the rules did.
 */
export function PlacementPreview({
  placement,
  dirty,
  version,
}: {
  placement: Placement;
  /** dirty says the form has changes the preview does not show yet. */
  dirty: boolean;
  /** version changes after every save, so the preview asks again. */
  version: number;
}) {
  const { client } = useAdmin();
  const id = useId();
  const kind = needsSubject(placement.strategy);
  const [shopper, setShopper] = useState<Shopper | null>(null);
  const [productText, setProductText] = useState("");
  const productRaw = useDebounce(productText.trim(), 300);
  const productOk = /^\d+$/.test(productRaw) && Number(productRaw) > 0;
  const subject = kind === "shopper" ? shopper?.id : kind === "product" && productOk ? Number(productRaw) : undefined;
  const ready = kind === null || subject !== undefined;
  const lists = useAsync(
    async (signal) => {
      if (!ready) return null;
      const [before, after] = await Promise.all([
        client.previewList(placement, subject, undefined, signal),
        client.previewList(placement, subject, placement.name, signal),
      ]);
      return compareLists(before, after);
    },
    [client, placement, subject, ready, version],
    true,
  );

  return (
    <div className="space-y-4" data-testid="placement-preview">
      <p className="text-sm text-stone-600">
        <strong className="font-medium text-stone-800">Before</strong> is the list as the recommender ranks it;{" "}
        <strong className="font-medium text-stone-800">after</strong> is the same list shaped by this placement as it is
        saved.
      </p>
      {dirty && (
        <p role="status" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
          You have changes that are not saved: the preview shows the saved placement. Save to preview them.
        </p>
      )}
      <div className="flex flex-wrap items-end justify-between gap-3">
        {kind === "shopper" && <ShopperSearch value={shopper} onChange={setShopper} />}
        {kind === "product" && (
          <div className="w-full max-w-xs">
            <TextField
              id={`${id}-product`}
              label="Product id"
              inputMode="numeric"
              hint="The product whose page shows the list."
              value={productText}
              error={
                productText.trim() && productRaw === productText.trim() && !productOk
                  ? "Enter a product id, such as 12."
                  : undefined
              }
              onChange={(e) => setProductText(e.target.value)}
              data-testid="preview-product"
            />
          </div>
        )}
        {kind === null && <p className="text-sm text-stone-600">Trending lists are the same for every shopper.</p>}
        {ready && (
          <button
            type="button"
            className={BUTTON_SECONDARY}
            onClick={lists.reload}
            disabled={lists.status === "loading"}
          >
            <RotateCw aria-hidden className="size-4" /> Refresh the preview
          </button>
        )}
      </div>
      {!ready && (
        <p className="text-sm text-stone-600">
          {kind === "shopper" ? "Choose a shopper to see their list." : "Enter a product id to see its list."}
        </p>
      )}
      {lists.status === "error" && (
        <ErrorMessage error={lists.error} title="Could not load the preview" onRetry={lists.reload} />
      )}
      {ready && lists.status === "loading" && !lists.data && (
        <p className="text-sm text-stone-600" aria-live="polite">
          Loading the preview…
        </p>
      )}
      {ready && lists.data && (
        <div
          className={`grid gap-4 md:grid-cols-2 ${lists.status === "loading" ? "opacity-70" : ""}`}
          aria-busy={lists.status === "loading"}
        >
          <PreviewColumn title="Before" note="Without the placement" items={lists.data.before} side="before" />
          <PreviewColumn title="After" note="With the placement" items={lists.data.after} side="after" />
        </div>
      )}
    </div>
  );
}

function PreviewColumn({
  title,
  note,
  items,
  side,
}: {
  title: string;
  note: string;
  items: MarkedItem[];
  side: "before" | "after";
}) {
  const money = useMoney();
  const headingId = useId();
  return (
    <section
      aria-labelledby={headingId}
      className="min-w-0 rounded-xl border border-stone-200 p-3"
      data-testid={`preview-${side}`}
    >
      <h3 id={headingId} className="font-semibold text-stone-900">
        {title} <span className="text-sm font-normal text-stone-600">{note}</span>
      </h3>
      {items.length === 0 ? (
        <p className="mt-2 text-sm text-stone-600">The list is empty.</p>
      ) : (
        <ol className="mt-2 divide-y divide-stone-100">
          {items.map((m) => (
            <li
              key={m.item.id}
              className="flex items-start gap-2 py-2 text-sm"
              data-testid={`preview-${side}-${m.item.id}`}
              data-marks={m.marks.join(" ")}
            >
              <span className="w-6 shrink-0 text-right text-stone-600 tabular-nums">{m.position}.</span>
              <div className="min-w-0 flex-1">
                <p className="break-words text-stone-900">
                  {m.item.name || `Product ${m.item.id}`} <span className="text-xs text-stone-600">#{m.item.id}</span>
                </p>
                <p className="text-xs text-stone-600">
                  {[m.item.category, m.item.brand, money(m.item.price)].filter(Boolean).join(" · ")}
                </p>
              </div>
              {m.marks.length > 0 && (
                <ul className="flex shrink-0 flex-wrap justify-end gap-1" aria-label="Changes">
                  {m.marks.map((k) => (
                    <li key={k} className={`rounded-full px-2 py-0.5 text-xs font-medium ${MARKS[k].className}`}>
                      {MARKS[k].text(m)}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
