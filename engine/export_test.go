package engine

import (
	"shelf/model"
	"shelf/store"
	"shelf/store/search"
)

// Test access to the engine's internals, for the external tests of this
// package only.

// WaitCache blocks until the cache has applied its buffered writes.
func (e *Engine) WaitCache() {
	if e.cache != nil {
		e.cache.Wait()
	}
}

// SetHookBeforeFoldStore makes fn run between a fold-in and the store of
// its result.
func (e *Engine) SetHookBeforeFoldStore(fn func(user uint64)) { e.hookBeforeFoldStore = fn }

// CatalogGeneration is how many times the catalog changed.
func (e *Engine) CatalogGeneration() uint64 { return e.catalogGen.Load() }

// Dirty reports whether a user's actions are newer than the model's data.
func (e *Engine) Dirty(user uint64) bool {
	_, dirty := e.userState(user)
	return dirty
}

// SetValidationScore replaces how the publish guard scores a model.
func (e *Engine) SetValidationScore(fn func(*model.Model) float64) { e.validationNDCG = fn }

// ReasonType is what a list for user would say the user did with product
// in its reasons, and whether the store's events were read to know it.
func (e *Engine) ReasonType(user, product uint64) (t store.InteractionType, ok, read bool, err error) {
	_, dirty := e.userState(user)
	history, strongest, err := e.reasonsHistory(e.cur.Load().m, user, dirty)
	if err != nil {
		return 0, false, false, err
	}
	t, ok = strongest(product)
	return t, ok, history != nil, nil
}

// PreviousInMemory reports whether the model that served before the
// current one is held in memory (rather than read from its slot).
func (e *Engine) PreviousInMemory() bool { return e.prev.Load() != nil }

// BuildIndexAgain empties the search index and builds it again from the
// catalog in the background, as start-up does.
func (e *Engine) BuildIndexAgain() {
	e.indexMu.Lock()
	e.index = search.New()
	e.indexReady = make(chan struct{})
	e.indexMu.Unlock()
	go e.buildIndex()
}
