package client

import (
	"context"
	"net/http"
)

// ShopSettings are the shop's settings that analytics and attribution
// read.
type ShopSettings struct {
	// TimeZone names the zone the shop's days are counted in, such as
	// "Europe/Berlin"; shelf's default is "UTC".
	TimeZone string `json:"time_zone"`
	// Currency is an ISO 4217 code such as "EUR"; the default is "USD".
	Currency string `json:"currency"`
	// AttributionWindowDays is how long after a list was served a click on
	// it and what follows are credited to it; the default is 7.
	AttributionWindowDays float64 `json:"attribution_window_days"`
}

// ShopSettingsUpdate changes the settings it gives; nil fields stay as
// they are.
type ShopSettingsUpdate struct {
	TimeZone              *string  `json:"time_zone,omitempty"`
	Currency              *string  `json:"currency,omitempty"`
	AttributionWindowDays *float64 `json:"attribution_window_days,omitempty"`
}

// ShopSettings returns the shop's settings (GET /api/shop).
func (c *Client) ShopSettings(ctx context.Context) (*ShopSettings, error) {
	var s ShopSettings
	return result(&s, c.get(ctx, "/api/shop", nil, &s))
}

// UpdateShopSettings changes the settings u gives and returns them all
// (PUT /api/shop, secret key).
func (c *Client) UpdateShopSettings(ctx context.Context, u ShopSettingsUpdate) (*ShopSettings, error) {
	var s ShopSettings
	return result(&s, c.call(ctx, http.MethodPut, "/api/shop", nil, u, &s))
}
