package model

import "slices"

// Reasons given by Similar.
const (
	reasonSimilar = "Shoppers who liked this also liked"
	reasonContent = "Similar to this product"
)

// Similar returns up to n items most like item, best first, never item
// itself: its item-kNN neighbours (shrunk cosine over the users who
// interacted with both) merged with its content neighbours (text and
// category; only cold items for items with history, see ContentConfig),
// each candidate scored by the larger of the two similarities. When fewer
// than n remain after f, the list is completed with popular items of
// item's category.
func (m *Model) Similar(item uint64, n int, f Filter) []Recommendation {
	if n <= 0 {
		return nil
	}
	i, known := m.index[item]
	out := make([]Recommendation, 0, n)
	taken := map[int32]bool{i: true}
	if known {
		type cand struct{ knn, content float64 }
		cands := map[int32]*cand{}
		get := func(j int32) *cand {
			if cands[j] == nil {
				cands[j] = &cand{}
			}
			return cands[j]
		}
		if m.knn != nil {
			nb, sims := m.knn.sim.row(int(i))
			for p, j := range nb {
				get(j).knn = min(max(float64(sims[p]), 0), 1)
			}
		}
		if m.content != nil {
			nb, sims := m.content.row(int(i))
			for p, j := range nb {
				get(j).content = min(max(float64(sims[p]), 0), 1)
			}
		}
		order := make([]ranked, 0, len(cands))
		for j, c := range cands {
			order = append(order, ranked{j, max(c.knn, c.content)})
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
			c := cands[r.item]
			rec := Recommendation{
				Item: m.items[r.item].ID, Confidence: r.score,
				Scores: map[string]float64{Popularity: m.popConfidence(r.item)},
				Reason: reasonSimilar, Because: item,
			}
			if m.knn != nil {
				rec.Scores[KNN] = c.knn
			}
			if m.content != nil {
				rec.Scores[ContentScore] = c.content
			}
			if c.content > c.knn {
				rec.Reason = reasonContent
			}
			out = append(out, rec)
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
