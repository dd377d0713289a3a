// Test setup: unmount rendered trees and reset storage between tests, since
// globals are off and testing-library cannot register its own cleanup.
import { afterEach } from "vitest";
import { cleanup } from "@testing-library/react";

afterEach(() => {
  cleanup();
  if (typeof localStorage !== "undefined") localStorage.clear();
});
