import { ApiError, type RelatedProduct } from "../api";
import { useAsync } from "../hooks/useAsync";
import { ErrorMessage } from "./ErrorMessage";
import { ProductCard } from "./ProductCard";
import { CardSkeleton } from "./Skeleton";

/**
 * RelatedSection lists products related to one product. It hides itself on a
 * 404 (the endpoint may not exist yet) and when the list is empty.
 */
export function RelatedSection({
  title,
  load,
  deps,
  skeletons,
  testId,
}: {
  title: string;
  load: (signal: AbortSignal) => Promise<RelatedProduct[]>;
  deps: unknown[];
  skeletons: number;
  testId: string;
}) {
  const state = useAsync(load, deps);
  if (state.status === "error" && state.error instanceof ApiError && state.error.isNotFound) return null;
  if (state.status === "success" && state.data.length === 0) return null;
  return (
    <section data-testid={testId} aria-label={title} className="space-y-3">
      <h2 className="text-lg font-semibold text-stone-900">{title}</h2>
      {state.status === "error" && <ErrorMessage error={state.error} onRetry={state.reload} />}
      {state.status === "loading" && (
        <div className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
          {Array.from({ length: skeletons }, (_, i) => (
            <CardSkeleton key={i} />
          ))}
        </div>
      )}
      {state.status === "success" && (
        <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
          {state.data.map((p) => (
            <li key={p.id}>
              <ProductCard
                id={p.id}
                name={p.name}
                category={p.category}
                price={p.price}
                imageUrl={p.image_url}
                className="h-full"
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
