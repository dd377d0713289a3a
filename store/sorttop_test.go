package store

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortTopMatchesASort checks that sortTop's front k are a full sort's
// first k, with many ties in the key (an id breaks them, as in every
// listing), and that it only moves the items.
func TestSortTopMatchesASort(t *testing.T) {
	type item struct{ key, id int }
	order := func(a, b item) int { return cmp.Or(cmp.Compare(b.key, a.key), cmp.Compare(a.id, b.id)) }
	r := rand.New(rand.NewPCG(9, 10))
	for trial := range 300 {
		n := r.IntN(3_000)
		xs := make([]item, n)
		for i := range xs {
			xs[i] = item{r.IntN(1 + r.IntN(50)), i}
		}
		want := slices.Clone(xs)
		slices.SortFunc(want, order)
		k := r.IntN(n/4 + 2)
		if trial%10 == 0 {
			k = n + 1
		}
		got := slices.Clone(xs)
		sortTop(got, k, order)
		if m := min(k, n); !slices.Equal(got[:m], want[:m]) {
			t.Fatalf("trial %d: n %d k %d: front %v, want %v", trial, n, k, got[:min(m, 5)], want[:min(m, 5)])
		}
		slices.SortFunc(got, order)
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: the items changed", trial)
		}
	}
}
