// The Integrate page's snippet: the <shelf-recommendations> element a shop
// pastes into its pages, and the script tag that configures it. The element
// and its attributes are the widget's (src/widget), so the two are read from
// one place; this module only checks what the form holds and writes it out
// as HTML, escaped.
import { language, STRINGS, type Language, type ListKind } from "../../widget/i18n";
import { ELEMENT, MAX_COUNT, PRODUCT_ID } from "../../widget/shared";
import type { Placement } from "../types";

/** LANGUAGES are the widget's languages in their own words; "" is the page's own. */
export const LANGUAGES: { value: "" | Language; label: string }[] = [
  { value: "", label: "The page's own (its html lang)" },
  ...(Object.keys(STRINGS) as Language[]).map((value) => ({
    value,
    label: { en: "English", de: "Deutsch", fr: "Français", es: "Español" }[value],
  })),
];

/** Choice is one entry of "which list": a placement, or a list without one. */
export interface Choice {
  value: string;
  label: string;
  kind: ListKind;
  placement: string;
  /** disabled says why the widget cannot show it ("" when it can). */
  disabled: string;
}

const KIND_OF: Record<Placement["strategy"], ListKind | null> = {
  personal: "personal",
  similar: "similar",
  "bought-together": "bought",
  trending: null,
};

const KIND_WORDS: Record<ListKind, string> = {
  personal: "the shopper's own list",
  similar: "products similar to one",
  bought: "products bought with one",
};

/** choices lists the placements (by name) and then the lists without a placement. */
export function choices(placements: Placement[]): Choice[] {
  const named = [...placements]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((p): Choice => {
      const kind = KIND_OF[p.strategy];
      return {
        value: `placement:${p.name}`,
        label: `${p.name}: ${kind ? KIND_WORDS[kind] : "best-sellers"}`,
        kind: kind ?? "personal",
        placement: p.name,
        disabled: kind ? "" : "the widget does not show best-seller lists yet",
      };
    });
  return [
    ...named,
    {
      value: "personal",
      label: "The shopper's own list, without a placement",
      kind: "personal",
      placement: "",
      disabled: "",
    },
    { value: "similar", label: "Products similar to a product", kind: "similar", placement: "", disabled: "" },
    { value: "bought", label: "Products bought with a product", kind: "bought", placement: "", disabled: "" },
  ];
}

/** WidgetDraft is the form as typed. */
export interface WidgetDraft {
  /** which is a Choice's value. */
  which: string;
  product: string;
  count: string;
  heading: string;
  lang: "" | Language;
}

/** Attrs are an element's attributes, in the order they are written. */
export type Attrs = [name: string, value: string][];

/**
 * widgetFromDraft checks the form and returns the element's attributes, or
 * the errors keyed by field (which, product, count). The widget checks the
 * same rules when the element is in a page.
 */
export function widgetFromDraft(
  d: WidgetDraft,
  all: Choice[],
): { attrs: Attrs | null; kind: ListKind; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const choice = all.find((c) => c.value === d.which);
  if (!choice) errors.which = "Choose which list the widget shows.";
  else if (choice.disabled) errors.which = `Choose another list: ${choice.disabled}.`;
  const kind = choice?.kind ?? "personal";
  const attrs: Attrs = [];
  if (kind !== "personal") {
    const id = d.product.trim();
    if (!PRODUCT_ID.test(id))
      errors.product = "The id of a product, such as 42: on a product page, the id of the product shown.";
    attrs.push([kind === "similar" ? "similar-to" : "bought-with", id]);
  }
  if (choice?.placement) attrs.push(["placement", choice.placement]);
  const count = d.count.trim();
  if (count) {
    if (!/^\d+$/.test(count) || Number(count) < 1 || Number(count) > MAX_COUNT)
      errors.count = `A whole number from 1 to ${MAX_COUNT}, or empty for ${choice?.placement ? "the placement's" : "shelf's"} count.`;
    attrs.push(["count", String(Number(count))]);
  }
  if (d.heading.trim()) attrs.push(["heading", d.heading.trim()]);
  if (d.lang) attrs.push(["lang", d.lang]);
  return { attrs: Object.keys(errors).length ? null : attrs, kind, errors };
}

/** defaultHeading is what the widget calls a list when it is given no heading. */
export function defaultHeading(kind: ListKind, lang: string): string {
  return STRINGS[language(lang || "en")][kind];
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/** escapeAttr makes text safe inside a double-quoted HTML attribute. */
export function escapeAttr(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ESCAPES[c]);
}

/** elementHTML is the element with its attributes. */
export function elementHTML(attrs: Attrs): string {
  const a = attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join("");
  return `<${ELEMENT}${a}></${ELEMENT}>`;
}

/** KEY_PLACEHOLDER stands in the snippet for a key not made yet. */
export const KEY_PLACEHOLDER = "shelf_pk_…";

/** snippet is what a shop pastes: the element where the list goes, and shelf's script once per page, after it. */
export function snippet(attrs: Attrs, origin: string, key: string): string {
  return `${elementHTML(attrs)}\n<script src="${escapeAttr(origin)}/widget.js" data-key="${escapeAttr(key || KEY_PLACEHOLDER)}"></script>`;
}
