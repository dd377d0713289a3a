package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/julienschmidt/httprouter"

	"shelf/engine"
	"shelf/store"
)

// dayLayout is how analytics names days.
const dayLayout = "2006-01-02"

// maxAnalyticsDays bounds the range of one analytics request.
const maxAnalyticsDays = 366

// metrics are the figures of a day, a kind of list or the whole range.
type metrics struct {
	Impressions    int64       `json:"impressions"`
	Clicks         int64       `json:"clicks"`
	ClickedLists   int64       `json:"clicked_lists"`
	CTR            float64     `json:"ctr"`
	Carts          int64       `json:"carts"`
	Purchases      int64       `json:"purchases"`
	ConversionRate float64     `json:"conversion_rate"`
	Revenue        store.Price `json:"revenue"`
}

func (m *metrics) add(c engine.Counts) {
	m.Impressions += c.Impressions
	m.Clicks += c.Clicks
	m.ClickedLists += c.ClickedLists
	m.Carts += c.Carts
	m.Purchases += c.Purchases
	m.Revenue += store.Price(c.Revenue)
}

// finish computes the rates: lists clicked per impression, attributed
// purchases per click.
func (m *metrics) finish() {
	m.CTR, m.ConversionRate = ratio(m.ClickedLists, m.Impressions), ratio(m.Purchases, m.Clicks)
}

func ratio(a, b int64) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// analyticsDay is one day of GET /api/analytics.
type analyticsDay struct {
	Date string `json:"date"`
	// Partial marks today, not over yet.
	Partial bool `json:"partial"`
	metrics
	TotalRevenue store.Price `json:"total_revenue"`
}

// analyticsList is one kind of list (placement and variant) over the
// range.
type analyticsList struct {
	Strategy  string `json:"strategy"`
	Placement string `json:"placement"`
	Variant   string `json:"variant"`
	metrics
}

// analyticsTotal is the whole range.
type analyticsTotal struct {
	metrics
	TotalRevenue store.Price `json:"total_revenue"`
	RevenueShare float64     `json:"revenue_share"`
}

// analytics answers what recommendations did per day and per kind of list
// (and placement and variant): impressions, clicks, the carts, purchases
// and revenue attributed to them, and all revenue, from the counters the
// engine keeps (not a scan of events). Days are the shop's (its time
// zone); from and to are optional, the last 30 days by default, today
// included. variant is EXPERIMENT:VARIANT (a name or an index).
func (s *Server) analytics(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	q := newQuery(r)
	today := s.eng.Today()
	todayDate := time.Unix(today*86400, 0).UTC()
	from, to := q.date("from", todayDate.AddDate(0, 0, -29)), q.date("to", todayDate)
	placement := q.str("placement", 63)
	variantName := q.str("variant", 120)
	if err := q.err(); err != nil {
		return err
	}
	variant := ""
	if variantName != "" {
		var err error
		if variant, err = s.variantKey(variantName); err != nil {
			return err
		}
	}
	fromDay, toDay := from.Unix()/86400, to.Unix()/86400
	switch days := toDay - fromDay + 1; {
	case days < 1:
		return badRequest("to", "must not be before from")
	case days > maxAnalyticsDays:
		return badRequest("from", "the range may span at most %d days", maxAnalyticsDays)
	}
	counts, err := s.eng.CountsBetween(fromDay, toDay)
	if err != nil {
		return err
	}
	byDay := map[int64]*analyticsDay{}
	for d := fromDay; d <= toDay; d++ {
		byDay[d] = &analyticsDay{Date: time.Unix(d*86400, 0).UTC().Format(dayLayout), Partial: d == today}
	}
	byList := map[engine.ListKind]*analyticsList{}
	var order []engine.ListKind
	var total analyticsTotal
	for _, c := range counts {
		if c.Strategy == "" {
			// Every purchase, attributed or not.
			byDay[c.Day].TotalRevenue += store.Price(c.Revenue)
			total.TotalRevenue += store.Price(c.Revenue)
			continue
		}
		if (placement != "" && c.Placement != placement) || (variant != "" && c.Variant != variant) {
			continue
		}
		byDay[c.Day].add(c.Counts)
		total.add(c.Counts)
		if byList[c.ListKind] == nil {
			byList[c.ListKind] = &analyticsList{Strategy: c.Strategy, Placement: c.Placement, Variant: s.variantName(c.Variant)}
			order = append(order, c.ListKind)
		}
		byList[c.ListKind].add(c.Counts)
	}
	days := make([]analyticsDay, 0, len(byDay))
	for d := fromDay; d <= toDay; d++ {
		byDay[d].finish()
		days = append(days, *byDay[d])
	}
	lists := make([]analyticsList, 0, len(order))
	for _, k := range order {
		byList[k].finish()
		lists = append(lists, *byList[k])
	}
	total.finish()
	if total.TotalRevenue > 0 {
		total.RevenueShare = float64(total.Revenue) / float64(total.TotalRevenue)
	}
	shop := s.eng.Shop()
	writeJSON(w, http.StatusOK, map[string]any{
		"from": from.Format(dayLayout), "to": to.Format(dayLayout), "placement": placement, "variant": variantName,
		"time_zone": shop.TimeZone, "currency": shop.Currency, "attribution_window_days": shop.AttributionWindowDays,
		"days": days, "lists": lists, "total": total,
	})
	return nil
}

// variantKey reads EXPERIMENT:VARIANT, the variant by name or index.
func (s *Server) variantKey(v string) (string, error) {
	a, b, ok := strings.Cut(v, ":")
	id, err := strconv.ParseUint(a, 10, 64)
	if !ok || err != nil {
		return "", badRequest("variant", "must be EXPERIMENT:VARIANT, such as 3:control")
	}
	x, err := s.eng.Experiment(id)
	if err != nil {
		return "", badRequest("variant", "there is no experiment %d", id)
	}
	for i := range x.Variants {
		if x.Variants[i].Name == b || strconv.Itoa(i) == b {
			return engine.VariantKey(id, i), nil
		}
	}
	return "", badRequest("variant", "experiment %d has no variant %q", id, b)
}

// variantName is the EXPERIMENT:NAME of a variant key ("" for none; the
// key itself when the experiment is gone).
func (s *Server) variantName(key string) string {
	if key == "" {
		return ""
	}
	id, i, ok := engine.ParseVariantKey(key)
	if !ok {
		return key
	}
	if x, err := s.eng.Experiment(id); err == nil && i < len(x.Variants) {
		return strconv.FormatUint(id, 10) + ":" + x.Variants[i].Name
	}
	return strconv.FormatUint(id, 10) + ":" + strconv.Itoa(i)
}
