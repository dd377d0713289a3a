import { highlight } from "../lib/highlight";

/** Highlighted shows text with the words a search matched in <mark>. */
export function Highlighted({ text, terms }: { text: string; terms: Set<string> }) {
  return (
    <>
      {highlight(text, terms).map((s, i) =>
        s.mark ? (
          <mark key={i} className="rounded-sm bg-amber-200 px-0.5 text-stone-900">
            {s.text}
          </mark>
        ) : (
          s.text
        ),
      )}
    </>
  );
}
