package demo

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"time"
)

// Random streams: each part of the shop draws from its own PCG stream, so
// that, say, a change to how events are drawn leaves the catalog as it was.
const (
	streamProducts = 0x70726f64 // "prod"
	streamUsers    = 0x75736572 // "user"
	streamEvents   = 0x6576656e // "even"
	// streamExtras draws the catalog's extras (brand, tags, stock, ...)
	// after the catalog is built, so that adding them moved no other draw.
	streamExtras = 0x65787472 // "extr"
)

// Shop is a generated demo shop. Every slice is in ID order, IDs dense from 1.
type Shop struct {
	Products     []Product
	Users        []User
	Interactions []Interaction
}

// Generate builds the demo shop described by cfg. It is deterministic: the
// same Config gives byte-identical output. It panics if cfg.Now is zero.
func Generate(cfg Config) *Shop {
	shop, _, _ := generate(cfg)
	return shop
}

// generate also returns the hidden tastes, for this package's tests.
func generate(cfg Config) (*Shop, *catalog, *population) {
	cfg = cfg.normalized()
	seed := uint64(cfg.Seed)
	cat := newCatalog(cfg, rand.New(rand.NewPCG(seed, streamProducts)))
	addExtras(cfg, cat, rand.New(rand.NewPCG(seed, streamExtras)))
	pop := newPopulation(cfg, cat, rand.New(rand.NewPCG(seed, streamUsers)))
	g := &eventGen{
		r:      rand.New(rand.NewPCG(seed, streamEvents)),
		cat:    cat,
		pop:    pop,
		start:  cfg.Now.Add(-time.Duration(cfg.Days) * 24 * time.Hour).UnixMilli(),
		now:    cfg.Now.UnixMilli(),
		events: make([]event, 0, cfg.Interactions),
	}
	g.run()
	return &Shop{
		Products:     cat.products,
		Users:        pop.users,
		Interactions: g.interactions(),
	}, cat, pop
}

// interactions sorts the events by time and gives them IDs in that order.
func (g *eventGen) interactions() []Interaction {
	slices.SortFunc(g.events, func(a, b event) int {
		if c := cmp.Compare(a.ts, b.ts); c != 0 {
			return c
		}
		if c := cmp.Compare(a.user, b.user); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	nRated := 0
	for i := range g.events {
		if g.events[i].rating > 0 {
			nRated++
		}
	}
	// One backing array for every rating instead of one allocation each.
	ratings := make([]float64, 0, nRated)
	out := make([]Interaction, len(g.events))
	for i, e := range g.events {
		out[i] = Interaction{
			ID:        uint64(i + 1),
			UserID:    uint64(e.user) + 1,
			ProductID: uint64(e.prod) + 1,
			Type:      e.typ,
			Timestamp: time.UnixMilli(e.ts).UTC(),
			SessionID: g.sessionIDs[e.sess],
		}
		if e.rating > 0 {
			ratings = append(ratings, float64(e.rating))
			out[i].Rating = &ratings[len(ratings)-1]
		}
	}
	return out
}
