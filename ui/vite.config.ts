// Vite builds the storefront into dist/, which the Go binary embeds. The
// build must be byte-reproducible (CI rebuilds and diffs dist/), so there are
// no source maps and nothing time- or machine-dependent in the output.
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";

export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: {
    proxy: {
      "/api": "http://127.0.0.1:8080",
    },
  },
  build: {
    outDir: "dist",
    assetsDir: "assets",
    sourcemap: false,
    emptyOutDir: true,
    // The admin chunk carries the chart library (~500 kB of its ~630 kB,
    // about 170 kB gzipped); it loads only on /admin pages, so shoppers
    // never download it.
    chunkSizeWarningLimit: 700,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
