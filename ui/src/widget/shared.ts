// What the widget and the dashboard's Integrate page agree on: the element's
// name, the limits of its attributes, and where a guest's session is kept.
// The widget is built on its own (vite.widget.config.ts), so this module
// imports nothing.

/** ELEMENT is the custom element a shop's page uses. */
export const ELEMENT = "shelf-recommendations";

/** MAX_COUNT is the longest list shelf serves. */
export const MAX_COUNT = 100;

/** PLACEMENT_NAME is what shelf accepts as a placement's name. */
export const PLACEMENT_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** PRODUCT_ID is a product id as shelf writes them: a positive whole number. */
export const PRODUCT_ID = /^[1-9]\d{0,15}$/;

/**
 * GUEST_SESSION_KEY is where a guest's session id (from POST /api/sessions)
 * is kept, in the localStorage of the page's own origin: first-party, so no
 * third-party cookie is involved.
 */
export const GUEST_SESSION_KEY = "shelf.widget.session";
