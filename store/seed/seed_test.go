package seed_test

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"shelf/demo"
	"shelf/store"
	"shelf/store/seed"
)

// testNow is demo's test clock: a non-UTC zone checks that nothing
// depends on the caller's location.
func testNow() time.Time {
	return time.Date(2026, 3, 1, 12, 30, 15, 123_456_789, time.FixedZone("CET", 3600))
}

func smallConfig() demo.Config {
	return demo.Config{Seed: 7, Products: 60, Users: 25, Interactions: 800, Categories: 12, Days: 30, Now: testNow()}
}

// dumpBatch writes every field of every record, one line each, in the
// text form of demo's golden test; extras false leaves out the products'
// optional fields, as demo's core hashes do.
func dumpBatch(b *store.ImportBatch, extras bool) string {
	var w strings.Builder
	for _, p := range b.Products {
		fmt.Fprintf(&w, "p,%d,%q,%q,%q,%d,%s", p.ID, p.Name, p.Description, p.Category, int64(p.Price), p.CreatedAt.UTC().Format(time.RFC3339Nano))
		if extras {
			stock := ""
			if p.Stock != nil {
				stock = fmt.Sprint(*p.Stock)
			}
			var attrs []string
			for _, k := range slices.Sorted(maps.Keys(p.Attributes)) {
				attrs = append(attrs, k+"="+p.Attributes[k])
			}
			fmt.Fprintf(&w, ",%q,%q,%q,%q,%s,%t,%q", p.ImageURL, p.URL, p.Brand, strings.Join(p.Tags, "|"), stock, p.IsActive(), strings.Join(attrs, "|"))
		}
		w.WriteByte('\n')
	}
	for _, u := range b.Users {
		fmt.Fprintf(&w, "u,%d,%q,%q,%s\n", u.ID, u.Username, u.Email, u.JoinedAt.UTC().Format(time.RFC3339Nano))
	}
	for _, it := range b.Interactions {
		rating := ""
		if it.Rating != nil {
			rating = fmt.Sprint(*it.Rating)
		}
		fmt.Fprintf(&w, "i,%d,%d,%d,%d,%s,%s,%q\n", it.ID, it.UserID, it.ProductID, int(it.Type), rating, it.Timestamp.UTC().Format(time.RFC3339Nano), it.SessionID)
	}
	return w.String()
}

// TestBatchGolden pins the converted records: the hashes are demo's
// TestGenerateGolden ones, so the loader feeds the store the generated
// shop field for field. The core hashes (without the products' optional
// fields) were updated deliberately, together with demo's, when the
// generator's log became shop-like (repeated views, a thinner funnel,
// bouncing users), and did not move when products got extras (image, URL,
// brand, tags, stock, active, attributes); the full hashes were set then.
// Before that they were the store records the generator produced itself
// before it moved out of the store (store/demo), which no longer generates
// the same shop.
func TestBatchGolden(t *testing.T) {
	tests := []struct {
		name       string
		cfg        demo.Config
		core, full string
	}{
		{"small", smallConfig(),
			"9fb28efb50d22746f09bb68fce251c598211e6ff4ab9618929bb77b294460a83",
			"07f633b57fb29a1037930004b7e95521dfb8f0cc8dbb7df62a1b8bebc7b38ae3"},
		{"default", demo.DefaultConfig(testNow()),
			"08c6d10d0fc86f623d428eb46392b3e8e8f1ca23a323dfd77451a1dda9600e8c",
			"d90f07a3324a824e9ec700c2b125584230a2d7b2edda29f0a8c0044fb061901a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := seed.Batch(demo.Generate(tt.cfg))
			if got := fmt.Sprintf("%x", sha256.Sum256([]byte(dumpBatch(b, false)))); got != tt.core {
				t.Errorf("core hash %s, want %s", got, tt.core)
			}
			if got := fmt.Sprintf("%x", sha256.Sum256([]byte(dumpBatch(b, true)))); got != tt.full {
				t.Errorf("full hash %s, want %s", got, tt.full)
			}
		})
	}
}

