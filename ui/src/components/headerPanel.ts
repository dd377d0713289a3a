/**
 * HEADER_PANEL places a header panel under its button. On a phone the button is not
 * at the screen's edge, so a panel anchored to it would stick out: there it
 * spans the screen less a margin each side (the header, whose backdrop blur
 * makes it the containing block, is the screen's width); from sm up it hangs
 * from the button's right edge.
 */
export const HEADER_PANEL =
  "fixed inset-x-4 z-30 mt-1 rounded-xl border border-stone-200 bg-white shadow-lg sm:absolute sm:inset-x-auto sm:right-0";
