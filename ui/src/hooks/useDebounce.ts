import { useEffect, useState } from "react";

/**
 * useDebounce returns value once it has stopped changing for delayMs, so a
 * search box sends one request per pause in typing, not one per key.
 */
export function useDebounce<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(t);
  }, [value, delayMs]);
  return debounced;
}