// TestBatchRecordsAreValid checks that every converted record passes the
// store's validation as it is (Validate trims text, so a changed record
// would mean untrimmed generated text).
func TestBatchRecordsAreValid(t *testing.T) {
	now := testNow()
	for _, cfg := range []demo.Config{
		demo.DefaultConfig(now),
		{Seed: 3, Products: 2, Users: 4, Interactions: 30, Categories: 12, Days: 30, Now: now},
		{Seed: 4, Products: 50, Users: 5, Interactions: 5000, Categories: 20, Days: 0, Now: now},
		{Seed: 5, Products: 3000, Users: 50, Interactions: 3000, Categories: 5, Days: 700, Now: now},
	} {
		b := seed.Batch(demo.Generate(cfg))
		for _, p := range b.Products {
			orig := p
			if err := p.Validate(); err != nil || !reflect.DeepEqual(p, orig) {
				t.Fatalf("seed %d: product %d: %v (%+v)", cfg.Seed, p.ID, err, orig)
			}
		}
		for _, u := range b.Users {
			orig := u
			if err := u.Validate(); err != nil || u != orig || u.PasswordHash != "" {
				t.Fatalf("seed %d: user %d: %v (%+v)", cfg.Seed, u.ID, err, orig)
			}
		}
		for _, it := range b.Interactions {
			if err := it.Validate(); err != nil {
				t.Fatalf("seed %d: interaction %d: %v", cfg.Seed, it.ID, err)
			}
		}
	}
}

// TestBatchCopiesRatings checks that the batch shares no rating with the
// shop, so that the store may normalise the batch freely.
func TestBatchCopiesRatings(t *testing.T) {
	shop := demo.Generate(smallConfig())
	b := seed.Batch(shop)
	rated := 0
	for i, it := range b.Interactions {
		if it.Rating == nil {
			if shop.Interactions[i].Rating != nil {
				t.Fatalf("interaction %d lost its rating", it.ID)
			}
			continue
		}
		rated++
		if *it.Rating != *shop.Interactions[i].Rating || it.Rating == shop.Interactions[i].Rating {
			t.Fatalf("interaction %d: rating %v at %p, shop's %v at %p", it.ID, *it.Rating, it.Rating, *shop.Interactions[i].Rating, shop.Interactions[i].Rating)
		}
	}
	if rated == 0 {
		t.Fatal("no rated interaction in the shop: the test checks nothing")
	}
}

// TestBatchCopiesProductExtras checks that the batch shares no stock
// count, tag slice or attribute map with the shop, and that a product's
// Active is in the store's canonical form.
func TestBatchCopiesProductExtras(t *testing.T) {
	shop := demo.Generate(demo.DefaultConfig(testNow()))
	b := seed.Batch(shop)
	var stocked, inactive, attributed int
	for i := range b.Products {
		p, d := &b.Products[i], &shop.Products[i]
		if (p.Stock == nil) != (d.Stock == nil) || (p.Stock != nil && (*p.Stock != *d.Stock || p.Stock == d.Stock)) {
			t.Fatalf("product %d: stock %v, shop's %v", p.ID, p.Stock, d.Stock)
		}
		if p.Stock != nil {
			stocked++
		}
		if !slices.Equal(p.Tags, d.Tags) || &p.Tags[0] == &d.Tags[0] {
			t.Fatalf("product %d: tags %q shared or unlike the shop's %q", p.ID, p.Tags, d.Tags)
		}
		if !maps.Equal(p.Attributes, d.Attributes) {
			t.Fatalf("product %d: attributes %v, shop's %v", p.ID, p.Attributes, d.Attributes)
		}
		if len(p.Attributes) > 0 {
			attributed++
			for k := range p.Attributes {
				p.Attributes[k] = "changed"
			}
			if reflect.DeepEqual(p.Attributes, d.Attributes) {
				t.Fatalf("product %d: attributes shared with the shop", p.ID)
			}
		}
		if p.IsActive() != d.Active || (p.Active != nil && *p.Active) {
			t.Fatalf("product %d: active %v, shop's %v", p.ID, p.Active, d.Active)
		}
		if !d.Active {
			inactive++
		}
	}
	if stocked == 0 || inactive == 0 || attributed == 0 {
		t.Fatalf("%d stocked, %d inactive, %d with attributes: the test checks too little", stocked, inactive, attributed)
	}
}

