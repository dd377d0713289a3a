/** ShopSettings are the settings analytics and attribution read (GET /api/shop). */
export interface ShopSettings {
  /** The IANA zone the shop's days are counted in, such as `Europe/Berlin`; `UTC` by default. */
  time_zone: string;
  /** An ISO 4217 code such as `EUR`; `USD` by default. */
  currency: string;
  /**
   * How many days after a list was served a click on it and the carts and
   * purchases that follow are credited to it; 7 by default.
   */
  attribution_window_days: number;
}

/** ShopSettingsUpdate changes the settings it gives; the others stay as they are. */
export type ShopSettingsUpdate = Partial<ShopSettings>;
