package platform

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"shelf/store"
)

// Shopify's webhooks send the REST resources as JSON: an order
// (orders/create, orders/cancelled), a product (products/create,
// products/update) and an inventory level (inventory_levels/update).
// Only the fields below are read; Shopify sends many more, which are
// ignored. A body that is not such an object, or a field of the wrong
// type, is a *store.ValidationError naming the field.

// typeError is a JSON value of the wrong type for text or number.
// encoding/json does not say which field an UnmarshalJSON failed on.
type typeError struct{ want string }

func (e *typeError) Error() string { return "a field that must be " + e.want + " is not" }

// text is a JSON string that may be null (as "").
type text string

// UnmarshalJSON reads a string or null.
func (t *text) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = ""
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &typeError{"a string"}
	}
	*t = text(strings.TrimSpace(s))
	return nil
}

// number is a JSON number, or a string (holding one), kept as its text
// ("" for null): Shopify's ids pass 2^53 and its prices are strings. The
// field's reader parses it, and names the field when it is no number.
type number string

// UnmarshalJSON reads a number, a string or null.
func (n *number) UnmarshalJSON(b []byte) error {
	s := string(b)
	switch {
	case s == "null":
		s = ""
	case strings.HasPrefix(s, `"`):
		if err := json.Unmarshal(b, &s); err != nil {
			return &typeError{"a number"}
		}
	case s == "true" || s == "false" || strings.HasPrefix(s, "{") || strings.HasPrefix(s, "["):
		return &typeError{"a number"}
	}
	*n = number(strings.TrimSpace(s))
	return nil
}

// isID reports whether n is one of Shopify's ids: a whole number.
func (n number) isID() bool {
	if n == "" || len(n) > 20 {
		return false
	}
	for i := 0; i < len(n); i++ {
		if n[i] < '0' || n[i] > '9' {
			return false
		}
	}
	return true
}

// decodeJSON reads body into v, a problem with it as a ValidationError.
func decodeJSON(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	err := dec.Decode(v)
	var te *json.UnmarshalTypeError
	var fe *typeError
	var v2 store.ValidationError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "body"
		}
		v2.Add(field, "must be %s", jsonKind(te.Type.Kind().String()))
	case errors.As(err, &fe):
		v2.Add("body", "%s", fe.Error())
	default:
		v2.Add("body", "must be a JSON object: %v", err)
	}
	return v2.Err()
}

func jsonKind(k string) string {
	switch k {
	case "slice", "array":
		return "a list"
	case "struct", "map":
		return "an object"
	case "string":
		return "a string"
	}
	return "a number"
}

type shopifyOrderJSON struct {
	ID              number `json:"id"`
	Name            text   `json:"name"`
	Email           text   `json:"email"`
	ContactEmail    text   `json:"contact_email"`
	CreatedAt       text   `json:"created_at"`
	CancelledAt     text   `json:"cancelled_at"`
	FinancialStatus text   `json:"financial_status"`
	Customer        *struct {
		Email text `json:"email"`
	} `json:"customer"`
	LineItems []struct {
		SKU       text   `json:"sku"`
		Name      text   `json:"name"`
		Title     text   `json:"title"`
		Quantity  number `json:"quantity"`
		Price     number `json:"price"`
		ProductID number `json:"product_id"`
	} `json:"line_items"`
}

