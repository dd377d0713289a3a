package engine

import (
	"fmt"

	"shelf/model"
	"shelf/store"
)

// Recommendation is one recommended product with the scores behind it.
type Recommendation struct {
	Product    store.Product
	Confidence float64
	// Scores holds each model's score for the product, normalised to [0, 1].
	Scores map[string]float64
	Reason string
	// Because is the product of the user's history that best explains the
	// recommendation (its id and name; personal lists leave the rest of
	// the record out), and BecauseType what the user did with it; nil
	// when the reason is not a single product (trending, similar
	// shoppers).
	Because     *store.Product
	BecauseType store.InteractionType
	// Rules names the placement rules that moved the item (see
	// PlacementList); empty outside placements.
	Rules []Applied
}

// historyLimit bounds how many of a user's newest interactions are read to
// exclude what they already saw; older ones are excluded by the model,
// which learned them at training time.
const historyLimit = 1000

// reasonHistory is how many of a user's newest interactions are read to
// word the reasons of a user the model knows up to date, when the model
// holds no event types (a model file from before them).
const reasonHistory = 200

// List is a recommendation list with the key that identifies its content:
// two lists with equal keys are equal for as long as the engine runs (the
// key carries the model version, the catalog's and the user's generations
// and the request), so a caller may cache what it derives from a list, such
// as its encoding, under the key.
type List struct {
	Key  string
	Recs []Recommendation
	// AvailGen is the availability generation the list was trimmed under
	// (see AvailabilityGeneration): what was derived from it is stale
	// once that moves, though the key is the same.
	AvailGen uint64
	// asked is how many items the model was asked for.
	asked int
}

// Recommend returns up to n products for a user, best first, leaving out
// what the user already interacted with. It fails with a NotFoundError for
// an unknown user.
func (e *Engine) Recommend(userID uint64, n int, f Filter) ([]Recommendation, error) {
	l, err := e.RecommendList(userID, n, f)
	if err != nil {
		return nil, err
	}
	return l.Recs, nil
}

// ListKey is the key RecommendList would give its list now: a caller that
// keeps what it derived from lists by key (the API keeps their JSON) may
// look it up without asking for the list.
func (e *Engine) ListKey(userID uint64, n int, f Filter) string {
	return listKey(userID, e.generation(userID), e.cur.Load().version, e.catalogGen.Load(), n, f)
}

func listKey(user, gen, version, catalogGen uint64, n int, f Filter) string {
	return fmt.Sprintf("u|%d|%d|%d|%d|%d|%s", user, gen, version, catalogGen, n, f.key())
}

// RecommendList is Recommend with the list's key. The list is shared with
// the cache: it must not be changed.
func (e *Engine) RecommendList(userID uint64, n int, f Filter) (*List, error) {
	p := e.cur.Load()
	return e.recommendList(p, p.m, "", userID, n, f)
}

// recommendList is RecommendList scored by scorer, the serving model p's
// or a view of it with other blend weights (an experiment's variant),
// whose lists are cached under keys ending in tag.
func (e *Engine) recommendList(p *published, scorer *model.Model, tag string, userID uint64, n int, f Filter) (*List, error) {
	// The generation is read before the history, with the user's dirty
	// mark: a later action changes it, so what is built from this history
	// is cached under a key that the action made unreachable.
	gen, dirty := e.userState(userID)
	avail := e.availGen.Load()
	key := listKey(userID, gen, p.version, e.catalogGen.Load(), n, f) + tag
	if l, ok := e.cacheGet(key); ok {
		if out, ok := e.trim(l, n, avail); ok {
			return out, nil
		}
	}
	history, strongest, err := e.reasonsHistory(p.m, userID, dirty)
	if err != nil {
		return nil, err
	}
	var st *model.UserState
	if dirty {
		st = e.foldedState(p.m, userID, gen, history)
	}
	score := func(k int, mf model.Filter) []Recommendation {
		var raw []model.Recommendation
		if st != nil {
			raw = scorer.RecommendFor(st, k, mf)
		} else {
			// The model's view of the user is current: it excludes what
			// the user did as the shop configured (Config.Exclude).
			raw = scorer.Recommend(userID, k, mf)
		}
		recs := e.withProducts(raw, f)
		e.explain(recs, strongest)
		return recs
	}
	return e.cachedList(key, n, f, avail, score), nil
}

