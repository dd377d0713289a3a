// Package platform reads what shop platforms export and send: Shopify's
// product and order CSV exports and its webhook payloads (orders,
// products, inventory levels), and WooCommerce's product CSV export and an
// order-items CSV that this package defines (core WooCommerce exports no
// orders with SKUs). It maps them onto shelf's records and knows nothing
// of the database: the engine matches the records with what is stored
// (products by their platform key, order lines by SKU or name, customers
// by e-mail) and writes them.
//
// Decoding is all or nothing, as in package dataio, with the same error
// type: a *dataio.Errors naming the lines of the input file and the
// platform's column at fault. Columns the package does not read are
// ignored; the ones it needs are required by name.
//
// Caveats: descriptions are HTML turned into text (HTMLText), cut to
// shelf's 5,000 characters; a category path ("Apparel & Accessories >
// Clothing > Shirts") becomes its last part; a product keeps its first 20
// tags and 100 SKUs; amounts keep two decimals.
package platform

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"shelf/store"
	"shelf/store/dataio"
)

// Platform is a shop platform whose exports shelf reads.
type Platform string

// The platforms.
const (
	Shopify     Platform = "shopify"
	WooCommerce Platform = "woocommerce"
)

// ParsePlatform reads a platform's name.
func ParsePlatform(s string) (Platform, error) {
	switch p := Platform(strings.ToLower(strings.TrimSpace(s))); p {
	case Shopify, WooCommerce:
		return p, nil
	}
	return "", fmt.Errorf("must be shopify or woocommerce (got %q)", s)
}

// The product attributes that tie a shelf product to its platform's: the
// engine finds the product again by them when the same export is imported
// again, or a webhook names it.
const (
	// AttrShopifyHandle is a Shopify product's handle (its URL name), the
	// key of the product CSV export.
	AttrShopifyHandle = "shopify_handle"
	// AttrShopifyID is a Shopify product's id, which webhooks and order
	// line items carry.
	AttrShopifyID = "shopify_id"
	// AttrWooCommerceID is a WooCommerce product's ID column.
	AttrWooCommerceID = "woocommerce_id"
)

// KeyAttributes are the attributes above, which the engine indexes.
var KeyAttributes = []string{AttrShopifyHandle, AttrShopifyID, AttrWooCommerceID}

// KeyAttribute is the attribute that holds the key of a platform's
// product export.
func (p Platform) KeyAttribute() string {
	if p == Shopify {
		return AttrShopifyHandle
	}
	return AttrWooCommerceID
}

// Kind is what an export holds.
type Kind string

// The kinds of exports.
const (
	Products Kind = "products"
	Orders   Kind = "orders"
)

// Product is one product of an export, mapped onto shelf's fields.
type Product struct {
	// Product has no id; its Attributes hold the platform's key.
	Product store.Product
	// Key is the platform's key of the product (a Shopify handle, a
	// WooCommerce ID), also in Product.Attributes.
	Key string
	// Line is where the product starts in the file.
	Line int
	// ShopifyID is the product's Shopify id (webhooks only).
	ShopifyID string
	// Inventory maps the Shopify inventory item of each variant to its
	// quantity, nil for an untracked variant (webhooks only).
	Inventory map[string]*int64
}

// OrderLine is one line item of an order: a purchase.
type OrderLine struct {
	// Line is where the line item is in the file; for a webhook, its
	// position in the order (from 1).
	Line int
	// Order is the order's name ("#1001") or number.
	Order string
	// EventID is the purchase's event id (see EventIDs).
	EventID string
	// Email is the customer's, as given; empty for an order without one.
	Email string
	Time  time.Time
	// SKU and Name say what was bought; ProductID is the platform's id of
	// the product (webhooks only).
	SKU, Name, ProductID string
	// Title is the product's title without the variant's (webhooks only).
	Title    string
	Quantity int64
	// Value is what the line cost: price times quantity, or the line's
	// total.
	Value store.Price
	// Cancelled is true for a line of a cancelled, refunded or voided
	// order.
	Cancelled bool
}

