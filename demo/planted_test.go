package demo

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// heldOut is one user's split: products seen before the cutoff, and the
// products first met after it.
type heldOut struct {
	user  uint64
	seen  map[uint64]bool
	later map[uint64]bool
	cats  map[string]int // category counts of the training events
}

// splitUsers holds out, for each user with at least 10 events, the last 20%
// of the distinct products they met (at least one); training events are
// those before the first held-out product appeared. It returns the splits
// and the training event count per product.
func splitUsers(shop *Shop) ([]heldOut, map[uint64]int) {
	byUser := map[uint64][]int{}
	for i, it := range shop.Interactions {
		byUser[it.UserID] = append(byUser[it.UserID], i)
	}
	counts := map[uint64]int{}
	var splits []heldOut
	for u := uint64(1); u <= uint64(len(shop.Users)); u++ {
		idx := byUser[u]
		var order []uint64 // distinct products in first-met order
		firstAt := map[uint64]int{}
		for _, i := range idx {
			p := shop.Interactions[i].ProductID
			if _, ok := firstAt[p]; !ok {
				firstAt[p] = i
				order = append(order, p)
			}
		}
		cut := len(idx) // no hold-out: every event trains
		if len(idx) >= 10 && len(order) >= 2 {
			nHold := max(1, int(math.Ceil(0.2*float64(len(order)))))
			cut = slices.Index(idx, firstAt[order[len(order)-nHold]])
			h := heldOut{user: u, seen: map[uint64]bool{}, later: map[uint64]bool{}, cats: map[string]int{}}
			for _, p := range order[len(order)-nHold:] {
				h.later[p] = true
			}
			for _, i := range idx[:cut] {
				it := shop.Interactions[i]
				h.seen[it.ProductID] = true
				h.cats[shop.Products[it.ProductID-1].Category]++
			}
			splits = append(splits, h)
		}
		for _, i := range idx[:cut] {
			counts[shop.Interactions[i].ProductID]++
		}
	}
	return splits, counts
}

// topUnseen returns the k most counted products among ranked (already in
// count order) that the user has not seen.
func topUnseen(ranked []uint64, seen map[uint64]bool, k int) []uint64 {
	var out []uint64
	for _, p := range ranked {
		if len(out) == k {
			break
		}
		if !seen[p] {
			out = append(out, p)
		}
	}
	return out
}

func hit(recs []uint64, later map[uint64]bool) bool {
	for _, p := range recs {
		if later[p] {
			return true
		}
	}
	return false
}

func TestCategoryTasteBeatsGlobalPopularity(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"default", DefaultConfig(testNow())},
		{"bigger catalog", Config{Seed: 11, Products: 5000, Users: 1000, Interactions: 100_000, Categories: 12, Days: 60, Now: testNow()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shop := Generate(tt.cfg)
			splits, counts := splitUsers(shop)
			ranked := make([]uint64, 0, len(counts))
			for p := range counts {
				ranked = append(ranked, p)
			}
			slices.SortFunc(ranked, func(a, b uint64) int {
				return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b))
			})
			byCat := map[string][]uint64{}
			for _, p := range ranked {
				c := shop.Products[p-1].Category
				byCat[c] = append(byCat[c], p)
			}
			globalHits, catHits := 0, 0
			for _, h := range splits {
				if hit(topUnseen(ranked, h.seen, 10), h.later) {
					globalHits++
				}
				top, best := "", 0
				for c, n := range h.cats {
					if n > best || (n == best && c < top) {
						top, best = c, n
					}
				}
				recs := topUnseen(byCat[top], h.seen, 10)
				if len(recs) < 10 { // a small category: fill from the global list
					filler := topUnseen(ranked, h.seen, 20)
					for _, p := range filler {
						if len(recs) < 10 && !slices.Contains(recs, p) {
							recs = append(recs, p)
						}
					}
				}
				if hit(recs, h.later) {
					catHits++
				}
			}
			n := float64(len(splits))
			global, byCategory := float64(globalHits)/n, float64(catHits)/n
			t.Logf("%d users held out: hit rate@10 global popularity %.3f, popular in top category %.3f", len(splits), global, byCategory)
			// Half of the users bounce after an event or two (see
			// bounceShare), so a third is what reaches 10 events.
			if len(splits) < len(shop.Users)/3 {
				t.Errorf("only %d of %d users have 10 events", len(splits), len(shop.Users))
			}
			if byCategory < global+0.1 || byCategory < 1.5*global {
				t.Errorf("category-aware hit rate %.3f does not clearly beat global %.3f", byCategory, global)
			}
		})
	}
}

// TestLatentAndPriceTastesArePlanted compares, within the category of each
// viewed product, the hidden match of the viewed product with that of a
// product drawn uniformly from the same category that was on sale.
func TestLatentAndPriceTastesArePlanted(t *testing.T) {
	shop, cat, pop := generate(DefaultConfig(testNow()))
	g := &eventGen{cat: cat, pop: pop}
	r := rand.New(rand.NewPCG(1, 2))
	var dotChosen, dotRandom, priceChosen, priceRandom float64
	n := 0
	for _, it := range shop.Interactions {
		u, p := int(it.UserID-1), int32(it.ProductID-1)
		members := cat.byCat[cat.cat[p]].members
		q := members[r.IntN(len(members))]
		if cat.created[q] > it.Timestamp.UnixMilli() {
			continue
		}
		dotChosen += g.dot(u, p)
		dotRandom += g.dot(u, q)
		priceChosen += math.Abs(cat.priceZ[p] - pop.priceZ[u])
		priceRandom += math.Abs(cat.priceZ[q] - pop.priceZ[u])
		n++
	}
	dotChosen, dotRandom = dotChosen/float64(n), dotRandom/float64(n)
	priceChosen, priceRandom = priceChosen/float64(n), priceRandom/float64(n)
	t.Logf("latent match %.3f vs %.3f at random; price distance %.3f vs %.3f at random", dotChosen, dotRandom, priceChosen, priceRandom)
	if math.Abs(dotRandom) > 0.05 || dotChosen < dotRandom+0.5 {
		t.Errorf("latent match of chosen products %.3f, random %.3f: want random near 0, chosen above by >= 0.5", dotChosen, dotRandom)
	}
	if priceChosen > priceRandom-0.1 {
		t.Errorf("price distance of chosen products %.3f, random %.3f: want chosen closer by >= 0.1", priceChosen, priceRandom)
	}
}

func TestPopularityDoesNotDominate(t *testing.T) {
	shop, _ := defaultShop(t)
	counts := make([]int, len(shop.Products))
	for _, it := range shop.Interactions {
		counts[it.ProductID-1]++
	}
	slices.Sort(counts)
	slices.Reverse(counts)
	top, top10 := counts[0], 0
	for _, c := range counts[:len(counts)/10] {
		top10 += c
	}
	n := float64(len(shop.Interactions))
	t.Logf("top product %.4f of events, top 10%% of products %.3f", float64(top)/n, float64(top10)/n)
	if float64(top)/n > 0.02 {
		t.Errorf("top product has %.4f of all events, want <= 0.02", float64(top)/n)
	}
	if share := float64(top10) / n; share < 0.25 || share > 0.6 {
		t.Errorf("top 10%% of products have %.3f of events, want a skew between 0.25 and 0.6", share)
	}
	if counts[len(counts)*9/10] == 0 {
		t.Errorf("more than a tenth of the catalog is never touched")
	}
}