// TestLoad loads a shop into a real bbolt file and reads it back.
func TestLoad(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "x.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	shop := demo.Generate(smallConfig())
	res, err := seed.Load(st, shop)
	if err != nil {
		t.Fatal(err)
	}
	want := store.ImportResult{Products: len(shop.Products), Users: len(shop.Users), Interactions: len(shop.Interactions)}
	if res != want {
		t.Errorf("result %+v, want %+v", res, want)
	}
	c, err := st.Counts()
	if err != nil {
		t.Fatal(err)
	}
	if c != (store.Counts{Products: want.Products, Users: want.Users, Interactions: want.Interactions}) {
		t.Errorf("counts %+v, want %+v", c, want)
	}
	b := seed.Batch(shop)
	checkStored(t, st, b)
	if err := st.Check(); err != nil {
		t.Fatal(err)
	}
	// The shop's interaction ids are taken now: a second load is refused
	// as a whole and changes nothing.
	var ie *store.ImportError
	if _, err := seed.Load(st, shop); !errors.As(err, &ie) {
		t.Fatalf("second load: %v, want an *store.ImportError", err)
	}
	if c2, err := st.Counts(); err != nil || c2 != c {
		t.Errorf("after a refused load: counts %+v (%v), want %+v", c2, err, c)
	}
}

// checkStored compares what st holds with the batch it was loaded from.
func checkStored(t *testing.T, st *store.Store, b *store.ImportBatch) {
	t.Helper()
	var products []store.Product
	if err := st.ForEachProduct(func(p store.Product) error { products = append(products, p); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(products) != len(b.Products) {
		t.Fatalf("%d products stored, want %d", len(products), len(b.Products))
	}
	for i, p := range products {
		w := b.Products[i]
		if p.ID != w.ID || p.Name != w.Name || p.Description != w.Description || p.Category != w.Category || p.Price != w.Price || !p.CreatedAt.Equal(w.CreatedAt) {
			t.Fatalf("stored product %+v, want %+v", p, w)
		}
		if p.ImageURL != w.ImageURL || p.URL != w.URL || p.Brand != w.Brand || !slices.Equal(p.Tags, w.Tags) ||
			!reflect.DeepEqual(p.Stock, w.Stock) || !reflect.DeepEqual(p.Active, w.Active) || !maps.Equal(p.Attributes, w.Attributes) {
			t.Fatalf("stored product's extras %+v, want %+v", p, w)
		}
	}
	for _, w := range b.Users {
		u, err := st.User(w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if u.Username != w.Username || u.Email != w.Email || !u.JoinedAt.Equal(w.JoinedAt) {
			t.Fatalf("stored user %+v, want %+v", u, w)
		}
	}
	i := 0
	err := st.ForEachInteraction(func(it *store.Interaction) error {
		w := b.Interactions[i]
		i++
		if it.ID != w.ID || it.UserID != w.UserID || it.ProductID != w.ProductID || it.Type != w.Type ||
			!reflect.DeepEqual(it.Rating, w.Rating) || !it.Timestamp.Equal(w.Timestamp) || it.SessionID != w.SessionID {
			return fmt.Errorf("stored interaction %+v, want %+v", *it, w)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if i != len(b.Interactions) {
		t.Fatalf("%d interactions stored, want %d", i, len(b.Interactions))
	}
}
