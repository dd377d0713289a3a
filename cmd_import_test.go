package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shelf/store"
)

// TestImportFrom: shelf import -from reads a platform's exports into the
// file, the same export twice changes nothing, and a bad file names its
// lines and imports nothing.
func TestImportFrom(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shop.db")
	fixture := func(name string) string { return filepath.Join("testdata", "platform", name) }
	importFrom := func(from, file string) (string, string, error) {
		var out, errs strings.Builder
		err := run(t.Context(), []string{"import", "-db", db, "-from", from, file}, nil, &out, &errs)
		return out.String(), errs.String(), err
	}
	for _, step := range []struct{ from, file, want string }{
		{"shopify", "shopify_products_export.csv", "imported 3 products from shopify (3 new, 0 updated"},
		{"shopify", "shopify_products_export.csv", "imported 3 products from shopify (0 new, 3 updated"},
		{"shopify", "shopify_orders_export.csv", "imported 7 purchases from shopify (3 new customers); skipped 0"},
		{"shopify", "shopify_orders_export.csv", "imported 0 purchases from shopify (0 new customers); skipped 7 lines recorded before, refunded 0"},
		{"woocommerce", "woocommerce_products_export.csv", "imported 4 products from woocommerce (4 new, 0 updated; skipped 1 grouped products"},
		{"woocommerce", "woocommerce_order_items.csv", "imported 4 purchases from woocommerce (2 new customers)"},
	} {
		out, _, err := importFrom(step.from, fixture(step.file))
		if err != nil || !strings.HasPrefix(out, step.want) {
			t.Fatalf("%s %s: %v %q, want %q", step.from, step.file, err, out, step.want)
		}
	}

	bad := filepath.Join(t.TempDir(), "bad.csv")
	body := "Handle,Title,Body (HTML),Variant SKU,Variant Price\nx,New,\"<p>a,\nb</p>\",X1,1.00\nx,,,X2,one\n"
	if err := os.WriteFile(bad, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs, err := importFrom("shopify", bad)
	if err == nil || !strings.Contains(err.Error(), "nothing was imported") || !strings.Contains(errs, bad+":line 4: Variant Price: must be a decimal") {
		t.Fatalf("a bad price: %v\n%s", err, errs)
	}
	missing := filepath.Join(t.TempDir(), "missing.csv")
	if err := os.WriteFile(missing, []byte("Handle,Vendor\nx,y\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, err := importFrom("shopify", missing); err == nil || !strings.Contains(errs, "line 1: Title: column is required") ||
		!strings.Contains(errs, "line 1: Variant Price: column is required") {
		t.Fatalf("missing columns: %v\n%s", err, errs)
	}
	if _, _, err := importFrom("magento", bad); err == nil || !strings.Contains(err.Error(), "-from must be shopify or woocommerce") {
		t.Errorf("-from magento: %v", err)
	}
	if err := run(t.Context(), []string{"import", "-db", db, "-from", "shopify", "-kind", "users", bad}, nil, io.Discard, io.Discard); err == nil ||
		!strings.Contains(err.Error(), "leave out -kind") {
		t.Errorf("-from with -kind: %v", err)
	}

	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, _ := st.Counts(); n.Products != 7 || n.Interactions != 11 || n.Users != 5 {
		t.Errorf("the file holds %+v", n)
	}
	if err := st.Check(); err != nil {
		t.Error(err)
	}
}

// TestShopifyWebhookSecretFlag: shelf serve takes the webhooks' secret
// from -shopify-webhook-secret or SHELF_SHOPIFY_WEBHOOK_SECRET.
func TestShopifyWebhookSecretFlag(t *testing.T) {
	cfg, err := parseServeFlags([]string{"-shopify-webhook-secret", "from-flag"}, io.Discard)
	if err != nil || cfg.ShopifyWebhookSecret != "from-flag" {
		t.Errorf("flag: %q %v", cfg.ShopifyWebhookSecret, err)
	}
	t.Setenv("SHELF_SHOPIFY_WEBHOOK_SECRET", "from-env")
	if cfg, err := parseServeFlags(nil, io.Discard); err != nil || cfg.ShopifyWebhookSecret != "from-env" {
		t.Errorf("environment: %q %v", cfg.ShopifyWebhookSecret, err)
	}
}
