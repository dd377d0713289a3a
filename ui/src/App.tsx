import { Suspense, lazy, useEffect } from "react";
import { Header } from "./components/Header";
import { useLocation } from "./hooks/useLocation";
import { matchRoute } from "./lib/route";
import { Home } from "./pages/Home";
import { NotFound } from "./pages/NotFound";
import { ProductPage } from "./pages/ProductPage";
import { SearchPage } from "./pages/SearchPage";
import { ShopProvider } from "./shop";
import { ShopSettingsProvider } from "./shopSettings";

// The admin (and its chart library) loads only when an admin page is opened,
// so shoppers never download it.
const AdminApp = lazy(() => import("./admin/AdminApp").then((m) => ({ default: m.AdminApp })));

/** App reads the shop's settings (its currency above all) for every page, and shows the page of the path. */
export function App() {
  return (
    <ShopSettingsProvider>
      <Pages />
    </ShopSettingsProvider>
  );
}

/** Pages routes between the storefront (header, page, footer) and the admin dashboard. */
function Pages() {
  const { pathname } = useLocation();
  const route = matchRoute(pathname);
  useEffect(() => {
    if (route.name === "admin" || route.name === "search") return; // these name their own pages
    document.title = route.name === "notFound" ? "Not found · shelf" : "shelf";
  }, [route.name]);
  if (route.name === "admin") {
    return (
      <Suspense
        fallback={
          <p className="p-8 text-center text-sm text-stone-500" aria-live="polite">
            Loading the admin…
          </p>
        }
      >
        <AdminApp section={route.section} id={route.id} placement={route.placement} />
      </Suspense>
    );
  }
  return (
    <ShopProvider>
      <div className="flex min-h-screen flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-lg focus:bg-white focus:px-3 focus:py-2 focus:shadow"
        >
          Skip to content
        </a>
        <Header />
        <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 sm:py-8">
          {route.name === "home" && <Home />}
          {route.name === "product" && <ProductPage key={route.id} id={route.id} />}
          {route.name === "search" && <SearchPage />}
          {route.name === "notFound" && <NotFound />}
        </main>
        <footer className="border-t border-stone-200 py-6 text-center text-xs text-stone-500">
          shelf · a demo shop whose suggestions come from its own recommender
        </footer>
      </div>
    </ShopProvider>
  );
}
