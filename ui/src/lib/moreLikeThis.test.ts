import { describe, expect, it } from "vitest";
import type { Recommendation, RelatedProduct } from "../api";
import { movedUp } from "../components/railItems";
import { blendStrip, stripStatus } from "./moreLikeThis";

const sim = (id: number, category = "Books"): RelatedProduct => ({
  id,
  name: `S${id}`,
  description: "",
  category,
  price: id,
  created_at: "",
});
const rec = (id: number, category = "Books"): Recommendation =>
  ({ product_id: id, product_name: `R${id}`, category, price: id, confidence_score: 0.5 }) as Recommendation;

describe("the More like this strip", () => {
  it("puts the shopper's picks among the similar first, then their picks in the category, then the similar", () => {
    const items = blendStrip(
      { id: 1, category: "Books" },
      [sim(2), sim(3), sim(4)],
      [rec(4), rec(9, "Toys"), rec(5)],
      4,
    );
    expect(items.map((i) => i.id)).toEqual([4, 5, 2, 3]);
    expect(items.map((i) => i.reason)).toEqual([
      "Like this, and picked for you",
      "Picked for you in Books",
      "Similar to this",
      "Similar to this",
    ]);
  });

  it("never shows the product itself nor one item twice, and stops at n", () => {
    const items = blendStrip({ id: 1, category: "Books" }, [sim(1), sim(2), sim(2)], [rec(1), rec(2)], 5);
    expect(items.map((i) => i.id)).toEqual([2]);
    expect(blendStrip({ id: 1, category: "" }, [sim(2), sim(3), sim(4)], [], 2).map((i) => i.id)).toEqual([2, 3]);
  });
});

describe("what an action changed in the strip", () => {
  it("finds the items an action lifted, not the new ones or those that fell", () => {
    expect([...movedUp([1, 2, 3, 4], [3, 1, 5, 2])]).toEqual([3]);
    expect([...movedUp(null, [1, 2])]).toEqual([]);
    expect([...movedUp([1, 2], [1, 2])]).toEqual([]);
  });
  it("says it in words, and says when nothing changed", () => {
    expect(stripStatus("like", 1, 2)).toBe("Updated after your like: 1 new, 2 moved up");
    expect(stripStatus("purchase", 0, 1)).toBe("Updated after your purchase: 1 moved up");
    expect(stripStatus("like", 0, 0)).toBe("Updated after your like: the same picks");
  });
});
