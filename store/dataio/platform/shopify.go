package platform

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"shelf/store"
)

// Shopify's product CSV export (its help page "Using CSV files to import
// and export products") has one line per variant and per extra image:
// the lines of one product share its Handle, and only the first carries
// the product's own fields (Title, Body (HTML), Vendor, Tags...). Its
// orders export has one line per line item: the lines of one order share
// its Name, and the order's fields (Email, Created at, Financial Status,
// Cancelled at) are on its first line.

// The columns of Shopify's exports that shelf reads.
const (
	colHandle    = "Handle"
	colTitle     = "Title"
	colBody      = "Body (HTML)"
	colVendor    = "Vendor"
	colCategory  = "Product Category"
	colType      = "Type"
	colTags      = "Tags"
	colPublished = "Published"
	colOption1   = "Option1 Value"
	colSKU       = "Variant SKU"
	colPrice     = "Variant Price"
	colQty       = "Variant Inventory Qty"
	colTracker   = "Variant Inventory Tracker"
	colImage     = "Image Src"
	colStatus    = "Status"

	colName      = "Name"
	colEmail     = "Email"
	colCreated   = "Created at"
	colLineQty   = "Lineitem quantity"
	colLineName  = "Lineitem name"
	colLinePrice = "Lineitem price"
	colLineSKU   = "Lineitem sku"
	colFinancial = "Financial Status"
	colCancelled = "Cancelled at"
)

// shopifyProductColumns names the column behind each of shelf's fields,
// for error messages.
var shopifyProductColumns = map[string]string{
	"name": colTitle, "description": colBody, "brand": colVendor, "category": colCategory, "tags": colTags,
	"image_url": colImage, "skus": colSKU, "price": colPrice, "stock": colQty, "attributes": colHandle,
}

// shopifyProductCols are the indexes of the columns, -1 for those the
// file lacks.
type shopifyProductCols struct {
	handle, title, body, vendor, category, typ, tags, published, option1, sku, price, qty, tracker, image, status int
}

// groupRows groups rows by the value of column c, in the order each value
// first appears; a row without one is a problem.
func groupRows(t *table, c int, name string, probs *problems) ([]string, map[string][]row) {
	var order []string
	groups := map[string][]row{}
	for _, r := range t.rows {
		k := r.cell(c)
		if k == "" {
			probs.add(r.line, name, "is required on every line")
			continue
		}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], r)
	}
	return order, groups
}

func shopifyProducts(t *table, probs *problems) []Product {
	if !t.require(probs, "a Shopify products export", colHandle, colTitle, colPrice) {
		return nil
	}
	c := shopifyProductCols{
		handle: t.column(colHandle), title: t.column(colTitle), body: t.column(colBody), vendor: t.column(colVendor),
		category: t.column(colCategory), typ: t.column(colType), tags: t.column(colTags), published: t.column(colPublished),
		option1: t.column(colOption1), sku: t.column(colSKU), price: t.column(colPrice), qty: t.column(colQty),
		tracker: t.column(colTracker), image: t.column(colImage), status: t.column(colStatus),
	}
	order, groups := groupRows(t, c.handle, colHandle, probs)
	out := make([]Product, 0, len(order))
	for _, h := range order {
		if p, ok := shopifyProduct(h, groups[h], &c, probs); ok {
			out = append(out, p)
		}
	}
	return out
}

// shopifyProduct maps the lines of one handle to a product.
func shopifyProduct(handle string, rows []row, c *shopifyProductCols, probs *problems) (Product, bool) {
	before := len(probs.list)
	first := rows[0]
	p := store.Product{
		Name: first.cell(c.title), Description: Description(first.raw(c.body)), Brand: first.cell(c.vendor),
		Category: lastSegment(first.cell(c.category)), Tags: splitList(first.cell(c.tags)),
		Attributes: map[string]string{AttrShopifyHandle: handle},
	}
	if p.Category == "" {
		p.Category = first.cell(c.typ)
	}
	if p.Category == "" {
		p.Category = uncategorized
	}
	if p.Name == "" {
		probs.add(first.line, colTitle, "is required on the first line of product %q", handle)
	}
	active, field, err := shopifyActive(first, c)
	if err != nil {
		probs.add(first.line, field, "%v", err)
	}
	p.SetActive(active)
	v := shopifyVariants(rows, c, probs)
	switch {
	case v.price != nil:
		p.Price = *v.price
	case len(probs.list) == before:
		probs.add(first.line, colPrice, "no line of product %q gives a price", handle)
	}
	p.ImageURL, p.SKUs = v.image, v.skus
	if v.counted && !v.untracked {
		p.Stock = &v.stock
	}
	validate(&p, first.line, shopifyProductColumns, probs, before)
	return Product{Product: p, Key: handle, Line: first.line}, len(probs.list) == before
}

