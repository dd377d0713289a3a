package model

import (
	"maps"
	"math"
	"slices"
)

// Metrics are the ranking quality of a top-k list on held-out data. A
// value from RankMetrics is one user's; Add sums users and Mean averages
// the sums, so that Info.Validation and package eval report means over the
// users measured.
type Metrics struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	NDCG      float64 `json:"ndcg"`
	HitRate   float64 `json:"hit_rate"`
	// Users is how many users were measured.
	Users int `json:"users"`
	// NDCGCI95 is the half width of the 95% confidence interval of the
	// mean NDCG over the users (normal approximation); set by Mean.
	NDCGCI95 float64 `json:"ndcg_ci95"`
	// ndcgSq sums the squared per-user NDCG for NDCGCI95.
	ndcgSq float64
}

// RankMetrics measures one user's ranked list by the project's protocol
// (holdout-v1, binary relevance): rel[p] reports whether the item at
// position p is one of the user's nRelevant held-out items, and only the
// first k positions count. Precision divides the hits by k even when the
// list is shorter; NDCG's ideal list has min(k, nRelevant) relevant items.
// Ties must be broken by the caller (the protocol's rule is lower item id
// first) before the list reaches here. Validation inside Train and package
// eval both measure with it, so the two cannot drift apart.
func RankMetrics(rel []bool, nRelevant, k int) Metrics {
	var dcg, ideal float64
	hits := 0
	for p, r := range rel[:min(len(rel), max(k, 0))] {
		if r {
			hits++
			dcg += 1 / math.Log2(float64(p)+2)
		}
	}
	for p := range min(k, nRelevant) {
		ideal += 1 / math.Log2(float64(p)+2)
	}
	m := Metrics{Users: 1}
	if k > 0 {
		m.Precision = float64(hits) / float64(k)
	}
	if nRelevant > 0 {
		m.Recall = float64(hits) / float64(nRelevant)
	}
	if ideal > 0 {
		m.NDCG = dcg / ideal
		m.ndcgSq = m.NDCG * m.NDCG
	}
	if hits > 0 {
		m.HitRate = 1
	}
	return m
}

// Add adds o's figures and users to the running sums in m.
func (m *Metrics) Add(o Metrics) {
	m.Precision += o.Precision
	m.Recall += o.Recall
	m.NDCG += o.NDCG
	m.HitRate += o.HitRate
	m.Users += o.Users
	m.ndcgSq += o.ndcgSq
}

// Mean divides sums built by Add by the number of users added; with no
// users it returns m unchanged.
func (m Metrics) Mean() Metrics {
	if m.Users == 0 {
		return m
	}
	f := 1 / float64(m.Users)
	return Metrics{Precision: m.Precision * f, Recall: m.Recall * f, NDCG: m.NDCG * f, HitRate: m.HitRate * f, Users: m.Users,
		NDCGCI95: ci95(m.NDCG, m.ndcgSq, m.Users)}
}

// weightGrid is the values TuneWeights tries for each weight.
var weightGrid = [...]float64{0, 0.1, 0.2, 0.3, 0.5, 0.7, 1}

// WeightSearch is the outcome of TuneWeights.
type WeightSearch struct {
	// Weights are the best weights found.
	Weights map[string]float64
	// Start is the score of the starting weights, Best that of Weights.
	Start, Best float64
}

// TuneWeights searches blend weights by coordinate ascent on score (higher
// is better, NDCG@10 in practice): two rounds over names, each trying
// every value of a small grid for one name with the others held. A trial
// is kept only when it beats the best by more than 1e-9, so that rounding
// noise cannot move the weights; trials where no name has a positive
// weight are skipped, since the ensemble reads all zero as equal weights.
// start is not modified. Validation inside Train and package eval's
// settings search both tune with it.
func TuneWeights(names []string, start map[string]float64, score func(map[string]float64) (float64, error)) (WeightSearch, error) {
	weights := maps.Clone(start)
	if weights == nil {
		weights = map[string]float64{}
	}
	best, err := score(weights)
	if err != nil {
		return WeightSearch{}, err
	}
	out := WeightSearch{Start: best}
	for range 2 {
		for _, name := range names {
			for _, v := range weightGrid {
				w := maps.Clone(weights)
				w[name] = v
				if !slices.ContainsFunc(names, func(n string) bool { return w[n] > 0 }) {
					continue
				}
				s, err := score(w)
				if err != nil {
					return WeightSearch{}, err
				}
				if s > best+1e-9 {
					best, weights = s, w
				}
			}
		}
	}
	out.Weights, out.Best = weights, best
	return out, nil
}
