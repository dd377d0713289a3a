package engine

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"shelf/store"
)

// Applied names a rule that moved an item: its index in the placement's
// rules and its type.
type Applied struct {
	Rule int    `json:"rule"`
	Type string `json:"type"`
}

// PlacementContext is what a placement's list is about: the shopper (a
// user or a guest session) and, for similar and bought-together lists,
// the product.
type PlacementContext struct {
	User    uint64
	Session string
	Product uint64
	// Weights, when set, blend a personal list with these weights instead
	// of the serving model's (an experiment's variant).
	Weights map[string]float64
}

// candidates is how many candidates a placement's list of n ranks: half
// again as many, so that its rules and diversity limits have room to work
// before the top-n cut (the fallback fills what they leave short), and
// one for each pin, which takes a place.
func candidates(pl *Placement, n int) int {
	k := n + (n+1)/2
	for i := range pl.Rules {
		if pl.Rules[i].Type == "pin" {
			k++
		}
	}
	return k
}

// PlacementList returns up to n items for a placement: candidates from its
// strategy (and filter f, the request's filters over the placement's),
// shaped by its rules and diversity limits and filled from its fallback
// when too few qualify.
func (e *Engine) PlacementList(pl Placement, ctx PlacementContext, n int, f Filter) ([]Recommendation, error) {
	k := candidates(&pl, n)
	cands, err := e.strategyList(pl.Strategy, ctx, k, f)
	if err != nil {
		return nil, err
	}
	now := e.cfg.Now()
	out := e.shape(&pl, cands, n, now)
	if len(out) < n && pl.Fallback != "none" {
		fallback := cmp.Or(pl.Fallback, "trending")
		if more, err := e.strategyList(fallback, ctx, k, f); err == nil && len(more) > 0 {
			out = e.shape(&pl, append(cands, below(cands, more)...), n, now)
		}
	}
	return out, nil
}

// below rescores a fallback's items to rank after every candidate, in
// their own order: scores of two strategies do not compare.
func below(cands, more []Recommendation) []Recommendation {
	floor := 1.0
	for _, c := range cands {
		floor = min(floor, c.Confidence)
	}
	out := make([]Recommendation, len(more))
	for i, m := range more {
		m.Confidence = floor * 0.5 * (1 - float64(i)/float64(len(more)+1))
		out[i] = m
	}
	return out
}

// strategyList ranks k candidates of one strategy.
func (e *Engine) strategyList(strategy string, ctx PlacementContext, k int, f Filter) ([]Recommendation, error) {
	switch strategy {
	case "personal":
		p := e.cur.Load()
		scorer, tag := p.m, ""
		if ctx.Weights != nil {
			scorer, tag = p.m.WithWeights(ctx.Weights), "|w "+weightsKey(ctx.Weights)
		}
		switch {
		case ctx.User != 0:
			l, err := e.recommendList(p, scorer, tag, ctx.User, k, f)
			if err != nil {
				return nil, err
			}
			return l.Recs, nil
		case ctx.Session != "":
			return e.sessionRecommend(scorer, ctx.Session, k, f)
		}
		return e.Popular(k, f)
	case "similar":
		return e.Similar(ctx.Product, k, f)
	case "bought-together":
		return e.BoughtTogether(ctx.Product, k, f)
	}
	return e.Popular(k, f)
}

// shape applies a placement to candidates ranked best first: exclude
// rules drop items, boost and bury rules multiply scores (and the list is
// ranked again), diversity limits skip items over their category's or
// brand's share, and pins put products at their positions. Each item
// moved by a rule names it in Rules.
func (e *Engine) shape(pl *Placement, cands []Recommendation, n int, now time.Time) []Recommendation {
	var pins []int
	seen := make(map[uint64]bool, len(cands))
	ranked := make([]Recommendation, 0, len(cands))
	for _, c := range cands {
		if seen[c.Product.ID] {
			continue
		}
		seen[c.Product.ID] = true
		if e.scoreByRules(pl, &c, now) {
			ranked = append(ranked, c)
		}
	}
	for i := range pl.Rules {
		if r := &pl.Rules[i]; r.Type == "pin" && r.active(now) {
			pins = append(pins, i)
		}
	}
	slices.SortStableFunc(ranked, func(a, b Recommendation) int { return cmp.Compare(b.Confidence, a.Confidence) })
	// Pinned products take their places in the limits per category and
	// brand first: the whole list keeps them, pins included.
	pinned := map[uint64]bool{}
	perCat, perBrand := map[string]int{}, map[string]int{}
	for _, i := range pins {
		id := pl.Rules[i].ProductID
		if p, ok := e.products.lookup(id); ok && p.Available() && !pinned[id] {
			perCat[p.Category]++
			perBrand[strings.ToLower(p.Brand)]++
		}
		pinned[id] = true
	}
	out := diverse(ranked, pl, n, pinned, perCat, perBrand)
	return e.pin(pl, pins, out, n)
}

