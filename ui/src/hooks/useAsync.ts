import { useCallback, useEffect, useState, type DependencyList } from "react";
import { isAbort } from "../api";

/** AsyncState is the state of one load: loading, done with data, or failed. */
export type AsyncState<T> =
  | { status: "loading"; data?: T; error?: undefined }
  | { status: "success"; data: T; error?: undefined }
  | { status: "error"; data?: T; error: unknown };

/**
 * useAsync runs load whenever deps change, aborting the previous call so a
 * slow old answer never overwrites a newer one. reload runs it again. With
 * keepData, the previous data stays available while loading so a refreshing
 * list does not flash empty.
 */
export function useAsync<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  keepData = false,
): AsyncState<T> & { reload: () => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: "loading" });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    setState((s) => ({ status: "loading", data: keepData ? s.data : undefined }));
    load(ctl.signal).then(
      (data) => {
        if (!ctl.signal.aborted) setState({ status: "success", data });
      },
      (error: unknown) => {
        if (ctl.signal.aborted || isAbort(error)) return;
        setState((s) => ({ status: "error", error, data: keepData ? s.data : undefined }));
      },
    );
    return () => ctl.abort();
    // load is a fresh closure every render; the caller lists its inputs in deps.
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
