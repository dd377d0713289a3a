package engine_test

import (
	"fmt"
	"sync"
	"testing"

	"shelf/engine"
	"shelf/store"
)

// TestSearchIndexBuildKeepsWrites: products renamed, created and deleted
// while the search index is built in the background (as after start-up)
// are found as they are at the end, whatever the interleaving; a search
// during the build waits for it.
func TestSearchIndexBuildKeepsWrites(t *testing.T) {
	e, st := newEngine(t)
	for round := range 5 {
		e.BuildIndexAgain()
		renamed, gone := uint64(10+round), uint64(100+round)
		old, err := st.Product(gone)
		if err != nil {
			t.Fatal(err)
		}
		created := store.Product{Name: fmt.Sprintf("Quokka lamp %d", round), Category: "Lamps", Price: 1200}
		var wg sync.WaitGroup
		wg.Go(func() {
			if _, err := e.UpdateProduct(renamed, func(p *store.Product) error {
				p.Name = fmt.Sprintf("Wombat chair %d", round)
				return nil
			}); err != nil {
				t.Error(err)
			}
		})
		wg.Go(func() {
			if err := e.DeleteProduct(gone); err != nil {
				t.Error(err)
			}
		})
		wg.Go(func() {
			if err := e.CreateProduct(&created); err != nil {
				t.Error(err)
			}
		})
		wg.Wait()
		find := func(text string) []uint64 {
			t.Helper()
			page, err := e.Search(engine.SearchQuery{Text: text, Limit: 50, MaxPrice: -1, All: true})
			if err != nil {
				t.Fatal(err)
			}
			var ids []uint64
			for _, r := range page.Results {
				ids = append(ids, r.Product.ID)
			}
			return ids
		}
		if got := find(fmt.Sprintf("wombat chair %d", round)); len(got) == 0 || got[0] != renamed {
			t.Errorf("round %d: the renamed product %d is not found by its new name: %v", round, renamed, got)
		}
		if got := find(fmt.Sprintf("quokka lamp %d", round)); len(got) == 0 || got[0] != created.ID {
			t.Errorf("round %d: the new product %d is not found: %v", round, created.ID, got)
		}
		for _, id := range find(old.Name) {
			if id == gone {
				t.Errorf("round %d: the deleted product %d is found", round, gone)
			}
		}
	}
}