// scoreByRules applies the exclude, boost and bury rules to one candidate;
// false means an exclude rule drops it.
func (e *Engine) scoreByRules(pl *Placement, c *Recommendation, now time.Time) bool {
	for i := range pl.Rules {
		r := &pl.Rules[i]
		if r.Type == "pin" || !r.active(now) || !r.When.matches(&c.Product, now) {
			continue
		}
		switch r.Type {
		case "exclude":
			return false
		case "boost", "bury":
			c.Confidence *= r.Factor
			c.Rules = append(c.Rules, Applied{Rule: i, Type: r.Type})
		}
	}
	return true
}

// diverse takes items in order, skipping those over the placement's limits
// per category and per brand (counted from perCat and perBrand, which hold
// the pins'), up to n (pinned products are left for pin).
func diverse(ranked []Recommendation, pl *Placement, n int, pinned map[uint64]bool, perCat, perBrand map[string]int) []Recommendation {
	out := make([]Recommendation, 0, n)
	for _, r := range ranked {
		if len(out) == n {
			break
		}
		if pinned[r.Product.ID] {
			continue
		}
		cat, brand := r.Product.Category, strings.ToLower(r.Product.Brand)
		if pl.MaxPerCategory > 0 && perCat[cat] >= pl.MaxPerCategory {
			continue
		}
		if pl.MaxPerBrand > 0 && brand != "" && perBrand[brand] >= pl.MaxPerBrand {
			continue
		}
		perCat[cat]++
		perBrand[brand]++
		out = append(out, r)
	}
	return out
}

// pin puts each active pin's product at its position (or at the end of a
// shorter list), if the product is available, and cuts the list to n.
func (e *Engine) pin(pl *Placement, pins []int, out []Recommendation, n int) []Recommendation {
	slices.SortStableFunc(pins, func(a, b int) int { return cmp.Compare(pl.Rules[a].Position, pl.Rules[b].Position) })
	for _, i := range pins {
		r := &pl.Rules[i]
		p, ok := e.products.lookup(r.ProductID)
		if !ok || !p.Available() {
			continue // out of stock or deleted: a pin never shows what cannot be bought
		}
		rec := Recommendation{Product: p, Reason: "Featured by the shop", Scores: map[string]float64{},
			Rules: []Applied{{Rule: i, Type: "pin"}}}
		at := min(r.Position-1, len(out))
		out = slices.Insert(out, at, rec)
	}
	return out[:min(len(out), n)]
}

// matches reports whether a product meets every part of the condition.
func (c *Condition) matches(p *store.Product, now time.Time) bool {
	if c == nil {
		return false
	}
	switch {
	case c.Category != "" && p.Category != c.Category,
		c.Brand != "" && !strings.EqualFold(p.Brand, c.Brand),
		c.Tag != "" && !p.HasTag(c.Tag),
		c.MinPrice != nil && p.Price < *c.MinPrice,
		c.MaxPrice != nil && p.Price > *c.MaxPrice,
		c.NewerThanDays > 0 && now.Sub(p.CreatedAt) > time.Duration(c.NewerThanDays*24*float64(time.Hour)),
		len(c.IDs) > 0 && !slices.Contains(c.IDs, p.ID):
		return false
	}
	for k, v := range c.Attributes {
		if p.Attributes[k] != v {
			return false
		}
	}
	return true
}

// weightsKey names blend weights in cache keys.
func weightsKey(w map[string]float64) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(w)) {
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(strconv.FormatFloat(w[k], 'g', -1, 64))
		b.WriteByte(',')
	}
	return b.String()
}
