package engine

import (
	"hash/fnv"
	"sync"
	"time"

	"shelf/store"
)

// The attribution rule. A view that carries the recommendation id of a
// list served within the attribution window is a recommendation click of
// that list's kind, placement and variant. A cart or purchase of that
// product by the same user or guest session, after the click and within
// the window, is attributed to the click's list (a purchase with the
// value it was recorded with). A refunded purchase takes its value back
// out of the revenue of the day it was bought on. An id older than the
// window is not a click: the view is recorded as a plain view.

// Outcome says what an event did for attribution.
type Outcome string

// The outcomes of RecordInteraction.
const (
	// OutcomeNone: the event is neither a click nor attributed.
	OutcomeNone Outcome = ""
	// OutcomeClick: a view counted as a recommendation click.
	OutcomeClick Outcome = "click"
	// OutcomeAttributed: a cart or purchase attributed to a click.
	OutcomeAttributed Outcome = "attributed"
	// OutcomeExpired: the view's recommendation id is older than the
	// attribution window, so it is a plain view.
	OutcomeExpired Outcome = "expired"
)

// prepareAttribution sets what the stored event carries for attribution:
// a default value for a cart or purchase, the recommendation id it is
// attributed to, or none for an expired click. The api package has
// checked the recommendation id's signature.
func (e *Engine) prepareAttribution(it *store.Interaction) (Outcome, error) {
	if (it.Type == store.Cart || it.Type == store.Purchase) && it.Value == nil {
		if p, ok := e.products.lookup(it.ProductID); ok {
			v := p.Price
			it.Value = &v
		}
	}
	at := it.Timestamp
	if at.IsZero() {
		at = e.cfg.Now()
	}
	window := e.attributionWindow()
	switch it.Type {
	case store.View:
		if it.RecommendationID == "" {
			return OutcomeNone, nil
		}
		r, ok := ParseRecommendationID(it.RecommendationID)
		// The id's day is a UTC day: the click is in time when the end of
		// that day is within the window.
		if !ok || at.Sub(time.Unix((r.Day+1)*86400, 0)) > window {
			it.RecommendationID = ""
			return OutcomeExpired, nil
		}
		return OutcomeClick, nil
	case store.Cart, store.Purchase:
		if it.RecommendationID != "" {
			// Bought straight from a list.
			return OutcomeAttributed, nil
		}
		probe := *it
		probe.Timestamp = at
		click, ok, err := e.st.LastClick(&probe)
		if err != nil || !ok || at.Sub(click.Timestamp) > window {
			return OutcomeNone, err
		}
		it.RecommendationID = click.RecommendationID
		return OutcomeAttributed, nil
	}
	return OutcomeNone, nil
}

// countEvent counts a stored event's click, attributed cart or purchase,
// and every purchase's revenue.
func (e *Engine) countEvent(it *store.Interaction, o Outcome) {
	day := e.Day(it.Timestamp)
	var value int64
	if it.Value != nil {
		value = int64(*it.Value)
	}
	if it.Type == store.Purchase {
		e.count(day, allPurchases, Counts{Purchases: 1, Revenue: value})
		e.addShopperRevenue(ShopperKey(it.UserID, it.SessionID), value)
	}
	if o != OutcomeClick && o != OutcomeAttributed {
		return
	}
	r, ok := ParseRecommendationID(it.RecommendationID)
	if !ok {
		return
	}
	switch it.Type {
	case store.View:
		d := Counts{Clicks: 1}
		if e.clickedLists.first(it.RecommendationID) {
			d.ClickedLists = 1
		}
		e.count(day, r.ListKind, d)
	case store.Cart:
		e.count(day, r.ListKind, Counts{Carts: 1})
	case store.Purchase:
		e.count(day, r.ListKind, Counts{Purchases: 1, Revenue: value})
	}
}

// Refund marks a purchase refunded or cancelled and takes it out of the
// revenue (and the attributed purchases) of the day it was bought on. It
// returns the purchase.
func (e *Engine) Refund(id uint64) (store.Interaction, error) {
	it, err := e.st.Refund(id)
	if err != nil {
		return it, err
	}
	it.Refunded = true
	day := e.Day(it.Timestamp)
	var value int64
	if it.Value != nil {
		value = int64(*it.Value)
	}
	e.count(day, allPurchases, Counts{Purchases: -1, Revenue: -value})
	e.addShopperRevenue(ShopperKey(it.UserID, it.SessionID), -value)
	if r, ok := ParseRecommendationID(it.RecommendationID); ok {
		e.count(day, r.ListKind, Counts{Purchases: -1, Revenue: -value})
	}
	return it, nil
}

// RefundEvent is Refund of the purchase recorded under a client's event
// id.
func (e *Engine) RefundEvent(eventID string) (store.Interaction, error) {
	it, err := e.st.InteractionByEventID(eventID)
	if err != nil {
		return it, err
	}
	return e.Refund(it.ID)
}

// pruneClicks forgets clicks older than the attribution window.
func (e *Engine) pruneClicks() {
	if _, err := e.st.PruneClicks(e.cfg.Now().Add(-e.attributionWindow())); err != nil {
		e.log.Error("could not prune old recommendation clicks", "err", err)
	}
}

// clickedLists remembers which lists (by recommendation id) were clicked
// lately, to count each clicked list once: two sets of 64-bit hashes, the
// older dropped when the newer holds clickedListsKept. A list clicked
// again after that many other lists were clicked, or after a restart,
// counts as clicked again.
type clickedLists struct {
	mu       sync.Mutex
	cur, old map[uint64]struct{}
}

// clickedListsKept bounds the memory: two sets of this many hashes take
// about 40 MB at most.
const clickedListsKept = 500_000

// first reports whether id was not clicked lately, and remembers it.
func (c *clickedLists) first(id string) bool {
	h := fnv.New64a()
	h.Write([]byte(id))
	k := h.Sum64()
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.cur[k]; ok {
		return false
	}
	if _, ok := c.old[k]; ok {
		return false
	}
	if c.cur == nil || len(c.cur) >= clickedListsKept {
		c.old, c.cur = c.cur, make(map[uint64]struct{})
	}
	c.cur[k] = struct{}{}
	return true
}
