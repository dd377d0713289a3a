import { useEffect, useState } from "react";

// pushState fires no event, so navigate() announces changes with this one.
const NAV_EVENT = "shelf:navigate";

/** navigate moves to path through the history API, without a page load. */
export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  window.dispatchEvent(new Event(NAV_EVENT));
  if (!opts.replace) window.scrollTo({ top: 0 });
}

/** useLocation returns the current pathname and search, updated on navigation and back/forward. */
export function useLocation(): { pathname: string; search: string } {
  const read = () => ({ pathname: window.location.pathname, search: window.location.search });
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const update = () => setLoc(read());
    window.addEventListener("popstate", update);
    window.addEventListener(NAV_EVENT, update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener(NAV_EVENT, update);
    };
  }, []);
  return loc;
}
