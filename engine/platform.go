package engine

import (
	"slices"

	"shelf/store"
)

// Shop platforms (Shopify, WooCommerce) name products by SKU, or by name
// when a line has none; the catalog keeps both as indexes, moved with
// every product the engine writes, so that matching an order line costs a
// map lookup.

// productKeys maps SKUs and exact names to the ids of the products that
// carry them, each list in id order. It is guarded by the catalog's lock.
type productKeys struct {
	bySKU  map[string][]uint64
	byName map[string][]uint64
}

func newProductKeys() productKeys {
	return productKeys{bySKU: map[string][]uint64{}, byName: map[string][]uint64{}}
}

func (k *productKeys) add(p *store.Product) {
	for _, s := range p.SKUs {
		k.bySKU[s] = insertID(k.bySKU[s], p.ID)
	}
	k.byName[p.Name] = insertID(k.byName[p.Name], p.ID)
}

func (k *productKeys) remove(p *store.Product) {
	for _, s := range p.SKUs {
		removeID(k.bySKU, s, p.ID)
	}
	removeID(k.byName, p.Name, p.ID)
}

// insertID adds id to a sorted list once.
func insertID(ids []uint64, id uint64) []uint64 {
	i, found := slices.BinarySearch(ids, id)
	if found {
		return ids
	}
	return slices.Insert(ids, i, id)
}

// removeID takes id out of the list under key, dropping an empty list.
func removeID(m map[string][]uint64, key string, id uint64) {
	ids := m[key]
	if i, found := slices.BinarySearch(ids, id); found {
		ids = slices.Delete(ids, i, i+1)
	}
	if len(ids) == 0 {
		delete(m, key)
	} else {
		m[key] = ids
	}
}

// productsUnder returns the products whose ids are listed under key.
func (c *catalog) productsUnder(m func(*productKeys) map[string][]uint64, key string) []store.Product {
	c.mu.RLock()
	defer c.mu.RUnlock()
	ids := m(&c.keys)[key]
	out := make([]store.Product, 0, len(ids))
	for _, id := range ids {
		out = append(out, c.products[id])
	}
	return out
}

// ProductsBySKU returns the products that carry a SKU, in id order: one
// when the shop's SKUs are unique, as they should be.
func (e *Engine) ProductsBySKU(sku string) []store.Product {
	return e.products.productsUnder(func(k *productKeys) map[string][]uint64 { return k.bySKU }, sku)
}

// ProductsByName returns the products of exactly that name (as stored:
// trimmed, case and all), in id order.
func (e *Engine) ProductsByName(name string) []store.Product {
	return e.products.productsUnder(func(k *productKeys) map[string][]uint64 { return k.byName }, name)
}
