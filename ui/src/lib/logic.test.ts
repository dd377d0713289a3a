// @vitest-environment node
import { describe, expect, it } from "vitest";
import { newIds } from "../components/railItems";
import { addItem, cartCount, cartTotal, removeItem, sanitizeCart } from "./cart";
import { filtersToSearch, parseFilters } from "./catalogQuery";
import { loginNext, loginPath, matchRoute } from "./route";

describe("matchRoute", () => {
  const cases: [string, ReturnType<typeof matchRoute>][] = [
    ["/", { name: "home" }],
    ["", { name: "home" }],
    ["/products/12", { name: "product", id: 12 }],
    ["/products/12/", { name: "product", id: 12 }],
    ["/products/0", { name: "notFound", path: "/products/0" }],
    ["/products/abc", { name: "notFound", path: "/products/abc" }],
    ["/products/99999999999999999999", { name: "notFound", path: "/products/99999999999999999999" }],
    ["/admin", { name: "admin", section: "overview" }],
    ["/admin/", { name: "admin", section: "overview" }],
    ["/admin/catalog", { name: "admin", section: "catalog" }],
    ["/admin/users", { name: "admin", section: "users" }],
    ["/admin/users/42", { name: "admin", section: "user", id: 42 }],
    ["/admin/users/0", { name: "notFound", path: "/admin/users/0" }],
    ["/admin/model/3", { name: "notFound", path: "/admin/model/3" }],
    ["/admin/interactions", { name: "admin", section: "interactions" }],
    ["/admin/model", { name: "admin", section: "model" }],
    ["/admin/placements", { name: "admin", section: "placements" }],
    ["/admin/placements/", { name: "admin", section: "placements" }],
    ["/admin/placements/home-page_2", { name: "admin", section: "placement", placement: "home-page_2" }],
    ["/admin/placements/Home", { name: "notFound", path: "/admin/placements/Home" }],
    ["/admin/placements/a/b", { name: "notFound", path: "/admin/placements/a/b" }],
    ["/admin/experiments", { name: "admin", section: "experiments" }],
    ["/admin/experiments/7", { name: "admin", section: "experiment", id: 7 }],
    ["/admin/experiments/0", { name: "notFound", path: "/admin/experiments/0" }],
    ["/admin/experiments/x", { name: "notFound", path: "/admin/experiments/x" }],
    ["/admin/integrate", { name: "admin", section: "integrate" }],
    ["/admin/operations", { name: "admin", section: "operations" }],
    ["/admin/login", { name: "admin", section: "login" }],
    ["/admin/nope", { name: "notFound", path: "/admin/nope" }],
    ["/administrator", { name: "notFound", path: "/administrator" }],
  ];
  for (const [path, want] of cases) {
    it(JSON.stringify(path), () => expect(matchRoute(path)).toEqual(want));
  }
});

describe("cart", () => {
  const pen = { id: 1, name: "Pen", price: 0.1, category: "Office" };
  const ink = { id: 2, name: "Ink", price: 0.2, category: "Office" };
  it("adds, counts, totals in cents and removes", () => {
    let c = addItem([], pen);
    c = addItem(c, ink);
    c = addItem(c, pen);
    expect(c.map((i) => [i.id, i.qty])).toEqual([
      [1, 2],
      [2, 1],
    ]);
    expect(cartCount(c)).toBe(3);
    expect(cartTotal(c)).toBe(0.4);
    expect(cartTotal(addItem([], { ...pen, price: 0.1 }).concat({ ...ink, qty: 1 }))).toBe(0.3);
    expect(removeItem(c, 1).map((i) => i.id)).toEqual([2]);
  });
  it("keeps only well-formed stored lines", () => {
    const stored = [
      { id: 1, name: "Pen", price: 1, qty: 1, category: "Office" },
      { id: 2, name: "No qty", price: 1 },
      { id: -3, name: "Bad id", price: 1, qty: 1 },
      { id: 4, name: "No category", price: 2, qty: 2 },
      null,
      "junk",
    ];
    expect(sanitizeCart(stored).map((i) => [i.id, i.category])).toEqual([
      [1, "Office"],
      [4, ""],
    ]);
    expect(sanitizeCart({ not: "a list" })).toEqual([]);
  });
});

describe("catalog filters in the URL", () => {
  it("round-trips and leaves defaults out", () => {
    const f = { category: "Home & Garden", minPrice: "5", maxPrice: "19.90", sort: "-price" as const, page: 3 };
    const s = filtersToSearch(f);
    expect(s).toBe("?category=Home+%26+Garden&min_price=5&max_price=19.90&sort=-price&page=3");
    expect(parseFilters(s)).toEqual(f);
    expect(filtersToSearch(parseFilters(""))).toBe("");
  });
  it("ignores malformed values", () => {
    expect(parseFilters("?sort=random&page=-2")).toMatchObject({ sort: "newest", page: 1 });
    expect(parseFilters("?page=2.5")).toMatchObject({ page: 1 });
  });
});

describe("newIds", () => {
  it("marks nothing on a first load and only arrivals afterwards", () => {
    expect([...newIds(null, [1, 2])]).toEqual([]);
    expect([...newIds([1, 2, 3], [3, 4, 1, 5])]).toEqual([4, 5]);
    expect([...newIds([1, 2], [2, 1])]).toEqual([]);
  });
});

describe("login redirects", () => {
  it("round-trips an admin path through loginPath and loginNext", () => {
    const p = loginPath("/admin/users/7");
    expect(p).toBe("/admin/login?next=%2Fadmin%2Fusers%2F7");
    expect(loginNext(p.slice(p.indexOf("?")))).toBe("/admin/users/7");
  });
  const cases: [string, string][] = [
    ["", "/admin"],
    ["?next=%2Fadmin%2Fmodel", "/admin/model"],
    ["?next=https%3A%2F%2Fevil.example", "/admin"],
    ["?next=%2F%2Fevil.example", "/admin"],
    ["?next=%2Fadministrator", "/admin"],
    ["?next=%2Fadmin%2Flogin", "/admin"],
  ];
  for (const [search, want] of cases) {
    it(`loginNext(${JSON.stringify(search)})`, () => expect(loginNext(search)).toBe(want));
  }
  it("does not loop back to the login page", () => expect(loginPath("/admin/login?next=x")).toBe("/admin/login"));
});
