package api

import (
	"fmt"
	"math"
	"net/http"

	"github.com/julienschmidt/httprouter"

	"shelf/engine"
	"shelf/engine/abtest"
	"shelf/store"
)

// experimentInput is the body of POST /api/experiments.
type experimentInput struct {
	Name      string           `json:"name"`
	Placement string           `json:"placement"`
	Variants  []engine.Variant `json:"variants"`
}

func (s *Server) createExperiment(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	var in experimentInput
	if err := decodeJSON(w, r, maxJSONBody, &in); err != nil {
		return err
	}
	x, err := s.eng.CreateExperiment(engine.Experiment{Name: in.Name, Placement: in.Placement, Variants: in.Variants})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, x)
	return nil
}

func (s *Server) listExperiments(w http.ResponseWriter, _ *http.Request, _ httprouter.Params) error {
	writeJSON(w, http.StatusOK, map[string]any{"experiments": s.eng.Experiments()})
	return nil
}

// experimentChange is the body of PATCH /api/experiments/{id}.
type experimentChange struct {
	Action  string `json:"action"`
	Variant string `json:"variant"`
}

func (s *Server) patchExperiment(w http.ResponseWriter, r *http.Request, ps httprouter.Params) error {
	id, err := pathID("id", ps.ByName("id"))
	if err != nil {
		return err
	}
	var in experimentChange
	if err := decodeJSON(w, r, maxJSONBody, &in); err != nil {
		return err
	}
	x, err := s.eng.ChangeExperiment(id, in.Action, in.Variant)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, x)
	return nil
}

