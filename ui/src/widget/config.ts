// The widget is configured by its own script tag:
//
//	<script src="https://shelf.example/widget.js" data-key="shelf_pk_…"></script>
//
// shelf's address is where the script came from (so a shelf behind a path
// prefix works too) unless data-url names another; data-key is the shop's
// publishable key. On shelf's own pages (the dashboard's preview) the key
// may be left out: the page's session is used instead.

/** Config is what every element of the page shares. */
export interface Config {
  /** base is shelf's address, ending in "/": API paths resolve against it. */
  base: string;
  /** key is the publishable key sent as "Authorization: Bearer"; "" sends none. */
  key: string;
}

/** readConfig reads the script tag; a string is the problem to report instead. */
export function readConfig(script: Element | null, page: string): Config | string {
  if (!(script instanceof HTMLScriptElement) || !script.src) {
    return 'shelf: cannot find the widget\'s script tag: load widget.js with a plain <script src="…/widget.js" data-key="shelf_pk_…"> tag (not type=module, not injected by another script)';
  }
  const key = (script.dataset.key ?? "").trim();
  if (key.startsWith("shelf_sk_")) {
    return "shelf: data-key is a secret key (shelf_sk_…), which must never be in a web page: revoke it in shelf's dashboard now, and use a publishable key (shelf_pk_…) from the dashboard's Integrate page";
  }
  let base: URL;
  try {
    base = script.dataset.url ? new URL(script.dataset.url, page) : new URL(".", script.src);
  } catch {
    return `shelf: data-url is not a URL (got "${script.dataset.url}"): give shelf's address, such as https://shelf.example`;
  }
  if (base.protocol !== "https:" && base.protocol !== "http:") {
    return `shelf: data-url must be an http(s) address (got "${script.dataset.url}")`;
  }
  base.search = "";
  base.hash = "";
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  return { base: base.href, key };
}
