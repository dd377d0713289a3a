/** Skeleton is a grey placeholder block shown while content loads. */
export function Skeleton({ className = "" }: { className?: string }) {
  return <div aria-hidden className={`animate-pulse rounded-md bg-stone-200 ${className}`} />;
}

/** CardSkeleton has the shape of a product card. */
export function CardSkeleton() {
  return (
    <div aria-hidden className="flex flex-col gap-3 rounded-2xl border border-stone-200 bg-white p-4">
      <Skeleton className="aspect-[4/3] w-full rounded-xl" />
      <Skeleton className="h-4 w-3/4" />
      <Skeleton className="h-3 w-1/3" />
      <Skeleton className="h-5 w-1/4" />
    </div>
  );
}
