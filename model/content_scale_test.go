package model

import (
	"context"
	"fmt"
	"testing"
)

// TestContentNeighboursSkipVeryCommonWords: the neighbour search leaves out
// words of more than maxPostings products, and still finds each product's
// true neighbour through the rarer words they share.
func TestContentNeighboursSkipVeryCommonWords(t *testing.T) {
	const n = 5000
	items := make([]ItemInfo, n)
	cold := make([]bool, n)
	for i := range items {
		text := fmt.Sprintf("pair%d shade%d", i/2, i%97)
		if i < 2400 {
			text += " common" // in 2,400 products: above the 2,000 searched
		}
		items[i] = ItemInfo{ID: uint64(i + 1), Category: "c", Text: text}
		cold[i] = true
	}
	nb, err := trainContent(context.Background(), items, make([]int32, n), cold, ContentConfig{Neighbours: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 1, 2398, 2401, 4998} {
		cols, sims := nb.row(i)
		best := -1
		for k := range cols {
			if best < 0 || sims[k] > sims[best] {
				best = k
			}
		}
		if best < 0 || int(cols[best]) != i^1 {
			t.Errorf("product %d: neighbours %v (similarities %v), want %d the closest", i, cols, sims, i^1)
		}
	}
	if none, err := trainContent(context.Background(), items, make([]int32, n), cold, ContentConfig{}); none != nil || err != nil {
		t.Errorf("no neighbours asked: %v %v", none, err)
	}
}
