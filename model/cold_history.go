package model

import "slices"

// A shopper whose every item is new to the learned models (no event of it
// in the training data: a guest who looked at a book added since) gives
// them nothing to go on: their blend would rank popular items and call
// them "shoppers with similar taste liked this". Items with a few events
// are not this case: the models learn from those.
// Such a history is ranked by content instead: each item the shopper
// touched lends its content neighbours (text and category) its
// similarity, times its weight in the history, and each recommendation
// names the history item behind it. When the neighbours run out, the
// list is filled with what is popular in the history's categories, then
// overall, each saying so.

// allUntrained reports whether no item of r's history had an event in
// the training data (its popularity is zero).
func (m *Model) allUntrained(r *userRow) bool {
	if m.content == nil || len(r.cols) == 0 {
		return false
	}
	for _, h := range r.cols {
		if m.pop[h] > 0 {
			return false
		}
	}
	return true
}

// byContent ranks items for the untrained history r by content
// similarity.
func (m *Model) byContent(r *userRow, n int, f Filter, seen func(int32) bool) []Recommendation {
	var wmax float64
	for _, v := range r.vals {
		wmax = max(wmax, v)
	}
	inHistory := func(j int32) bool { return slices.Contains(r.cols, j) }
	keep := m.keeper(&f, func(j int32) bool { return seen(j) || inHistory(j) })
	best := map[int32]ranked{}
	because := map[int32]int32{}
	for k, h := range r.cols {
		nb, sims := m.content.row(int(h))
		for p, j := range nb {
			c := ranked{j, min(max(float64(sims[p])*r.vals[k]/wmax, 0), 1)}
			if old, ok := best[j]; (!ok || better(c, old)) && keep(j) {
				best[j], because[j] = c, h
			}
		}
	}
	order := make([]ranked, 0, len(best))
	for _, c := range best {
		order = append(order, c)
	}
	slices.SortFunc(order, func(x, y ranked) int {
		if better(x, y) {
			return -1
		}
		return 1
	})
	out := make([]Recommendation, 0, n)
	taken := map[int32]bool{}
	for _, c := range order[:min(n, len(order))] {
		taken[c.item] = true
		out = append(out, Recommendation{
			Item: m.items[c.item].ID, Confidence: c.score,
			Scores: map[string]float64{ContentScore: c.score, Popularity: m.popConfidence(c.item)},
			Reason: reasonContentOf, Because: m.items[because[c.item]].ID,
		})
	}
	skip := func(j int32) bool { return taken[j] || seen(j) || inHistory(j) }
	for _, h := range r.cols {
		if len(out) >= n {
			break
		}
		cf := f
		if cf.Category == "" {
			cf.Category = m.items[h].Category
		}
		for _, rec := range m.popular(n-len(out), cf, skip) {
			taken[m.index[rec.Item]] = true
			out = append(out, rec)
		}
	}
	if len(out) < n {
		out = append(out, m.popular(n-len(out), f, skip)...)
	}
	return out
}
