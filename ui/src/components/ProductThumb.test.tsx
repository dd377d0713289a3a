import { fireEvent, render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ProductThumb } from "./ProductThumb";

describe("ProductThumb", () => {
  it("shows the product's picture, decorative, and the category's icon when it fails", () => {
    const { container } = render(<ProductThumb category="Books" imageUrl="/images/demo/3.svg" />);
    const img = container.querySelector("img")!;
    expect(img.getAttribute("src")).toBe("/images/demo/3.svg");
    expect(img.getAttribute("alt")).toBe("");
    fireEvent.error(img);
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("svg")).not.toBeNull();
  });

  it("shows the icon when there is no picture", () => {
    const { container } = render(<ProductThumb category="Books" />);
    expect(container.querySelector("img")).toBeNull();
  });
});
