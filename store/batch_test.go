package store

import (
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
)

// A write about a product that does not exist is refused before it joins
// a batch, so it never makes bbolt run the other writers' functions again:
// with no deletes racing, the batch function runs once per stored write.
func TestMissingReferencesStayOutOfTheBatch(t *testing.T) {
	s := journalShop(t, filepath.Join(t.TempDir(), "shop.db"))
	var runs, stored, missing atomic.Int64
	s.batchRun = func() { runs.Add(1) }
	var wg sync.WaitGroup
	for w := range 32 {
		wg.Go(func() {
			for i := range 12 {
				it := Interaction{UserID: uint64(w%10 + 1), ProductID: uint64(i%20 + 1), Type: View}
				if (w+i)%3 == 0 {
					it.ProductID = 999
				}
				err := s.AddInteraction(&it)
				switch {
				case err == nil:
					stored.Add(1)
				case errors.Is(err, ErrNotFound):
					missing.Add(1)
				default:
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if stored.Load() != 256 || missing.Load() != 128 {
		t.Fatalf("%d stored and %d refused, want 256 and 128", stored.Load(), missing.Load())
	}
	if runs.Load() != stored.Load() {
		t.Fatalf("the batch function ran %d times for %d stored writes", runs.Load(), stored.Load())
	}
	if err := s.CheckIndexes(); err != nil {
		t.Fatal(err)
	}
}

// A product or user deleted between the check and the batch still stops
// the write, inside the batch: nothing is stored that refers to nothing.
// The failed function makes bbolt run it once more, alone.
func TestReferenceDeletedBeforeTheBatch(t *testing.T) {
	for _, kind := range []string{"product", "user"} {
		t.Run(kind, func(t *testing.T) {
			s := journalShop(t, filepath.Join(t.TempDir(), "shop.db"))
			s.refsChecked = func() {
				var err error
				if kind == "product" {
					err = s.DeleteProduct(7)
				} else {
					err = s.DeleteUser(3)
				}
				if err != nil {
					t.Error(err)
				}
			}
			runs := 0
			s.batchRun = func() { runs++ }
			before := s.DataVersion()
			it := Interaction{UserID: 3, ProductID: 7, Type: Cart}
			err := s.AddInteraction(&it)
			var nf *NotFoundError
			if !errors.As(err, &nf) || nf.Kind != kind {
				t.Fatalf("err = %v, want the %s not found", err, kind)
			}
			if runs != 2 {
				t.Fatalf("the batch function ran %d times, want 2", runs)
			}
			if s.DataVersion() != before+1 { // the deletion only
				t.Fatalf("data version %d, want %d", s.DataVersion(), before+1)
			}
			if err := s.CheckIndexes(); err != nil {
				t.Fatal(err)
			}
		})
	}
}
