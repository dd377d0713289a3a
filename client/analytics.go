package client

import (
	"context"
	"net/url"
)

// AnalyticsQuery selects the days and lists of an analytics report. The
// zero value is the last 30 days, today included, of every list.
type AnalyticsQuery struct {
	// From and To are days, "YYYY-MM-DD", in the shop's time zone, both
	// included; empty means the default range.
	From, To string
	// Placement keeps only the lists of one placement.
	Placement string
	// Variant keeps only one experiment's variant, as "EXPID:NAME"
	// ("1:trending").
	Variant string
}

// Funnel is what the lists of a day, a kind of list or the whole range
// led to.
type Funnel struct {
	// Impressions counts the lists served (bots left out).
	Impressions int64 `json:"impressions"`
	Clicks      int64 `json:"clicks"`
	// ClickedLists counts the lists clicked at least once.
	ClickedLists int64 `json:"clicked_lists"`
	// CTR is clicked lists per impression.
	CTR       float64 `json:"ctr"`
	Carts     int64   `json:"carts"`
	Purchases int64   `json:"purchases"`
	// ConversionRate is attributed purchases per click.
	ConversionRate float64 `json:"conversion_rate"`
	// Revenue is the value of the attributed purchases.
	Revenue Price `json:"revenue"`
}

// AnalyticsDay is one day of a report.
type AnalyticsDay struct {
	Date string `json:"date"`
	// Partial is true for today, which is not over.
	Partial bool `json:"partial"`
	Funnel
	// TotalRevenue is the value of every purchase of the day, attributed
	// or not.
	TotalRevenue Price `json:"total_revenue"`
}

// AnalyticsList is one kind of list (strategy, placement and variant) over
// the range.
type AnalyticsList struct {
	// Strategy is personal, similar, bought-together or trending.
	Strategy  string `json:"strategy"`
	Placement string `json:"placement"`
	Variant   string `json:"variant"`
	Funnel
}

// AnalyticsTotal is the whole range.
type AnalyticsTotal struct {
	Funnel
	TotalRevenue Price `json:"total_revenue"`
	// RevenueShare is Revenue over TotalRevenue.
	RevenueShare float64 `json:"revenue_share"`
}

// Analytics is the report of GET /api/analytics.
type Analytics struct {
	From                  string          `json:"from"`
	To                    string          `json:"to"`
	Placement             string          `json:"placement"`
	Variant               string          `json:"variant"`
	TimeZone              string          `json:"time_zone"`
	Currency              string          `json:"currency"`
	AttributionWindowDays int             `json:"attribution_window_days"`
	Days                  []AnalyticsDay  `json:"days"`
	Lists                 []AnalyticsList `json:"lists"`
	Total                 AnalyticsTotal  `json:"total"`
}

// Analytics returns what the lists shelf served led to, per day and per
// kind of list (GET /api/analytics, secret key).
func (c *Client) Analytics(ctx context.Context, q AnalyticsQuery) (*Analytics, error) {
	v := url.Values{}
	for k, s := range map[string]string{"from": q.From, "to": q.To, "placement": q.Placement, "variant": q.Variant} {
		if s != "" {
			v.Set(k, s)
		}
	}
	var a Analytics
	return result(&a, c.get(ctx, "/api/analytics", v, &a))
}
