package platform_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"shelf/store"
	"shelf/store/dataio"
	"shelf/store/dataio/platform"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "platform", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func stock(n int64) *int64 { return &n }

func inactive() *bool { f := false; return &f }

func decode(t *testing.T, p platform.Platform, body []byte) *platform.File {
	t.Helper()
	f, err := platform.Decode(p, body, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestShopifyProductsExport reads the hand-written export of three
// products: a tee with three sizes and an extra image line, an untracked
// mug without SKUs, a draft beanie.
func TestShopifyProductsExport(t *testing.T) {
	f := decode(t, platform.Shopify, fixture(t, "shopify_products_export.csv"))
	if f.Kind != platform.Products {
		t.Fatalf("kind %s", f.Kind)
	}
	img := "https://cdn.shopify.com/s/files/1/0001/0002/files/"
	want := []platform.Product{
		{Key: "classic-tee", Line: 2, Product: store.Product{
			Name: "Classic Cotton Tee",
			Description: "Soft, breathable 100% cotton – our \"everyday\" tee.\n\nMachine-wash & tumble dry\nFits \"true to size\"\n\n" +
				"Made in Portugal.\nShips in 2 days.",
			Category: "Shirts & Tops", Brand: "Northwind", Tags: []string{"basics", "cotton", "summer"}, Price: 1900,
			ImageURL: img + "tee-front.jpg?v=1", Stock: stock(12), SKUs: []string{"TEE-S", "TEE-M", "TEE-L"},
			Attributes: map[string]string{"shopify_handle": "classic-tee"},
		}},
		{Key: "enamel-mug", Line: 11, Product: store.Product{
			Name: "Enamel Mug", Description: "Holds 350 ml.\nDishwasher safe, mostly.", Category: "Kitchen", Brand: "Kiln & Co",
			Price: 1250, ImageURL: img + "mug.png", Attributes: map[string]string{"shopify_handle": "enamel-mug"},
		}},
		{Key: "winter-beanie", Line: 12, Product: store.Product{
			Name: "Winter Beanie", Description: "Warm\n\nMerino wool.", Category: "Hats", Brand: "Northwind",
			Tags: []string{"wool", "winter"}, Price: 1500, Stock: stock(7), SKUs: []string{"BEANIE-RED", "BEANIE-BLUE"},
			Active: inactive(), Attributes: map[string]string{"shopify_handle": "winter-beanie"},
		}},
	}
	if !reflect.DeepEqual(f.Products, want) {
		t.Errorf("got  %+v\nwant %+v", f.Products, want)
	}
}

// TestShopifyOrdersExport: one purchase per line item, the order's fields
// from its first line, cancelled and refunded orders marked.
func TestShopifyOrdersExport(t *testing.T) {
	f := decode(t, platform.Shopify, fixture(t, "shopify_orders_export.csv"))
	if f.Kind != platform.Orders {
		t.Fatalf("kind %s", f.Kind)
	}
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	want := []platform.OrderLine{
		{Line: 2, Order: "#1001", EventID: "shopify:#1001:TEE-M", Email: "ana@example.com", Time: at("2026-10-20T14:15:00Z"),
			SKU: "TEE-M", Name: "Classic Cotton Tee - M", Quantity: 2, Value: 3800},
		{Line: 4, Order: "#1001", EventID: "shopify:#1001:2", Email: "ana@example.com", Time: at("2026-10-20T14:15:00Z"),
			Name: "Enamel Mug", Quantity: 1, Value: 1250},
		{Line: 5, Order: "#1002", EventID: "shopify:#1002:TEE-L", Email: "Bob@Example.com", Time: at("2026-10-21T15:40:12Z"),
			SKU: "TEE-L", Name: "Classic Cotton Tee - L", Quantity: 1, Value: 2100},
		{Line: 6, Order: "#1002", EventID: "shopify:#1002:BEANIE-BLUE", Email: "Bob@Example.com", Time: at("2026-10-21T15:40:12Z"),
			SKU: "BEANIE-BLUE", Name: "Winter Beanie - Blue", Quantity: 1, Value: 1500},
		{Line: 7, Order: "#1003", EventID: "shopify:#1003:TEE-S", Email: "ana@example.com", Time: at("2026-10-22T13:00:00Z"),
			SKU: "TEE-S", Name: "Classic Cotton Tee - S", Quantity: 1, Value: 1900, Cancelled: true},
		{Line: 8, Order: "#1004", EventID: "shopify:#1004:1", Time: at("2026-10-23T13:05:00Z"),
			Name: "Enamel Mug", Quantity: 1, Value: 1250},
		{Line: 9, Order: "#1005", EventID: "shopify:#1005:1", Email: "new.customer+vip@example.org", Time: at("2026-10-24T15:00:00Z"),
			Name: "Classic Cotton Tee - M", Quantity: 1, Value: 1900},
	}
	if !reflect.DeepEqual(f.Orders, want) {
		t.Errorf("got  %+v\nwant %+v", f.Orders, want)
	}
}

// TestWooCommerceProductsExport: variations add their SKUs and stock to
// their parent (named by id or SKU), whose price is its first
// variation's; a sale price wins; a grouped product is skipped.
func TestWooCommerceProductsExport(t *testing.T) {
	f := decode(t, platform.WooCommerce, fixture(t, "woocommerce_products_export.csv"))
	up := "https://shop.example/wp-content/uploads/2026/10/"
	want := []platform.Product{
		{Key: "10", Line: 2, Product: store.Product{
			Name: "Ceramic Vase", Description: "Hand-thrown, glazed in \"sea green\".\n\nHeight: 20 cm, width: 9 cm.",
			Category: "Decor", Brand: "Kiln & Co", Tags: []string{"ceramic", "handmade"}, Price: 2400, ImageURL: up + "vase.jpg",
			Stock: stock(8), SKUs: []string{"VASE-01"}, Attributes: map[string]string{"woocommerce_id": "10"},
		}},
		{Key: "11", Line: 4, Product: store.Product{
			Name: "Linen Shirt", Description: "Breezy linen.", Category: "Shirts", Tags: []string{"linen"}, Price: 4500,
			ImageURL: up + "shirt.jpg", Stock: stock(5), SKUs: []string{"SHIRT", "SHIRT-S", "SHIRT-M"},
			Attributes: map[string]string{"woocommerce_id": "11"},
		}},
		{Key: "15", Line: 8, Product: store.Product{
			Name: "Draft Candle", Category: "Candles", Price: 950, Stock: stock(0), SKUs: []string{"CANDLE"}, Active: inactive(),
			Attributes: map[string]string{"woocommerce_id": "15"},
		}},
		{Key: "17", Line: 10, Product: store.Product{
			Name: "Private Print", Description: "An A3 print & frame.", Category: "Uncategorized", Price: 1800,
			SKUs: []string{"PRINT-A3"}, Active: inactive(), Attributes: map[string]string{"woocommerce_id": "17"},
		}},
	}
	if !reflect.DeepEqual(f.Products, want) || f.Skipped != 1 {
		t.Errorf("got  %+v (skipped %d)\nwant %+v", f.Products, f.Skipped, want)
	}
}

// TestWooCommerceOrderItems: the order-items file, local times in the
// shop's time zone, a cancelled order marked.
func TestWooCommerceOrderItems(t *testing.T) {
	lisbon, err := time.LoadLocation("Europe/Lisbon")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	f, err := platform.Decode(platform.WooCommerce, fixture(t, "woocommerce_order_items.csv"), lisbon)
	if err != nil {
		t.Fatal(err)
	}
	want := []platform.OrderLine{
		{Line: 2, Order: "5001", EventID: "woocommerce:5001:VASE-01", Email: "carla@example.com",
			Time: time.Date(2026, 10, 21, 8, 30, 0, 0, time.UTC), SKU: "VASE-01", Name: "Ceramic Vase", Quantity: 1, Value: 2400},
		{Line: 3, Order: "5001", EventID: "woocommerce:5001:SHIRT-M", Email: "carla@example.com",
			Time: time.Date(2026, 10, 21, 8, 30, 0, 0, time.UTC), SKU: "SHIRT-M", Name: "Linen Shirt - M", Quantity: 2, Value: 8000},
		{Line: 4, Order: "5002", EventID: "woocommerce:5002:SHIRT-S", Email: "dan@example.com",
			Time: time.Date(2026, 10, 22, 17, 5, 0, 0, time.UTC), SKU: "SHIRT-S", Name: "Linen Shirt - S", Quantity: 1, Value: 4500, Cancelled: true},
		{Line: 5, Order: "5003", EventID: "woocommerce:5003:1", Email: "carla@example.com",
			Time: time.Date(2026, 10, 23, 10, 0, 0, 0, time.UTC), Name: "Draft Candle", Quantity: 1, Value: 950},
	}
	if !reflect.DeepEqual(f.Orders, want) {
		t.Errorf("got  %+v\nwant %+v", f.Orders, want)
	}
	aliases := "order_id,order_date,billing_email,item_sku,item_name,item_quantity,item_total,order_status\n" +
		"7,2026-10-01T10:00:00Z,e@example.com,A,Thing,3,30,completed\n"
	f, err = platform.Decode(platform.WooCommerce, []byte(aliases), time.UTC)
	if err != nil || len(f.Orders) != 1 || f.Orders[0].SKU != "A" || f.Orders[0].Value != 3000 || f.Orders[0].Email != "e@example.com" {
		t.Errorf("the plugin's column names: %+v %v", f, err)
	}
}

func TestEventIDs(t *testing.T) {
	got := platform.EventIDs(platform.Shopify, "#1001", []string{"A", "", "B", "B", "with space", "ü"})
	want := []string{"shopify:#1001:A", "shopify:#1001:2", "shopify:#1001:3", "shopify:#1001:4", "shopify:#1001:with%20space", "shopify:#1001:%C3%BC"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q", got)
	}
	long := platform.EventIDs(platform.WooCommerce, strings.Repeat("9", 120), []string{"X"})[0]
	if len(long) > store.MaxEventIDLen || !strings.HasPrefix(long, "woocommerce:") {
		t.Errorf("a long id: %q", long)
	}
	for _, id := range append(got, long) {
		it := store.Interaction{UserID: 1, ProductID: 1, Type: store.Purchase, Timestamp: time.Now(), EventID: id}
		if err := it.Validate(); err != nil {
			t.Errorf("%q: %v", id, err)
		}
	}
	if s := platform.GuestSession(platform.Shopify, "#1 004"); s != "shopify:#1%20004" {
		t.Errorf("guest session %q", s)
	}
}

// lineErrors decodes body and returns its problems as "line: field: message".
func lineErrors(t *testing.T, p platform.Platform, body string) []string {
	t.Helper()
	f, err := platform.Decode(p, []byte(body), time.UTC)
	var de *dataio.Errors
	if !errors.As(err, &de) {
		t.Fatalf("got %+v, %v; want a *dataio.Errors", f, err)
	}
	if f != nil {
		t.Errorf("a file with problems decoded to %+v", f)
	}
	out := make([]string, len(de.Errors))
	for i, e := range de.Errors {
		out[i] = e.Error()
	}
	return out
}

// TestBadFiles: each problem names its line (the first line of a record)
// and the platform's column, and nothing is decoded.
func TestBadFiles(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    platform.Platform
		body string
		want []string // substrings of the problems, in order
	}{
		{"missing columns", platform.Shopify, "Handle,Body (HTML)\nx,y\n",
			[]string{"line 1: Title: column is required", "line 1: Variant Price: column is required"}},
		{"missing order columns", platform.Shopify, "Name,Email,Lineitem name\n#1,a@b.c,x\n",
			[]string{"line 1: Created at: column is required", "line 1: Lineitem quantity: column is required", "line 1: Lineitem price: column is required"}},
		{"not an export", platform.Shopify, "id,name,price\n1,x,2\n", []string{"line 1: not a Shopify export"}},
		{"empty", platform.WooCommerce, "", []string{"line 1: the file has no header"}},
		{"a bad price on line 4", platform.Shopify,
			"Handle,Title,Body (HTML),Variant SKU,Variant Price\na,A,\"<p>x,\ny</p>\",A1,1.00\na,,,A2,1.0.0\nb,B,,B1,-3\nc,C,,,\n",
			[]string{"line 4: Variant Price: must be a decimal", "line 5: Variant Price: must not be negative", "line 6: Variant Price: no line of product \"c\""}},
		{"no title, bad status and quantity", platform.Shopify,
			"Handle,Title,Variant Price,Status,Variant Inventory Qty\na,,1,active,\nb,B,1,sold,2.5\n,C,1,active,1\n",
			[]string{"line 2: Title: is required", "line 3: Status: must be active, draft or archived", "line 3: Variant Inventory Qty: must be a whole number", "line 4: Handle: is required"}},
		{"shelf's rules, named by column", platform.Shopify,
			"Handle,Title,Variant Price,Image Src,Tags\na," + strings.Repeat("x", 201) + ",1,javascript:alert(1),a;b\n",
			[]string{"line 2: Image Src: must be an http", "line 2: Title: must be at most 200", "line 2: Tags: a tag must not contain"}},
		{"order lines", platform.Shopify,
			"Name,Created at,Lineitem quantity,Lineitem name,Lineitem price\n#1,yesterday,1,A,1\n#2,2026-10-01 10:00:00 +0000,0,A,1\n#2,,2,,1\n#3,2026-10-01 10:00:00 +0000,1,A,x\n",
			[]string{"line 2: Created at: must be a time", "line 3: Lineitem quantity: must be a whole number from 1", "line 4: Lineitem name: is required", "line 5: Lineitem price: must be a decimal"}},
		{"an unclosed quote", platform.Shopify, "Handle,Title,Variant Price\na,\"A,1\n", []string{"line 2: a quoted field is not closed"}},
		{"woo types and parents", platform.WooCommerce,
			"ID,Type,SKU,Name,Regular price,Parent,Published\n1,simple,S,A,1,,1\n2,variation,V,A - v,1,id:9,1\n3,bundle,B,B,1,,1\n4,simple,,D,,,1\n1,simple,,E,2,,1\n5,simple,,F,1,,yes\n",
			[]string{"line 3: Parent: must name a variable product", "line 4: Type: must be simple", "line 5: Regular price: product 4 has no price", "line 6: ID: ID 1 is given twice", "line 7: Published: must be 1"}},
		{"woo order items", platform.WooCommerce,
			"order_id,date,sku,quantity\n1,2026-10-01,A,1\n",
			[]string{"line 1: total: column is required"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := lineErrors(t, tc.p, tc.body)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d problems %q, want %d", len(got), got, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("problem %d: %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}

func TestParsePlatform(t *testing.T) {
	if p, err := platform.ParsePlatform(" Shopify "); err != nil || p != platform.Shopify {
		t.Errorf("%q %v", p, err)
	}
	if _, err := platform.ParsePlatform("magento"); err == nil {
		t.Error("magento accepted")
	}
}

// TestMoreTagsAndVariantsThanShelfKeeps: the first 20 distinct tags and
// the first 100 SKUs are kept; an export with more is not refused.
func TestMoreTagsAndVariantsThanShelfKeeps(t *testing.T) {
	var b strings.Builder
	b.WriteString("Handle,Title,Tags,Variant SKU,Variant Price\n")
	var tags []string
	for i := range 25 {
		tags = append(tags, "tag"+strconv.Itoa(i), "TAG"+strconv.Itoa(i))
	}
	for i := range 120 {
		title, tagCell := "", ""
		if i == 0 {
			title, tagCell = "Big", `"`+strings.Join(tags, ", ")+`"`
		}
		fmt.Fprintf(&b, "big,%s,%s,SKU-%d,1.00\n", title, tagCell, i)
	}
	f := decode(t, platform.Shopify, []byte(b.String()))
	p := f.Products[0].Product
	if len(p.Tags) != store.MaxTags || p.Tags[1] != "tag1" || len(p.SKUs) != store.MaxSKUs || p.SKUs[99] != "SKU-99" {
		t.Errorf("%d tags %v, %d SKUs", len(p.Tags), p.Tags[:3], len(p.SKUs))
	}
}
