// Client-side routes. The Go server answers index.html for every non-API
// path, so the app itself decides what a path shows, including not-found.

/** AdminSection is a page of the admin dashboard. */
export type AdminSection =
  | "overview"
  | "catalog"
  | "users"
  | "user"
  | "interactions"
  | "placements"
  | "placement"
  | "experiments"
  | "experiment"
  | "integrate"
  | "model"
  | "operations"
  | "login";

/** Route is what a path shows. */
export type Route =
  | { name: "home" }
  | { name: "product"; id: number }
  | { name: "search" }
  | { name: "admin"; section: AdminSection; id?: number; placement?: string }
  | { name: "notFound"; path: string };

/** PLACEMENT_NAME is what the server accepts as a placement's name. */
export const PLACEMENT_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

const ADMIN_SECTIONS: Record<string, AdminSection> = {
  "": "overview",
  catalog: "catalog",
  users: "users",
  interactions: "interactions",
  placements: "placements",
  experiments: "experiments",
  integrate: "integrate",
  model: "model",
  operations: "operations",
  login: "login",
};

function positiveId(s: string): number | null {
  const id = Number(s);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** matchRoute maps a pathname to a route; anything unknown is notFound. */
export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/") return { name: "home" };
  if (path === "/search") return { name: "search" };
  const m = /^\/products\/(\d+)$/.exec(path);
  if (m) {
    const id = positiveId(m[1]);
    if (id) return { name: "product", id };
  }
  const a = /^\/admin(?:\/([a-z]+))?(?:\/(\d+))?$/.exec(path);
  if (a) {
    const [, section = "", rawId] = a;
    if (rawId === undefined && section in ADMIN_SECTIONS) return { name: "admin", section: ADMIN_SECTIONS[section] };
    if (section === "users" && rawId !== undefined) {
      const id = positiveId(rawId);
      if (id) return { name: "admin", section: "user", id };
    }
    if (section === "experiments" && rawId !== undefined) {
      const id = positiveId(rawId);
      if (id) return { name: "admin", section: "experiment", id };
    }
  }
  const pl = /^\/admin\/placements\/([^/]+)$/.exec(path);
  if (pl && PLACEMENT_NAME.test(pl[1])) return { name: "admin", section: "placement", placement: pl[1] };
  return { name: "notFound", path: pathname };
}

/** productPath is the app path of a product page. */
export function productPath(id: number): string {
  return `/products/${id}`;
}

/** searchPath is the results page of a query (its filters, sort and page come after, see lib/searchQuery). */
export function searchPath(q: string): string {
  return `/search?${new URLSearchParams({ q })}`;
}

/** adminPath is the app path of an admin section (and of a user's or an experiment's page, given an id). */
export function adminPath(section: AdminSection, id?: number): string {
  if (section === "overview") return "/admin";
  if (section === "user") return `/admin/users/${id ?? ""}`;
  if (section === "experiment") return id === undefined ? "/admin/experiments" : `/admin/experiments/${id}`;
  if (section === "placement") return "/admin/placements";
  return `/admin/${section}`;
}

/** placementPath is the app path of one placement's editor. */
export function placementPath(name: string): string {
  return `/admin/placements/${encodeURIComponent(name)}`;
}

/** loginPath is the login page that returns to next (an app path) after signing in. */
export function loginPath(next: string): string {
  const safe = next.startsWith("/admin") && !next.startsWith("/admin/login") ? next : "/admin";
  return safe === "/admin" ? "/admin/login" : `/admin/login?next=${encodeURIComponent(safe)}`;
}

/** loginNext reads where to go after signing in; only admin paths are accepted, so the link cannot leave the app. */
export function loginNext(search: string): string {
  const next = new URLSearchParams(search).get("next") ?? "";
  return /^\/admin(\/|$|\?)/.test(next) && !next.startsWith("/admin/login") ? next : "/admin";
}
