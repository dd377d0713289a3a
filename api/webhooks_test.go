package api_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"shelf/api"
	"shelf/api/auth"
	"shelf/store"
)

const webhookSecret = "shpss_0123456789abcdef"

// shopify signs a body as Shopify does: the base64 of its HMAC-SHA256 with
// the app's secret.
func shopify(body string) map[string]string {
	mac := hmac.New(sha256.New, []byte(webhookSecret))
	mac.Write([]byte(body))
	return map[string]string{"X-Shopify-Hmac-Sha256": base64.StdEncoding.EncodeToString(mac.Sum(nil)), "Content-Type": "application/json"}
}

// newShopifyServer serves the fixture shop with the webhook secret set and
// real authentication: the webhooks need no key.
func newShopifyServer(t *testing.T) (client, *store.Store) {
	srv, st := newServerWith(t, auth.Config{}, func(c *api.Config) { c.ShopifyWebhookSecret = webhookSecret })
	return client{t, srv}, st
}

const linenShirt = `{"id": 788032119674292922, "title": "Linen Shirt", "body_html": "<p>Breezy, <b>light</b> linen &amp; cotton.</p>",
 "vendor": "Northwind", "product_type": "Shirts", "handle": "linen-shirt", "status": "active", "tags": "linen, summer",
 "created_at": "2026-10-01T10:00:00-04:00", "admin_graphql_api_id": "gid://shopify/Product/788032119674292922",
 "variants": [
  {"id": 1, "title": "S", "sku": "LS-S", "price": "45.00", "inventory_quantity": 2, "inventory_item_id": 39072856, "inventory_management": "shopify"},
  {"id": 2, "title": "M", "sku": "LS-M", "price": "45.00", "inventory_quantity": 3, "inventory_item_id": 39072857, "inventory_management": "shopify"}],
 "images": [{"id": 9, "src": "https://cdn.shopify.com/s/files/1/0001/linen.jpg"}], "options": [{"name": "Size"}]}`

func TestShopifyWebhooksNeedASecret(t *testing.T) {
	srv, _ := newServer(t)
	c := client{t, srv}
	for _, path := range []string{"orders", "orders-cancelled", "products", "inventory"} {
		c.expect("no secret configured", 404, "not configured", "POST", "/api/webhooks/shopify/"+path, linenShirt, shopify(linenShirt))
	}
}

func TestShopifyWebhookSignatures(t *testing.T) {
	c, st := newShopifyServer(t)
	path := "/api/webhooks/shopify/products"
	c.expect("unsigned", 401, "missing X-Shopify-Hmac-Sha256", "POST", path, linenShirt, nil)
	c.expect("signed with another secret", 401, "invalid X-Shopify-Hmac-Sha256", "POST", path, linenShirt,
		map[string]string{"X-Shopify-Hmac-Sha256": base64.StdEncoding.EncodeToString(hmac.New(sha256.New, []byte("other")).Sum(nil))})
	c.expect("a signature of another body", 401, "invalid", "POST", path, linenShirt, shopify(linenShirt+" "))
	c.expect("not base64", 401, "invalid", "POST", path, linenShirt, map[string]string{"X-Shopify-Hmac-Sha256": "%%%"})
	if n, _ := st.Counts(); n.Products != 5 {
		t.Fatalf("an unsigned webhook changed the catalog: %d products", n.Products)
	}
	c.expect("malformed JSON, signed", 400, "malformed JSON", "POST", path, `{"id": 1,`, shopify(`{"id": 1,`))
	c.expect("not a product", 400, "variants", "POST", path, `{"id": 5, "title": "x"}`, shopify(`{"id": 5, "title": "x"}`))
	c.expect("a field of the wrong type", 400, "must be", "POST", path, `{"id": 5, "title": ["x"]}`, shopify(`{"id": 5, "title": ["x"]}`))
	big := `{"title": "` + strings.Repeat("x", 1<<20) + `"}`
	c.expect("over 1 MiB", 413, "too large", "POST", path, big, shopify(big))
	c.expect("signed", 200, `"created":true`, "POST", path, linenShirt, shopify(linenShirt))
}

