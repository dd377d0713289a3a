package engine

import (
	"fmt"
	"slices"
	"time"

	"shelf/model"
	"shelf/store"
)

// Real time: a user who acted since the current model's data was read is
// "dirty". Their next uncached recommendations fold their recent history
// into the model (factors re-solved against the fixed item factors, the
// exclusion list rebuilt) instead of using what the model learned, so an
// action shows at once without retraining. Folding in happens when the
// user asks, not when they act: a burst of interactions costs one fold-in.

// maxFoldedStates bounds the folded-in states kept between requests.
const maxFoldedStates = 10_000

// markDirty records that users acted after data version v was written:
// each one's generation grows, so their cached lists become unreachable,
// and their folded-in state is dropped.
func (e *Engine) markDirty(users []uint64, v uint64) {
	e.genMu.Lock()
	defer e.genMu.Unlock()
	for _, u := range users {
		e.gen[u]++
		e.dirty[u] = v
		delete(e.states, u)
	}
}

// forgetUser drops what the engine holds of an erased user, whose id the
// current model may still know: marked dirty as of data version v, the
// id is folded in from its (empty) history until a model trained since
// the erasure is published, so nothing the model learned of the user is
// served under it any more, and asking for it reads the store, which
// says it is gone.
func (e *Engine) forgetUser(u, v uint64) {
	e.genMu.Lock()
	defer e.genMu.Unlock()
	e.gen[u]++
	e.dirty[u] = v
	delete(e.states, u)
}

// userState returns the user's generation and whether they are dirty, as
// of one moment.
func (e *Engine) userState(user uint64) (gen uint64, dirty bool) {
	e.genMu.Lock()
	defer e.genMu.Unlock()
	_, dirty = e.dirty[user]
	return e.gen[user], dirty
}

// clean forgets the dirty marks that the model trained on data version v
// covers: those users' actions are in the model now.
func (e *Engine) clean(v uint64) {
	e.genMu.Lock()
	defer e.genMu.Unlock()
	for u, at := range e.dirty {
		if at <= v {
			delete(e.dirty, u)
		}
	}
	clear(e.states)
}

// foldedState is a user's folded-in state and the model it belongs to.
type foldedState struct {
	m  *model.Model
	st *model.UserState
}

// foldedState returns the folded-in state of a dirty user, folding in now
// if needed. history was read after the user's generation was gen: the
// state is kept
// for later requests only if no action landed since (a newer action would
// otherwise be hidden behind a state folded from the older history until
// the user's next action or the next model).
func (e *Engine) foldedState(m *model.Model, user, gen uint64, history []store.Interaction) *model.UserState {
	e.genMu.Lock()
	fs, ok := e.states[user]
	e.genMu.Unlock()
	if ok && fs.m == m {
		return fs.st
	}
	st := m.FoldIn(user, toEvents(history), e.cfg.Now().Unix())
	if e.hookBeforeFoldStore != nil {
		e.hookBeforeFoldStore(user)
	}
	e.genMu.Lock()
	defer e.genMu.Unlock()
	if e.gen[user] != gen {
		return st // folded from a history older than the user's last action
	}
	if len(e.states) >= maxFoldedStates {
		for k := range e.states { // drop an arbitrary one: states are cheap to rebuild
			delete(e.states, k)
			break
		}
	}
	e.states[user] = foldedState{m: m, st: st}
	return st
}

// toEvents converts interactions, newest first as the store lists them,
// into model events, oldest first.
func toEvents(history []store.Interaction) []model.Event {
	out := make([]model.Event, len(history))
	for i, it := range history {
		out[len(history)-1-i] = toEvent(&it)
	}
	return out
}

// fieldsEvent is toEvent of the fields a training reads (ForEachEvent).
func fieldsEvent(f *store.EventFields) model.Event {
	ev := model.Event{User: f.UserID, Item: f.ProductID, Type: modelType(f.Type), Rating: -1, Time: time.UnixMicro(f.Micros).Unix(),
		Session: model.SessionKeyBytes(f.Session)}
	if f.HasRating {
		ev.Rating = float32(f.Rating)
	}
	return ev
}

func toEvent(it *store.Interaction) model.Event {
	ev := model.Event{User: it.UserID, Item: it.ProductID, Type: modelType(it.Type), Rating: -1, Time: it.Timestamp.Unix(), Session: model.SessionKey(it.SessionID)}
	if it.Rating != nil {
		ev.Rating = float32(*it.Rating)
	}
	return ev
}

