// The widget's own words: the default heading of each kind of list. The
// language is the element's lang attribute, else the nearest ancestor's
// (usually <html lang>), else English.

/** ListKind is which list an element shows. */
export type ListKind = "personal" | "similar" | "bought";

/** STRINGS holds the default headings in each language the widget speaks. */
export const STRINGS = {
  en: { personal: "Recommended for you", similar: "Similar products", bought: "Frequently bought together" },
  de: { personal: "Empfehlungen für Sie", similar: "Ähnliche Produkte", bought: "Wird oft zusammen gekauft" },
  fr: { personal: "Recommandé pour vous", similar: "Produits similaires", bought: "Souvent achetés ensemble" },
  es: { personal: "Recomendado para ti", similar: "Productos similares", bought: "Se compran juntos a menudo" },
} satisfies Record<string, Record<ListKind, string>>;

/** Language is a language the widget speaks. */
export type Language = keyof typeof STRINGS;

/** language picks the widget's language for a BCP 47 tag ("de-CH" is German); English when it has none. */
export function language(tag: string): Language {
  const base = tag.trim().toLowerCase().split(/[-_]/)[0];
  return Object.prototype.hasOwnProperty.call(STRINGS, base) ? (base as Language) : "en";
}
