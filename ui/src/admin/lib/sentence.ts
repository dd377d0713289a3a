// The server's messages are terse fragments ("price must be positive"):
// the dashboard shows them as sentences. api/httperr keeps its wording for
// API clients; only the display changes.

/** sentence starts text with a capital letter and ends it with a full stop, unless it already ends a sentence. */
export function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const first = t.charAt(0).toLocaleUpperCase("en-US") + t.slice(1);
  return /[.!?…]["'”’)]*$/.test(first) ? first : `${first}.`;
}

/** sentences applies sentence to every value of a field → reason map. */
export function sentences(details: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(details).map(([k, v]) => [k, sentence(v)]));
}
