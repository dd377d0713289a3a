import { Compass } from "lucide-react";
import { Link } from "../components/Link";

/** NotFound is the in-app page for unknown paths and missing products. */
export function NotFound({ what = "page" }: { what?: "page" | "product" }) {
  return (
    <div data-testid="not-found" className="mx-auto flex max-w-md flex-col items-center gap-3 py-16 text-center">
      <Compass aria-hidden className="size-12 text-accent-600" strokeWidth={1.5} />
      <h1 className="text-2xl font-bold text-stone-900">
        {what === "product" ? "This product is not on the shelf" : "Page not found"}
      </h1>
      <p className="text-stone-600">
        {what === "product"
          ? "It may have been removed, or the link is mistyped."
          : "The address does not match anything in the shop."}
      </p>
      <Link
        href="/"
        className="mt-2 rounded-xl bg-accent-600 px-4 py-2 text-sm font-semibold text-white hover:bg-accent-700"
      >
        Back to the shop
      </Link>
    </div>
  );
}
