// Test setup: unmount rendered trees and reset storage between tests, since
// globals are off and testing-library cannot register its own cleanup.
import { afterEach } from "vitest";
import { cleanup } from "@testing-library/react";

afterEach(() => {
  cleanup();
  if (typeof localStorage !== "undefined") localStorage.clear();
});

// jsdom has no ResizeObserver, which the chart library's responsive container needs.
if (typeof window !== "undefined" && !("ResizeObserver" in window)) {
  class ResizeObserverStub {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = ResizeObserverStub;
}

// jsdom does not implement scrolling; navigation scrolls to the top.
if (typeof window !== "undefined") window.scrollTo = () => {};