// SessionRecommend returns recommendations for a guest's session from the
// events recorded under its id, or trending products when it has none.
func (e *Engine) SessionRecommend(session string, n int, f Filter) ([]Recommendation, error) {
	return e.sessionRecommend(e.cur.Load().m, session, n, f)
}

// sessionRecommend is SessionRecommend scored by m.
func (e *Engine) sessionRecommend(m *model.Model, session string, n int, f Filter) ([]Recommendation, error) {
	events, err := e.st.SessionInteractions(session, historyLimit)
	if err != nil {
		return nil, err
	}
	if len(events) == 0 {
		return e.Popular(n, f)
	}
	if recs, ok, err := e.newProductsSession(m, events, n, f); ok || err != nil {
		return recs, err
	}
	evs := make([]model.Event, len(events))
	for i := range events {
		evs[i] = toEvent(&events[i])
		evs[i].User = 0
	}
	st := m.FoldIn(0, evs, e.cfg.Now().Unix())
	recs := e.withProducts(m.RecommendFor(st, n, e.modelFilter(f, true)), f)
	e.explain(recs, strongestOf(events))
	return recs, nil
}

// Similar returns products like the given one: bought or liked by the same
// shoppers, or close in text and category for products too new to have
// shoppers.
func (e *Engine) Similar(id uint64, n int, f Filter) ([]Recommendation, error) {
	if !e.products.has(id) {
		return nil, &store.NotFoundError{Kind: "product", ID: id}
	}
	p := e.cur.Load()
	return withoutBecause(e.withProducts(p.m.Similar(id, n, e.modelFilter(f, true)), f)), nil
}

// withoutBecause drops the "because" item, which for item-to-item lists is
// the product asked about, not one of the shopper's own interactions.
func withoutBecause(recs []Recommendation) []Recommendation {
	for i := range recs {
		recs[i].Because = nil
	}
	return recs
}

// BoughtTogether returns products often put in the cart or bought with the
// given one.
func (e *Engine) BoughtTogether(id uint64, n int, f Filter) ([]Recommendation, error) {
	if !e.products.has(id) {
		return nil, &store.NotFoundError{Kind: "product", ID: id}
	}
	p := e.cur.Load()
	return withoutBecause(e.withProducts(p.m.BoughtTogether(id, n, e.modelFilter(f, true)), f)), nil
}

// newProductsSession answers a session all of whose products were added
// since the model trained: the learned models and their content neighbours
// know none of them, and would answer trending products. It ranks what is
// popular in those products' categories instead, the latest product's
// first, each reason naming the product behind it, then trending products
// to fill the list. ok is false when the model knows one of the products.
func (e *Engine) newProductsSession(m *model.Model, events []store.Interaction, n int, f Filter) (recs []Recommendation, ok bool, err error) {
	type anchor struct {
		p   store.Product
		did store.InteractionType
	}
	var anchors []anchor
	seen := map[uint64]bool{}
	for i := len(events) - 1; i >= 0; i-- { // newest first
		id := events[i].ProductID
		if m.Has(id) {
			return nil, false, nil
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		if p, found := e.products.lookup(id); found && !slices.ContainsFunc(anchors, func(a anchor) bool { return a.p.Category == p.Category }) {
			anchors = append(anchors, anchor{p, events[i].Type})
		}
	}
	add := func(list []Recommendation, reason func(r *Recommendation)) {
		for _, r := range list {
			if len(recs) < n && !seen[r.Product.ID] {
				seen[r.Product.ID] = true
				reason(&r)
				recs = append(recs, r)
			}
		}
	}
	for _, a := range anchors {
		if f.Category != "" && f.Category != a.p.Category {
			continue
		}
		cf := f
		cf.Category = a.p.Category
		list, err := e.Popular(n+len(seen), cf)
		if err != nil {
			return nil, true, err
		}
		add(list, func(r *Recommendation) {
			r.Reason = fmt.Sprintf("Popular in %s, like %s you %s", a.p.Category, a.p.Name, verbs[a.did])
			p := a.p
			r.Because, r.BecauseType = &p, a.did
		})
	}
	list, err := e.Popular(n+len(seen), f)
	if err != nil {
		return nil, true, err
	}
	add(list, func(*Recommendation) {})
	return recs, true, nil
}
