// Precompresses the built UI: every text file in dist/ (the app, its index.html
// and the widget) gets a .gz and a .br sibling, which shelf sends to browsers
// that accept them (api/static.go), so nothing is compressed per request.
//
// The output must be byte-reproducible, as CI rebuilds dist/ and diffs it with
// the committed one. Node's zlib is deterministic for given bytes and options;
// gzipSync writes no file name and a zero MTIME into the gzip header, and this
// pins the header's one machine-dependent byte, the OS (zlib writes the OS it
// was built for), to 255, "unknown". No new dependency: zlib is Node's own.
//
// A sibling is kept only when it is at most 90% of the original: a file that
// compression barely shrinks is better sent as it is, with one representation
// for caches to hold. A sibling that no longer pays is removed.
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";

const dist = process.argv[2] ?? "dist";
const text = new Set([".js", ".mjs", ".css", ".html", ".svg", ".json", ".txt", ".xml", ".webmanifest"]);
const keepBelow = 0.9;

function gzip(data) {
  const out = gzipSync(data, { level: 9, memLevel: 9 });
  out[9] = 255; // the header's OS byte; the CRC in the trailer covers only the data
  return out;
}

function brotli(data) {
  return brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
}

const files = readdirSync(dist, { recursive: true })
  .map(String)
  .filter((f) => text.has(extname(f)))
  .sort();
for (const file of files) {
  const path = join(dist, file);
  const data = readFileSync(path);
  const sizes = [];
  for (const [ext, compress] of [
    [".gz", gzip],
    [".br", brotli],
  ]) {
    const packed = compress(data);
    if (packed.length <= data.length * keepBelow) {
      writeFileSync(path + ext, packed);
      sizes.push(`${ext.slice(1)} ${packed.length}`);
    } else {
      rmSync(path + ext, { force: true });
    }
  }
  console.log(`${file}: ${data.length} bytes${sizes.length ? ", " + sizes.join(", ") : ", sent as it is"}`);
}
