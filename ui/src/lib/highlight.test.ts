import { describe, expect, it } from "vitest";
import { foldWord, highlight, snippet, termSet } from "./highlight";

const marked = (text: string, terms: string[]) =>
  highlight(text, new Set(terms))
    .filter((s) => s.mark)
    .map((s) => s.text);

describe("search highlighting", () => {
  it("folds words as the index does", () => {
    expect(foldWord("Café")).toBe("cafe");
    expect(foldWord("Men’s")).toBe("mens");
    expect(foldWord("Straße")).toBe("strasse");
  });

  it("marks the words the server matched, stems, prefixes and typos alike", () => {
    // "hedphones" matched "headphones" by typo, "run" matched "running" by stem.
    expect(marked("Wireless Headphones, for running", ["headphones", "running"])).toEqual(["Headphones", "running"]);
    expect(marked("Crème café pods", ["cafe"])).toEqual(["café"]);
    expect(marked("Headphone stand", ["headphones"])).toEqual([]);
  });

  it("keeps every character of the text, in order", () => {
    const text = "Noise-cancelling   earbuds (2-pack)!";
    const segs = highlight(text, new Set(["earbuds", "2"]));
    expect(segs.map((s) => s.text).join("")).toBe(text);
    expect(segs.filter((s) => s.mark).map((s) => s.text)).toEqual(["earbuds", "2"]);
  });

  it("flattens the terms of every query word", () => {
    expect([...termSet([{ matches: ["a", "b"] }, { matches: ["c"] }])]).toEqual(["a", "b", "c"]);
    expect(termSet(undefined).size).toBe(0);
  });

  it("cuts a long description around its first match", () => {
    const long = `${"filler words here ".repeat(20)}with headphones inside ${"and more words ".repeat(20)}`;
    const s = snippet(long, new Set(["headphones"]), 80);
    expect(s).toContain("headphones");
    expect(s.startsWith("…")).toBe(true);
    expect(s.endsWith("…")).toBe(true);
    expect(s.length).toBeLessThanOrEqual(82);
    expect(snippet("short", new Set())).toBe("short");
  });
});
