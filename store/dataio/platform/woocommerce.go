package platform

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"shelf/store"
)

// WooCommerce's product CSV export (its "Product CSV Importer and
// Exporter") has one line per product and one per variation of a variable
// product; a variation names its parent in Parent, as "id:<ID>" or by the
// parent's SKU. Lists (Categories, Tags, Images) are comma-separated, with
// "\," for a comma inside a name, and a category is a path "A > B".
//
// Core WooCommerce exports no orders with SKUs and e-mails (the Analytics
// download lists products by name, and customers by name), so shelf reads
// an order-items CSV of its own: one line per line item, with the columns
// order_id, date, quantity and total (the line's amount) and optionally
// email, sku, name (one of the two is needed) and status. The column
// names of the common order export plugin's one-row-per-item layout
// (order_date, billing_email, item_sku, item_name, item_quantity,
// item_total) are read too.

// The columns of WooCommerce's product export that shelf reads.
const (
	wooID         = "ID"
	wooType       = "Type"
	wooSKU        = "SKU"
	wooName       = "Name"
	wooPublished  = "Published"
	wooDesc       = "Description"
	wooShort      = "Short description"
	wooRegular    = "Regular price"
	wooSale       = "Sale price"
	wooCategories = "Categories"
	wooTags       = "Tags"
	wooImages     = "Images"
	wooStock      = "Stock"
	wooInStock    = "In stock?"
	wooParent     = "Parent"
	wooBrands     = "Brands"
)

var wooProductColumns = map[string]string{
	"name": wooName, "description": wooDesc, "brand": wooBrands, "category": wooCategories, "tags": wooTags,
	"image_url": wooImages, "skus": wooSKU, "price": wooRegular, "stock": wooStock, "attributes": wooID,
}

type wooCols struct {
	id, typ, sku, name, published, desc, short, regular, sale, categories, tags, images, stock, inStock, parent, brands int
}

// wooEntry is a product on its way from its lines.
type wooEntry struct {
	p     Product
	price *store.Price
	stock int64
	// counted: some line gives a Stock; soldOut: the product's In stock?
	// is 0.
	counted, soldOut bool
}

func wooProducts(t *table, probs *problems) ([]Product, int) {
	if !t.require(probs, "a WooCommerce products export", wooID, wooType, wooName) {
		return nil, 0
	}
	c := wooCols{
		id: t.column(wooID), typ: t.column(wooType), sku: t.column(wooSKU), name: t.column(wooName),
		published: t.column(wooPublished), desc: t.column(wooDesc), short: t.column(wooShort), regular: t.column(wooRegular),
		sale: t.column(wooSale), categories: t.column(wooCategories), tags: t.column(wooTags), images: t.column(wooImages),
		stock: t.column(wooStock), inStock: t.column(wooInStock), parent: t.column(wooParent), brands: t.column(wooBrands),
	}
	var entries []*wooEntry
	byID, bySKU := map[string]*wooEntry{}, map[string]*wooEntry{}
	var variations []row
	skipped := 0
	for _, r := range t.rows {
		switch kind := wooKind(r.cell(c.typ)); kind {
		case "variation":
			variations = append(variations, r)
		case "grouped":
			skipped++ // a set of other products, with no price of its own
		case "simple", "variable", "external":
			e := wooProduct(r, &c, probs)
			if e == nil {
				continue
			}
			if _, dup := byID[e.p.Key]; dup {
				probs.add(r.line, wooID, "ID %s is given twice", e.p.Key)
				continue
			}
			entries = append(entries, e)
			byID[e.p.Key] = e
			if sku := r.cell(c.sku); sku != "" {
				bySKU[sku] = e
			}
		default:
			probs.add(r.line, wooType, "must be simple, variable, variation, grouped or external (got %q)", r.cell(c.typ))
		}
	}
	for _, r := range variations {
		wooVariation(r, &c, byID, bySKU, probs)
	}
	out := make([]Product, 0, len(entries))
	for _, e := range entries {
		if e.finish(probs) {
			out = append(out, e.p)
		}
	}
	return out, skipped
}

// wooKind is the kind of product a Type cell names ("simple, virtual" is
// simple).
func wooKind(typ string) string {
	parts := splitList(strings.ToLower(typ))
	for _, k := range []string{"variation", "variable", "grouped", "external", "simple"} {
		if slices.Contains(parts, k) {
			return k
		}
	}
	return ""
}

// wooProduct reads a simple, variable or external product's line.
func wooProduct(r row, c *wooCols, probs *problems) *wooEntry {
	id := r.cell(c.id)
	if id == "" {
		probs.add(r.line, wooID, "is required")
		return nil
	}
	desc := r.raw(c.desc)
	if strings.TrimSpace(desc) == "" {
		desc = r.raw(c.short)
	}
	p := store.Product{
		Name: r.cell(c.name), Description: Description(desc), Tags: splitList(r.cell(c.tags)),
		Attributes: map[string]string{AttrWooCommerceID: id},
	}
	if cats := splitList(r.cell(c.categories)); len(cats) > 0 {
		p.Category = lastSegment(cats[0])
	}
	if p.Category == "" {
		p.Category = uncategorized
	}
	if brands := splitList(r.cell(c.brands)); len(brands) > 0 {
		p.Brand = brands[0]
	}
	if images := strings.Split(r.cell(c.images), ","); len(images) > 0 {
		p.ImageURL = strings.TrimSpace(images[0])
	}
	if sku := r.cell(c.sku); sku != "" {
		p.SKUs = []string{sku}
	}
	switch s := r.cell(c.published); s {
	case "", "1":
	case "0", "-1":
		p.SetActive(false)
	default:
		probs.add(r.line, wooPublished, "must be 1 (published), 0 (private) or -1 (draft) (got %q)", s)
	}
	e := &wooEntry{p: Product{Product: p, Key: id, Line: r.line}, soldOut: r.cell(c.inStock) == "0"}
	e.add(r, c, probs)
	return e
}

