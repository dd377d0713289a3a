import { useEffect, useRef, type ReactNode } from "react";
import {
  Activity,
  AlertTriangle,
  ArrowLeft,
  BrainCircuit,
  Code2,
  FlaskConical,
  LayoutDashboard,
  Library,
  LogOut,
  Package,
  Pin,
  Users,
  Wrench,
} from "lucide-react";
import { Link } from "../../components/Link";
import { adminPath, type AdminSection } from "../../lib/route";
import { useAdmin } from "../context";

const NAV: { section: AdminSection; label: string; icon: typeof Package }[] = [
  { section: "overview", label: "Overview", icon: LayoutDashboard },
  { section: "catalog", label: "Catalog", icon: Package },
  { section: "users", label: "Users", icon: Users },
  { section: "interactions", label: "Interactions", icon: Activity },
  { section: "placements", label: "Placements", icon: Pin },
  { section: "experiments", label: "Experiments", icon: FlaskConical },
  { section: "integrate", label: "Integrate", icon: Code2 },
  { section: "model", label: "Model", icon: BrainCircuit },
  { section: "operations", label: "Operations", icon: Wrench },
];

/** PARENT is the nav entry of a page that has none of its own. */
const PARENT: Partial<Record<AdminSection, AdminSection>> = {
  user: "users",
  placement: "placements",
  experiment: "experiments",
};

/**
 * AdminLayout is the dashboard's frame: the demo warning, the section
 * navigation (a sidebar whose background runs the page's full height, a
 * scrolling row on a phone that keeps the current section in view) and the
 * page.
 */
export function AdminLayout({ section, children }: { section: AdminSection; children: ReactNode }) {
  const { username, logout, demo } = useAdmin();
  const current = PARENT[section] ?? section;
  const navRef = useRef<HTMLElement>(null);
  // On a phone the row of sections scrolls sideways: bring the current one into view (the row only, not the page).
  useEffect(() => {
    const nav = navRef.current;
    const item = nav?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!nav || !item || nav.scrollWidth <= nav.clientWidth) return;
    const left = item.offsetLeft - nav.offsetLeft;
    if (left < nav.scrollLeft || left + item.offsetWidth > nav.scrollLeft + nav.clientWidth)
      nav.scrollLeft = Math.max(0, left - (nav.clientWidth - item.offsetWidth) / 2);
  }, [current]);
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#admin-main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-lg focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      {demo && <DemoBanner />}
      <div className="flex flex-1 flex-col md:flex-row">
        {/* The aside stretches to the row's height, so its background reaches the page's bottom; its content sticks. */}
        <aside
          data-testid="admin-sidebar"
          className="min-w-0 border-b border-stone-200 bg-white md:w-56 md:shrink-0 md:border-r md:border-b-0"
        >
          <div className="md:sticky md:top-0 md:max-h-screen md:overflow-y-auto">
            <div className="flex items-center justify-between gap-2 px-4 py-3">
              <Link
                href="/admin"
                className="flex items-center gap-2 rounded-lg font-bold tracking-tight text-stone-900"
              >
                <span className="grid size-7 place-items-center rounded-lg bg-accent-600 text-white">
                  <Library aria-hidden className="size-4" />
                </span>
                shelf <span className="font-normal text-stone-600">admin</span>
              </Link>
            </div>
            <nav
              ref={navRef}
              aria-label="Admin sections"
              data-testid="admin-nav"
              className="overflow-x-auto px-2 pb-2 md:overflow-visible"
            >
              <ul className="flex gap-1 md:flex-col">
                {NAV.map(({ section: s, label, icon: Icon }) => (
                  <li key={s}>
                    <Link
                      href={adminPath(s)}
                      data-testid={`admin-nav-${s}`}
                      aria-current={s === current ? "page" : undefined}
                      className={`flex items-center gap-2 rounded-lg px-3 py-2 text-sm whitespace-nowrap ${
                        s === current
                          ? "bg-accent-50 font-semibold text-accent-700"
                          : "text-stone-700 hover:bg-stone-100"
                      }`}
                    >
                      <Icon aria-hidden className="size-4" />
                      {label}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
            <div className="hidden border-t border-stone-200 px-4 py-3 text-sm md:block">
              <p className="truncate text-stone-600">
                Signed in as <span className="font-medium text-stone-800">{username}</span>
              </p>
            </div>
          </div>
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <div className="flex items-center justify-between gap-2 border-b border-stone-200 bg-white/90 px-4 py-2 text-sm">
            <Link
              href="/"
              className="inline-flex items-center gap-1 rounded-lg text-stone-600 hover:text-stone-900"
              data-testid="back-to-shop"
            >
              <ArrowLeft aria-hidden className="size-4" /> Back to the shop
            </Link>
            <button
              type="button"
              onClick={logout}
              data-testid="logout"
              aria-label={`Sign out ${username}`}
              className="inline-flex items-center gap-1 rounded-lg px-2 py-1 text-stone-600 hover:bg-stone-100 hover:text-stone-900"
            >
              <LogOut aria-hidden className="size-4" /> Sign out
            </button>
          </div>
          <main id="admin-main" className="mx-auto w-full max-w-6xl min-w-0 flex-1 space-y-6 px-4 py-6">
            {children}
          </main>
        </div>
      </div>
    </div>
  );
}

/** DemoBanner warns on every page that -demo leaves the API open to anyone who can reach the port. */
function DemoBanner() {
  return (
    <div
      role="note"
      aria-label="Demo mode"
      data-testid="demo-banner"
      className="flex items-start gap-2 border-b-2 border-amber-500 bg-amber-100 px-4 py-2.5 text-sm text-amber-950"
    >
      <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0 text-amber-700" />
      <p>
        <strong className="font-semibold">Demo mode: this server is open.</strong> Anyone who can reach its port may
        read and change all data, without signing in. Never run{" "}
        <code className="font-mono whitespace-nowrap">-demo</code> on a public address.
      </p>
    </div>
  );
}
