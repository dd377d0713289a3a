import type { MouseEvent, ReactNode } from "react";
import { productPath } from "../lib/route";
import { Link, isInAppClick } from "./Link";
import { ProductThumb } from "./ProductThumb";
import { useMoney } from "../shopSettings";

/**
 * ProductCard links to a product page; extra shows below the price. onOpen
 * runs when a click opens the product here (not in another tab), before the
 * page changes: a recommendation list notes its id for the view it causes.
 */
export function ProductCard({
  id,
  name,
  category,
  price,
  imageUrl,
  testId,
  extra,
  className = "",
  onOpen,
}: {
  id: number;
  /** name is the product's name, or its name with marks (a search's matched words). */
  name: ReactNode;
  category: string;
  price: number;
  imageUrl?: string;
  testId?: string;
  extra?: ReactNode;
  className?: string;
  onOpen?: () => void;
}) {
  const money = useMoney();
  return (
    <article
      data-testid={testId ?? `product-card-${id}`}
      className={`group relative flex flex-col gap-3 rounded-2xl border border-stone-200 bg-white p-3 shadow-xs transition hover:shadow-md has-[a:focus-visible]:ring-2 has-[a:focus-visible]:ring-accent-600 ${className}`}
    >
      <ProductThumb category={category} imageUrl={imageUrl} className="aspect-[4/3] w-full" />
      <div className="flex flex-1 flex-col gap-1 px-1">
        <h3 className="line-clamp-2 text-sm font-medium text-stone-900">
          <Link
            href={productPath(id)}
            onClick={onOpen ? (e: MouseEvent<HTMLAnchorElement>) => isInAppClick(e) && onOpen() : undefined}
            className="after:absolute after:inset-0 after:rounded-2xl after:content-[''] focus-visible:outline-none"
          >
            {name}
          </Link>
        </h3>
        {category && <p className="text-xs text-stone-600">{category}</p>}
        <p className="mt-auto pt-1 text-base font-semibold text-stone-900">{money(price)}</p>
      </div>
      {extra && <div className="relative z-10 px-1">{extra}</div>}
    </article>
  );
}
