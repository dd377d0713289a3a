package platform_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"shelf/store"
	"shelf/store/dataio/platform"
)

const webhookOrder = `{"id": 820982911946154508, "name": "#1001", "email": null, "contact_email": "ana@example.com",
 "created_at": "2026-10-20T10:15:00-04:00", "cancelled_at": null, "financial_status": "voided", "customer": {"email": "other@example.com"},
 "line_items": [
  {"sku": "TEE-M", "name": "Classic Cotton Tee - M", "title": "Classic Cotton Tee", "quantity": 2, "price": "19.00", "product_id": 632910392},
  {"sku": null, "name": "Enamel Mug", "title": "Enamel Mug", "quantity": 1, "price": 12.5, "product_id": null}]}`

// TestDecodeShopifyOrder: the same line items and event ids as the
// orders export gives, the contact e-mail when the order's is null.
func TestDecodeShopifyOrder(t *testing.T) {
	lines, err := platform.DecodeShopifyOrder([]byte(webhookOrder))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 10, 20, 14, 15, 0, 0, time.UTC)
	want := []platform.OrderLine{
		{Line: 1, Order: "#1001", EventID: "shopify:#1001:TEE-M", Email: "ana@example.com", Time: at, SKU: "TEE-M",
			Name: "Classic Cotton Tee - M", Title: "Classic Cotton Tee", ProductID: "632910392", Quantity: 2, Value: 3800, Cancelled: true},
		{Line: 2, Order: "#1001", EventID: "shopify:#1001:2", Email: "ana@example.com", Time: at, Name: "Enamel Mug",
			Title: "Enamel Mug", Quantity: 1, Value: 1250, Cancelled: true},
	}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("got  %+v\nwant %+v", lines, want)
	}
	for body, field := range map[string]string{
		`{"name": "#1", "line_items": []}`:                                                                    "created_at",
		`{"created_at": "2026-10-20T10:15:00Z", "line_items": []}`:                                            "name",
		`{"name": "#1", "created_at": "2026-10-20T10:15:00Z", "line_items": [{"quantity": 0, "price": "1"}]}`: "line_items[0].quantity",
		`{"name": "#1", "created_at": "2026-10-20T10:15:00Z", "line_items": [{"quantity": 1, "price": "x"}]}`: "line_items[0].price",
		`{"name": "#1", "created_at": "2026-10-20T10:15:00Z", "line_items": {"quantity": 1}}`:                 "line_items",
		`{"name": ["#1"]}`: "body",
		`[1, 2]`:           "body",
	} {
		_, err := platform.DecodeShopifyOrder([]byte(body))
		var ve *store.ValidationError
		if !errors.As(err, &ve) || ve.Fields[field] == "" {
			t.Errorf("%s: %v, want a problem with %s", body, err, field)
		}
	}
}

