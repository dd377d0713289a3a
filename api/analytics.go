package api

import (
	"net/http"
	"time"

	"github.com/julienschmidt/httprouter"
)

// dayLayout is how analytics names days.
const dayLayout = "2006-01-02"

// maxAnalyticsDays bounds the range of one analytics request.
const maxAnalyticsDays = 366

// analyticsDay is one day of GET /api/analytics.
type analyticsDay struct {
	Date        string `json:"date"`
	Impressions uint64 `json:"impressions"`
}

// analyticsList is one kind of list (and placement) over the range.
type analyticsList struct {
	Strategy    string `json:"strategy"`
	Placement   string `json:"placement,omitempty"`
	Impressions uint64 `json:"impressions"`
}

// analytics answers how many lists shelf served (impressions) per day and
// per kind of list, from the counters the engine keeps (not a scan of
// events). Days are UTC; from and to are optional, the last 30 days by
// default, today included.
func (s *Server) analytics(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	q := newQuery(r)
	today := s.eng.Now().UTC().Truncate(24 * time.Hour)
	from, to := q.date("from", today.AddDate(0, 0, -29)), q.date("to", today)
	placement := q.str("placement", 63)
	if err := q.err(); err != nil {
		return err
	}
	switch days := int(to.Sub(from).Hours()/24) + 1; {
	case days < 1:
		return badRequest("to", "must not be before from")
	case days > maxAnalyticsDays:
		return badRequest("from", "the range may span at most %d days", maxAnalyticsDays)
	}
	counts, err := s.eng.CountsBetween(from.Unix()/86400, to.Unix()/86400)
	if err != nil {
		return err
	}
	byDay := map[int64]uint64{}
	byList := map[string]*analyticsList{}
	var total uint64
	var order []string
	for _, c := range counts {
		if placement != "" && c.Placement != placement {
			continue
		}
		byDay[c.Day] += c.Impressions
		total += c.Impressions
		k := c.Strategy + "|" + c.Placement
		if byList[k] == nil {
			byList[k] = &analyticsList{Strategy: c.Strategy, Placement: c.Placement}
			order = append(order, k)
		}
		byList[k].Impressions += c.Impressions
	}
	days := []analyticsDay{}
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		days = append(days, analyticsDay{Date: d.Format(dayLayout), Impressions: byDay[d.Unix()/86400]})
	}
	lists := []analyticsList{}
	for _, k := range order {
		lists = append(lists, *byList[k])
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"from": from.Format(dayLayout), "to": to.Format(dayLayout), "placement": placement,
		"days": days, "lists": lists, "total": map[string]uint64{"impressions": total},
	})
	return nil
}
