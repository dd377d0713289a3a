// @vitest-environment node
import { describe, expect, it } from "vitest";
import type { Because } from "../api";
import { becauseSentence } from "./because";

describe("becauseSentence", () => {
  const cases: [string, Because | undefined, string][] = [
    [
      "like",
      { product_id: 3, product_name: "Wireless Headphones", interaction_type: "like" },
      "You liked Wireless Headphones, and shoppers who liked it also chose this",
    ],
    [
      "purchase",
      { product_id: 3, product_name: "Desk Lamp", interaction_type: "purchase" },
      "You bought Desk Lamp, and shoppers who bought it also chose this",
    ],
    [
      "cart",
      { product_id: 3, product_name: "Mug", interaction_type: "cart" },
      "You put Mug in your cart, and shoppers who put it in their cart also chose this",
    ],
    [
      "view without a name",
      { product_id: 9, product_name: " ", interaction_type: "view" },
      "You looked at product #9, and shoppers who looked at it also chose this",
    ],
    ["absent", undefined, ""],
  ];
  for (const [name, b, want] of cases) {
    it(name, () => expect(becauseSentence(b)).toBe(want));
  }
});