// File is a decoded export: products or order lines.
type File struct {
	Platform Platform
	Kind     Kind
	Products []Product
	Orders   []OrderLine
	// Skipped counts rows the import does not take (WooCommerce grouped
	// products).
	Skipped int
}

// Decode reads a platform's export, products or orders as its header
// says. Times without a UTC offset are read in loc.
func Decode(p Platform, body []byte, loc *time.Location) (*File, error) {
	var probs problems
	t, ok := readTable(body, &probs)
	if !ok {
		return nil, probs.err()
	}
	f := &File{Platform: p}
	switch {
	case p == Shopify && t.has("handle"):
		f.Kind, f.Products = Products, shopifyProducts(t, &probs)
	case p == Shopify && (t.has("lineitem name") || t.has("lineitem quantity")):
		f.Kind, f.Orders = Orders, shopifyOrders(t, loc, &probs)
	case p == WooCommerce && t.has("type") && t.has("id"):
		f.Kind = Products
		f.Products, f.Skipped = wooProducts(t, &probs)
	case p == WooCommerce && t.has("order_id"):
		f.Kind, f.Orders = Orders, wooOrders(t, loc, &probs)
	case p == Shopify:
		probs.add(1, "", "not a Shopify export: a products export has a Handle column, an orders export Lineitem name and Lineitem quantity")
	default:
		probs.add(1, "", "not a WooCommerce export: a products export has ID and Type columns, an order-items file order_id, date, email, sku, name, quantity and total")
	}
	if err := probs.err(); err != nil {
		return nil, err
	}
	return f, nil
}

// parseAmount reads a price such as "19.99"; zeros past the second
// decimal ("19.990") are accepted, other decimals are not.
func parseAmount(s string) (store.Price, error) {
	if whole, frac, ok := strings.Cut(s, "."); ok && len(frac) > 2 {
		frac = strings.TrimRight(frac, "0")
		for len(frac) < 2 {
			frac += "0"
		}
		s = whole + "." + frac
	}
	return store.ParsePrice(s)
}

// lineValue is price times quantity, within shelf's limit on amounts.
func lineValue(price store.Price, qty int64) (store.Price, error) {
	if qty > 0 && int64(price) > store.MaxPriceCents/qty {
		return 0, fmt.Errorf("the line's amount (%s × %d) is over shelf's limit of %s", price, qty, store.Price(store.MaxPriceCents))
	}
	return price * store.Price(qty), nil
}

// parseQuantity reads a line item's quantity: a whole number from 1.
func parseQuantity(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("must be a whole number from 1 (got %q)", s)
	}
	return n, nil
}

// timeLayouts are the forms of times in exports: Shopify's
// "2024-03-05 14:22:10 -0500", RFC 3339, and local times
// (WooCommerce's "2024-03-05 14:22:10"), read in the shop's time zone.
var timeLayouts = []struct {
	layout string
	local  bool
}{
	{"2006-01-02 15:04:05 -0700", false}, {time.RFC3339Nano, false}, {"2006-01-02 15:04:05 -07:00", false},
	{"2006-01-02 15:04:05 MST", false}, {"2006-01-02 15:04:05", true}, {"2006-01-02T15:04:05", true},
	{"2006-01-02 15:04", true}, {"2006-01-02", true},
}

