package store

import (
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// TestWritesNamingPlaceholdersWaitForTheImport: while a journalled import
// is being written, an event for a user or product it created is refused
// with a 409 (undoing the import would delete it after its 201), an event
// for records that existed before is stored, and when the import fails and
// is undone, that event is still there.
func TestWritesNamingPlaceholdersWaitForTheImport(t *testing.T) {
	s := journalShop(t, filepath.Join(t.TempDir(), "p.db"))
	var b ImportBatch
	at := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	for i := range 300 {
		// Users 1001 and products 2001 do not exist: the import creates them.
		b.Interactions = append(b.Interactions, Interaction{UserID: 1001, ProductID: uint64(1 + i%20), Type: View, Timestamp: at.Add(time.Duration(i) * time.Second)})
	}
	b.Interactions = append(b.Interactions, Interaction{UserID: 3, ProductID: 2001, Type: View, Timestamp: at})
	var kept Interaction
	stop := errors.New("stopped after the first chunk")
	s.afterChunk = func(k int) error {
		if k > 0 {
			return nil
		}
		var ce *ConflictError
		placeholderUser := Interaction{UserID: 1001, ProductID: 1, Type: Purchase, Timestamp: at}
		if err := s.AddInteraction(&placeholderUser); !errors.As(err, &ce) || ce.Field != "user_id" {
			t.Errorf("an event for a user the running import created: %v; want a conflict on user_id", err)
		}
		placeholderProduct := Interaction{UserID: 2, ProductID: 2001, Type: Like, Timestamp: at}
		if err := s.AddInteraction(&placeholderProduct); !errors.As(err, &ce) || ce.Field != "product_id" {
			t.Errorf("an event for a product the running import created: %v; want a conflict on product_id", err)
		}
		kept = Interaction{UserID: 2, ProductID: 5, Type: Cart, Timestamp: at}
		if err := s.AddInteraction(&kept); err != nil {
			t.Errorf("an event for existing records during the import: %v", err)
		}
		return stop
	}
	if _, err := s.Import(&b, ImportOptions{CreateMissing: true}); !errors.Is(err, stop) {
		t.Fatalf("import: %v", err)
	}
	s.afterChunk = nil
	if _, err := s.Interaction(kept.ID); err != nil {
		t.Fatalf("the event acknowledged during the import was lost when it was undone: %v", err)
	}
	after := Interaction{UserID: 2, ProductID: 6, Type: View, Timestamp: at}
	if err := s.AddInteraction(&after); err != nil {
		t.Fatalf("after the import, writes go on: %v", err)
	}
}