// reasonsHistory reads what a list for user needs of their history: the
// events a dirty user is folded in from (nil for the others), and the
// strongest thing the user did with each product, which names it in a
// reason ("Because you bought X"). The events of a shopper the model's
// view of is current are not read at all: the model holds their pairs'
// event types, and a shopper it does not know gets the trending list,
// whose reasons name nothing they did. Reading every shopper's events
// kept the file's pages of all of them in memory.
func (e *Engine) reasonsHistory(m *model.Model, userID uint64, dirty bool) ([]store.Interaction, func(uint64) (store.InteractionType, bool), error) {
	switch {
	case !dirty && m.HasUser(userID) && m.KnowsEventTypes():
		// The shopper exists: erasing one marks them dirty.
		return nil, func(product uint64) (store.InteractionType, bool) {
			t, ok := m.StrongestEvent(userID, product)
			return store.InteractionType(t), ok
		}, nil
	case !dirty && !m.HasUser(userID):
		ok, err := e.st.HasUser(userID)
		if err == nil && !ok {
			err = &store.NotFoundError{Kind: "user", ID: userID}
		}
		if err != nil {
			return nil, nil, err
		}
		return nil, strongestOf(nil), nil
	}
	// A model from before the event types names the products of the
	// newest events only: the others get a reason without a verb.
	limit := reasonHistory
	if dirty {
		limit = historyLimit
	}
	history, _, err := e.st.UserInteractions(userID, 0, limit)
	if err != nil {
		return nil, nil, err
	}
	return history, strongestOf(history), nil
}

// strongestOf maps each product of events to the strongest thing done
// with it among them.
func strongestOf(events []store.Interaction) func(uint64) (store.InteractionType, bool) {
	strongest := make(map[uint64]store.InteractionType, len(events))
	for i := range events {
		strongest[events[i].ProductID] = max(strongest[events[i].ProductID], events[i].Type)
	}
	return func(product uint64) (store.InteractionType, bool) {
		t, ok := strongest[product]
		return t, ok
	}
}

// cachedList caches what score ranks for key, asking for more than n so
// that products going out of stock later can be trimmed away when the
// list is read, and returns the list as served now. When too many of the
// best are unavailable already, it ranks the available ones only.
func (e *Engine) cachedList(key string, n int, f Filter, avail uint64, score func(k int, mf model.Filter) []Recommendation) *List {
	k := e.overfetch(n)
	l := e.cacheSet(key, score(k, e.modelFilter(f, false)), k)
	if out, ok := e.trim(l, n, avail); ok {
		return out
	}
	// Cached in place of the depleted list, so that the next request is
	// trimmed from it rather than ranked again.
	l = e.cacheSet(key, score(n, e.modelFilter(f, true)), n)
	return &List{Key: key, Recs: l.Recs, AvailGen: avail}
}

// Popular returns up to n products by time-decayed popularity, overall or
// within a category.
func (e *Engine) Popular(n int, f Filter) ([]Recommendation, error) {
	p := e.cur.Load()
	avail := e.availGen.Load()
	key := fmt.Sprintf("p|%d|%d|%d|%s", p.version, e.catalogGen.Load(), n, f.key())
	if l, ok := e.cacheGet(key); ok {
		if out, ok := e.trim(l, n, avail); ok {
			return out.Recs, nil
		}
	}
	score := func(k int, mf model.Filter) []Recommendation { return e.withProducts(p.m.Popular(k, mf), f) }
	return e.cachedList(key, n, f, avail, score).Recs, nil
}

// PopularityScore is a product's time-decayed popularity in the current
// model, for ordering product listings.
func (e *Engine) PopularityScore(id uint64) float64 {
	return e.cur.Load().m.PopularityScore(id)
}

