package model

import "slices"

// Recommendation is one recommended item.
type Recommendation struct {
	Item uint64
	// Confidence is in [0,1]: the item's final score relative to the best
	// possible score of the model that ranked it.
	Confidence float64
	// Scores holds the item's normalised score per model ("popularity", "cf", ...).
	Scores map[string]float64
	// Reason is a short human-readable explanation.
	Reason string
	// Because is the item (of the user's history, or the item asked about
	// by Similar) that best explains this one; 0 when none does. Callers
	// can name it in the reason.
	Because uint64
}

// Reasons given with recommendations.
const (
	reasonTrending  = "Trending now"
	reasonCategory  = "Popular in "
	reasonPersonal  = "Shoppers with similar taste liked this"
	reasonBecause   = "Because you liked a similar item"
	reasonNew       = "New, and like what you liked"
	reasonContentOf = "Like an item you looked at"
)

// exploreMinList is the shortest personal list that gives a slot to a new item.
const exploreMinList = 5

// Recommend returns up to n items for user, best first, leaving out the
// items the user interacted with in a way Config.Exclude names. Unknown
// users, and users the personal models cannot score, get trending items.
func (m *Model) Recommend(user uint64, n int, f Filter) []Recommendation {
	if n <= 0 {
		return nil
	}
	u, known := m.users[user]
	if !known || user == 0 {
		return m.popular(n, f, func(int32) bool { return false })
	}
	return m.rank(m.trainedRow(int(u)), m.excl.cells(int(u)), n, f)
}

// rank recommends for user r, leaving out the sorted item indices excl
// unless f.IncludeSeen. Users without history get trending items.
func (m *Model) rank(r *userRow, excl []int32, n int, f Filter) []Recommendation {
	seen := func(i int32) bool { return inSorted(excl, i) }
	if f.IncludeSeen {
		seen = func(int32) bool { return false }
	}
	if len(m.comps) == 0 || len(r.cols) == 0 {
		return m.popular(n, f, seen)
	}
	if m.allUntrained(r) {
		return m.byContent(r, n, f, seen)
	}
	return m.personal(r, n, f, excl, seen)
}

// personal ranks items for user r by the blend of personal components;
// skip lists the (sorted) items left out of the score range, seen says
// which are left out of the list.
func (m *Model) personal(r *userRow, n int, f Filter, skip []int32, seen func(int32) bool) []Recommendation {
	sc := m.getScratch()
	defer m.putScratch(sc)
	keep := m.keeper(&f, seen)
	parts, ok := m.candidateTop(r, n, &f, skip, keep, sc)
	if !ok {
		var total []float64
		total, parts = m.blend(r, skip, sc)
		sc.top = selectTop(sc.top, total, n, keep)
	}
	out := make([]Recommendation, len(sc.top), len(sc.top)+1)
	for k, it := range sc.top {
		scores := make(map[string]float64, len(parts)+1)
		for p := range parts {
			scores[parts[p].name] = parts[p].norm(it.item)
		}
		scores[Popularity] = m.popConfidence(it.item)
		out[k] = Recommendation{
			Item:       m.items[it.item].ID,
			Confidence: min(max(it.score, 0), 1),
			Scores:     scores,
			Reason:     reasonPersonal,
		}
		if m.knn != nil {
			if b, ok := m.knn.because(cellRow(r, m.cfg.Cells.KNN), it.item); ok {
				out[k].Reason, out[k].Because = reasonBecause, m.items[b].ID
			}
		}
	}
	return m.explore(r, out, n, keep)
}

// explore gives the last slot of a list of at least exploreMinList items
// to the cold item most content-similar to the user's history (see
// ContentConfig), unless the list holds it already.
func (m *Model) explore(r *userRow, out []Recommendation, n int, keep func(int32) bool) []Recommendation {
	if n < exploreMinList {
		return out
	}
	inList := func(j int32) bool {
		return slices.ContainsFunc(out, func(rec Recommendation) bool { return rec.Item == m.items[j].ID })
	}
	j, b, score, ok := m.exploreItem(r, func(j int32) bool { return keep(j) && !inList(j) })
	if !ok {
		return out
	}
	rec := Recommendation{
		Item: m.items[j].ID, Confidence: min(max(score, 0), 1),
		Scores: map[string]float64{ContentScore: min(max(score, 0), 1), Popularity: m.popConfidence(j)},
		Reason: reasonNew, Because: m.items[b].ID,
	}
	if len(out) == n {
		out[n-1] = rec
	} else {
		out = append(out, rec)
	}
	return out
}

// Popular returns up to n items by time-decayed popularity, best first,
// within f.Category when set.
func (m *Model) Popular(n int, f Filter) []Recommendation {
	if n <= 0 {
		return nil
	}
	return m.popular(n, f, func(int32) bool { return false })
}

// popular walks the popularity ranking and keeps what f lets through.
func (m *Model) popular(n int, f Filter, skip func(int32) bool) []Recommendation {
	order, reason := m.popOrder, reasonTrending
	if f.Category != "" {
		order, reason = m.catOrder[f.Category], reasonCategory+f.Category
	}
	out := make([]Recommendation, 0, min(n, len(order)))
	for _, i := range order {
		if len(out) == n {
			break
		}
		if skip(i) || !f.keeps(&m.items[i]) {
			continue
		}
		c := m.popConfidence(i)
		out = append(out, Recommendation{
			Item:       m.items[i].ID,
			Confidence: c,
			Scores:     map[string]float64{"popularity": c},
			Reason:     reason,
		})
	}
	return out
}

// popConfidence is the popularity of item index i relative to the most popular item.
func (m *Model) popConfidence(i int32) float64 {
	if m.popMax <= 0 {
		return 0
	}
	return m.pop[i] / m.popMax
}
