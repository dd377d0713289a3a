import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { navigate } from "../../hooks/useLocation";
import { App } from "../../App";
import { fakeServer } from "../../test/fakeServer";

const products = [
  { id: 1, name: "Lamp", category: "Home", price: 10, description: "", created_at: "" },
  { id: 2, name: "Mug", category: "Home", price: 5, description: "", created_at: "" },
];

function catalogServer() {
  return fakeServer((r) => {
    if (r.url === "/api/auth/me") return { status: 200, body: { username: "admin", csrf_token: "c1" } };
    if (r.url === "/api/categories/") return { status: 200, body: { categories: [], count: 0 } };
    if (r.url.startsWith("/api/products/?"))
      return { status: 200, body: { results: products, count: 2, next: null, previous: null } };
    if (r.url === "/api/products/2/" && r.method === "PATCH")
      return { status: 200, body: { ...products[1], ...(r.body as object) } };
    return undefined;
  });
}

// The template is a Blob URL: jsdom has none, so the test keeps the Blobs made.
let blobs: Blob[] = [];
beforeAll(async () => {
  await import("../AdminApp");
}, 30000);
beforeEach(() => {
  window.history.replaceState(null, "", "/");
  blobs = [];
  URL.createObjectURL = vi.fn((b: Blob) => {
    blobs.push(b);
    return `blob:test/${blobs.length}`;
  });
  URL.revokeObjectURL = vi.fn();
});
afterEach(() => vi.unstubAllGlobals());

describe("catalog edit dialog", () => {
  it("opens as a modal holding focus, traps Tab, and gives focus back to the edit button on Escape", async () => {
    catalogServer();
    act(() => navigate("/admin/catalog"));
    render(<App />);
    const edit = await screen.findByRole("button", { name: "Edit Mug" });
    edit.focus();
    fireEvent.click(edit);
    const dialog = screen.getByRole("dialog", { name: "Edit Mug" });
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(dialog.closest(".fixed")).not.toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("product-name")));

    // Tab from the last control comes back to the first, Shift+Tab from the first goes to the last.
    const focusable = Array.from(
      dialog.querySelectorAll<HTMLElement>("button:not([disabled]), input, select, textarea"),
    );
    const last = focusable[focusable.length - 1];
    last.focus();
    fireEvent.keyDown(last, { key: "Tab" });
    expect(document.activeElement).toBe(within(dialog).getByRole("button", { name: "Close" }));
    fireEvent.keyDown(document.activeElement!, { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(last);

    fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Edit Mug" }));
  });

  it("saves from the dialog and closes it", async () => {
    const calls = catalogServer();
    act(() => navigate("/admin/catalog"));
    render(<App />);
    fireEvent.click(await screen.findByRole("button", { name: "Edit Mug" }));
    fireEvent.change(screen.getByTestId("product-name"), { target: { value: "Big Mug" } });
    fireEvent.click(screen.getByTestId("product-save"));
    await waitFor(() => expect(screen.getByTestId("catalog-notice").textContent).toBe("Saved Big Mug."));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(calls.find((c) => c.method === "PATCH")?.body).toMatchObject({ name: "Big Mug" });
  });
});

describe("catalog import", () => {
  it("comes before the list, names its columns and offers a template for each kind", async () => {
    catalogServer();
    act(() => navigate("/admin/catalog"));
    render(<App />);
    const panel = await screen.findByTestId("catalog-import");
    const table = await screen.findByRole("table", { name: "Products" });
    expect(panel.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    const columns = within(panel).getByTestId("import-columns").textContent!;
    for (const c of [
      "name",
      "category",
      "price",
      "image_url",
      "url",
      "brand",
      "tags",
      "stock",
      "active",
      "attributes",
      "skus",
    ])
      expect(columns).toContain(c);
    const link = await within(panel).findByTestId("import-template");
    expect(link.getAttribute("download")).toBe("products-template.csv");
    const blob = blobs[blobs.length - 1];
    expect(link.getAttribute("href")).toBe(`blob:test/${blobs.length}`);
    expect(blob.type).toBe("text/csv");
    const lines = (await blob.text()).trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0].split(",").slice(0, 3)).toEqual(["name", "category", "price"]);
    expect(lines[0]).toContain("skus");
    expect(lines[1].split(",")).toHaveLength(lines[0].split(",").length);

    fireEvent.change(within(panel).getByLabelText("The file holds"), { target: { value: "users" } });
    await waitFor(() =>
      expect(within(panel).getByTestId("import-template").getAttribute("download")).toBe("users-template.csv"),
    );
    expect((await blobs[blobs.length - 1].text()).split("\n")[0]).toBe("username,email,date_joined");
    expect(URL.revokeObjectURL).toHaveBeenCalled();
  });
});