// DecodeShopifyOrder reads an order of Shopify's webhooks into its line
// items, with the event ids of the orders export (see EventIDs): the
// order's name, else its id, and each line's SKU or position. The e-mail
// is the order's, else its contact e-mail, else its customer's.
func DecodeShopifyOrder(body []byte) ([]OrderLine, error) {
	var o shopifyOrderJSON
	if err := decodeJSON(body, &o); err != nil {
		return nil, err
	}
	var v store.ValidationError
	name := string(o.Name)
	if name == "" {
		name = string(o.ID)
	}
	if name == "" {
		v.Add("name", "is required (or id)")
	}
	at, err := time.Parse(time.RFC3339, string(o.CreatedAt))
	if err != nil {
		v.Add("created_at", "must be an RFC 3339 time such as 2026-10-20T10:15:00-04:00")
	}
	email := cmpOr(string(o.Email), string(o.ContactEmail))
	if o.Customer != nil {
		email = cmpOr(email, string(o.Customer.Email))
	}
	financial := strings.ToLower(string(o.FinancialStatus))
	cancelled := o.CancelledAt != "" || financial == "refunded" || financial == "voided"
	lines := make([]OrderLine, len(o.LineItems))
	skus := make([]string, len(o.LineItems))
	for i, li := range o.LineItems {
		field := "line_items[" + strconv.Itoa(i) + "]."
		l := OrderLine{Line: i + 1, Order: name, Email: email, Time: at.UTC(), SKU: string(li.SKU), Name: string(li.Name),
			Title: string(li.Title), ProductID: string(li.ProductID), Cancelled: cancelled}
		skus[i] = l.SKU
		qty, err := parseQuantity(string(li.Quantity))
		if err != nil {
			v.Add(field+"quantity", "%v", err)
		}
		price, err := parseAmount(string(li.Price))
		if err == nil {
			l.Value, err = lineValue(price, qty)
		}
		if err != nil {
			v.Add(field+"price", "%v", err)
		}
		l.Quantity = qty
		lines[i] = l
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	for i, id := range EventIDs(Shopify, name, skus) {
		lines[i].EventID = id
	}
	return lines, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

type shopifyProductJSON struct {
	ID          number          `json:"id"`
	Title       text            `json:"title"`
	BodyHTML    text            `json:"body_html"`
	Vendor      text            `json:"vendor"`
	ProductType text            `json:"product_type"`
	Handle      text            `json:"handle"`
	Status      text            `json:"status"`
	Tags        json.RawMessage `json:"tags"`
	Variants    []struct {
		SKU                 text            `json:"sku"`
		Price               number          `json:"price"`
		InventoryQuantity   *int64          `json:"inventory_quantity"`
		InventoryItemID     number          `json:"inventory_item_id"`
		InventoryManagement json.RawMessage `json:"inventory_management"`
	} `json:"variants"`
	Images []struct {
		Src text `json:"src"`
	} `json:"images"`
}

// shopifyJSONFields names the JSON field behind each of shelf's fields.
var shopifyJSONFields = map[string]string{
	"name": "title", "description": "body_html", "brand": "vendor", "category": "product_type", "tags": "tags",
	"image_url": "images", "skus": "variants", "price": "variants", "stock": "variants", "attributes": "handle",
}

// DecodeShopifyProduct reads a product of Shopify's products/create and
// products/update webhooks as the products export is read: the first
// variant's price, the first image, every variant's SKU; status active
// (or none) is active, any other status (draft, archived) is not;
// product_type is the category. The stock is the sum of the variants'
// inventory_quantity, untracked when a variant's inventory_management is
// null (Shopify does not track it); Inventory maps each variant's
// inventory_item_id to its quantity, for inventory level webhooks.
func DecodeShopifyProduct(body []byte) (Product, error) {
	var sp shopifyProductJSON
	if err := decodeJSON(body, &sp); err != nil {
		return Product{}, err
	}
	p := store.Product{
		Name: string(sp.Title), Description: Description(string(sp.BodyHTML)), Brand: string(sp.Vendor),
		Category: cmpOr(string(sp.ProductType), uncategorized), Attributes: map[string]string{},
	}
	var v store.ValidationError
	if !sp.ID.isID() {
		v.Add("id", "is required: Shopify's id of the product, a whole number")
	}
	for k, val := range map[string]string{AttrShopifyID: string(sp.ID), AttrShopifyHandle: string(sp.Handle)} {
		if val != "" {
			p.Attributes[k] = val
		}
	}
	p.SetActive(sp.Status == "" || strings.EqualFold(string(sp.Status), "active"))
	p.Tags = shopifyTags(sp.Tags, &v)
	if len(sp.Images) > 0 {
		p.ImageURL = string(sp.Images[0].Src)
	}
	inv := map[string]*int64{}
	var stock int64
	tracked := len(sp.Variants) > 0
	for i, vr := range sp.Variants {
		if s := string(vr.SKU); s != "" && !slices.Contains(p.SKUs, s) {
			p.SKUs = append(p.SKUs, s)
		}
		if price, err := parseAmount(string(vr.Price)); err != nil {
			v.Add("variants["+strconv.Itoa(i)+"].price", "%v", err)
		} else if i == 0 {
			p.Price = price
		}
		q := vr.InventoryQuantity
		if string(vr.InventoryManagement) == "null" || q == nil {
			q, tracked = nil, false
		} else {
			stock += *q
		}
		switch {
		case vr.InventoryItemID.isID():
			inv[string(vr.InventoryItemID)] = q
		case vr.InventoryItemID != "":
			v.Add("variants["+strconv.Itoa(i)+"].inventory_item_id", "must be a whole number")
		}
	}
	if len(sp.Variants) == 0 {
		v.Add("variants", "a product needs a variant with a price")
	}
	if tracked {
		p.Stock = &stock
	}
	if err := v.Err(); err != nil {
		return Product{}, err
	}
	if err := validateJSON(&p, shopifyJSONFields); err != nil {
		return Product{}, err
	}
	return Product{Product: p, Key: string(sp.Handle), ShopifyID: string(sp.ID), Inventory: inv}, nil
}

// shopifyTags reads tags: Shopify's comma-separated string, or a list.
func shopifyTags(raw json.RawMessage, v *store.ValidationError) []string {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return splitList(s)
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return list
	}
	v.Add("tags", "must be a string of comma-separated tags, or a list of strings")
	return nil
}

// validateJSON validates a product, naming the JSON fields behind shelf's.
func validateJSON(p *store.Product, fields map[string]string) error {
	fit(p)
	err := p.Validate()
	var ve *store.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	var out store.ValidationError
	for _, f := range slices.Sorted(maps.Keys(ve.Fields)) {
		out.Add(cmpOr(fields[f], f), "%s", ve.Fields[f])
	}
	return out.Err()
}

// DecodeShopifyInventoryLevel reads an inventory_levels/update webhook:
// the inventory item and how many are available (nil when Shopify sends
// null: not tracked).
func DecodeShopifyInventoryLevel(body []byte) (string, *int64, error) {
	var lvl struct {
		Item      number `json:"inventory_item_id"`
		Available *int64 `json:"available"`
	}
	if err := decodeJSON(body, &lvl); err != nil {
		return "", nil, err
	}
	if !lvl.Item.isID() {
		var v store.ValidationError
		v.Add("inventory_item_id", "is required: Shopify's id of the item, a whole number")
		return "", nil, v.Err()
	}
	if lvl.Available != nil && (*lvl.Available < -store.MaxStock || *lvl.Available > store.MaxStock) {
		var v store.ValidationError
		v.Add("available", "must be from -%d to %d", int64(store.MaxStock), int64(store.MaxStock))
		return "", nil, v.Err()
	}
	return string(lvl.Item), lvl.Available, nil
}
