import { ApiError, type RelatedList } from "../api";
import { useShop } from "../shop";
import { useAsync } from "../hooks/useAsync";
import { ErrorMessage } from "./ErrorMessage";
import { ProductCard } from "./ProductCard";
import { CardSkeleton } from "./Skeleton";

/**
 * RelatedSection lists products related to one product. It hides itself on a
 * 404 (the endpoint may not exist yet) and when the list is empty. A click on
 * a product notes the list's recommendation_id for the view that follows.
 */
export function RelatedSection({
  title,
  load,
  deps,
  skeletons,
  testId,
}: {
  title: string;
  load: (signal: AbortSignal) => Promise<RelatedList>;
  deps: unknown[];
  skeletons: number;
  testId: string;
}) {
  const { noteClick } = useShop();
  const state = useAsync(load, deps);
  if (state.status === "error" && state.error instanceof ApiError && state.error.isNotFound) return null;
  if (state.status === "success" && state.data.products.length === 0) return null;
  const recommendationId = state.data?.recommendation_id;
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
          {state.data.products.map((p) => (
            <li key={p.id}>
              <ProductCard
                id={p.id}
                name={p.name}
                category={p.category}
                price={p.price}
                imageUrl={p.image_url}
                className="h-full"
                onOpen={recommendationId ? () => noteClick(p.id, recommendationId) : undefined}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
