package model

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
	reasonTrending = "Trending now"
	reasonCategory = "Popular in "
	reasonPersonal = "Shoppers with similar taste liked this"
	reasonBecause  = "Because you liked a similar item"
)

// Recommend returns up to n items for user, best first. Unknown users, and
// users the personal models cannot score, get trending items.
func (m *Model) Recommend(user uint64, n int, f Filter) []Recommendation {
	if n <= 0 {
		return nil
	}
	u, known := m.users[user]
	seen := func(int32) bool { return false }
	if known && !f.IncludeSeen {
		seen = func(i int32) bool { return m.history.has(int(u), i) }
	}
	if !known || len(m.comps) == 0 {
		return m.popular(n, f, seen)
	}
	return m.personal(int(u), n, f, seen)
}

// personal ranks items for user row u by the blend of personal components.
func (m *Model) personal(u, n int, f Filter, seen func(int32) bool) []Recommendation {
	total, parts := m.blend(u, func(i int32) bool { return m.history.has(u, i) })
	top := topN(total, n, func(i int32) bool { return !seen(i) && f.keeps(&m.items[i]) })
	out := make([]Recommendation, len(top))
	for k, r := range top {
		scores := make(map[string]float64, len(parts)+1)
		for name, s := range parts {
			scores[name] = s[r.item]
		}
		scores[Popularity] = m.popConfidence(r.item)
		out[k] = Recommendation{
			Item:       m.items[r.item].ID,
			Confidence: min(max(r.score, 0), 1),
			Scores:     scores,
			Reason:     reasonPersonal,
		}
		if m.knn != nil {
			if b, ok := m.knn.because(u, r.item); ok {
				out[k].Reason, out[k].Because = reasonBecause, m.items[b].ID
			}
		}
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
