package model

import "fmt"

// limits says, in sentences for the shop owner, where this training was
// held within bounds by design: the parts of the data a component or the
// validation did not take, and why.
func (m *Model) limits(validated bool) []string {
	var out []string
	withData := 0
	if m.history != nil {
		seen := make([]bool, len(m.items))
		for _, c := range m.history.idx {
			if !seen[c] {
				seen[c] = true
				withData++
			}
		}
	}
	for _, t := range m.comps {
		switch c := t.c.(type) {
		case *easeModel:
			if len(c.items) < withData {
				out = append(out, fmt.Sprintf("ease modelled the %d products with the most interactions of the %d that have any: "+
					"its product-by-product weights take memory that grows with the square of the products and time with the cube", len(c.items), withData))
			}
		case *sparseEASE:
			out = append(out, fmt.Sprintf("ease learned %d neighbours per product over %d products instead of the full product-by-product weights, "+
				"which hold at most %d products in memory and time", max(m.cfg.EASE.Neighbours, 1), withData, m.cfg.EASE.MaxItems))
		}
	}
	for _, r := range m.info.Retrieval {
		out = append(out, fmt.Sprintf("%s ranks %d candidates retrieved from an index (%d products always, and %d of %d lists of similar products) instead of scoring all %d products: "+
			"they held %.3f of its exact best %d for %d shoppers, %.3f within %q", r.Component, r.Candidates, r.Head, r.Probe, r.Lists, len(m.items),
			r.Recall, r.Candidates, r.Queries, r.CategoryRecall, r.Category))
	}
	if validated && m.cfg.ValidationUsers > 0 && m.info.Users > m.cfg.ValidationUsers {
		out = append(out, fmt.Sprintf("validation and tuning learned from a sample of %d of the %d shoppers, to keep training time bounded",
			m.cfg.ValidationUsers, m.info.Users))
	}
	return out
}
