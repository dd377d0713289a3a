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
	g := newEventGen(cfg, 0)
	g.run()
	return &Shop{
		Products:     g.cat.products,
		Users:        g.pop.users,
		Interactions: g.interactions(),
	}, g.cat, g.pop
}

// newEventGen draws the catalog and the users of cfg and returns the event
// generator over them, its buffer sized for all of cfg's events, or for a
// run of runLen of them when runLen is positive.
func newEventGen(cfg Config, runLen int) *eventGen {
	cfg = cfg.normalized()
	seed := uint64(cfg.Seed)
	cat := newCatalog(cfg, rand.New(rand.NewPCG(seed, streamProducts)))
	addExtras(cfg, cat, rand.New(rand.NewPCG(seed, streamExtras)))
	pop := newPopulation(cfg, cat, rand.New(rand.NewPCG(seed, streamUsers)))
	n := cfg.Interactions
	if runLen > 0 {
		// A run ends after the user who fills it, so it may hold one
		// user's events more.
		most := 0
		for _, b := range pop.budget {
			most = max(most, b)
		}
		n = min(n, runLen+most)
	}
	return &eventGen{
		r:      rand.New(rand.NewPCG(seed, streamEvents)),
		cat:    cat,
		pop:    pop,
		start:  cfg.Now.Add(-time.Duration(cfg.Days) * 24 * time.Hour).UnixMilli(),
		now:    cfg.Now.UnixMilli(),
		events: make([]event, 0, n),
	}
}

// interactions sorts the events by time and gives them IDs in that order.
func (g *eventGen) interactions() []Interaction {
	names := g.nameSessions()
	slices.SortFunc(g.events, compareEvents)
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
		out[i] = e.interaction(uint64(i+1), names[e.sess])
		if e.rating > 0 {
			ratings = append(ratings, float64(e.rating))
			out[i].Rating = &ratings[len(ratings)-1]
		}
	}
	return out
}

// nameSessions names every session of g.events, which must still be in the
// order they were drawn (user by user, session by session), and turns each
// event's sess into an index of the names it returns, so that the events
// of a session share one string.
func (g *eventGen) nameSessions() []string {
	var names []string
	var buf []byte
	user, sess := int32(-1), int32(-1)
	for i := range g.events {
		e := &g.events[i]
		if e.user != user || e.sess != sess {
			user, sess = e.user, e.sess
			buf = appendSessionID(buf[:0], user, sess)
			names = append(names, string(buf))
		}
		e.sess = int32(len(names) - 1)
	}
	return names
}

// compareEvents orders events by time, then user, then the user's own
// order. It is a total order (a user's seq numbers are distinct), so that
// sorting runs of events and merging them gives the order one sort gives.
func compareEvents(a, b event) int {
	if c := cmp.Compare(a.ts, b.ts); c != 0 {
		return c
	}
	if c := cmp.Compare(a.user, b.user); c != 0 {
		return c
	}
	return cmp.Compare(a.seq, b.seq)
}

// interaction is e as the record with ID id in session; its Rating is
// left to the caller, which knows where to keep it.
func (e event) interaction(id uint64, session string) Interaction {
	return Interaction{
		ID:        id,
		UserID:    uint64(e.user) + 1,
		ProductID: uint64(e.prod) + 1,
		Type:      e.typ,
		Timestamp: time.UnixMilli(e.ts).UTC(),
		SessionID: session,
	}
}