// withProducts attaches the stored products to model output, dropping items
// deleted since the model was trained and items over a zero price bound.
func (e *Engine) withProducts(recs []model.Recommendation, f Filter) []Recommendation {
	ids := make([]uint64, len(recs))
	for i, r := range recs {
		ids[i] = r.Item
	}
	out := make([]Recommendation, 0, len(recs))
	e.products.each(ids, func(k int, p store.Product) {
		if f.MaxPrice != 0 || p.Price == 0 {
			r := &recs[k]
			rec := Recommendation{Product: p, Confidence: r.Confidence, Scores: r.Scores, Reason: r.Reason}
			if r.Because != 0 {
				rec.Because = &store.Product{ID: r.Because}
			}
			out = append(out, rec)
		}
	})
	return out
}

// verbs says what a shopper did, for reasons such as "Because you liked X".
var verbs = map[store.InteractionType]string{
	store.View: "viewed", store.Like: "liked", store.Cart: "put in your cart", store.Purchase: "bought",
}

// explain turns the models' "because of item X" into words that name the
// product and what the user did with it.
func (e *Engine) explain(recs []Recommendation, strongest func(product uint64) (store.InteractionType, bool)) {
	var ids []uint64
	var at []int // the position in recs of each of ids
	for i, r := range recs {
		if r.Because != nil {
			ids, at = append(ids, r.Because.ID), append(at, i)
		}
	}
	if len(ids) == 0 {
		return
	}
	found := make([]bool, len(ids))
	e.products.each(ids, func(k int, p store.Product) {
		found[k] = true
		r := &recs[at[k]]
		t, recent := strongest(p.ID)
		// Because names the product: its name goes into the record
		// withProducts made for it, which holds its id.
		r.Because.Name, r.BecauseType = p.Name, t
		if recent {
			r.Reason = "Because you " + verbs[t] + " " + p.Name
		} else {
			// An older interaction than the ones read: name the product
			// without guessing what the user did with it.
			r.Reason = "Because of your interest in " + p.Name
		}
	})
	for k, ok := range found {
		if !ok {
			recs[at[k]].Because = nil // deleted since
		}
	}
}

func (e *Engine) generation(user uint64) uint64 {
	gen, _ := e.userState(user)
	return gen
}

func (e *Engine) cacheGet(key string) (*List, bool) {
	if e.cache == nil {
		e.misses.Add(1)
		return nil, false
	}
	c, ok := e.cache.Get(key)
	if ok {
		e.hits.Add(1)
	} else {
		e.misses.Add(1)
	}
	return c, ok
}

// cacheSet caches recs under key and returns the entry (which is not kept
// when the cache is off).
func (e *Engine) cacheSet(key string, recs []Recommendation, asked int) *List {
	l := &List{Key: key, Recs: recs, asked: asked}
	if e.cache == nil {
		return l
	}
	// Cost in bytes, roughly: the products' text dominates.
	cost := int64(64 + len(key))
	for i := range recs {
		p := &recs[i].Product
		cost += int64(160 + len(p.Name) + len(p.Description) + len(p.Category) + len(recs[i].Reason) + 48*len(recs[i].Scores))
	}
	e.cache.Set(key, l, cost)
	return l
}

// categoryAffinity is the share of a user's recent interaction weight that
// fell in each category, scaled so that the favourite category scores 1.
func (e *Engine) categoryAffinity(userID uint64) (map[string]float64, error) {
	history, _, err := e.st.UserInteractions(userID, 0, 200)
	if err != nil {
		return nil, err
	}
	// The shop's weights, as its next training will use them.
	weights := e.modelConfig().Signals.Weights
	byProduct := map[uint64]float64{}
	for _, it := range history {
		byProduct[it.ProductID] += weights[modelType(it.Type)]
	}
	ids := make([]uint64, 0, len(byProduct))
	for id := range byProduct {
		ids = append(ids, id)
	}
	products := e.products.get(ids)
	aff := map[string]float64{}
	best := 0.0
	for _, p := range products {
		aff[p.Category] += byProduct[p.ID]
		best = max(best, aff[p.Category])
	}
	for c := range aff {
		aff[c] /= best
	}
	return aff, nil
}
