import type { AnchorHTMLAttributes, MouseEvent } from "react";
import { navigate } from "../hooks/useLocation";

/** LinkProps are an anchor's props with a required in-app href. */
export type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

/** isInAppClick says a click navigates inside this page, as Link does it: a plain left click, not one for a new tab or window. */
export function isInAppClick(e: MouseEvent<HTMLAnchorElement>): boolean {
  return !e.defaultPrevented && e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;
}

/**
 * Link is an anchor that navigates inside the app. Modified clicks (new tab,
 * new window) keep the browser's own behaviour, since href is a real URL.
 */
export function Link({ href, onClick, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (!isInAppClick(e)) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
