// The admin dashboard: a session check, the login page, and the pages
// behind it. Any admin call answering 401 sends the browser to the login
// page, which returns to where the admin was after signing in.
import { useCallback, useEffect, useMemo, useState } from "react";
import { ApiError } from "../api";
import { ErrorMessage } from "../components/ErrorMessage";
import { navigate, useLocation } from "../hooks/useLocation";
import { loginNext, loginPath, type AdminSection } from "../lib/route";
import { useShopSettings } from "../shopSettings";
import { AdminClient } from "./client";
import { AdminContext, type AdminState } from "./context";
import { AdminLayout } from "./components/AdminLayout";
import { Login } from "./pages/Login";
import { Overview } from "./pages/Overview";
import { Catalog } from "./pages/Catalog";
import { Users } from "./pages/Users";
import { UserDetail } from "./pages/UserDetail";
import { Interactions } from "./pages/Interactions";
import { ModelPage } from "./pages/ModelPage";
import { Operations } from "./pages/Operations";
import { Placements } from "./pages/Placements";
import { PlacementDetail } from "./pages/PlacementDetail";
import { Experiments } from "./pages/Experiments";
import { ExperimentDetail } from "./pages/ExperimentDetail";
import { Integrate } from "./pages/Integrate";

type Auth =
  | { status: "checking" }
  | { status: "anonymous" }
  | { status: "signedIn"; username: string; demo: boolean }
  | { status: "error"; error: unknown };

const TITLES: Record<AdminSection, string> = {
  overview: "Overview",
  catalog: "Catalog",
  users: "Users",
  user: "User",
  interactions: "Interactions",
  placements: "Placements",
  placement: "Placement",
  experiments: "Experiments",
  experiment: "Experiment",
  integrate: "Integrate",
  model: "Model",
  operations: "Operations",
  login: "Sign in",
};

/** AdminApp is the admin dashboard for one route; it owns the API client and the session. */
export function AdminApp({ section, id, placement }: { section: AdminSection; id?: number; placement?: string }) {
  const { pathname, search } = useLocation();
  const [auth, setAuth] = useState<Auth>({ status: "checking" });
  const [checkTick, setCheckTick] = useState(0);
  const client = useMemo(
    () =>
      new AdminClient({
        onUnauthorized: () => {
          setAuth({ status: "anonymous" });
          const here = window.location.pathname + window.location.search;
          if (!window.location.pathname.startsWith("/admin/login")) navigate(loginPath(here), { replace: true });
        },
      }),
    [],
  );

  useEffect(() => {
    document.title = `${TITLES[section]} · shelf admin`;
  }, [section]);

  // Ask the server once whether the browser already has a session.
  useEffect(() => {
    const ctl = new AbortController();
    client.me(ctl.signal).then(
      (s) => setAuth({ status: "signedIn", username: s.username, demo: Boolean(s.demo) }),
      (err: unknown) => {
        if (ctl.signal.aborted) return;
        if (err instanceof ApiError && err.status === 401) setAuth({ status: "anonymous" });
        else setAuth({ status: "error", error: err });
      },
    );
    return () => ctl.abort();
  }, [client, checkTick]);

  // A signed-out visitor of any admin page goes to the login page.
  useEffect(() => {
    if (auth.status === "anonymous" && section !== "login") navigate(loginPath(pathname + search), { replace: true });
  }, [auth.status, section, pathname, search]);

  // The shop's settings may have been refused before the session existed: ask again once signed in.
  const shop = useShopSettings();
  const reloadShop = shop.status === "default" ? shop.reload : null;
  useEffect(() => {
    if (auth.status === "signedIn") reloadShop?.();
  }, [auth.status, reloadShop]);

  // A signed-in admin who opens the login page goes straight on.
  useEffect(() => {
    if (auth.status === "signedIn" && section === "login") navigate(loginNext(search), { replace: true });
  }, [auth.status, section, search]);

  const logout = useCallback(() => {
    void client.logout().finally(() => {
      setAuth({ status: "anonymous" });
      navigate("/admin/login");
    });
  }, [client]);

  const onSignedIn = useCallback(
    (username: string) => {
      setAuth({ status: "signedIn", username, demo: false });
      // The login's answer does not say whether the server runs with -demo: ask again.
      setCheckTick((t) => t + 1);
      navigate(loginNext(search), { replace: true });
    },
    [search],
  );

  if ((section === "login" && auth.status !== "signedIn") || auth.status === "anonymous") {
    return <Login client={client} onSignedIn={onSignedIn} />;
  }
  if (auth.status === "checking") {
    return (
      <p className="p-8 text-center text-sm text-stone-600" aria-live="polite">
        Checking your session…
      </p>
    );
  }
  if (auth.status === "error") {
    return (
      <div className="mx-auto max-w-lg p-8">
        <ErrorMessage
          error={auth.error}
          title="Could not check your session"
          onRetry={() => setCheckTick((t) => t + 1)}
        />
      </div>
    );
  }
  const state: AdminState = { client, username: auth.username, demo: auth.demo, logout };
  return (
    <AdminContext.Provider value={state}>
      <AdminLayout section={section}>
        {section === "overview" && <Overview />}
        {section === "catalog" && <Catalog />}
        {section === "users" && <Users />}
        {section === "user" && id !== undefined && <UserDetail key={id} id={id} />}
        {section === "interactions" && <Interactions />}
        {section === "placements" && <Placements />}
        {section === "placement" && placement !== undefined && <PlacementDetail key={placement} name={placement} />}
        {section === "experiments" && <Experiments />}
        {section === "experiment" && id !== undefined && <ExperimentDetail key={id} id={id} />}
        {section === "integrate" && <Integrate />}
        {section === "model" && <ModelPage />}
        {section === "operations" && <Operations />}
      </AdminLayout>
    </AdminContext.Provider>
  );
}
