// <shelf-recommendations>: one list of shelf's in a shop's page.
//
//	<shelf-recommendations placement="home" count="8"></shelf-recommendations>      the shopper's own list
//	<shelf-recommendations similar-to="123"></shelf-recommendations>                 products like 123
//	<shelf-recommendations bought-with="123"></shelf-recommendations>                bought together with 123
//
// each with optional placement, count, heading and lang. A personal list is
// a logged-in customer's when the element has shopper-token (a token the
// shop's server got from POST /api/shopper-tokens; its third part is the
// customer's id), else a guest's, under a session shelf signed and kept in
// this origin's localStorage. A click on an item records a view with the
// list's recommendation_id (shelf counts the impression itself when it
// serves the list), then the link navigates. A list that cannot be shown
// hides the element and says why in the console, once.
import { call, guestSession, Problem, shopCurrency, type Asked } from "./api";
import type { Config } from "./config";
import { language, STRINGS, type ListKind } from "./i18n";
import { drawList, type Item } from "./render";
import { MAX_COUNT, PLACEMENT_NAME, PRODUCT_ID } from "./shared";
import { CSS } from "./styles";

/** ATTRIBUTES are the element's attributes: a change of any redraws it. */
const ATTRIBUTES = ["placement", "count", "similar-to", "bought-with", "shopper-token", "heading", "lang"];

/** State is what the element shows, in its data-shelf-state attribute (for the shop's CSS and tests). */
type State = "loading" | "ready" | "empty" | "error";

/** Spec is what an element asks for, read from its attributes. */
interface Spec {
  kind: ListKind;
  path: string;
  query: URLSearchParams;
  asked: Asked;
  /** user is the customer the shopper token names; "" for a guest. */
  user: string;
  token: string;
}

/** Answer is a list as shelf answers it: the items are under a key of each kind of list. */
interface Answer {
  recommendation_id?: string;
  recommendations?: Item[];
  similar?: Item[];
  products?: Item[];
}

const said = new Set<string>();

/** report logs a problem once per page, however many elements share it. */
export function report(message: string): void {
  if (said.has(message)) return;
  said.add(message);
  console.error(message);
}

/** readSpec reads an element's attributes; a string is what is wrong with them. */
function readSpec(e: HTMLElement): Spec | string {
  const attr = (name: string) => (e.getAttribute(name) ?? "").trim();
  const query = new URLSearchParams();
  const count = attr("count");
  if (count) {
    if (!/^\d+$/.test(count) || Number(count) < 1 || Number(count) > MAX_COUNT)
      return `shelf: count must be a whole number from 1 to ${MAX_COUNT} (got "${count}")`;
    query.set("count", String(Number(count)));
  }
  const placement = attr("placement");
  if (placement) {
    if (!PLACEMENT_NAME.test(placement))
      return `shelf: placement must be a placement's name, such as "home" (got "${placement}"): lower-case letters, digits, - and _`;
    query.set("placement", placement);
  }
  const token = attr("shopper-token");
  let user = "";
  if (token) {
    // v1.KEYID.USER.EXPIRES.SIGNATURE: shelf checks the signature; the page needs only the user.
    const parts = token.split(".");
    user = parts[2] ?? "";
    if (parts.length !== 5 || parts[0] !== "v1" || !PRODUCT_ID.test(user))
      return "shelf: shopper-token is not a shopper token (v1.KEY.USER.EXPIRES.SIGNATURE): give the token the shop's server got from POST /api/shopper-tokens, or leave the attribute out for a guest";
  }
  const similar = attr("similar-to");
  const bought = attr("bought-with");
  if (similar && bought) return "shelf: give similar-to or bought-with, not both, on one <shelf-recommendations>";
  if (similar || bought) {
    const [name, id] = similar ? ["similar-to", similar] : ["bought-with", bought];
    if (!PRODUCT_ID.test(id)) return `shelf: ${name} must be a product id, a positive whole number (got "${id}")`;
    return {
      kind: similar ? "similar" : "bought",
      path: `api/products/${id}/${similar ? "similar" : "bought-together"}/`,
      query,
      asked: { what: `the list ${name}="${id}"`, placement, product: [name, id] },
      user,
      token,
    };
  }
  return {
    kind: "personal",
    path: user ? `api/recommendations/${user}/` : "",
    query,
    asked: { what: user ? `the recommendations of shopper ${user}` : "a guest's recommendations", placement },
    user,
    token,
  };
}

/**
 * fetchList asks shelf for an element's list, and for a guest the session
 * that a click is recorded under (a list of products like one is served to
 * nobody in particular, so any shopper may click it). A guest's stale
 * session is replaced once.
 */
