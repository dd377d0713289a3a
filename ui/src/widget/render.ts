// Drawing a list: built whole with DOM calls (never HTML from data) and
// swapped in at once, so the page never shows half a list.

/** Item is a product of a list, as shelf answers it. */
export interface Item {
  product_id: number;
  product_name: string;
  price: number | string;
  image_url?: string;
  url?: string;
  brand?: string;
}

/** Look is how a list is drawn. */
export interface Look {
  heading: string;
  /** locale formats prices (the element's language). */
  locale: string;
  /** currency is the shop's ISO 4217 code; "" shows plain amounts. */
  currency: string;
  /** shelf is shelf's address: a picture's relative URL is a path on shelf. */
  shelf: string;
  /** page is the shop page's address: a product's relative URL is the shop's path. */
  page: string;
}

/** IMAGE_SIZE is the width and height a picture reserves before it loads (CSS sizes it). */
const IMAGE_SIZE = 320;

/** safeURL resolves u against base and keeps it only when it is http(s). */
export function safeURL(u: string | undefined, base: string): string {
  if (!u) return "";
  try {
    const url = new URL(u, base);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : "";
  } catch {
    return "";
  }
}

/** formatPrice shows an amount in the shop's currency, in the page's language. */
export function formatPrice(price: number | string, currency: string, locale: string): string {
  const n = typeof price === "number" ? price : Number(price);
  if (!Number.isFinite(n)) return "";
  const opts: Intl.NumberFormatOptions = currency
    ? { style: "currency", currency }
    : { minimumFractionDigits: 2, maximumFractionDigits: 2 };
  for (const l of [locale, "en"]) {
    try {
      return new Intl.NumberFormat(l, opts).format(n);
    } catch {
      // A malformed lang attribute: try English.
    }
  }
  return n.toFixed(2);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * drawList builds the list's section: a heading, and a list whose items each
 * show the picture, brand, name (the link to the product) and price.
 * onOpen runs when a shopper opens an item's link, before it navigates.
 */
export function drawList(items: Item[], look: Look, onOpen: (item: Item) => void): HTMLElement {
  const section = el("section");
  section.setAttribute("part", "section");
  section.setAttribute("aria-labelledby", "shelf-heading");
  const h = el("h2", "", look.heading);
  h.id = "shelf-heading";
  h.setAttribute("part", "heading");
  const ul = el("ul");
  ul.setAttribute("part", "list");
  for (const item of items) {
    const li = el("li");
    li.setAttribute("part", "item");
    li.dataset.productId = String(item.product_id);
    const media = el("div", "media");
    const src = safeURL(item.image_url, look.shelf);
    if (src) {
      const img = el("img");
      // Lazy before the source: an image starts loading as soon as it has one.
      img.setAttribute("loading", "lazy");
      img.setAttribute("decoding", "async");
      img.width = img.height = IMAGE_SIZE;
      img.alt = item.product_name;
      img.src = src;
      media.append(img);
    } else {
      media.setAttribute("aria-hidden", "true");
    }
    li.append(media);
    if (item.brand) li.append(el("span", "brand", item.brand));
    const href = safeURL(item.url, look.page);
    if (href) {
      const a = el("a", "name", item.product_name);
      a.href = href;
      a.setAttribute("part", "link");
      a.addEventListener("click", () => onOpen(item));
      // A middle click opens the product in a new tab: that is a click too.
      a.addEventListener("auxclick", (e) => {
        if (e.button === 1) onOpen(item);
      });
      li.append(a);
    } else {
      li.append(el("span", "name", item.product_name));
    }
    const price = formatPrice(item.price, look.currency, look.locale);
    if (price) {
      const p = el("p", "price", price);
      p.setAttribute("part", "price");
      li.append(p);
    }
    ul.append(li);
  }
  section.append(h, ul);
  return section;
}
