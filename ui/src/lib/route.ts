// Client-side routes. The Go server answers index.html for every non-API
// path, so the app itself decides what a path shows, including not-found.

/** Route is what a path shows. */
export type Route = { name: "home" } | { name: "product"; id: number } | { name: "notFound"; path: string };

/** matchRoute maps a pathname to a route; anything unknown is notFound. */
export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/") return { name: "home" };
  const m = /^\/products\/(\d+)$/.exec(path);
  if (m) {
    const id = Number(m[1]);
    if (Number.isSafeInteger(id) && id > 0) return { name: "product", id };
  }
  return { name: "notFound", path: pathname };
}

/** productPath is the app path of a product page. */
export function productPath(id: number): string {
  return `/products/${id}`;
}