async function fetchList(cfg: Config, spec: Spec): Promise<{ answer: Answer; session: string }> {
  const qs = spec.query.toString();
  const q = qs ? `?${qs}` : "";
  if (spec.user) {
    return { answer: await call<Answer>(cfg, spec.path + q, spec.asked, { shopper: spec.token }), session: "" };
  }
  for (let renew = false; ; renew = true) {
    try {
      if (spec.kind !== "personal") {
        const [answer, session] = await Promise.all([call<Answer>(cfg, spec.path + q, spec.asked), guestSession(cfg)]);
        return { answer, session };
      }
      const session = await guestSession(cfg, renew);
      const path = `api/recommendations/session/${encodeURIComponent(session)}/${q}`;
      return { answer: await call<Answer>(cfg, path, spec.asked), session };
    } catch (err) {
      // A session shelf no longer knows (its database was replaced): start a new one.
      if (!renew && err instanceof Problem && err.status === 403 && err.details.session_id) continue;
      throw err;
    }
  }
}

/** defineElement registers <shelf-recommendations> for a page configured by cfg. */
export function defineElement(name: string, cfg: Config): void {
  if (customElements.get(name)) return; // widget.js loaded twice: the first script tag's settings hold
  customElements.define(
    name,
    class ShelfRecommendations extends HTMLElement {
      static observedAttributes = ATTRIBUTES;
      private readonly root: ShadowRoot;
      private readonly styleEl: HTMLStyleElement | null = null;
      /** generation counts loads: an answer for an older one is dropped. */
      private generation = 0;
      private queued = false;

      constructor() {
        super();
        this.root = this.attachShadow({ mode: "open" });
        const sheet = styleSheet();
        if (sheet) this.root.adoptedStyleSheets = [sheet];
        else {
          this.styleEl = document.createElement("style");
          this.styleEl.textContent = CSS;
          this.root.append(this.styleEl);
        }
      }

      connectedCallback(): void {
        this.schedule();
      }

      disconnectedCallback(): void {
        this.generation++;
      }

      attributeChangedCallback(): void {
        if (this.isConnected) this.schedule();
      }

      /** schedule loads once for all the attribute changes of one task. */
      private schedule(): void {
        if (this.queued) return;
        this.queued = true;
        queueMicrotask(() => {
          this.queued = false;
          if (this.isConnected) void this.load(++this.generation);
        });
      }

      private setState(s: State): void {
        this.setAttribute("data-shelf-state", s);
      }

      private show(content: HTMLElement | null, s: State): void {
        this.root.replaceChildren(...(this.styleEl ? [this.styleEl] : []), ...(content ? [content] : []));
        this.setState(s);
      }

      private async load(generation: number): Promise<void> {
        const spec = readSpec(this);
        if (typeof spec === "string") {
          report(spec);
          return this.show(null, "error");
        }
        this.setState("loading");
        try {
          const [{ answer, session }, currency] = await Promise.all([fetchList(cfg, spec), shopCurrency(cfg)]);
          if (generation !== this.generation) return;
          const items = (answer.recommendations ?? answer.similar ?? answer.products ?? []).filter(
            (i) => i && typeof i.product_id === "number" && typeof i.product_name === "string",
          );
          if (items.length === 0) return this.show(null, "empty");
          const tag = (this.closest("[lang]")?.getAttribute("lang") ?? "").trim();
          const heading = (this.getAttribute("heading") ?? "").trim() || STRINGS[language(tag)][spec.kind];
          const look = { heading, locale: tag || "en", currency, shelf: cfg.base, page: document.baseURI };
          const id = answer.recommendation_id;
          this.show(
            drawList(items, look, (item) => sendView(cfg, spec, session, item.product_id, id)),
            "ready",
          );
        } catch (err) {
          if (generation !== this.generation) return;
          report(err instanceof Problem ? err.message : `shelf: the list could not be shown: ${String(err)}`);
          this.show(null, "error");
        }
      }
    },
  );
}

/**
 * sendView records the click as a view carrying the list's id, so that shelf
 * counts it for the list. keepalive lets the request outlive the page the
 * link is leaving; nothing waits for it.
 */
function sendView(cfg: Config, spec: Spec, session: string, product: number, recommendation?: string): void {
  const body: Record<string, unknown> = { product_id: product, interaction_type: "view" };
  if (recommendation) body.recommendation_id = recommendation;
  if (spec.user) body.user_id = Number(spec.user);
  else if (session) body.session_id = session;
  call(
    cfg,
    "api/interaction/",
    { what: "recording a click" },
    {
      method: "POST",
      body,
      shopper: spec.token,
      keepalive: true,
    },
  ).catch((err: unknown) => report(err instanceof Problem ? err.message : String(err)));
}

let sheet: CSSStyleSheet | null | undefined;

/** styleSheet is the stylesheet all elements share, where the browser can share one (else null: each gets a <style>). */
function styleSheet(): CSSStyleSheet | null {
  if (sheet === undefined) {
    sheet = null;
    try {
      if ("adoptedStyleSheets" in ShadowRoot.prototype) {
        const s = new CSSStyleSheet();
        s.replaceSync(CSS);
        sheet = s;
      }
    } catch {
      // An older browser: a <style> per element.
    }
  }
  return sheet;
}
