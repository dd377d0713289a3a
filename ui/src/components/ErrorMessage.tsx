import { AlertTriangle, RotateCw } from "lucide-react";
import { ApiError } from "../api";

/** describeError turns anything thrown into a readable message and the API's field details. */
export function describeError(err: unknown): { message: string; details: [string, string][] } {
  if (err instanceof ApiError) return { message: err.message, details: Object.entries(err.details) };
  if (err instanceof Error && err.message) return { message: err.message, details: [] };
  return { message: "Something went wrong.", details: [] };
}

/** ErrorMessage shows a failed load with the API's error, its details and an optional retry. */
export function ErrorMessage({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const { message, details } = describeError(error);
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-900">
      <div className="flex items-start gap-3">
        <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0 text-red-600" />
        <div className="min-w-0 flex-1">
          {title && <p className="font-semibold">{title}</p>}
          <p>{message}</p>
          {details.length > 0 && (
            <ul className="mt-2 list-disc space-y-0.5 pl-5">
              {details.map(([field, reason]) => (
                <li key={field}>
                  <span className="font-mono text-xs">{field}</span>: {reason}
                </li>
              ))}
            </ul>
          )}
        </div>
        {onRetry && (
          <button
            type="button"
            onClick={onRetry}
            className="inline-flex shrink-0 items-center gap-1 rounded-lg border border-red-300 bg-white px-2.5 py-1 font-medium text-red-800 hover:bg-red-100"
          >
            <RotateCw aria-hidden className="size-3.5" /> Retry
          </button>
        )}
      </div>
    </div>
  );
}
