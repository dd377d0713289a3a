package engine

import (
	"sync"

	"shelf/store"
)

// catalog is an in-memory copy of the products, so that serving a list does
// not read and decode each product from the store. A shop's catalog is small
// (20,000 products take a few megabytes); the store stays the source of
// truth and every change goes through ProductChanged or ProductDeleted.
type catalog struct {
	mu       sync.RWMutex
	products map[uint64]store.Product
}

func newCatalog() *catalog { return &catalog{products: map[uint64]store.Product{}} }

func (c *catalog) put(p store.Product) {
	c.mu.Lock()
	c.products[p.ID] = p
	c.mu.Unlock()
}

func (c *catalog) delete(id uint64) {
	c.mu.Lock()
	delete(c.products, id)
	c.mu.Unlock()
}

// get returns the products with the given ids that exist, keyed by id.
func (c *catalog) get(ids []uint64) map[uint64]store.Product {
	out := make(map[uint64]store.Product, len(ids))
	c.mu.RLock()
	for _, id := range ids {
		if p, ok := c.products[id]; ok {
			out[id] = p
		}
	}
	c.mu.RUnlock()
	return out
}

func (c *catalog) has(id uint64) bool {
	c.mu.RLock()
	_, ok := c.products[id]
	c.mu.RUnlock()
	return ok
}
