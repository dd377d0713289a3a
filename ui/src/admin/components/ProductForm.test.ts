import { describe, expect, it } from "vitest";
import { checkProduct, parseAttributes, productDraft } from "./ProductForm";

describe("the product form's catalog fields", () => {
  it("reads tags, stock, activity and attributes as the API wants them", () => {
    const d = {
      ...productDraft(),
      name: "Lamp",
      category: "Home",
      price: "24.90",
      tags: " desk, LED ,, ",
      stock: "0",
      active: false,
      attributes: "colour: white\n\n size : M ",
    };
    const { input, errors } = checkProduct(d);
    expect(errors).toEqual({});
    expect(input).toMatchObject({
      tags: ["desk", "LED"],
      stock: 0,
      active: false,
      attributes: { colour: "white", size: "M" },
    });
    expect(checkProduct({ ...d, stock: "" }).input?.stock).toBeNull();
  });

  it("refuses what it cannot read, naming the field", () => {
    const d = { ...productDraft(), name: "Lamp", category: "Home", price: "1" };
    expect(checkProduct({ ...d, stock: "3.5" }).errors.stock).toMatch(/whole number/);
    expect(checkProduct({ ...d, attributes: "no colon here" }).errors.attributes).toMatch(/name: value/);
    expect(parseAttributes(": x").error).toBeTruthy();
  });

  it("fills the form from a product and back unchanged", () => {
    const p = {
      id: 1,
      name: "Lamp",
      category: "Home",
      price: 24.9,
      description: "",
      created_at: "",
      brand: "Lumo",
      tags: ["desk"],
      stock: 3,
      active: false,
      attributes: { colour: "white" },
    };
    expect(checkProduct(productDraft(p)).input).toMatchObject({
      brand: "Lumo",
      tags: ["desk"],
      stock: 3,
      active: false,
      attributes: { colour: "white" },
    });
  });
});