func (s *Server) deleteExperiment(w http.ResponseWriter, _ *http.Request, ps httprouter.Params) error {
	id, err := pathID("id", ps.ByName("id"))
	if err != nil {
		return err
	}
	if err := s.eng.DeleteExperiment(id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// comparison is one metric of a variant against the control.
type comparison struct {
	Difference       float64    `json:"difference"`
	Relative         float64    `json:"relative"`
	RelativeCI       [2]float64 `json:"relative_ci"`
	PValue           float64    `json:"p_value"`
	Significant      bool       `json:"significant"`
	NeededPerVariant uint64     `json:"needed_per_variant"`
}

func comparisonOf(c abtest.Comparison) *comparison {
	return &comparison{Difference: c.Difference, Relative: c.Relative.Value, RelativeCI: [2]float64{c.Relative.Low, c.Relative.High},
		PValue: c.PValue, Significant: c.Significant, NeededPerVariant: c.NeededPerVariant}
}

// vsControl is a variant against the control, metric by metric.
type vsControl struct {
	CTR               *comparison `json:"ctr"`
	ConversionRate    *comparison `json:"conversion_rate"`
	RevenuePerShopper *comparison `json:"revenue_per_shopper"`
}

// variantResult is what one variant did, with 95% intervals.
type variantResult struct {
	Name                string      `json:"name"`
	Control             bool        `json:"control"`
	Shoppers            uint64      `json:"shoppers"`
	Impressions         int64       `json:"impressions"`
	Clicks              int64       `json:"clicks"`
	ClickedLists        int64       `json:"clicked_lists"`
	CTR                 float64     `json:"ctr"`
	CTRCI               [2]float64  `json:"ctr_ci"`
	Conversions         int64       `json:"conversions"`
	ConversionRate      float64     `json:"conversion_rate"`
	ConversionCI        [2]float64  `json:"conversion_ci"`
	Revenue             store.Price `json:"revenue"`
	RevenuePerShopper   float64     `json:"revenue_per_shopper"`
	RevenuePerShopperCI [2]float64  `json:"revenue_per_shopper_ci"`
	VsControl           *vsControl  `json:"vs_control"`
}

func count(n int64) uint64 { return uint64(max(n, 0)) }

func (s *Server) getExperiment(w http.ResponseWriter, _ *http.Request, ps httprouter.Params) error {
	id, err := pathID("id", ps.ByName("id"))
	if err != nil {
		return err
	}
	x, totals, err := s.eng.ExperimentTotals(id)
	if err != nil {
		return err
	}
	control := x.Control()
	c := totals[control]
	results := make([]variantResult, len(totals))
	for i, t := range totals {
		ctr := abtest.Proportion(count(t.ClickedLists), count(t.Impressions))
		conv := abtest.Proportion(count(t.Purchases), count(t.Clicks))
		// Revenue per shopper in the shop's currency, not cents.
		rps := abtest.Mean(t.RevenueSum/100, t.RevenueSquares/1e4, t.Shoppers)
		v := variantResult{Name: x.Variants[i].Name, Control: i == control, Shoppers: t.Shoppers,
			Impressions: t.Impressions, Clicks: t.Clicks, ClickedLists: t.ClickedLists, CTR: ctr.Value, CTRCI: [2]float64{ctr.Low, ctr.High},
			Conversions: t.Purchases, ConversionRate: conv.Value, ConversionCI: [2]float64{conv.Low, conv.High},
			Revenue: store.Price(t.Revenue), RevenuePerShopper: rps.Value, RevenuePerShopperCI: [2]float64{rps.Low, rps.High}}
		if i != control {
			v.VsControl = &vsControl{
				CTR:               comparisonOf(abtest.CompareProportions(count(t.ClickedLists), count(t.Impressions), count(c.ClickedLists), count(c.Impressions))),
				ConversionRate:    comparisonOf(abtest.CompareProportions(count(t.Purchases), count(t.Clicks), count(c.Purchases), count(c.Clicks))),
				RevenuePerShopper: comparisonOf(abtest.CompareMeans(t.RevenueSum/100, t.RevenueSquares/1e4, t.Shoppers, c.RevenueSum/100, c.RevenueSquares/1e4, c.Shoppers)),
			}
		}
		results[i] = v
	}
	winner, summary := verdict(results, control)
	var win any
	if winner != "" {
		win = winner
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id": x.ID, "name": x.Name, "placement": x.Placement, "status": x.Status, "variants": x.Variants,
		"created_at": x.CreatedAt, "started_at": x.StartedAt, "stopped_at": x.StoppedAt, "shipped_variant": x.ShippedVariant,
		"results": map[string]any{"variants": results, "winner": win, "summary": summary},
	})
	return nil
}

// verdict names the winner on click-through, only when a difference from
// the control is significant, and says the result in a sentence. With
// more than one challenger the best significant one wins (no correction
// for several comparisons: the sentence says how many were made).
func verdict(rs []variantResult, control int) (winner, summary string) {
	served := int64(0)
	for i := range rs {
		served += rs[i].Impressions
	}
	if served == 0 {
		return "", "No list of this experiment has been served yet."
	}
	best, bestLift := -1, 0.0
	for i := range rs {
		if i == control || rs[i].VsControl == nil {
			continue
		}
		c := rs[i].VsControl.CTR
		if c.Significant && math.Abs(c.Relative) > math.Abs(bestLift) {
			best, bestLift = i, c.Relative
		}
	}
	if best < 0 {
		// Not significant: say how far the sample is from telling.
		var need uint64
		for i := range rs {
			if rs[i].VsControl != nil {
				need = max(need, rs[i].VsControl.CTR.NeededPerVariant)
			}
		}
		have := rs[control].Impressions
		if need == 0 {
			return "", fmt.Sprintf("No difference in clicks yet between the variants (%d impressions for the control). Keep it running; do not stop it on a peek.", have)
		}
		return "", fmt.Sprintf("Not significant yet: a difference in clicks this size needs about %d impressions per variant; the control has %d. Do not stop it on a peek: decide when it has the sample.", need, have)
	}
	c := rs[best].VsControl.CTR
	pct := func(x float64) string { return fmt.Sprintf("%.0f%%", 100*math.Abs(x)) }
	p := fmt.Sprintf("p = %.3f", c.PValue)
	if c.PValue < 0.001 {
		p = "p < 0.001"
	}
	if bestLift > 0 {
		winner = rs[best].Name
		summary = fmt.Sprintf("Variant %s gets %s more clicks than the control (95%% CI %s to %s, %s).", rs[best].Name, pct(c.Relative), signedPct(c.RelativeCI[0]), signedPct(c.RelativeCI[1]), p)
	} else {
		winner = rs[control].Name
		summary = fmt.Sprintf("The control gets more clicks: variant %s gets %s fewer (95%% CI %s to %s, %s).", rs[best].Name, pct(c.Relative), signedPct(c.RelativeCI[0]), signedPct(c.RelativeCI[1]), p)
	}
	if len(rs) > 2 {
		summary += fmt.Sprintf(" %d variants were compared with the control, so one of them can pass by chance more often than 5%%.", len(rs)-1)
	}
	return winner, summary
}

func signedPct(x float64) string { return fmt.Sprintf("%+.0f%%", 100*x) }
