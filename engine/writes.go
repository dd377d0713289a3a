package engine

import (
	"shelf/store"
)

// The write path: every write whose effects reach the engine's derived
// state (the in-memory catalog, the search index, the recommendation cache,
// the fold-in marks) goes through one of these methods, which write the
// store first and then bring that state up to date. A handler cannot forget
// a step because there is no step left to it. Writes without derived state
// (a user's name or email, API keys) go to the store directly.
//
// Notifications are batched: an import changes the catalog's generation
// once and invalidates each touched user once, however many records it
// holds.

// CreateProduct validates and stores a new product (see
// store.Store.CreateProduct) and makes it visible to search and lists.
func (e *Engine) CreateProduct(p *store.Product) error {
	if err := e.st.CreateProduct(p); err != nil {
		return err
	}
	e.putProducts([]store.Product{*p})
	return nil
}

// UpdateProduct applies change to a stored product (see
// store.Store.UpdateProduct) and returns the stored result.
func (e *Engine) UpdateProduct(id uint64, change func(p *store.Product) error) (store.Product, error) {
	p, err := e.st.UpdateProduct(id, change)
	if err != nil {
		return p, err
	}
	e.putProducts([]store.Product{p})
	return p, nil
}

// DeleteProduct removes a product and its interactions from the store,
// from search and from every list.
func (e *Engine) DeleteProduct(id uint64) error {
	if err := e.st.DeleteProduct(id); err != nil {
		return err
	}
	e.products.delete(id)
	e.indexDelete(id)
	e.refreshAvailability()
	e.catalogChanged()
	return nil
}

// DeleteUser erases a user with their interactions and profile, and
// forgets what the engine derived from them.
func (e *Engine) DeleteUser(id uint64) error {
	if err := e.st.DeleteUser(id); err != nil {
		return err
	}
	e.forgetUser(id, e.st.DataVersion())
	return nil
}

// RecordInteraction stores an interaction and makes the user's next
// recommendations reflect it: their cache entries become unreachable and
// their next list folds the action in.
//
// It applies the attribution rule (see attribution.go) and counts what the
// event does for the shop's analytics and experiments; its outcome says
// which. A retry of a recorded event id is a store.DuplicateEventError
// and counts nothing.
func (e *Engine) RecordInteraction(it *store.Interaction) (Outcome, error) {
	o, err := e.prepareAttribution(it)
	if err != nil {
		return OutcomeNone, err
	}
	if err := e.st.AddInteraction(it); err != nil {
		return OutcomeNone, err
	}
	if it.UserID != 0 {
		e.markDirty([]uint64{it.UserID}, e.st.DataVersion())
	}
	e.countEvent(it, o)
	return o, nil
}

// MergeSession gives a guest session's events to a user (see
// store.Store.MergeSession) and marks the user dirty, so that the next
// list reads the merged history.
func (e *Engine) MergeSession(session string, userID uint64) (int, error) {
	n, err := e.st.MergeSession(session, userID)
	if err != nil || n == 0 {
		return n, err
	}
	e.markDirty([]uint64{userID}, e.st.DataVersion())
	return n, nil
}

// Import stores a batch all or nothing (see store.Store.Import), then
// updates the catalog and search index with its products (and with the
// placeholders it created for events naming unknown products) and marks
// each user it gave events dirty, once.
func (e *Engine) Import(b *store.ImportBatch, opt store.ImportOptions) (store.ImportResult, error) {
	res, err := e.st.Import(b, opt)
	if err != nil {
		return res, err
	}
	switch {
	case res.CreatedProducts > 0:
		// Placeholders are not in the batch: read the catalog again.
		if err := e.reloadCatalog(); err != nil {
			return res, err
		}
	case len(b.Products) > 0:
		e.putProducts(b.Products)
	}
	if len(b.Interactions) > 0 {
		seen := make(map[uint64]struct{})
		users := make([]uint64, 0)
		for i := range b.Interactions {
			u := b.Interactions[i].UserID
			if _, ok := seen[u]; !ok && u != 0 {
				seen[u] = struct{}{}
				users = append(users, u)
			}
		}
		e.markDirty(users, e.st.DataVersion())
	}
	return res, nil
}

// putProducts puts changed products into the catalog and the search index
// and invalidates cached lists once.
func (e *Engine) putProducts(ps []store.Product) {
	ch := e.products.putAll(ps)
	e.indexPut(ps...)
	if ch.availability {
		e.refreshAvailability()
	}
	if ch.listed {
		e.catalogChanged()
	}
}

// reloadCatalog reads every product from the store into the catalog and
// the search index.
func (e *Engine) reloadCatalog() error {
	err := e.st.ForEachProduct(func(p store.Product) error {
		e.products.put(p)
		e.indexPut(p)
		return nil
	})
	e.refreshAvailability()
	e.catalogChanged()
	return err
}

// catalogChanged makes every cached list unreachable (their keys carry the
// catalog's generation) and frees the cache's memory, once per write.
func (e *Engine) catalogChanged() {
	e.catalogGen.Add(1)
	if e.cache != nil {
		e.cache.Clear()
	}
}