// add counts a line's price and stock into the product: the first price
// given (the product's own, else its first variation's) wins, and stock
// adds up.
func (e *wooEntry) add(r row, c *wooCols, probs *problems) {
	price, field, err := wooPrice(r, c)
	if err != nil {
		probs.add(r.line, field, "%v", err)
	} else if price != nil && e.price == nil {
		e.price = price
	}
	if s := r.cell(c.stock); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			probs.add(r.line, wooStock, "must be a whole number (got %q)", s)
			return
		}
		e.stock += n
		e.counted = true
	}
}

// wooPrice is a line's Sale price when it has one, else its Regular
// price; nil when it has neither.
func wooPrice(r row, c *wooCols) (*store.Price, string, error) {
	field, s := wooSale, r.cell(c.sale)
	if s == "" {
		field, s = wooRegular, r.cell(c.regular)
	}
	if s == "" {
		return nil, "", nil
	}
	p, err := parseAmount(s)
	if err != nil {
		return nil, field, err
	}
	return &p, "", nil
}

// wooVariation adds a variation's SKU, stock and (when the parent has
// none) price to its parent.
func wooVariation(r row, c *wooCols, byID, bySKU map[string]*wooEntry, probs *problems) {
	ref := r.cell(c.parent)
	var e *wooEntry
	if id, ok := strings.CutPrefix(ref, "id:"); ok {
		e = byID[id]
	} else {
		e = bySKU[ref]
	}
	if e == nil {
		probs.add(r.line, wooParent, "must name a variable product of this file, as id:<ID> or by its SKU (got %q)", ref)
		return
	}
	if sku := r.cell(c.sku); sku != "" && !slices.Contains(e.p.Product.SKUs, sku) {
		e.p.Product.SKUs = append(e.p.Product.SKUs, sku)
	}
	e.add(r, c, probs)
}

// finish sets the product's price and stock and validates it.
func (e *wooEntry) finish(probs *problems) bool {
	before := len(probs.list)
	p := &e.p.Product
	if e.price == nil {
		probs.add(e.p.Line, wooRegular, "product %s has no price, nor has any of its variations", e.p.Key)
	} else {
		p.Price = *e.price
	}
	switch {
	case e.counted:
		p.Stock = &e.stock
	case e.soldOut:
		var zero int64
		p.Stock = &zero
	}
	validate(p, e.p.Line, wooProductColumns, probs, before)
	return len(probs.list) == before
}

// wooOrderColumns are the order-items file's columns, each with the other
// names it is read under.
var wooOrderColumns = map[string][]string{
	"order_id": nil, "date": {"order_date"}, "email": {"billing_email"}, "sku": {"item_sku"},
	"name": {"item_name"}, "quantity": {"item_quantity"}, "total": {"item_total"}, "status": {"order_status"},
}

// wooColumn finds a column of the order-items file by its name or another.
func wooColumn(t *table, name string) int {
	for _, n := range append([]string{name}, wooOrderColumns[name]...) {
		if i := t.column(n); i >= 0 {
			return i
		}
	}
	return -1
}

func wooOrders(t *table, loc *time.Location, probs *problems) []OrderLine {
	cols := map[string]int{}
	for name := range wooOrderColumns {
		cols[name] = wooColumn(t, name)
	}
	for _, name := range []string{"order_id", "date", "quantity", "total"} {
		if cols[name] < 0 {
			probs.add(1, name, "column is required in a WooCommerce order-items file (it has order_id, date, quantity, total and optionally email, sku, name, status)")
		}
	}
	if len(probs.list) > 0 {
		return nil
	}
	order, groups := groupRows(t, cols["order_id"], "order_id", probs)
	var out []OrderLine
	for _, id := range order {
		out = append(out, wooOrder(id, groups[id], cols, loc, probs)...)
	}
	return out
}

// wooCancelled are the order statuses whose lines brought no money.
var wooCancelled = []string{"cancelled", "refunded", "failed"}

func wooOrder(id string, rows []row, cols map[string]int, loc *time.Location, probs *problems) []OrderLine {
	var at time.Time
	if s := firstCell(rows, cols["date"]); s == "" {
		probs.add(rows[0].line, "date", "is required for order %s", id)
	} else if t, err := parseTime(s, loc); err != nil {
		probs.add(rows[0].line, "date", "%v", err)
	} else {
		at = t
	}
	status := strings.TrimPrefix(strings.ToLower(firstCell(rows, cols["status"])), "wc-")
	email := firstCell(rows, cols["email"])
	lines := make([]OrderLine, len(rows))
	skus := make([]string, len(rows))
	for i, r := range rows {
		l := OrderLine{Line: r.line, Order: id, Email: email, Time: at, SKU: r.cell(cols["sku"]), Name: r.cell(cols["name"]),
			Cancelled: slices.Contains(wooCancelled, status)}
		skus[i] = l.SKU
		if l.SKU == "" && l.Name == "" {
			probs.add(r.line, "name", "is required when the line has no sku")
		}
		var err error
		if l.Quantity, err = parseQuantity(r.cell(cols["quantity"])); err != nil {
			probs.add(r.line, "quantity", "%v", err)
		}
		if l.Value, err = parseAmount(r.cell(cols["total"])); err != nil {
			probs.add(r.line, "total", "%v", fmt.Errorf("the line's amount %w", err))
		}
		lines[i] = l
	}
	for i, eid := range EventIDs(WooCommerce, id, skus) {
		lines[i].EventID = eid
	}
	return lines
}
