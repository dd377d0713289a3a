package model

import "slices"

// reasonSimilar explains items picked by Similar.
const reasonSimilar = "Shoppers who liked this also liked"

// Similar returns up to n items most like item (shrunk cosine over the
// users who interacted with both), best first, never item itself. When the
// kNN component is missing or the item has no neighbour that f lets
// through, the list is completed with popular items of item's category.
func (m *Model) Similar(item uint64, n int, f Filter) []Recommendation {
	if n <= 0 {
		return nil
	}
	i, known := m.index[item]
	out := make([]Recommendation, 0, n)
	taken := map[int32]bool{i: true}
	if known && m.knn != nil {
		nb, sims := m.knn.sim.row(int(i))
		order := make([]ranked, len(nb))
		for p, j := range nb {
			order[p] = ranked{j, sims[p]}
		}
		slices.SortFunc(order, func(x, y ranked) int {
			if better(x, y) {
				return -1
			}
			return 1
		})
		for _, r := range order {
			if len(out) == n {
				break
			}
			if !f.keeps(&m.items[r.item]) {
				continue
			}
			taken[r.item] = true
			c := min(max(r.score, 0), 1)
			out = append(out, Recommendation{
				Item: m.items[r.item].ID, Confidence: c,
				Scores: map[string]float64{KNN: c, Popularity: m.popConfidence(r.item)},
				Reason: reasonSimilar, Because: item,
			})
		}
	}
	if len(out) < n && known {
		cf := f
		if cf.Category == "" {
			cf.Category = m.items[i].Category
		}
		out = append(out, m.popular(n-len(out), cf, func(j int32) bool { return taken[j] })...)
	}
	return out
}
