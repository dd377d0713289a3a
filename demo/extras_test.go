package demo

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// The store's limits on the extras (store/product_fields.go), restated
// here because demo imports nothing of the store; store/seed's tests run
// the store's own Validate on every seeded product.
const (
	storeMaxBrandLen = 100
	storeMaxTags     = 20
	storeMaxTagLen   = 50
	storeMaxAttrs    = 20
	storeMaxAttrKey  = 50
	storeMaxAttrVal  = 200
)

// attributeKeys are the attribute names the demo uses.
var attributeKeys = map[string]bool{"colour": true, "format": true, "variant": true, "pack": true, "finish": true, "size": true, "material": true}

func TestExtrasAreValid(t *testing.T) {
	now := testNow()
	for _, cfg := range []Config{
		DefaultConfig(now),
		{Seed: 3, Products: 2, Users: 4, Interactions: 30, Categories: 12, Days: 30, Now: now},
		{Seed: 4, Products: 50, Users: 5, Interactions: 5000, Categories: 20, Days: 0, Now: now},
		{Seed: 5, Products: 3000, Users: 50, Interactions: 3000, Categories: 14, Days: 700, Now: now},
	} {
		shop := Generate(cfg)
		newSince := now.Truncate(time.Millisecond).Add(-newProductAge)
		for _, p := range shop.Products {
			if p.ImageURL != ImagePath(p.ID) || p.URL != ProductPath(p.ID) || !strings.HasPrefix(p.ImageURL, "/") || strings.HasPrefix(p.URL, "//") {
				t.Fatalf("seed %d: product %d: image %q, url %q", cfg.Seed, p.ID, p.ImageURL, p.URL)
			}
			if !plainText(p.Brand) || utf8.RuneCountInString(p.Brand) > storeMaxBrandLen {
				t.Fatalf("seed %d: product %d: brand %q", cfg.Seed, p.ID, p.Brand)
			}
			if p.Stock != nil && (*p.Stock < 0 || *p.Stock > maxStockCount) {
				t.Fatalf("seed %d: product %d: stock %d", cfg.Seed, p.ID, *p.Stock)
			}
			checkTags(t, p, p.CreatedAt.After(newSince))
			checkAttributes(t, p)
		}
	}
}

// checkTags checks a product's tags by the store's rules and the demo's:
// 2 to 5, distinct, lower case, "new" exactly when the product is.
func checkTags(t *testing.T, p Product, isNew bool) {
	t.Helper()
	if len(p.Tags) < 2 || len(p.Tags) > maxTags || len(p.Tags) > storeMaxTags {
		t.Fatalf("product %d %q: %d tags %q", p.ID, p.Name, len(p.Tags), p.Tags)
	}
	seen := map[string]bool{}
	for _, tag := range p.Tags {
		if !plainText(tag) || utf8.RuneCountInString(tag) > storeMaxTagLen || strings.ContainsRune(tag, ';') || strings.ToLower(tag) != tag || seen[tag] {
			t.Fatalf("product %d: tag %q of %q", p.ID, tag, p.Tags)
		}
		seen[tag] = true
	}
	if seen["new"] != isNew {
		t.Errorf("product %d created %v: tags %q", p.ID, p.CreatedAt, p.Tags)
	}
}

// checkAttributes checks a product's attributes by the store's rules, and
// that each is what its name says.
func checkAttributes(t *testing.T, p Product) {
	t.Helper()
	if (p.Attributes != nil && len(p.Attributes) == 0) || len(p.Attributes) > 3 || len(p.Attributes) > storeMaxAttrs {
		t.Fatalf("product %d: attributes %v", p.ID, p.Attributes)
	}
	for k, v := range p.Attributes {
		if !attributeKeys[k] || len(k) > storeMaxAttrKey || strings.ContainsAny(k, "=;") ||
			!plainText(v) || utf8.RuneCountInString(v) > storeMaxAttrVal || strings.ContainsRune(v, ';') {
			t.Fatalf("product %d: attribute %q=%q", p.ID, k, v)
		}
		switch k {
		case "size":
			if !strings.Contains(p.Name, ", "+v) {
				t.Errorf("product %q: size %q", p.Name, v)
			}
		case "material":
			if !strings.Contains(p.Name, v) {
				t.Errorf("product %q: material %q", p.Name, v)
			}
		default:
			if !strings.HasSuffix(p.Name, " ("+v+")") {
				t.Errorf("product %q: %s %q", p.Name, k, v)
			}
		}
	}
	if strings.HasSuffix(p.Name, ")") && len(p.Attributes) == 0 {
		t.Errorf("product %q has a variant but no attribute", p.Name)
	}
}

