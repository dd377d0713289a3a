package engine_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"shelf/engine"
	"shelf/store"
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
