import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { Pagination, pageCount, pageItems } from "./Pagination";

describe("pageCount", () => {
  const cases: [number, number, number][] = [
    [0, 24, 1],
    [1, 24, 1],
    [24, 24, 1],
    [25, 24, 2],
    [1000, 24, 42],
    [10, 0, 1],
  ];
  for (const [count, size, want] of cases) {
    it(`${count}/${size} -> ${want}`, () => expect(pageCount(count, size)).toBe(want));
  }
});

describe("pageItems", () => {
  const cases: [number, number, (number | "gap")[]][] = [
    [1, 1, [1]],
    [3, 7, [1, 2, 3, 4, 5, 6, 7]],
    [1, 20, [1, 2, 3, 4, 5, "gap", 20]],
    [4, 20, [1, 2, 3, 4, 5, "gap", 20]],
    [5, 20, [1, "gap", 4, 5, 6, "gap", 20]],
    [10, 20, [1, "gap", 9, 10, 11, "gap", 20]],
    [17, 20, [1, "gap", 16, 17, 18, 19, 20]],
    [20, 20, [1, "gap", 16, 17, 18, 19, 20]],
    [2, 8, [1, 2, 3, 4, 5, "gap", 8]],
  ];
  for (const [cur, total, want] of cases) {
    it(`page ${cur} of ${total}`, () => expect(pageItems(cur, total)).toEqual(want));
  }
});

describe("Pagination", () => {
  it("disables Previous on the first page and moves forward", () => {
    const onPage = vi.fn();
    render(<Pagination page={1} pageSize={24} count={1000} hasNext onPage={onPage} />);
    expect((screen.getByRole("button", { name: "Previous page" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Next page" }));
    expect(onPage).toHaveBeenCalledWith(2);
    fireEvent.click(screen.getByRole("button", { name: "Page 42" }));
    expect(onPage).toHaveBeenLastCalledWith(42);
    expect(screen.getByRole("button", { name: "Page 1" }).getAttribute("aria-current")).toBe("page");
    expect(screen.getByText(/Page 1 of 42 · 1,000 products/)).toBeTruthy();
  });

  it("follows the API's next link, not only the count", () => {
    const onPage = vi.fn();
    render(<Pagination page={3} pageSize={24} count={72} hasNext={false} onPage={onPage} />);
    expect((screen.getByRole("button", { name: "Next page" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Previous page" }));
    expect(onPage).toHaveBeenCalledWith(2);
  });

  it("renders nothing for a single page", () => {
    const { container } = render(<Pagination page={1} pageSize={24} count={10} hasNext={false} onPage={() => {}} />);
    expect(container.innerHTML).toBe("");
  });
});
