package demo

import "math/rand/v2"

// aliasTable draws index i with probability w[i]/sum(w) in O(1) (Vose's
// alias method), so sampling a product within a category costs the same
// for 50 products or 5,000.
type aliasTable struct {
	prob  []float64
	alias []int32
}

// newAliasTable builds the table for weights w, which must be non-negative
// with a positive sum.
func newAliasTable(w []float64) aliasTable {
	n := len(w)
	t := aliasTable{prob: make([]float64, n), alias: make([]int32, n)}
	var sum float64
	for _, x := range w {
		sum += x
	}
	small := make([]int32, 0, n)
	large := make([]int32, 0, n)
	for i, x := range w {
		t.prob[i] = x * float64(n) / sum
		if t.prob[i] < 1 {
			small = append(small, int32(i))
		} else {
			large = append(large, int32(i))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		t.alias[s] = l
		t.prob[l] += t.prob[s] - 1
		if t.prob[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	// Leftovers are 1 up to rounding error.
	for _, i := range large {
		t.prob[i] = 1
	}
	for _, i := range small {
		t.prob[i] = 1
	}
	return t
}

// draw returns an index with the table's probabilities.
func (t aliasTable) draw(r *rand.Rand) int {
	i := r.IntN(len(t.prob))
	if r.Float64() < t.prob[i] {
		return i
	}
	return int(t.alias[i])
}

// pickWeighted returns an index of w drawn with probability w[i]/sum(w) by a
// linear scan: for the handful of categories or candidates per draw, a scan
// beats building a table. A zero sum yields a uniform draw.
func pickWeighted(r *rand.Rand, w []float64) int {
	var sum float64
	for _, x := range w {
		sum += x
	}
	if sum <= 0 {
		return r.IntN(len(w))
	}
	u := r.Float64() * sum
	for i, x := range w {
		u -= x
		if u < 0 {
			return i
		}
	}
	return len(w) - 1 // rounding left u just above zero
}
