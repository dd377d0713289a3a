package engine

import (
	"reflect"
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
	// keys finds products by SKU, exact name and platform key (see
	// platform.go), updated with products.
	keys productKeys
}

func newCatalog() *catalog {
	return &catalog{products: map[uint64]store.Product{}, keys: newProductKeys()}
}

func (c *catalog) put(p store.Product) {
	c.mu.Lock()
	c.putLocked(&p)
	c.mu.Unlock()
}

// putLocked puts p, with c.mu held, and moves its keys.
func (c *catalog) putLocked(p *store.Product) {
	if old, ok := c.products[p.ID]; ok {
		c.keys.remove(&old)
	}
	c.keys.add(p)
	c.products[p.ID] = *p
}

func (c *catalog) delete(id uint64) {
	c.mu.Lock()
	if old, ok := c.products[id]; ok {
		c.keys.remove(&old)
	}
	delete(c.products, id)
	c.mu.Unlock()
}

// each calls fn with every product of ids that exists and its position in
// ids, under the catalog's read lock (fn must not use the catalog). The
// serving path uses it rather than get: a map of products per request
// was a large part of what an uncached recommendation allocated.
func (c *catalog) each(ids []uint64, fn func(k int, p store.Product)) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for k, id := range ids {
		if p, ok := c.products[id]; ok {
			fn(k, p) // by value: a pointer to the copy would escape
		}
	}
}

// ids returns the ids of every product, in no order.
func (c *catalog) ids() []uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]uint64, 0, len(c.products))
	for id := range c.products {
		out = append(out, id)
	}
	return out
}

// get returns the products with the given ids that exist, keyed by id.
func (c *catalog) get(ids []uint64) map[uint64]store.Product {
	out := make(map[uint64]store.Product, len(ids))
	c.each(ids, func(_ int, p store.Product) { out[p.ID] = p })
	return out
}

func (c *catalog) has(id uint64) bool {
	c.mu.RLock()
	_, ok := c.products[id]
	c.mu.RUnlock()
	return ok
}

// lookup returns one product.
func (c *catalog) lookup(id uint64) (store.Product, bool) {
	c.mu.RLock()
	p, ok := c.products[id]
	c.mu.RUnlock()
	return p, ok
}

// unavailable returns the ids of the products shoppers may not be shown.
func (c *catalog) unavailable() map[uint64]struct{} {
	out := map[uint64]struct{}{}
	c.mu.RLock()
	for id, p := range c.products {
		if !p.Available() {
			out[id] = struct{}{}
		}
	}
	c.mu.RUnlock()
	return out
}

// change describes what putting products changed.
type change struct {
	// listed: something lists show or rank by (a new product, a name, a
	// price, a category...) changed.
	listed bool
	// availability: a product became available or unavailable.
	availability bool
}

// putAll puts products and says what changed. A change of stock alone,
// or of the active flag, leaves cached lists valid: they are trimmed by
// availability when read.
func (c *catalog) putAll(ps []store.Product) change {
	var ch change
	c.mu.Lock()
	for i := range ps {
		p := &ps[i]
		old, ok := c.products[p.ID]
		if !ok || !sameListing(&old, p) {
			ch.listed = true
		}
		if !ok || old.Available() != p.Available() {
			ch.availability = true
		}
		c.putLocked(p)
	}
	c.mu.Unlock()
	return ch
}

// sameListing reports whether two versions of a product differ at most in
// stock and the active flag.
func sameListing(a, b *store.Product) bool {
	x, y := *a, *b
	x.Stock, y.Stock, x.Active, y.Active = nil, nil, nil, nil
	return reflect.DeepEqual(x, y)
}

// matches reports whether the product id exists and keep accepts it,
// without copying the catalog out; keep runs under the read lock.
func (c *catalog) matches(id uint64, keep func(p *store.Product) bool) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	p, ok := c.products[id]
	return ok && keep(&p)
}
