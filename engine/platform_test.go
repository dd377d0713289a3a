package engine_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"shelf/engine"
	"shelf/store"
	"shelf/store/dataio"
	"shelf/store/dataio/platform"
)

// newEmptyEngine is an engine over a new, empty store, with the test clock.
func newEmptyEngine(t *testing.T) (*engine.Engine, *store.Store) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "p.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := engine.DefaultConfig()
	cfg.Now = func() time.Time { return now }
	cfg.CacheBytes = 1 << 20
	e, err := engine.New(context.Background(), st, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return e, st
}

func productIDs(ps []store.Product) []uint64 {
	out := make([]uint64, len(ps))
	for i := range ps {
		out[i] = ps[i].ID
	}
	return out
}

// TestProductsBySKUAndName: the lookups follow every product write of the
// engine: create, update, import and delete.
func TestProductsBySKUAndName(t *testing.T) {
	e, _ := newEmptyEngine(t)
	tee := store.Product{Name: "Classic Tee", Category: "Shirts", Price: 1500, SKUs: []string{"TEE-S", "TEE-M"}}
	if err := e.CreateProduct(&tee); err != nil {
		t.Fatal(err)
	}
	mug := store.Product{ID: 9, Name: "Mug", Category: "Kitchen", Price: 500}
	if _, err := e.Import(&store.ImportBatch{Products: []store.Product{mug, {ID: 10, Name: "Mug", Category: "Kitchen", Price: 700, SKUs: []string{"TEE-S"}}}}, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	check := func(what string, got []store.Product, want ...uint64) {
		t.Helper()
		if ids := productIDs(got); !slices.Equal(ids, want) && !(len(ids) == 0 && len(want) == 0) {
			t.Errorf("%s: %v, want %v", what, ids, want)
		}
	}
	check("TEE-M", e.ProductsBySKU("TEE-M"), tee.ID)
	check("TEE-S, shared by mistake", e.ProductsBySKU("TEE-S"), tee.ID, 10)
	check("a SKU is exact", e.ProductsBySKU("tee-m"))
	check("Mug", e.ProductsByName("Mug"), 9, 10)
	check("a name is exact", e.ProductsByName("mug"))

	if _, err := e.UpdateProduct(tee.ID, func(p *store.Product) error {
		p.Name, p.SKUs = "Tee", []string{"TEE-L"}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	check("an old SKU after the update", e.ProductsBySKU("TEE-M"))
	check("the new SKU", e.ProductsBySKU("TEE-L"), tee.ID)
	check("the old name", e.ProductsByName("Classic Tee"))
	check("the new name", e.ProductsByName("Tee"), tee.ID)
	check("TEE-S now", e.ProductsBySKU("TEE-S"), 10)

	if err := e.DeleteProduct(10); err != nil {
		t.Fatal(err)
	}
	check("TEE-S after the delete", e.ProductsBySKU("TEE-S"))
	check("Mug after the delete", e.ProductsByName("Mug"), 9)
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "platform", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func importFixture(t *testing.T, e *engine.Engine, p platform.Platform, name string) engine.PlatformResult {
	t.Helper()
	f, err := platform.Decode(p, readFixture(t, name), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.ImportPlatform(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res
}

func productWithKey(t *testing.T, e *engine.Engine, attr, key string) store.Product {
	t.Helper()
	ps := e.ProductsByKey(attr, key)
	if len(ps) != 1 {
		t.Fatalf("%s=%s: %d products", attr, key, len(ps))
	}
	return ps[0]
}

// TestShopifyProductsReimport: importing the same export again updates
// the products it made, in place, keeping what the export does not carry.
func TestShopifyProductsReimport(t *testing.T) {
	e, st := newEmptyEngine(t)
	res := importFixture(t, e, platform.Shopify, "shopify_products_export.csv")
	if res.Products != 3 || res.Updated != 0 {
		t.Fatalf("first import: %+v", res)
	}
	tee := productWithKey(t, e, platform.AttrShopifyHandle, "classic-tee")
	if !slices.Equal(tee.SKUs, []string{"TEE-S", "TEE-M", "TEE-L"}) || *tee.Stock != 12 || tee.Price != 1900 {
		t.Errorf("the tee: %+v", tee)
	}
	if ps := e.ProductsBySKU("BEANIE-BLUE"); len(ps) != 1 || ps[0].Available() {
		t.Errorf("the draft beanie: %+v", ps)
	}
	// The shop adds a page and an attribute of its own, and changes the name.
	if _, err := e.UpdateProduct(tee.ID, func(p *store.Product) error {
		p.URL, p.Name = "https://shop.example/products/classic-tee", "Renamed"
		p.Attributes["fit"] = "regular"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	res = importFixture(t, e, platform.Shopify, "shopify_products_export.csv")
	if res.Products != 3 || res.Updated != 3 {
		t.Fatalf("second import: %+v", res)
	}
	if n, _ := st.Counts(); n.Products != 3 {
		t.Fatalf("%d products after importing the same export twice", n.Products)
	}
	again := productWithKey(t, e, platform.AttrShopifyHandle, "classic-tee")
	if again.ID != tee.ID || again.Name != "Classic Cotton Tee" || again.URL == "" || again.Attributes["fit"] != "regular" ||
		!again.CreatedAt.Equal(tee.CreatedAt) {
		t.Errorf("the tee imported again: %+v", again)
	}
	if ps := e.ProductsByName("Renamed"); len(ps) != 0 {
		t.Errorf("the old name still finds %v", productIDs(ps))
	}
}

// shopifyShop is an engine with the Shopify products imported and two
// users: ana (whose e-mail the export has) and a stranger holding the
// username the importer would give Bob.
func shopifyShop(t *testing.T) (*engine.Engine, *store.Store) {
	t.Helper()
	e, st := newEmptyEngine(t)
	importFixture(t, e, platform.Shopify, "shopify_products_export.csv")
	for _, u := range []store.User{{ID: 7, Username: "ana", Email: "ANA@example.com"}, {ID: 8, Username: "bob@example.com", Email: "other@example.com"}} {
		if err := st.CreateUser(&u); err != nil {
			t.Fatal(err)
		}
	}
	return e, st
}

// TestShopifyOrdersImport: one purchase per line item with its value and
// time, customers by e-mail (found or created), lines matched by SKU or
// name, a refunded order recorded refunded, an order without e-mail a
// guest's; importing again records nothing twice.
func TestShopifyOrdersImport(t *testing.T) {
	e, st := shopifyShop(t)
	res := importFixture(t, e, platform.Shopify, "shopify_orders_export.csv")
	if res.Interactions != 7 || res.Users != 2 || res.Skipped != 0 {
		t.Fatalf("import: %+v", res)
	}
	tee := productWithKey(t, e, platform.AttrShopifyHandle, "classic-tee").ID
	mug := productWithKey(t, e, platform.AttrShopifyHandle, "enamel-mug").ID
	beanie := productWithKey(t, e, platform.AttrShopifyHandle, "winter-beanie").ID
	type want struct {
		user     uint64
		session  string
		product  uint64
		value    store.Price
		refunded bool
		at       string
	}
	bob, err := st.UserByUsername("bob@example.com-" + shortHash("bob@example.com"))
	if err != nil || bob.Email != "Bob@Example.com" {
		t.Fatalf("Bob, whose derived name was taken: %+v %v", bob, err)
	}
	newcomer, err := st.UserByUsername("new.customer+vip@example.org")
	if err != nil {
		t.Fatal(err)
	}
	for id, w := range map[string]want{
		"shopify:#1001:TEE-M":       {user: 7, product: tee, value: 3800, at: "2026-10-20T14:15:00Z"},
		"shopify:#1001:2":           {user: 7, product: mug, value: 1250, at: "2026-10-20T14:15:00Z"},
		"shopify:#1002:TEE-L":       {user: bob.ID, product: tee, value: 2100, at: "2026-10-21T15:40:12Z"},
		"shopify:#1002:BEANIE-BLUE": {user: bob.ID, product: beanie, value: 1500, at: "2026-10-21T15:40:12Z"},
		"shopify:#1003:TEE-S":       {user: 7, product: tee, value: 1900, refunded: true, at: "2026-10-22T13:00:00Z"},
		"shopify:#1004:1":           {session: "shopify:#1004", product: mug, value: 1250, at: "2026-10-23T13:05:00Z"},
		"shopify:#1005:1":           {user: newcomer.ID, product: tee, value: 1900, at: "2026-10-24T15:00:00Z"},
	} {
		it, err := st.InteractionByEventID(id)
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		if it.UserID != w.user || it.SessionID != w.session || it.ProductID != w.product || it.Value == nil || *it.Value != w.value ||
			it.Refunded != w.refunded || it.Type != store.Purchase || it.Timestamp.Format(time.RFC3339) != w.at {
			t.Errorf("%s: %+v, want %+v", id, it, w)
		}
	}
	res = importFixture(t, e, platform.Shopify, "shopify_orders_export.csv")
	if res.Interactions != 0 || res.Users != 0 || res.Skipped != 7 || res.Refunded != 0 {
		t.Errorf("the same export again: %+v", res)
	}
	if n, _ := st.Counts(); n.Interactions != 7 || n.Users != 4 {
		t.Errorf("after two imports: %+v", n)
	}
}

// TestReimportRefundsOrdersCancelledSince: an order recorded as paid, and
// cancelled in a later export, is refunded by the later import.
func TestReimportRefundsOrdersCancelledSince(t *testing.T) {
	e, st := shopifyShop(t)
	paid := "Name,Email,Financial Status,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Cancelled at\n" +
		"#2001,ana@example.com,paid,2026-10-25 10:00:00 +0000,1,Classic Cotton Tee - S,19.00,TEE-S,\n"
	cancelled := strings.Replace(paid, ",paid,", ",voided,", 1)
	for i, body := range []string{paid, cancelled, cancelled} {
		f, err := platform.Decode(platform.Shopify, []byte(body), time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.ImportPlatform(f)
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 && (res.Skipped != 1 || res.Refunded != 1) || i == 2 && res.Refunded != 0 {
			t.Errorf("import %d: %+v", i, res)
		}
	}
	if it, err := st.InteractionByEventID("shopify:#2001:TEE-S"); err != nil || !it.Refunded {
		t.Errorf("%+v %v", it, err)
	}
}

// TestBadOrdersImportNothing: an unmatched line, a bad e-mail and a time
// in the future are problems on their lines, and nothing is imported, no
// customer either.
func TestBadOrdersImportNothing(t *testing.T) {
	e, st := shopifyShop(t)
	body := "Name,Email,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku\n" +
		"#1,new@example.com,2026-10-25 10:00:00 +0000,1,Classic Cotton Tee,19.00,TEE-S\n" +
		"#2,new2@example.com,2026-10-25 10:00:00 +0000,1,Mystery Box,5.00,BOX-1\n" +
		"#3,not an e-mail,2026-10-25 10:00:00 +0000,1,Enamel Mug,5.00,\n" +
		"#4,new3@example.com,2027-10-25 10:00:00 +0000,1,Enamel Mug,5.00,\n" +
		"#5,,2026-10-25 10:00:00 +0000,1,Nothing,5.00,\n"
	f, err := platform.Decode(platform.Shopify, []byte(body), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := st.Counts()
	_, err = e.ImportPlatform(f)
	var de *dataio.Errors
	if !errors.As(err, &de) || de.Total != 4 {
		t.Fatalf("%v", err)
	}
	for i, w := range []string{"line 3: Lineitem sku: no product has the SKU \"BOX-1\"", "line 4: Email: must be a valid e-mail",
		"line 5: timestamp: must not be more than a day in the future", "line 6: Lineitem name: no product has the name \"Nothing\""} {
		if got := de.Errors[i].Error(); !strings.HasPrefix(got, w) {
			t.Errorf("problem %d: %q, want %q", i, got, w)
		}
	}
	if after, _ := st.Counts(); after != before {
		t.Errorf("counts %+v, then %+v", before, after)
	}
}

// TestWooCommerceImports: products with their variations, then order
// items matched by SKU and name, in the shop's time zone.
func TestWooCommerceImports(t *testing.T) {
	e, st := newEmptyEngine(t)
	res := importFixture(t, e, platform.WooCommerce, "woocommerce_products_export.csv")
	if res.Products != 4 || res.Skipped != 1 {
		t.Fatalf("products: %+v", res)
	}
	shirt := productWithKey(t, e, platform.AttrWooCommerceID, "11")
	if shirt.Price != 4500 || *shirt.Stock != 5 || !slices.Equal(shirt.SKUs, []string{"SHIRT", "SHIRT-S", "SHIRT-M"}) {
		t.Errorf("the shirt: %+v", shirt)
	}
	if again := importFixture(t, e, platform.WooCommerce, "woocommerce_products_export.csv"); again.Updated != 4 {
		t.Errorf("again: %+v", again)
	}
	res = importFixture(t, e, platform.WooCommerce, "woocommerce_order_items.csv")
	if res.Interactions != 4 || res.Users != 2 {
		t.Fatalf("orders: %+v", res)
	}
	candle := productWithKey(t, e, platform.AttrWooCommerceID, "15").ID
	if it, err := st.InteractionByEventID("woocommerce:5003:1"); err != nil || it.ProductID != candle || *it.Value != 950 {
		t.Errorf("the candle, matched by name: %+v %v", it, err)
	}
	if it, err := st.InteractionByEventID("woocommerce:5002:SHIRT-S"); err != nil || it.ProductID != shirt.ID || !it.Refunded {
		t.Errorf("the cancelled shirt: %+v %v", it, err)
	}
}

// shortHash is the hash the importer adds to a taken username.
func shortHash(email string) string {
	sum := sha256.Sum256([]byte(email))
	return hex.EncodeToString(sum[:4])
}

// TestConcurrentOrdersOfANewCustomer: webhooks of one new customer's
// orders arriving at once create the customer once, and a replay of each
// records nothing.
func TestConcurrentOrdersOfANewCustomer(t *testing.T) {
	e, st := shopifyShop(t)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			order := fmt.Sprintf("#30%02d", i)
			lines := []platform.OrderLine{{Line: 1, Order: order, Email: "Newcomer@example.com", Time: now.Add(-time.Hour), SKU: "TEE-S",
				Quantity: 1, Value: 1900, EventID: platform.EventIDs(platform.Shopify, order, []string{"TEE-S"})[0]}}
			for range 2 {
				if _, err := e.RecordOrder(platform.Shopify, lines); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	u, err := st.UserByUsername("newcomer@example.com")
	if err != nil {
		t.Fatal(err)
	}
	its, n, err := st.UserInteractions(u.ID, 0, 10)
	if err != nil || n != 4 || len(its) != 4 {
		t.Errorf("%d purchases (%v)", n, err)
	}
	if c, _ := st.Counts(); c.Users != 3 {
		t.Errorf("%d users", c.Users)
	}
}

// TestInventoryOfADeletedProduct: a level for an item whose product was
// deleted since changes nothing.
func TestInventoryOfADeletedProduct(t *testing.T) {
	e, _ := newEmptyEngine(t)
	one := int64(1)
	pp := platform.Product{Key: "x", ShopifyID: "1", Inventory: map[string]*int64{"10": &one},
		Product: store.Product{Name: "X", Category: "c", Price: 100, Stock: &one, Attributes: map[string]string{platform.AttrShopifyID: "1"}}}
	p, created, err := e.PutShopifyProduct(pp)
	if err != nil || !created {
		t.Fatal(created, err)
	}
	if out, err := e.SetShopifyInventory("10", &one); err != nil || !out.Known || *out.Stock != 1 {
		t.Fatalf("%+v %v", out, err)
	}
	if err := e.DeleteProduct(p.ID); err != nil {
		t.Fatal(err)
	}
	if out, err := e.SetShopifyInventory("10", &one); err != nil || out.Known {
		t.Errorf("after the delete: %+v %v", out, err)
	}
}
