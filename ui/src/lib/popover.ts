// Where a popover anchored to a button goes: below it, or above when there is
// no room below, and always inside the viewport (a 390 px phone included).

/** MARGIN keeps a popover this many pixels from the viewport's edges. */
const MARGIN = 8;
/** GAP is the space between the anchor and its popover. */
const GAP = 6;
/** MAX_WIDTH is a popover's width where the viewport allows it. */
const MAX_WIDTH = 288;

/** PopoverPlace is a fixed-position box: where it starts, how wide, and how tall it may grow. */
export interface PopoverPlace {
  top: number;
  left: number;
  width: number;
  maxHeight: number;
}

/**
 * placePopover puts a popover of the given height next to anchor (a
 * viewport rectangle) inside a viewport of vw × vh; a popover taller than
 * either side's room goes where there is more, and scrolls.
 */
export function placePopover(
  anchor: { top: number; bottom: number; left: number },
  vw: number,
  vh: number,
  height: number,
): PopoverPlace {
  const width = Math.max(0, Math.min(MAX_WIDTH, vw - 2 * MARGIN));
  const left = Math.min(Math.max(anchor.left, MARGIN), Math.max(MARGIN, vw - MARGIN - width));
  const below = vh - MARGIN - (anchor.bottom + GAP);
  const above = anchor.top - GAP - MARGIN;
  if (height <= below || below >= above) {
    return { top: anchor.bottom + GAP, left, width, maxHeight: Math.max(0, below) };
  }
  const h = Math.min(height, above);
  return { top: anchor.top - GAP - h, left, width, maxHeight: Math.max(0, above) };
}
