import { useId, useState, type FormEvent } from "react";
import { Save, X } from "lucide-react";
import { ApiError, type Product } from "../../api";
import { describeError } from "../../components/ErrorMessage";
import { parsePriceInput } from "../../lib/format";
import { useShopSettings } from "../../shopSettings";
import type { ProductInput } from "../client";
import { BUTTON, BUTTON_SECONDARY, TextAreaField, TextField } from "./ui";

/** ProductDraft is the product form's state, as typed. */
export interface ProductDraft {
  name: string;
  category: string;
  price: string;
  description: string;
  brand: string;
  /** tags, separated by commas. */
  tags: string;
  /** stock as typed; empty means not tracked. */
  stock: string;
  active: boolean;
  image_url: string;
  url: string;
  /** attributes, one "name: value" a line. */
  attributes: string;
}

/** productDraft fills the form from a product, or empty for a new one. */
export function productDraft(p?: Product): ProductDraft {
  return {
    name: p?.name ?? "",
    category: p?.category ?? "",
    price: p ? p.price.toFixed(2) : "",
    description: p?.description ?? "",
    brand: p?.brand ?? "",
    tags: (p?.tags ?? []).join(", "),
    stock: p?.stock === undefined || p?.stock === null ? "" : String(p.stock),
    active: p?.active !== false,
    image_url: p?.image_url ?? "",
    url: p?.url ?? "",
    attributes: Object.entries(p?.attributes ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join("\n"),
  };
}

/** parseAttributes reads "name: value" lines; it returns an error for a line without a colon. */
export function parseAttributes(text: string): { value: Record<string, string>; error?: string } {
  const value: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.indexOf(":");
    if (at <= 0) return { value, error: `Write each attribute as "name: value" (not "${line}").` };
    value[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { value };
}

/** checkProduct validates the form before sending; the server's details use the same field names. */
export function checkProduct(d: ProductDraft): { input: ProductInput | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (!d.name.trim()) errors.name = "Enter a name.";
  if (!d.category.trim()) errors.category = "Enter a category.";
  const price = parsePriceInput(d.price);
  if (!price.ok) errors.price = price.error;
  else if (price.value === "") errors.price = "Enter a price.";
  const stock = d.stock.trim();
  if (stock && !/^-?\d+$/.test(stock))
    errors.stock = "Enter a whole number, or leave it empty if you do not track stock.";
  const attrs = parseAttributes(d.attributes);
  if (attrs.error) errors.attributes = attrs.error;
  if (Object.keys(errors).length) return { input: null, errors };
  return {
    input: {
      name: d.name.trim(),
      category: d.category.trim(),
      price: Number(price.ok ? price.value : 0),
      description: d.description.trim(),
      brand: d.brand.trim(),
      tags: d.tags
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
      stock: stock === "" ? null : Number(stock),
      active: d.active,
      image_url: d.image_url.trim(),
      url: d.url.trim(),
      attributes: attrs.value,
    },
    errors,
  };
}

/**
 * ProductForm creates a product, or edits one when product is given. Errors
 * show next to their fields, whether found here or by the server (details).
 */
export function ProductForm({
  product,
  categories,
  save,
  onSaved,
  onCancel,
}: {
  product?: Product;
  categories: string[];
  save: (input: ProductInput) => Promise<Product>;
  onSaved: (p: Product) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const { currency } = useShopSettings().settings;
  const [draft, setDraft] = useState<ProductDraft>(() => productDraft(product));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState("");
  const [busy, setBusy] = useState(false);
  const set = (k: keyof ProductDraft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { input, errors: found } = checkProduct(draft);
    setErrors(found);
    setFormError("");
    if (!input) return;
    setBusy(true);
    try {
      onSaved(await save(input));
    } catch (err) {
      const fieldErrors = err instanceof ApiError ? err.details : {};
      setErrors(fieldErrors);
      // Details the form has no field for still show, in the summary.
      const known = new Set([
        "name",
        "category",
        "price",
        "description",
        "brand",
        "tags",
        "stock",
        "image_url",
        "url",
        "attributes",
      ]);
      const other = Object.entries(fieldErrors).filter(([k]) => !known.has(k));
      setFormError(describeError(err).message + other.map(([k, v]) => ` ${k}: ${v}`).join(""));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      data-testid="product-form"
      onSubmit={submit}
      noValidate
      className="grid gap-4 sm:grid-cols-2"
      aria-label={product ? `Edit ${product.name}` : "New product"}
    >
      <TextField
        id={`${id}-name`}
        label="Name"
        data-testid="product-name"
        value={draft.name}
        onChange={set("name")}
        error={errors.name}
        required
        maxLength={200}
      />
      <TextField
        id={`${id}-category`}
        label="Category"
        data-testid="product-category"
        value={draft.category}
        onChange={set("category")}
        error={errors.category}
        list={`${id}-categories`}
        required
      />
      <datalist id={`${id}-categories`}>
        {categories.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <TextField
        id={`${id}-price`}
        label={`Price (${currency})`}
        data-testid="product-price"
        inputMode="decimal"
        placeholder="19.90"
        value={draft.price}
        onChange={set("price")}
        error={errors.price}
        required
      />
      <TextField
        id={`${id}-brand`}
        label="Brand"
        data-testid="product-brand"
        value={draft.brand}
        onChange={set("brand")}
        error={errors.brand}
        maxLength={100}
      />
      <TextField
        id={`${id}-tags`}
        label="Tags (separated by commas)"
        data-testid="product-tags"
        placeholder="wireless, sale"
        value={draft.tags}
        onChange={set("tags")}
        error={errors.tags}
      />
      <TextField
        id={`${id}-stock`}
        label="In stock (empty: not tracked)"
        data-testid="product-stock"
        inputMode="numeric"
        value={draft.stock}
        onChange={set("stock")}
        error={errors.stock}
      />
      <label className="flex items-center gap-2 self-end pb-2 text-sm text-stone-800">
        <input
          type="checkbox"
          data-testid="product-active"
          checked={draft.active}
          onChange={(e) => setDraft((d) => ({ ...d, active: e.target.checked }))}
          className="size-4 rounded border-stone-300"
        />
        Shown to shoppers (active)
      </label>
      <TextField
        id={`${id}-image`}
        label="Picture URL"
        data-testid="product-image-url"
        placeholder="https://…"
        value={draft.image_url}
        onChange={set("image_url")}
        error={errors.image_url}
      />
      <TextField
        id={`${id}-url`}
        label="Page in your shop (URL)"
        data-testid="product-url"
        placeholder="https://…"
        value={draft.url}
        onChange={set("url")}
        error={errors.url}
      />
      <div className="sm:col-span-2">
        <TextAreaField
          id={`${id}-attributes`}
          label='Attributes (one "name: value" a line)'
          data-testid="product-attributes"
          rows={2}
          value={draft.attributes}
          onChange={set("attributes")}
          error={errors.attributes}
        />
      </div>
      <div className="sm:col-span-2">
        <TextAreaField
          id={`${id}-description`}
          label="Description"
          data-testid="product-description"
          rows={3}
          value={draft.description}
          onChange={set("description")}
          error={errors.description}
        />
      </div>
      {formError && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 sm:col-span-2">
          {formError}
        </p>
      )}
      <div className="flex gap-2 sm:col-span-2">
        <button type="submit" className={BUTTON} disabled={busy} data-testid="product-save">
          <Save aria-hidden className="size-4" /> {busy ? "Saving…" : product ? "Save changes" : "Create product"}
        </button>
        <button type="button" className={BUTTON_SECONDARY} onClick={onCancel}>
          <X aria-hidden className="size-4" /> Cancel
        </button>
      </div>
    </form>
  );
}