// TestExtrasShares checks the shares the package documents, on a large
// catalog where they are tight and on the default shop, which the README's
// demo shows.
func TestExtrasShares(t *testing.T) {
	big := Config{Seed: 11, Products: 20_000, Users: 1, Interactions: 1, Categories: MaxCategories, Days: 90, Now: testNow()}
	for _, tt := range []struct {
		name string
		cfg  Config
		tol  float64 // allowed distance of each share from its target
	}{
		{"default", DefaultConfig(testNow()), 0.02},
		{"20,000 products", big, 0.006},
	} {
		t.Run(tt.name, func(t *testing.T) {
			shop := Generate(tt.cfg)
			var soldOut, untracked, inactive, sale, withAttrs int
			for _, p := range shop.Products {
				switch {
				case p.Stock == nil:
					untracked++
				case *p.Stock == 0:
					soldOut++
				}
				if !p.Active {
					inactive++
				}
				if strings.Contains("|"+strings.Join(p.Tags, "|")+"|", "|sale|") {
					sale++
				}
				if len(p.Attributes) > 0 {
					withAttrs++
				}
			}
			n := float64(len(shop.Products))
			t.Logf("out of stock %.3f, untracked %.3f, inactive %.3f, on sale %.3f, with attributes %.3f",
				float64(soldOut)/n, float64(untracked)/n, float64(inactive)/n, float64(sale)/n, float64(withAttrs)/n)
			for _, s := range []struct {
				what        string
				count       int
				lo, hi, tol float64
			}{
				{"out of stock", soldOut, 0.06, 0.08, tt.tol},
				{"untracked", untracked, 0.15, 0.15, 2 * tt.tol},
				{"inactive", inactive, 0.01, 0.01, tt.tol / 2},
				{"on sale", sale, 0.10, 0.10, 2 * tt.tol},
			} {
				if got := float64(s.count) / n; got < s.lo-s.tol || got > s.hi+s.tol {
					t.Errorf("%s: share %.3f, want %.2f to %.2f within %.3f", s.what, got, s.lo, s.hi, s.tol)
				}
			}
			if withAttrs == 0 || inactive == 0 {
				t.Errorf("%d products with attributes, %d inactive", withAttrs, inactive)
			}
		})
	}
}

// TestHeadphonesFindsFewDozen checks that a search for the commonest
// query of the demo finds a shelf's worth of products, not a handful:
// names alone carry "Headphones" for only a few, tags bring earbuds and
// earphones in.
func TestHeadphonesFindsFewDozen(t *testing.T) {
	shop, _ := defaultShop(t)
	named, found := 0, 0
	for _, p := range shop.Products {
		inName := strings.Contains(strings.ToLower(p.Name), "headphones")
		tagged := strings.Contains("|"+strings.Join(p.Tags, "|")+"|", "|headphones|")
		if inName {
			named++
		}
		if inName || tagged {
			found++
		}
		if inName && !tagged {
			t.Errorf("%q is not tagged headphones: %q", p.Name, p.Tags)
		}
	}
	t.Logf("%d products say headphones in their name or tags, %d in their name", found, named)
	if found < 24 || found > 80 {
		t.Errorf("%d products say headphones, want a few dozen", found)
	}
}

// TestVocabularyHasExtras checks the table the extras come from: every
// line has a tag of its own, every category with a line whose makers are
// not brands has brands to draw from, and every category has a picture.
func TestVocabularyHasExtras(t *testing.T) {
	for _, spec := range categoryTable {
		if _, ok := categoryMotifs[spec.name]; !ok {
			t.Errorf("%s has no motif", spec.name)
		}
		for i, line := range spec.lines {
			if len(line.tags) == 0 {
				t.Errorf("%s line %d has no tags", spec.name, i)
			}
			if line.maker != brandMaker && len(spec.brands) == 0 {
				t.Errorf("%s line %d needs the category's brands, and there are none", spec.name, i)
			}
		}
	}
}

func TestImagePath(t *testing.T) {
	if got := ImagePath(42); got != "/images/demo/42.svg" || !strings.HasPrefix(got, ImagePathPrefix) {
		t.Errorf("ImagePath(42) = %q", got)
	}
	if got := ProductPath(42); got != "/products/42" {
		t.Errorf("ProductPath(42) = %q", got)
	}
}

// TestDefaultShopHasNewProducts keeps checkTags' test of the "new" tag
// meaningful: the default shop has products of the last week to check.
func TestDefaultShopHasNewProducts(t *testing.T) {
	shop, cfg := defaultShop(t)
	now := cfg.Now.UTC().Truncate(time.Millisecond)
	fresh := 0
	for _, p := range shop.Products {
		if now.Sub(p.CreatedAt) < newProductAge {
			fresh++
		}
	}
	if fresh == 0 {
		t.Fatal("no product of the default shop is new: checkTags checks nothing about new")
	}
}
