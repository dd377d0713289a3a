// The "why?" panel names the shopper's own interaction behind a
// recommendation in a sentence a student reads at a glance.
import type { Because } from "../api";

// How each interaction reads, as what the shopper did and what other
// shoppers did with the same product.
const PHRASES: Record<string, { you: (name: string) => string; others: string }> = {
  view: { you: (n) => `You looked at ${n}`, others: "shoppers who looked at it" },
  like: { you: (n) => `You liked ${n}`, others: "shoppers who liked it" },
  cart: { you: (n) => `You put ${n} in your cart`, others: "shoppers who put it in their cart" },
  purchase: { you: (n) => `You bought ${n}`, others: "shoppers who bought it" },
};

/**
 * becauseSentence says which of the shopper's interactions led to a
 * recommendation, e.g. "You liked Wireless Headphones, and shoppers who liked
 * it also chose this". It returns "" when there is nothing to say.
 */
export function becauseSentence(because: Because | null | undefined): string {
  if (!because) return "";
  const name = because.product_name?.trim() || `product #${because.product_id}`;
  const p = PHRASES[because.interaction_type];
  if (!p) return `You interacted with ${name}, and shoppers who did the same also chose this`;
  return `${p.you(name)}, and ${p.others} also chose this`;
}
