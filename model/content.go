package model

import (
	"context"
	"math"
	"slices"
	"strings"
	"unicode"
)

// ContentConfig sets up content similarity (TF-IDF cosine over the words
// of ItemInfo.Text, plus a bonus for the same category), which gives new
// products a chance before anyone has interacted with them.
//
// The rule: an item is cold when it has fewer than ColdEvents events or was
// created less than ColdDays before training. Similar lists of every item
// include its most content-similar cold items, and a cold item's own list
// is built from content alone when it has no co-interactions. A personal
// list of 5 or more items gives its last slot to the cold item most
// content-similar to the user's history, when that similarity reaches
// ExploreMinSim and the item is not in the list already.
type ContentConfig struct {
	ColdEvents int
	ColdDays   float64
	// Neighbours is how many content neighbours each item keeps.
	Neighbours int
	// CategoryBonus is the share of the similarity given to an equal
	// category: sim = (1 - bonus) cos + bonus [same category].
	CategoryBonus float64
	// ExploreMinSim is the least similarity for the exploration slot;
	// above 1 disables the slot.
	ExploreMinSim float64
}

// DefaultContentConfig treats items with fewer than 5 events or younger
// than 14 days as cold, keeps 20 content neighbours, gives a same
// category 20% and opens the exploration slot from a similarity of 0.3.
func DefaultContentConfig() ContentConfig {
	return ContentConfig{ColdEvents: 5, ColdDays: 14, Neighbours: 20, CategoryBonus: 0.2, ExploreMinSim: 0.3}
}

// stopWords are frequent English words that say nothing about a product.
var stopWords = map[string]bool{"the": true, "and": true, "for": true, "with": true, "you": true, "your": true,
	"this": true, "that": true, "are": true, "our": true, "from": true, "its": true, "into": true, "all": true}

// tokens splits text into lower-case words of two or more letters or digits.
func tokens(text string) []string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := words[:0]
	for _, w := range words {
		if len(w) >= 2 && !stopWords[w] {
			out = append(out, w)
		}
	}
	return out
}

// tfidf returns the items x terms matrix of L2-normalised TF-IDF weights
// (log-scaled term counts). Terms in over half of the items are dropped:
// they make everything similar to everything.
func tfidf(items []ItemInfo) *csr {
	vocab := map[string]int32{}
	docs := make([]map[int32]float64, len(items))
	var df []int
	for i, it := range items {
		docs[i] = map[int32]float64{}
		for _, w := range tokens(it.Text) {
			id, ok := vocab[w]
			if !ok {
				id = int32(len(vocab))
				vocab[w] = id
				df = append(df, 0)
			}
			if docs[i][id] == 0 {
				df[id]++
			}
			docs[i][id]++
		}
	}
	n := float64(len(items))
	var cells []entry
	for i, d := range docs {
		start := len(cells)
		var norm float64
		for id, tf := range d {
			if float64(df[id]) > n/2 && n > 2 {
				continue
			}
			w := (1 + math.Log(tf)) * math.Log(1+n/float64(df[id]))
			cells = append(cells, entry{int32(i), id, w})
			norm += w * w
		}
		for k := start; k < len(cells); k++ {
			cells[k].val /= math.Sqrt(norm)
		}
	}
	return newCSR(len(items), len(vocab), cells)
}

// coldItems marks the items that are cold by the rule of ContentConfig.
func coldItems(items []ItemInfo, counts []int, now int64, cfg ContentConfig) []bool {
	cold := make([]bool, len(items))
	for i, it := range items {
		young := cfg.ColdDays > 0 && float64(now-it.Created) < cfg.ColdDays*secondsPerDay
		cold[i] = counts[i] < cfg.ColdEvents || young
	}
	return cold
}

// trainContent keeps, per item, its most content-similar cold items; for a
// cold item, its most content-similar items of the whole catalog. Rows
// are sorted by item index like every csr. cat numbers each item's
// category (Model.catOf).
func trainContent(ctx context.Context, items []ItemInfo, cat []int32, cold []bool, cfg ContentConfig) (*csr32, error) {
	k := max(cfg.Neighbours, 0)
	if k == 0 {
		return nil, nil
	}
	x := tfidf(items)
	xt := x.transpose()
	// A word in very many products (a category's name in a catalog of
	// 200,000) adds little to a cosine, its weight being low, and would
	// cost a pass over all of them for each product holding it: the search
	// for neighbours leaves out words of more than maxPostings products.
	// Catalogs up to 100,000 products lose only words in more than 2,000
	// of them.
	maxPostings := max(2000, len(items)/50)
	rows := make([][]entry, len(items))
	parallelRows(len(items), func(lo, hi int) {
		acc := make([]float64, len(items))
		var touched []int32
		for i := lo; i < hi; i++ {
			if i%256 == 0 && ctx.Err() != nil {
				return
			}
			touched = touched[:0]
			terms, w := x.row(i)
			for p, t := range terms {
				docs, v := xt.row(int(t))
				if len(docs) > maxPostings {
					continue
				}
				for q, j := range docs {
					if int(j) == i || !(cold[i] || cold[j]) {
						continue
					}
					if acc[j] == 0 {
						touched = append(touched, j)
					}
					acc[j] += w[p] * v[q]
				}
			}
			cand := bestOf(touched, func(j int32) float64 {
				s := (1 - cfg.CategoryBonus) * acc[j]
				if cat[i] == cat[j] { // numbers: comparing names was 43% of this at 200,000 products
					s += cfg.CategoryBonus
				}
				return s
			}, k)
			for _, j := range touched {
				acc[j] = 0
			}
			row := make([]entry, len(cand))
			for n, c := range cand {
				row[n] = entry{int32(i), c.item, c.score}
			}
			rows[i] = row
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return toCSR32(newCSR(len(items), len(items), slices.Concat(rows...))), nil
}

// exploreItem returns the cold item most content-similar to user r's
// history (similarity times the history item's weight relative to the
// user's largest), the history item behind it, and false when none
// reaches ExploreMinSim or keep rejects them all.
func (m *Model) exploreItem(r *userRow, keep func(int32) bool) (item, because int32, score float64, ok bool) {
	if m.content == nil || len(r.cols) == 0 {
		return 0, 0, 0, false
	}
	var wmax float64
	for _, v := range r.vals {
		wmax = max(wmax, v)
	}
	best, because := ranked{-1, 0}, int32(-1)
	for k, h := range r.cols {
		nb, sims := m.content.row(int(h))
		for p, j := range nb {
			c := ranked{j, float64(sims[p]) * r.vals[k] / wmax}
			if m.cold[j] && c.score >= m.cfg.Content.ExploreMinSim && better(c, best) && keep(j) {
				best, because = c, h
			}
		}
	}
	return best.item, because, best.score, best.item >= 0
}
