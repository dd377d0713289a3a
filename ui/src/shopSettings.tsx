// The shop's settings (currency, time zone, attribution window), read once
// from GET /api/shop for the storefront and the dashboard alike. Until they
// arrive, and when they cannot be read, amounts show in the default
// currency: a price is never held back for a setting.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { getShop, type ShopSettings } from "./api";
import { DEFAULT_CURRENCY, formatMoney } from "./lib/money";

/** DEFAULT_SHOP is what shelf answers for a shop that changed nothing. */
export const DEFAULT_SHOP: ShopSettings = {
  time_zone: "UTC",
  currency: DEFAULT_CURRENCY,
  attribution_window_days: 7,
};

/** ShopSettingsState is what useShopSettings returns. */
export interface ShopSettingsState {
  settings: ShopSettings;
  /** status "default" means the settings shown are the defaults, not the shop's (loading, failed, or no provider). */
  status: "default" | "loaded";
  /** reload reads the settings again (after signing in, say). */
  reload: () => void;
  /** update shows settings the dashboard has just saved, without asking again. */
  update: (s: ShopSettings) => void;
}

const ShopSettingsContext = createContext<ShopSettingsState>({
  settings: DEFAULT_SHOP,
  status: "default",
  reload: () => {},
  update: () => {},
});

function withDefaults(s: Partial<ShopSettings> | null | undefined): ShopSettings {
  return {
    time_zone: typeof s?.time_zone === "string" && s.time_zone ? s.time_zone : DEFAULT_SHOP.time_zone,
    currency: typeof s?.currency === "string" && s.currency ? s.currency : DEFAULT_SHOP.currency,
    attribution_window_days:
      typeof s?.attribution_window_days === "number" ? s.attribution_window_days : DEFAULT_SHOP.attribution_window_days,
  };
}

/** ShopSettingsProvider reads the shop's settings once and hands them to every page. */
export function ShopSettingsProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState<ShopSettings>(DEFAULT_SHOP);
  const [status, setStatus] = useState<ShopSettingsState["status"]>("default");
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    getShop({ signal: ctl.signal }).then(
      (s) => {
        if (ctl.signal.aborted) return;
        setSettings(withDefaults(s));
        setStatus("loaded");
      },
      () => {
        // Whatever was shown stays (the defaults at first): prices show in USD rather than not at all.
      },
    );
    return () => ctl.abort();
  }, [tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const update = useCallback((s: ShopSettings) => {
    setSettings(withDefaults(s));
    setStatus("loaded");
  }, []);
  const value = useMemo(() => ({ settings, status, reload, update }), [settings, status, reload, update]);
  return <ShopSettingsContext.Provider value={value}>{children}</ShopSettingsContext.Provider>;
}

/** useShopSettings returns the shop's settings (the defaults outside a provider). */
export function useShopSettings(): ShopSettingsState {
  return useContext(ShopSettingsContext);
}

/** useMoney returns a formatter of amounts in the shop's currency. */
export function useMoney(): (value: number | null | undefined) => string {
  const { currency } = useShopSettings().settings;
  return useCallback((value: number | null | undefined) => formatMoney(value, currency), [currency]);
}
