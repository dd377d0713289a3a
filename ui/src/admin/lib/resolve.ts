// The interaction log's user and product filters take a name or an id: a
// name is looked up (users by username prefix, products by the catalog's
// search) and becomes the id the API filters by.

/** Named is something found by its name. */
export interface Named {
  id: number;
  name: string;
}

/** Resolved is what a filter field's text stands for: an id, and the name it was found by (if any). */
export type Resolved = { id: string; name?: string } | { error: string };

/**
 * resolveName turns a field's text into an id: digits (or #digits) are an id
 * as typed; other text is looked up with find, and the match of the same name
 * (case aside) wins over the first one found.
 */
export async function resolveName(
  text: string,
  find: (q: string) => Promise<Named[]>,
  noun: string,
): Promise<Resolved> {
  const s = text.trim();
  if (s === "") return { id: "" };
  const asId = /^#?(\d+)$/.exec(s);
  if (asId) return { id: asId[1] };
  const found = await find(s);
  if (found.length === 0) return { error: `No ${noun} is called “${s}”.` };
  const exact = found.find((f) => f.name.toLowerCase() === s.toLowerCase());
  const pick = exact ?? found[0];
  return { id: String(pick.id), name: pick.name };
}
