package search

import (
	"fmt"
	"sync"
	"testing"
)

// TestConcurrentUse runs searches while documents are put, replaced and
// deleted; run with -race. Searches must always see a consistent index:
// hits exist, are distinct and number at most the total.
func TestConcurrentUse(t *testing.T) {
	docs := syntheticCatalog(3000, 11)
	ix := New()
	for _, d := range docs[:1500] {
		ix.Put(d)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for i, d := range docs[1500:] {
			ix.Put(d)
			ix.Delete(docs[i].ID)
			d.Name += fmt.Sprint(" edited ", i)
			ix.Put(d)
		}
	})
	queries := benchQueries()
	errs := make(chan error, 4)
	for g := range 4 {
		wg.Go(func() {
			for i := range 300 {
				q := queries[(g+i)%len(queries)].q
				hits, total := ix.Search(q, i%3, 10)
				seen := map[uint64]bool{}
				for _, h := range hits {
					if seen[h.ID] || h.ID == 0 || h.ID > uint64(len(docs)) {
						errs <- fmt.Errorf("%q: bad or repeated hit %d", q, h.ID)
						return
					}
					seen[h.ID] = true
				}
				if len(hits) > total {
					errs <- fmt.Errorf("%q: %d hits above total %d", q, len(hits), total)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := ix.Len(); n != 1500 {
		t.Errorf("Len = %d, want 1500", n)
	}
}
