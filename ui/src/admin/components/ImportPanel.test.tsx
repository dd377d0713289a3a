import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ImportResult } from "./ImportPanel";

describe("ImportResult", () => {
  it("lists what was imported", () => {
    render(<ImportResult outcome={{ ok: true, imported: { products: 1200, users: 0, created_users: 3 } }} />);
    expect(screen.getByTestId("import-result").textContent).toBe("Imported 1,200 products, 3 created users.");
  });
  it("says so when nothing was imported", () => {
    render(<ImportResult outcome={{ ok: true, imported: { products: 0 } }} />);
    expect(screen.getByTestId("import-result").textContent).toBe("Imported nothing.");
  });
  it("shows each bad line with its field, and how many there were in all", () => {
    render(
      <ImportResult
        outcome={{
          ok: false,
          status: 400,
          error: "the file has errors; nothing was imported",
          errors: [
            { line: 3, field: "price", message: "must not be negative" },
            { line: 8, message: "wrong number of fields" },
          ],
          errorCount: 140,
        }}
      />,
    );
    const box = screen.getByTestId("import-errors");
    expect(box.textContent).toContain("the file has errors; nothing was imported (140 lines with errors)");
    const rows = within(box).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(["3pricemust not be negative", "8—wrong number of fields"]);
    expect(box.textContent).toContain("Showing the first 2 lines.");
  });
});
