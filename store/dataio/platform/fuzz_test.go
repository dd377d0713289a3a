package platform_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"shelf/store"
	"shelf/store/dataio"
	"shelf/store/dataio/platform"
)

// fuzzDecode checks what Decode makes of any input: problems are a
// *dataio.Errors naming lines of the input; otherwise every product
// passes shelf's validation and every order line carries a valid event id,
// a quantity and an amount within shelf's limits.
func fuzzDecode(t *testing.T, p platform.Platform, body []byte) {
	f, err := platform.Decode(p, body, time.UTC)
	if err != nil {
		var de *dataio.Errors
		if !errors.As(err, &de) || de.Total == 0 || len(de.Errors) > dataio.MaxErrors {
			t.Fatalf("error %v (%T)", err, err)
		}
		lines := bytes.Count(body, []byte("\n")) + 1
		for _, e := range de.Errors {
			if e.Line < 1 || e.Line > lines {
				t.Fatalf("problem on line %d of %d: %v", e.Line, lines, e)
			}
		}
		return
	}
	for _, pr := range f.Products {
		q := pr.Product
		if err := q.Validate(); err != nil {
			t.Fatalf("product %+v: %v", pr, err)
		}
		if q.Attributes[p.KeyAttribute()] != pr.Key || pr.Key == "" {
			t.Fatalf("product %+v lacks its key", pr)
		}
	}
	seen := map[string]bool{}
	for _, l := range f.Orders {
		it := store.Interaction{UserID: 1, ProductID: 1, Type: store.Purchase, Timestamp: time.Unix(1, 0), EventID: l.EventID, Value: &l.Value}
		if err := it.Validate(); err != nil || l.Quantity < 1 || seen[l.EventID] {
			t.Fatalf("order line %+v: %v (or a repeated event id)", l, err)
		}
		seen[l.EventID] = true
	}
}

func FuzzDecodeShopify(f *testing.F) {
	f.Add(fixture(f, "shopify_products_export.csv"))
	f.Add(fixture(f, "shopify_orders_export.csv"))
	f.Add([]byte("Handle,Title,Variant Price,Variant SKU\na,A,1,S\na,,2,S\n"))
	f.Add([]byte("Name,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku\n#1,2026-01-01,1,A,1,X\n#1,,2,B,3,X\n"))
	f.Fuzz(func(t *testing.T, body []byte) { fuzzDecode(t, platform.Shopify, body) })
}

func FuzzDecodeWooCommerce(f *testing.F) {
	f.Add(fixture(f, "woocommerce_products_export.csv"))
	f.Add(fixture(f, "woocommerce_order_items.csv"))
	f.Add([]byte("ID,Type,SKU,Name,Regular price,Parent\n1,variable,P,A,,\n2,variation,V,A-v,3,P\n"))
	f.Fuzz(func(t *testing.T, body []byte) { fuzzDecode(t, platform.WooCommerce, body) })
}
