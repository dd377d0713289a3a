import { describe, expect, it } from "vitest";
import { placePopover } from "./popover";

describe("placePopover", () => {
  it("goes below its button when there is room", () => {
    expect(placePopover({ top: 100, bottom: 120, left: 40 }, 1280, 900, 200)).toEqual({
      top: 126,
      left: 40,
      width: 288,
      maxHeight: 900 - 8 - 126,
    });
  });

  it("stays inside a 390 px phone's width, whatever the button's place", () => {
    for (const left of [-50, 0, 200, 380, 500]) {
      const p = placePopover({ top: 100, bottom: 120, left }, 390, 844, 200);
      expect(p.left).toBeGreaterThanOrEqual(8);
      expect(p.left + p.width).toBeLessThanOrEqual(390 - 8);
    }
  });

  it("narrows to a viewport smaller than its width", () => {
    const p = placePopover({ top: 10, bottom: 30, left: 100 }, 250, 600, 100);
    expect(p).toMatchObject({ left: 8, width: 234 });
  });

  it("goes above when there is no room below, and scrolls when there is room on neither side", () => {
    expect(placePopover({ top: 700, bottom: 720, left: 40 }, 1280, 800, 300)).toEqual({
      top: 394,
      left: 40,
      width: 288,
      maxHeight: 686,
    });
    const squeezed = placePopover({ top: 300, bottom: 320, left: 40 }, 1280, 640, 1000);
    expect(squeezed.top).toBe(326);
    expect(squeezed.top + squeezed.maxHeight).toBe(632);
  });
});