// product reads a product through the API.
func product(t *testing.T, c client, id uint64, key map[string]string) store.Product {
	t.Helper()
	_, body := c.expect("read the product", 200, `"id"`, "GET", "/api/products/"+itoa(id), "", key)
	var p store.Product
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestShopifyProductThenInventory: a product webhook creates the product
// (and again updates it in place); inventory levels change its stock, and
// out of stock it leaves the shop's search.
func TestShopifyProductThenInventory(t *testing.T) {
	c, st := newShopifyServer(t)
	secret, _, pub := shopKeys(t, st)
	sk := map[string]string{"Authorization": "Bearer " + secret}
	pk := map[string]string{"Authorization": "Bearer " + pub}
	_, body := c.expect("products/create", 200, `"created":true`, "POST", "/api/webhooks/shopify/products", linenShirt, shopify(linenShirt))
	var out struct {
		Product store.Product `json:"product"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	p := product(t, c, out.Product.ID, sk)
	if p.Name != "Linen Shirt" || p.Description != "Breezy, light linen & cotton." || p.Category != "Shirts" || p.Brand != "Northwind" ||
		p.Price != 4500 || p.Stock == nil || *p.Stock != 5 || strings.Join(p.SKUs, ",") != "LS-S,LS-M" || strings.Join(p.Tags, ",") != "linen,summer" ||
		p.Attributes["shopify_id"] != "788032119674292922" || p.Attributes["shopify_handle"] != "linen-shirt" || p.ImageURL == "" {
		t.Fatalf("the product: %+v", p)
	}
	c.expect("the shop's search finds it", 200, `"Linen Shirt"`, "GET", "/api/search/?q=linen", "", pk)

	renamed := strings.Replace(linenShirt, `"title": "Linen Shirt"`, `"title": "Linen Shirt II"`, 1)
	c.expect("products/update", 200, `"created":false`, "POST", "/api/webhooks/shopify/products", renamed, shopify(renamed))
	if again := product(t, c, p.ID, sk); again.Name != "Linen Shirt II" || again.CreatedAt != p.CreatedAt {
		t.Errorf("updated in place: %+v", again)
	}
	if n, _ := st.Counts(); n.Products != 6 {
		t.Errorf("%d products after a create and an update", n.Products)
	}

	level := func(item string, available string) string {
		return `{"inventory_item_id": ` + item + `, "location_id": 24826418, "available": ` + available + `, "updated_at": "2026-11-01T12:00:00Z"}`
	}
	inv := "/api/webhooks/shopify/inventory"
	c.expect("one size sold out", 200, `"stock":3`, "POST", inv, level("39072856", "0"), shopify(level("39072856", "0")))
	c.expect("still for sale", 200, `"Linen Shirt II"`, "GET", "/api/search/?q=linen", "", pk)
	c.expect("both sold out", 200, `"stock":0`, "POST", inv, level("39072857", "0"), shopify(level("39072857", "0")))
	if got := product(t, c, p.ID, sk); got.Stock == nil || *got.Stock != 0 || got.Available() {
		t.Errorf("sold out: %+v", got)
	}
	_, body = c.expect("gone from the shop's search", 200, `"products"`, "GET", "/api/search/?q=linen", "", pk)
	if strings.Contains(body, "Linen Shirt") {
		t.Errorf("an out of stock product is in the shop's search: %s", body)
	}
	c.expect("an item no product named", 200, `"known":false`, "POST", inv, level("1", "9"), shopify(level("1", "9")))
	c.expect("untracked again", 200, `"stock":null`, "POST", inv, level("39072857", "null"), shopify(level("39072857", "null")))
	c.expect("back in the search", 200, `"Linen Shirt II"`, "GET", "/api/search/?q=linen", "", pk)
}

const order1001 = `{"id": 820982911946154508, "name": "#1001", "email": "ana@example.com", "created_at": "2026-10-31T10:15:00-04:00",
 "financial_status": "paid", "cancelled_at": null, "currency": "EUR", "total_price": "95.50", "customer": {"id": 1, "email": "ana@example.com"},
 "line_items": [
  {"id": 1, "sku": "LS-M", "name": "Linen Shirt - M", "title": "Linen Shirt", "quantity": 2, "price": "45.00", "product_id": 788032119674292922},
  {"id": 2, "sku": null, "name": "Green Tea", "title": "Green Tea", "quantity": 1, "price": "4.50", "product_id": null},
  {"id": 3, "sku": "NOPE-1", "name": "Mystery Box", "title": "Mystery Box", "quantity": 1, "price": "1.00", "product_id": 42}]}`

// TestShopifyOrderWebhooks: an order records a purchase per line item,
// once however often it comes; an unmatched line is reported; a new
// customer is created by e-mail; a cancellation refunds, once, and one of
// an unknown order changes nothing.
func TestShopifyOrderWebhooks(t *testing.T) {
	c, st := newShopifyServer(t)
	c.expect("the product first", 200, `"created":true`, "POST", "/api/webhooks/shopify/products", linenShirt, shopify(linenShirt))
	orders := "/api/webhooks/shopify/orders"
	_, body := c.expect("orders/create", 200, `"recorded":2`, "POST", orders, order1001, shopify(order1001))
	if !strings.Contains(body, `"line":3`) || !strings.Contains(body, `NOPE-1`) {
		t.Errorf("the unmatched line is not reported: %s", body)
	}
	shirt, err := st.InteractionByEventID("shopify:#1001:LS-M")
	if err != nil || shirt.UserID != 1 || shirt.Type != store.Purchase || *shirt.Value != 9000 || shirt.Timestamp.Format("2006-01-02T15:04") != "2026-10-31T14:15" {
		t.Fatalf("the shirts: %+v %v", shirt, err)
	}
	if tea, err := st.InteractionByEventID("shopify:#1001:2"); err != nil || tea.ProductID != 3 || *tea.Value != 450 {
		t.Errorf("the tea, by name: %+v %v", tea, err)
	}
	c.expect("a replay records nothing", 200, `"duplicates":2`, "POST", orders, order1001, shopify(order1001))
	if n, _ := st.Counts(); n.Interactions != 8 {
		t.Errorf("%d interactions after an order of two lines and its replay", n.Interactions)
	}

	zoe := strings.NewReplacer(`"#1001"`, `"#1002"`, "ana@example.com", "Zoe@Example.com").Replace(order1001)
	c.expect("a new customer's order", 200, `"recorded":2`, "POST", orders, zoe, shopify(zoe))
	u, err := st.UserByUsername("zoe@example.com")
	if err != nil || u.Email != "Zoe@Example.com" {
		t.Fatalf("the new customer: %+v %v", u, err)
	}
	if it, err := st.InteractionByEventID("shopify:#1002:LS-M"); err != nil || it.UserID != u.ID {
		t.Errorf("the new customer's purchase: %+v %v", it, err)
	}

	cancel := "/api/webhooks/shopify/orders-cancelled"
	cancelled := strings.Replace(order1001, `"cancelled_at": null`, `"cancelled_at": "2026-10-31T12:00:00-04:00"`, 1)
	c.expect("orders/cancelled", 200, `"refunded":2`, "POST", cancel, cancelled, shopify(cancelled))
	if it, _ := st.InteractionByEventID("shopify:#1001:LS-M"); !it.Refunded {
		t.Errorf("not refunded: %+v", it)
	}
	c.expect("cancelled again", 200, `"already_refunded":2`, "POST", cancel, cancelled, shopify(cancelled))
	unknown := strings.Replace(cancelled, `"#1001"`, `"#9999"`, 1)
	c.expect("an unknown order", 200, `"unknown":3`, "POST", cancel, unknown, shopify(unknown))

	refunded := strings.NewReplacer(`"#1001"`, `"#1003"`, `"paid"`, `"refunded"`).Replace(order1001)
	c.expect("an order refunded before shelf heard of it", 200, `"refunded":2`, "POST", orders, refunded, shopify(refunded))
	if it, err := st.InteractionByEventID("shopify:#1003:LS-M"); err != nil || !it.Refunded {
		t.Errorf("recorded refunded: %+v %v", it, err)
	}
	c.expect("an order without a time", 400, "created_at", "POST", orders, `{"name": "#5", "line_items": []}`, shopify(`{"name": "#5", "line_items": []}`))
}

// TestProductSKUsThroughTheAPI: skus are taken, tidied and refused as the
// other catalog fields are.
func TestProductSKUsThroughTheAPI(t *testing.T) {
	srv, _ := newServer(t)
	c := client{t, srv}
	c.expect("create with skus", 201, `"skus":["A-1","A-2"]`, "POST", "/api/products/", `{"name":"X","category":"Y","price":1,"skus":[" A-1 ","A-2",""]}`, nil)
	c.expect("patch skus", 200, `"skus":["B"]`, "PATCH", "/api/products/1/", `{"skus":["B"]}`, nil)
	c.expect("a repeated sku", 400, `"skus"`, "PATCH", "/api/products/1/", `{"skus":["B","B"]}`, nil)
	c.expect("the export has them", 200, `,B`+"\n", "GET", "/api/export/products?format=csv", "", nil)
}
