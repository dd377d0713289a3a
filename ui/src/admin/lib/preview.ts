// The placement preview: which endpoint shows a strategy's list, one item
// shape for every endpoint's answer, and what the placement changed between
// the plain list ("before") and the list shaped by it ("after").
import { buildQuery } from "../../api";
import type { Placement, PreviewItem, RuleType, Strategy } from "../types";

/** needsSubject says what a strategy's list is for: a shopper, a product, or nobody in particular. */
export function needsSubject(strategy: Strategy): "shopper" | "product" | null {
  if (strategy === "personal") return "shopper";
  if (strategy === "similar" || strategy === "bought-together") return "product";
  return null;
}

/** previewPath is the list endpoint of a strategy, with the placement's count and, given, the placement. */
export function previewPath(
  p: Pick<Placement, "strategy" | "count">,
  subject: number | undefined,
  placement?: string,
): string {
  const q = buildQuery({ count: p.count || 10, placement });
  switch (p.strategy) {
    case "personal":
      return `/api/recommendations/${subject ?? 0}/${q}`;
    case "similar":
      return `/api/products/${subject ?? 0}/similar/${q}`;
    case "bought-together":
      return `/api/products/${subject ?? 0}/bought-together/${q}`;
    default:
      return `/api/popular/${q}`;
  }
}

const RULE_TYPES: RuleType[] = ["pin", "boost", "bury", "exclude"];

/** previewItems reads a list answer, whether its items have the recommendation shape or the product shape. */
export function previewItems(body: unknown): PreviewItem[] {
  const b = (body ?? {}) as Record<string, unknown>;
  const list = b.recommendations ?? b.similar ?? b.products ?? b.results ?? [];
  if (!Array.isArray(list)) return [];
  return list.map((raw: Record<string, unknown>) => {
    const rules = Array.isArray(raw.rules) ? (raw.rules as { rule?: unknown; type?: unknown }[]) : [];
    return {
      id: Number(raw.product_id ?? raw.id),
      name: String(raw.product_name ?? raw.name ?? ""),
      category: String(raw.category ?? ""),
      price: Number(raw.price ?? NaN),
      brand: typeof raw.brand === "string" && raw.brand ? raw.brand : undefined,
      reason: typeof raw.reason === "string" && raw.reason ? raw.reason : undefined,
      rules: rules
        .filter((r) => RULE_TYPES.includes(r.type as RuleType))
        .map((r) => ({ rule: Number(r.rule), type: r.type as RuleType })),
    };
  });
}

/** Mark is one thing the preview says about an item. */
export type Mark = "pinned" | "boosted" | "buried" | "new" | "gone" | "up" | "down";

/** MarkedItem is an item of one side of the preview, with its position and what changed. */
export interface MarkedItem {
  item: PreviewItem;
  position: number;
  marks: Mark[];
  /** moved is how many places the item rose (above 0) or fell (below 0), when it is on both sides. */
  moved: number;
}

const RULE_MARK: Partial<Record<RuleType, Mark>> = { pin: "pinned", boost: "boosted", bury: "buried" };

/**
 * compareLists marks each item: on the "after" side what a rule did to it,
 * whether it is new and how far it moved; on the "before" side whether it is
 * gone from the list the placement shapes.
 */
export function compareLists(
  before: PreviewItem[],
  after: PreviewItem[],
): { before: MarkedItem[]; after: MarkedItem[] } {
  const beforeAt = new Map(before.map((it, i) => [it.id, i + 1]));
  const afterIds = new Set(after.map((it) => it.id));
  return {
    before: before.map((item, i) => ({
      item,
      position: i + 1,
      marks: afterIds.has(item.id) ? [] : ["gone"],
      moved: 0,
    })),
    after: after.map((item, i) => {
      const marks: Mark[] = [];
      for (const r of item.rules) {
        const m = RULE_MARK[r.type];
        if (m && !marks.includes(m)) marks.push(m);
      }
      const was = beforeAt.get(item.id);
      const moved = was === undefined ? 0 : was - (i + 1);
      if (was === undefined) marks.push("new");
      else if (moved > 0) marks.push("up");
      else if (moved < 0) marks.push("down");
      return { item, position: i + 1, marks, moved };
    }),
  };
}
