// What each bulk import expects (the README's "Data formats"), and a template
// file per kind: its header and one example line, made in the browser.
import type { ImportKind } from "./upload";

/** ImportColumns are a kind's required and optional columns, in the template's order. */
export interface ImportColumns {
  required: string[];
  optional: string[];
  /** notes says how list and pair columns are written. */
  notes: string;
  /** example is the template's one line: a value for each of its columns (ids are left to shelf). */
  example: Record<string, string>;
}

/** IMPORT_COLUMNS are the columns of every kind, as the server reads them. */
export const IMPORT_COLUMNS: Record<ImportKind, ImportColumns> = {
  products: {
    required: ["name", "category", "price"],
    optional: [
      "id",
      "description",
      "created_at",
      "image_url",
      "url",
      "brand",
      "tags",
      "stock",
      "active",
      "attributes",
      "skus",
    ],
    notes:
      "tags and skus are separated by “;”, attributes are name=value pairs separated by “;”, active is true or false, an empty stock is not tracked.",
    example: {
      name: "Desk Lamp",
      category: "Home",
      price: "24.90",
      description: "A warm LED lamp for the desk",
      image_url: "https://example.com/img/desk-lamp.jpg",
      url: "https://example.com/products/desk-lamp",
      brand: "Lumo",
      tags: "desk;LED",
      stock: "12",
      active: "true",
      attributes: "colour=white;size=M",
      skus: "LAMP-WHITE",
    },
  },
  users: {
    required: ["username"],
    optional: ["id", "email", "date_joined"],
    notes: "date_joined is RFC 3339 (2026-01-15T09:00:00Z); passwords are never imported.",
    example: { username: "ana", email: "ana@example.com", date_joined: "2026-01-15T09:00:00Z" },
  },
  interactions: {
    required: ["user_id", "product_id", "interaction_type", "timestamp"],
    optional: ["id", "rating", "session_id", "value", "event_id", "recommendation_id", "refunded"],
    notes: "interaction_type is view, like, cart or purchase; timestamp is RFC 3339 or unix seconds; rating is 0 to 5.",
    example: {
      user_id: "1",
      product_id: "42",
      interaction_type: "purchase",
      timestamp: "2026-11-01T10:05:00Z",
      rating: "5",
      value: "24.90",
    },
  },
};

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * templateCSV is a kind's template: a header of the required columns and the
 * optional ones the example fills, then the example line.
 */
export function templateCSV(kind: ImportKind): string {
  const c = IMPORT_COLUMNS[kind];
  const header = [...c.required, ...c.optional].filter((k) => k in c.example);
  return `${header.map(csvField).join(",")}\n${header.map((k) => csvField(c.example[k])).join(",")}\n`;
}
