// Highlighting of the words a search matched. The server says which indexed
// words each query word matched (stems, prefixes, typos included), in its
// folded form; the page finds the words of a name or description that fold
// to one of them, as the index folds them.

/** A Segment is a run of text, marked when it is a matched word. */
export interface Segment {
  text: string;
  mark: boolean;
}

// A word is a run of letters and digits, with the apostrophes and combining
// marks inside it (as the index reads words).
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{Mn}'’ʼ]*/gu;

const SPECIAL: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ĳ: "ij",
  þ: "th",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  ħ: "h",
};

/** foldWord lower-cases w and folds Latin accents, as the search index does ("Café" is "cafe"). */
export function foldWord(w: string): string {
  return w
    .toLowerCase()
    .replace(/[ßæœĳþøłđðħ]/g, (c) => SPECIAL[c])
    .normalize("NFD")
    .replace(/[\p{Mn}'’ʼ]/gu, "");
}

/** termSet is every indexed word the query's words matched. */
export function termSet(terms: { matches: string[] }[] | undefined): Set<string> {
  return new Set((terms ?? []).flatMap((t) => t.matches));
}

/** highlight splits text into runs, marking the words that fold to one of terms. */
export function highlight(text: string, terms: Set<string>): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  const push = (s: string, mark: boolean) => {
    if (!s) return;
    const last = out[out.length - 1];
    if (last && last.mark === mark && !mark) last.text += s;
    else out.push({ text: s, mark });
  };
  for (const m of text.matchAll(WORD)) {
    const i = m.index ?? 0;
    const hit = terms.has(foldWord(m[0]));
    push(text.slice(at, i), false);
    push(m[0], hit);
    at = i + m[0].length;
  }
  push(text.slice(at), false);
  return out;
}

/**
 * snippet is about max characters of text around its first matched word
 * (the start of text when none matched), cut at word boundaries, with "…"
 * where it was cut.
 */
export function snippet(text: string, terms: Set<string>, max = 140): string {
  if (text.length <= max) return text;
  let first = -1;
  for (const m of text.matchAll(WORD)) {
    if (terms.has(foldWord(m[0]))) {
      first = m.index ?? 0;
      break;
    }
  }
  let start = first < 0 ? 0 : Math.max(0, first - Math.floor(max / 3));
  if (start > 0) {
    const space = text.indexOf(" ", start);
    start = space >= 0 && space < first ? space + 1 : start;
  }
  let end = Math.min(text.length, start + max);
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > Math.max(start, first)) end = space;
  }
  return `${start > 0 ? "…" : ""}${text.slice(start, end).trim()}${end < text.length ? "…" : ""}`;
}