// TestDecodeShopifyProduct: a product webhook as the products export is
// read, with each variant's inventory item; an untracked variant makes
// the product untracked.
func TestDecodeShopifyProduct(t *testing.T) {
	body := `{"id": 632910392, "title": "Classic Cotton Tee", "body_html": "<p>Soft &amp; light.</p>", "vendor": "Northwind",
	 "product_type": "", "handle": "classic-tee", "status": "draft", "tags": "cotton, basics",
	 "variants": [{"sku": "TEE-S", "price": "19.00", "inventory_quantity": 5, "inventory_item_id": 808950810, "inventory_management": "shopify"},
	              {"sku": "TEE-M", "price": "21.00", "inventory_quantity": 0, "inventory_item_id": "808950811", "inventory_management": "shopify"}],
	 "images": [{"src": "https://cdn.shopify.com/tee.jpg"}, {"src": "https://cdn.shopify.com/tee-2.jpg"}]}`
	pp, err := platform.DecodeShopifyProduct([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	five, zero := int64(5), int64(0)
	want := platform.Product{Key: "classic-tee", ShopifyID: "632910392", Inventory: map[string]*int64{"808950810": &five, "808950811": &zero},
		Product: store.Product{Name: "Classic Cotton Tee", Description: "Soft & light.", Category: "Uncategorized", Brand: "Northwind",
			Tags: []string{"cotton", "basics"}, Price: 1900, ImageURL: "https://cdn.shopify.com/tee.jpg", Stock: &five,
			SKUs: []string{"TEE-S", "TEE-M"}, Active: inactive(),
			Attributes: map[string]string{"shopify_id": "632910392", "shopify_handle": "classic-tee"}}}
	if !reflect.DeepEqual(pp, want) {
		t.Errorf("got  %+v\nwant %+v", pp, want)
	}
	untracked := strings.Replace(body, `"inventory_quantity": 0, "inventory_item_id": "808950811", "inventory_management": "shopify"`,
		`"inventory_quantity": 0, "inventory_item_id": "808950811", "inventory_management": null`, 1)
	if pp, err := platform.DecodeShopifyProduct([]byte(untracked)); err != nil || pp.Product.Stock != nil || pp.Inventory["808950811"] != nil {
		t.Errorf("an untracked variant: %+v %v", pp, err)
	}
	for b, field := range map[string]string{
		`{"title": "x", "variants": [{"price": "1"}]}`:                                               "id",
		`{"id": 1, "title": "x", "variants": []}`:                                                    "variants",
		`{"id": 1, "title": "", "variants": [{"price": "1"}]}`:                                       "title",
		`{"id": 1, "title": "x", "variants": [{"price": "-1"}]}`:                                     "variants[0].price",
		`{"id": 1, "title": "x", "tags": 5, "variants": [{"price": "1"}]}`:                           "tags",
		`{"id": 1, "title": "x", "images": [{"src": "javascript:x"}], "variants": [{"price": "1"}]}`: "images",
	} {
		_, err := platform.DecodeShopifyProduct([]byte(b))
		var ve *store.ValidationError
		if !errors.As(err, &ve) || ve.Fields[field] == "" {
			t.Errorf("%s: %v, want a problem with %s", b, err, field)
		}
	}
}

func TestDecodeShopifyInventoryLevel(t *testing.T) {
	item, n, err := platform.DecodeShopifyInventoryLevel([]byte(`{"inventory_item_id": 271878346596884015, "location_id": 1, "available": 6}`))
	if err != nil || item != "271878346596884015" || n == nil || *n != 6 {
		t.Errorf("%q %v %v", item, n, err)
	}
	if _, n, err := platform.DecodeShopifyInventoryLevel([]byte(`{"inventory_item_id": "5", "available": null}`)); err != nil || n != nil {
		t.Errorf("untracked: %v %v", n, err)
	}
	for _, b := range []string{`{"available": 1}`, `{"inventory_item_id": "x;y", "available": 1}`, `{"inventory_item_id": 5, "available": 1.5}`, `{"inventory_item_id": 5, "available": 10000000000000}`, `{"inventory_item_id": true}`} {
		if _, _, err := platform.DecodeShopifyInventoryLevel([]byte(b)); err == nil {
			t.Errorf("%s accepted", b)
		}
	}
}

// FuzzDecodeShopifyWebhooks: whatever the body, each decoder returns
// records that pass shelf's rules, or a *store.ValidationError.
func FuzzDecodeShopifyWebhooks(f *testing.F) {
	f.Add(webhookOrder)
	f.Add(`{"id": 1, "title": "x", "handle": "h", "variants": [{"sku": "S", "price": "1", "inventory_quantity": 1, "inventory_item_id": 2}]}`)
	f.Add(`{"inventory_item_id": 5, "available": 3}`)
	f.Fuzz(func(t *testing.T, body string) {
		check := func(err error) {
			var ve *store.ValidationError
			if err != nil && !errors.As(err, &ve) {
				t.Fatalf("%T %v", err, err)
			}
		}
		lines, err := platform.DecodeShopifyOrder([]byte(body))
		check(err)
		for _, l := range lines {
			it := store.Interaction{UserID: 1, ProductID: 1, Type: store.Purchase, Timestamp: time.Unix(1, 0), EventID: l.EventID, Value: &l.Value}
			if err := it.Validate(); err != nil || l.Quantity < 1 {
				t.Fatalf("%+v: %v", l, err)
			}
		}
		pp, err := platform.DecodeShopifyProduct([]byte(body))
		check(err)
		if err == nil {
			if err := pp.Product.Validate(); err != nil || pp.ShopifyID == "" || len(pp.Inventory) > len(body) {
				t.Fatalf("%+v: %v", pp, err)
			}
		}
		_, _, err = platform.DecodeShopifyInventoryLevel([]byte(body))
		check(err)
	})
}
