package model

import (
	"cmp"
	"context"
	"math"
	"slices"
)

// BasketConfig sets up BoughtTogether: items put in the cart or bought in
// the same basket. A basket is one session's cart and purchase events
// (Event.Session), or, for events without a session, one user's cart and
// purchase events with no gap longer than Days between them.
type BasketConfig struct {
	Days float64
	// Neighbours is how many co-bought items each item keeps.
	Neighbours int
	// MaxBasket bounds the items of one basket counted (pairs grow with
	// its square); bigger baskets keep their first MaxBasket items.
	MaxBasket int
}

// DefaultBasketConfig joins events up to 3 days apart, keeps 50 items per
// item and counts at most 50 items per basket.
func DefaultBasketConfig() BasketConfig { return BasketConfig{Days: 3, Neighbours: 50, MaxBasket: 50} }

// basketKey identifies a basket while grouping events.
type basketKey struct {
	user, session uint64
}

// basketEvent is one cart or purchase event, reduced to what grouping needs.
type basketEvent struct {
	key  basketKey
	item int32
	time int64
}

// trainBaskets scores co-bought pairs by c_ij / (sqrt(n_i n_j) + 1), with
// c_ij the baskets holding both and n_i those holding i (the +1 damps
// pairs seen once), and keeps each item's best cfg.Neighbours.
func trainBaskets(ctx context.Context, events []Event, index map[uint64]int32, nItems int, cfg BasketConfig) (*csr32, error) {
	var evs []basketEvent
	for _, e := range events {
		i, ok := index[e.Item]
		if !ok || (e.Type != Cart && e.Type != Purchase) || (e.User == 0 && e.Session == 0) {
			continue
		}
		k := basketKey{user: e.User, session: e.Session}
		evs = append(evs, basketEvent{k, i, e.Time})
	}
	slices.SortFunc(evs, func(a, b basketEvent) int {
		return cmp.Or(cmp.Compare(a.key.user, b.key.user), cmp.Compare(a.key.session, b.key.session), cmp.Compare(a.time, b.time))
	})
	gap := int64(cfg.Days * secondsPerDay)
	pairs := map[[2]int32]float64{}
	count := make([]float64, nItems)
	var basket []int32
	flush := func() {
		slices.Sort(basket)
		basket = slices.Compact(basket)
		basket = basket[:min(len(basket), max(cfg.MaxBasket, 0))]
		for p, i := range basket {
			count[i]++
			for _, j := range basket[p+1:] {
				pairs[[2]int32{i, j}]++
			}
		}
		basket = basket[:0]
	}
	for k, e := range evs {
		if k%ctxCheckEvery == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if k > 0 {
			prev := evs[k-1]
			if prev.key != e.key || (e.key.session == 0 && e.time-prev.time > gap) {
				flush()
			}
		}
		basket = append(basket, e.item)
	}
	flush()
	rows := make([][]ranked, nItems)
	for p, c := range pairs {
		s := c / (math.Sqrt(count[p[0]]*count[p[1]]) + 1)
		rows[p[0]] = append(rows[p[0]], ranked{p[1], s})
		rows[p[1]] = append(rows[p[1]], ranked{p[0], s})
	}
	var cells []entry
	for i, row := range rows {
		slices.SortFunc(row, func(a, b ranked) int {
			if better(a, b) {
				return -1
			}
			return 1
		})
		for _, r := range row[:min(len(row), max(cfg.Neighbours, 0))] {
			cells = append(cells, entry{int32(i), r.item, r.score})
		}
	}
	return toCSR32(newCSR(nItems, nItems, cells)), ctx.Err()
}

// reasonTogether explains items picked by BoughtTogether.
const reasonTogether = "Often bought together"

// BoughtTogether returns up to n items most often put in the cart or bought
// together with item, best first. When too few are known, the list is
// completed with Similar items.
func (m *Model) BoughtTogether(item uint64, n int, f Filter) []Recommendation {
	if n <= 0 {
		return nil
	}
	i, known := m.index[item]
	if !known {
		return nil
	}
	out := make([]Recommendation, 0, n)
	taken := map[uint64]bool{item: true}
	if m.together != nil {
		for _, r := range sortedRow(m.together, i) {
			if len(out) == n {
				return out
			}
			if !f.keeps(&m.items[r.item]) {
				continue
			}
			taken[m.items[r.item].ID] = true
			out = append(out, Recommendation{
				Item: m.items[r.item].ID, Confidence: min(max(r.score, 0), 1),
				Scores: map[string]float64{TogetherScore: min(max(r.score, 0), 1), Popularity: m.popConfidence(r.item)},
				Reason: reasonTogether, Because: item,
			})
		}
	}
	if len(out) < n {
		sf := f
		sf.Exclude = func(id uint64) bool { return taken[id] || (f.Exclude != nil && f.Exclude(id)) }
		out = append(out, m.Similar(item, n-len(out), sf)...)
	}
	return out
}

// sortedRow returns row i of a similarity matrix ordered best first.
func sortedRow(a *csr32, i int32) []ranked {
	nb, sims := a.row(int(i))
	order := make([]ranked, len(nb))
	for p, j := range nb {
		order[p] = ranked{j, float64(sims[p])}
	}
	slices.SortFunc(order, func(x, y ranked) int {
		if better(x, y) {
			return -1
		}
		return 1
	})
	return order
}