// parseTime reads a time of an export; a time without an offset is in loc.
func parseTime(s string, loc *time.Location) (time.Time, error) {
	for _, l := range timeLayouts {
		var t time.Time
		var err error
		if l.local {
			t, err = time.ParseInLocation(l.layout, s, loc)
		} else {
			t, err = time.Parse(l.layout, s)
		}
		if err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("must be a time such as 2024-03-05 14:22:10 -0500 or 2024-03-05T14:22:10Z (got %q)", s)
}

// EventIDs gives each line item of an order its purchase's event id,
// "<platform>:<order>:<key>", where the key is the line's SKU when it has
// one that no other line of the order has, and its position in the order
// (from 1) otherwise. The same order gets the same ids from an export and
// from a webhook, so that shelf records each purchase once. Bytes an
// event id may not hold (spaces, '%', anything beyond printable ASCII)
// are written as %XX; an id that would be longer than shelf's 100
// characters is "<platform>:" and a hash of the order and the key.
func EventIDs(p Platform, order string, skus []string) []string {
	count := map[string]int{}
	for _, s := range skus {
		count[s]++
	}
	out := make([]string, len(skus))
	for i, s := range skus {
		key := strconv.Itoa(i + 1)
		if s != "" && count[s] == 1 {
			key = s
		}
		id := string(p) + ":" + escapeToken(order) + ":" + escapeToken(key)
		if len(id) > store.MaxEventIDLen {
			sum := sha256.Sum256([]byte(order + "\x00" + key))
			id = string(p) + ":" + hex.EncodeToString(sum[:20])
		}
		out[i] = id
	}
	return out
}

// escapeToken writes the bytes an event id may not hold as %XX.
func escapeToken(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c > '~' || c == '%' {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// GuestSession is the session id under which a purchase of an order
// without an e-mail is recorded: a guest's, one per order.
func GuestSession(p Platform, order string) string {
	s := string(p) + ":" + escapeToken(order)
	if len(s) > store.MaxSessionIDLen {
		sum := sha256.Sum256([]byte(order))
		s = string(p) + ":" + hex.EncodeToString(sum[:20])
	}
	return s
}

// lastSegment is the last part of a category path "A > B > C", trimmed.
func lastSegment(path string) string {
	if i := strings.LastIndex(path, ">"); i >= 0 {
		path = path[i+1:]
	}
	return strings.TrimSpace(path)
}

// splitList splits a comma-separated list, trimming each part and dropping
// empty ones; "\," is a comma inside a part (as WooCommerce escapes one).
func splitList(s string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if p := strings.TrimSpace(cur.String()); p != "" {
			out = append(out, p)
		}
		cur.Reset()
	}
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == ',':
			cur.WriteByte(',')
			i++
		case s[i] == ',':
			flush()
		default:
			cur.WriteByte(s[i])
		}
	}
	flush()
	return out
}

// uncategorized is the category of a product its export gives none.
const uncategorized = "Uncategorized"

// fit keeps the first tags and SKUs that shelf holds (store.MaxTags and
// store.MaxSKUs): a platform allows more, and those past the limit matter
// least (an order of a later variant still finds the product by name).
// Tags are made distinct first, ignoring case, as the store does.
func fit(p *store.Product) {
	var tags []string
	for _, t := range p.Tags {
		if !slices.ContainsFunc(tags, func(o string) bool { return strings.EqualFold(o, t) }) {
			tags = append(tags, t)
		}
	}
	p.Tags = tags[:min(len(tags), store.MaxTags)]
	p.SKUs = p.SKUs[:min(len(p.SKUs), store.MaxSKUs)]
}

// validate checks a product as the store will, and reports each problem
// under the platform's column for shelf's field, unless that column of
// the line has a problem already among those found since the product's
// first (probs.list[since:]).
func validate(p *store.Product, line int, columns map[string]string, probs *problems, since int) {
	fit(p)
	err := p.Validate()
	if err == nil {
		return
	}
	ve, ok := err.(*store.ValidationError)
	if !ok {
		probs.add(line, "", "%v", err)
		return
	}
	for _, f := range slices.Sorted(maps.Keys(ve.Fields)) {
		col := columns[f]
		if col == "" {
			col = f
		}
		if !slices.ContainsFunc(probs.list[since:], func(e dataio.LineError) bool { return e.Line == line && e.Field == col }) {
			probs.add(line, col, "%s", ve.Fields[f])
		}
	}
}

// Column is the platform's name for a field of an order line ("sku",
// "email", "name"), for error messages.
func (p Platform) Column(field string) string {
	if p == Shopify {
		switch field {
		case "sku":
			return colLineSKU
		case "email":
			return colEmail
		case "name":
			return colLineName
		}
	}
	return field
}
