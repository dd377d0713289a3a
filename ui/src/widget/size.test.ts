// @vitest-environment node
// The built widget (dist/widget.js, committed, and rebuilt and compared by
// CI) stays one small classic script: a shop's every page loads it.
import { describe, expect, it } from "vitest";
import js from "../../dist/widget.js?raw";

/** MAX_GZIP is the widget's budget, gzipped. */
const MAX_GZIP = 15 * 1024;

async function gzipSize(text: string): Promise<number> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

describe("dist/widget.js", () => {
  it(`is at most ${MAX_GZIP / 1024} KB gzipped`, async () => {
    const size = await gzipSize(js);
    expect(size, `widget.js is ${size} bytes gzipped`).toBeLessThanOrEqual(MAX_GZIP);
    expect(size).toBeGreaterThan(1000); // the real build, not an empty file
  });
  it("is one classic script with nothing to import", () => {
    expect(js.startsWith("(function(){")).toBe(true);
    expect(js).not.toMatch(/\bimport\s*[({"'`]|^\s*export\s/m);
  });
});