// shopifyActive reads Status (active, draft, archived) or, in exports
// without one, Published (TRUE or FALSE); neither means active.
func shopifyActive(first row, c *shopifyProductCols) (bool, string, error) {
	if s := first.cell(c.status); s != "" {
		switch strings.ToLower(s) {
		case "active":
			return true, "", nil
		case "draft", "archived":
			return false, "", nil
		}
		return true, colStatus, fmt.Errorf("must be active, draft or archived (got %q)", s)
	}
	switch s := first.cell(c.published); strings.ToLower(s) {
	case "", "true":
		return true, "", nil
	case "false":
		return false, "", nil
	default:
		return true, colPublished, fmt.Errorf("must be TRUE or FALSE (got %q)", s)
	}
}

// variants is what the variant lines of a product add up to.
type variants struct {
	price *store.Price // the first variant's
	image string       // the first Image Src
	skus  []string
	stock int64
	// counted: some variant gives a quantity; untracked: some variant's
	// inventory is not tracked (an empty Variant Inventory Tracker), so
	// that the product can always be bought.
	counted, untracked bool
}

func shopifyVariants(rows []row, c *shopifyProductCols, probs *problems) variants {
	var v variants
	for _, r := range rows {
		if v.image == "" {
			v.image = r.cell(c.image)
		}
		// Lines with only an image (Image Src, Image Position) are not
		// variants.
		if r.cell(c.price) == "" && r.cell(c.sku) == "" && r.cell(c.option1) == "" {
			continue
		}
		if s := r.cell(c.price); s != "" {
			price, err := parseAmount(s)
			if err != nil {
				probs.add(r.line, colPrice, "%v", err)
			} else if v.price == nil {
				v.price = &price
			}
		}
		if s := r.cell(c.sku); s != "" && !slices.Contains(v.skus, s) {
			v.skus = append(v.skus, s)
		}
		if c.tracker >= 0 && r.cell(c.tracker) == "" {
			v.untracked = true
		}
		if s := r.cell(c.qty); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				probs.add(r.line, colQty, "must be a whole number (got %q)", s)
				continue
			}
			v.stock += n
			v.counted = true
		}
	}
	return v
}

// shopifyOrderCols are the indexes of the orders export's columns.
type shopifyOrderCols struct {
	name, email, created, qty, lineName, price, sku, financial, cancelled int
}

func shopifyOrders(t *table, loc *time.Location, probs *problems) []OrderLine {
	if !t.require(probs, "a Shopify orders export", colName, colCreated, colLineQty, colLineName, colLinePrice) {
		return nil
	}
	c := shopifyOrderCols{
		name: t.column(colName), email: t.column(colEmail), created: t.column(colCreated), qty: t.column(colLineQty),
		lineName: t.column(colLineName), price: t.column(colLinePrice), sku: t.column(colLineSKU),
		financial: t.column(colFinancial), cancelled: t.column(colCancelled),
	}
	order, groups := groupRows(t, c.name, colName, probs)
	var out []OrderLine
	for _, name := range order {
		out = append(out, shopifyOrder(name, groups[name], &c, loc, probs)...)
	}
	return out
}

// firstCell is the first non-empty value of column c among rows.
func firstCell(rows []row, c int) string {
	for _, r := range rows {
		if s := r.cell(c); s != "" {
			return s
		}
	}
	return ""
}

// shopifyOrder maps the lines of one order to its line items. The order's
// own fields are read from the first line that has them.
func shopifyOrder(name string, rows []row, c *shopifyOrderCols, loc *time.Location, probs *problems) []OrderLine {
	var at time.Time
	if s := firstCell(rows, c.created); s == "" {
		probs.add(rows[0].line, colCreated, "is required for order %s", name)
	} else if t, err := parseTime(s, loc); err != nil {
		probs.add(rows[0].line, colCreated, "%v", err)
	} else {
		at = t
	}
	financial := strings.ToLower(firstCell(rows, c.financial))
	cancelled := firstCell(rows, c.cancelled) != "" || financial == "refunded" || financial == "voided"
	email := firstCell(rows, c.email)
	lines := make([]OrderLine, len(rows))
	skus := make([]string, len(rows))
	for i, r := range rows {
		l := OrderLine{Line: r.line, Order: name, Email: email, Time: at, SKU: r.cell(c.sku), Name: r.cell(c.lineName), Cancelled: cancelled}
		skus[i] = l.SKU
		if l.SKU == "" && l.Name == "" {
			probs.add(r.line, colLineName, "is required when the line has no %s", colLineSKU)
		}
		qty, err := parseQuantity(r.cell(c.qty))
		if err != nil {
			probs.add(r.line, colLineQty, "%v", err)
		}
		price, err := parseAmount(r.cell(c.price))
		if err == nil {
			l.Value, err = lineValue(price, qty)
		}
		if err != nil {
			probs.add(r.line, colLinePrice, "%v", err)
		}
		l.Quantity = qty
		lines[i] = l
	}
	for i, id := range EventIDs(Shopify, name, skus) {
		lines[i].EventID = id
	}
	return lines
}
