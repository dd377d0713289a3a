// The storefront widget (src/widget) is built on its own into dist/widget.js:
// one classic script (an IIFE: a shop's page loads it with a plain script
// tag), with no hash in its name, since shops link to it by name and shelf
// serves it with a short cache lifetime instead. It runs after the app's
// build, into the same folder, so it must not empty it. Like the app's
// build it is byte-reproducible: no source maps, nothing time-dependent.
import { defineConfig } from "vite";

export default defineConfig({
  publicDir: false,
  build: {
    outDir: "dist",
    emptyOutDir: false,
    sourcemap: false,
    target: "es2020",
    minify: true,
    lib: {
      entry: "src/widget/main.ts",
      formats: ["iife"],
      name: "shelfWidget",
      fileName: () => "widget.js",
    },
  },
});
