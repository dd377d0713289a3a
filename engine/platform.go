package engine

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"shelf/store"
	"shelf/store/dataio"
	"shelf/store/dataio/platform"
)

// Shop platforms (Shopify, WooCommerce) name products by SKU, or by name
// when a line has none, and by their own keys (a Shopify handle or id, a
// WooCommerce ID, kept in the product's attributes); the catalog keeps
// all three as indexes, moved with every product the engine writes, so
// that matching an order line or a product of an export costs a map
// lookup.

// productKeys maps SKUs, exact names and platform keys to the ids of the
// products that carry them, each list in id order. It is guarded by the
// catalog's lock.
type productKeys struct {
	bySKU  map[string][]uint64
	byName map[string][]uint64
	// byAttr is keyed by an attribute of platform.KeyAttributes, a zero
	// byte and its value.
	byAttr map[string][]uint64
}

func newProductKeys() productKeys {
	return productKeys{bySKU: map[string][]uint64{}, byName: map[string][]uint64{}, byAttr: map[string][]uint64{}}
}

func attrKey(name, value string) string { return name + "\x00" + value }

func (k *productKeys) add(p *store.Product) {
	for _, s := range p.SKUs {
		k.bySKU[s] = insertID(k.bySKU[s], p.ID)
	}
	k.byName[p.Name] = insertID(k.byName[p.Name], p.ID)
	for _, a := range platform.KeyAttributes {
		if v, ok := p.Attributes[a]; ok {
			key := attrKey(a, v)
			k.byAttr[key] = insertID(k.byAttr[key], p.ID)
		}
	}
}

func (k *productKeys) remove(p *store.Product) {
	for _, s := range p.SKUs {
		removeID(k.bySKU, s, p.ID)
	}
	removeID(k.byName, p.Name, p.ID)
	for _, a := range platform.KeyAttributes {
		if v, ok := p.Attributes[a]; ok {
			removeID(k.byAttr, attrKey(a, v), p.ID)
		}
	}
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

// ProductsByKey returns the products whose attribute name, one of
// platform.KeyAttributes, is value, in id order.
func (e *Engine) ProductsByKey(name, value string) []store.Product {
	return e.products.productsUnder(func(k *productKeys) map[string][]uint64 { return k.byAttr }, attrKey(name, value))
}

// matchLine finds the product an order line bought: by the platform's
// product id (webhooks), else by SKU (the lowest id when the shop gave one
// SKU to several products), else by exact name: the line's name, the
// product title a webhook gives, or the part of a Shopify line name
// before its last " - " ("Classic Tee - M" names the variant M of
// "Classic Tee"). A name that several products have is a problem, as is
// no match. The problem names the field at fault.
func (e *Engine) matchLine(l *platform.OrderLine) (uint64, string, string) {
	if l.ProductID != "" {
		if ps := e.ProductsByKey(platform.AttrShopifyID, l.ProductID); len(ps) > 0 {
			return ps[0].ID, "", ""
		}
	}
	if l.SKU != "" {
		if ps := e.ProductsBySKU(l.SKU); len(ps) > 0 {
			return ps[0].ID, "", ""
		}
	}
	names := []string{strings.TrimSpace(l.Name), strings.TrimSpace(l.Title)}
	if i := strings.LastIndex(l.Name, " - "); i > 0 {
		names = append(names, strings.TrimSpace(l.Name[:i]))
	}
	for _, n := range names {
		switch ps := e.ProductsByName(n); {
		case n == "" || len(ps) == 0:
			continue
		case len(ps) == 1:
			return ps[0].ID, "", ""
		default:
			return 0, "name", fmt.Sprintf("%q is the name of %d products (%d, %d...): give the line a SKU", n, len(ps), ps[0].ID, ps[1].ID)
		}
	}
	if l.SKU != "" {
		return 0, "sku", fmt.Sprintf("no product has the SKU %q or the name %q", l.SKU, l.Name)
	}
	return 0, "name", fmt.Sprintf("no product has the name %q (and the line has no SKU)", l.Name)
}

// mergeProduct is an export's or webhook's version of a product over the
// stored one: the platform's fields win, and what the platform does not
// carry stays (the id, the shop's url, the creation time, the other
// attributes).
func mergeProduct(old, p store.Product) store.Product {
	p.ID, p.CreatedAt = old.ID, old.CreatedAt
	if p.URL == "" {
		p.URL = old.URL
	}
	attrs := maps.Clone(old.Attributes)
	if attrs == nil {
		attrs = map[string]string{}
	}
	maps.Copy(attrs, p.Attributes)
	p.Attributes = attrs
	return p
}

// productByKey is the stored product a platform's product is: found by
// the first of the keys that finds one.
func (e *Engine) productByKey(keys ...[2]string) (store.Product, bool) {
	for _, k := range keys {
		if k[1] == "" {
			continue
		}
		if ps := e.ProductsByKey(k[0], k[1]); len(ps) > 0 {
			return ps[0], true
		}
	}
	return store.Product{}, false
}

// PlatformResult says what a platform import did.
type PlatformResult struct {
	store.ImportResult
	// Updated counts the products of the file that were in the catalog
	// already (found by their platform key) and were updated in place.
	Updated int `json:"updated"`
	// Skipped counts the order lines recorded before (by their event
	// id), and the rows of an export that are no products (WooCommerce's
	// grouped products).
	Skipped int `json:"skipped"`
	// Refunded counts order lines recorded before whose order has been
	// cancelled or refunded since: their purchases are refunded now.
	Refunded int `json:"refunded"`
}

// ImportPlatform stores a platform's export, all or nothing as Import
// does; problems are a *dataio.Errors naming the file's lines. Products
// are matched with the catalog by their platform key (a Shopify handle, a
// WooCommerce ID), so that the same export imported again updates them.
// Order lines are purchases with their line's value, matched to products
// by SKU, else by name; customers are found by e-mail, or created. See
// importOrders for what an import of orders does in what order.
func (e *Engine) ImportPlatform(f *platform.File) (PlatformResult, error) {
	if f.Kind == platform.Orders {
		return e.importOrders(f)
	}
	res := PlatformResult{Skipped: f.Skipped}
	batch := make([]store.Product, len(f.Products))
	lines := make([]int, len(f.Products))
	for i := range f.Products {
		pp := &f.Products[i]
		batch[i], lines[i] = pp.Product, pp.Line
		if old, ok := e.productByKey([2]string{f.Platform.KeyAttribute(), pp.Key}); ok {
			batch[i] = mergeProduct(old, pp.Product)
			res.Updated++
		}
	}
	r, err := e.Import(&store.ImportBatch{Products: batch}, store.ImportOptions{})
	res.ImportResult = r
	return res, lineErrors(err, lines, nil)
}

// lineErrors turns the store's problems with the records of a batch into
// problems of the lines they came from, after the problems found before
// (earlier); other errors are returned as they are.
func lineErrors(err error, lines []int, earlier []dataio.LineError) error {
	var ie *store.ImportError
	if errors.As(err, &ie) {
		for _, p := range ie.Problems {
			earlier = append(earlier, dataio.LineError{Line: lines[p.Index], Field: p.Field, Message: p.Message})
		}
	} else if err != nil {
		return err
	}
	if len(earlier) == 0 {
		return nil
	}
	slices.SortStableFunc(earlier, func(a, b dataio.LineError) int { return a.Line - b.Line })
	total := len(earlier)
	if ie != nil {
		total += ie.Total - len(ie.Problems)
	}
	return &dataio.Errors{Errors: earlier[:min(len(earlier), dataio.MaxErrors)], Total: total}
}
