import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useDebounce } from "./useDebounce";

describe("useDebounce", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("returns the first value at once", () => {
    const { result } = renderHook(() => useDebounce("a", 250));
    expect(result.current).toBe("a");
  });

  it("updates only after the value has been still for the delay", () => {
    const { result, rerender } = renderHook(({ v }) => useDebounce(v, 250), { initialProps: { v: "a" } });
    rerender({ v: "ab" });
    act(() => vi.advanceTimersByTime(200));
    expect(result.current).toBe("a");
    // Another key press restarts the wait.
    rerender({ v: "abc" });
    act(() => vi.advanceTimersByTime(200));
    expect(result.current).toBe("a");
    act(() => vi.advanceTimersByTime(49));
    expect(result.current).toBe("a");
    act(() => vi.advanceTimersByTime(1));
    expect(result.current).toBe("abc");
  });

  it("skips intermediate values", () => {
    const seen: string[] = [];
    const { rerender } = renderHook(
      ({ v }) => {
        const d = useDebounce(v, 100);
        if (seen[seen.length - 1] !== d) seen.push(d);
        return d;
      },
      { initialProps: { v: "" } },
    );
    for (const v of ["h", "he", "hea", "head"]) {
      rerender({ v });
      act(() => vi.advanceTimersByTime(30));
    }
    act(() => vi.advanceTimersByTime(100));
    expect(seen).toEqual(["", "head"]);
  });
});
