package store_test

import (
	"errors"
	"testing"
	"time"

	"shelf/store"
)

func fieldError(t *testing.T, err error, field string) {
	t.Helper()
	var ve *store.ValidationError
	if !errors.As(err, &ve) || ve.Fields[field] == "" {
		t.Fatalf("got %v; want a validation error naming %s", err, field)
	}
}

// TestIDsStayInJavaScriptRange: ids above 2^53-1 are refused on every
// record and reference; the sequence never wraps and never assigns 0.
func TestIDsStayInJavaScriptRange(t *testing.T) {
	s := openTemp(t)
	fieldError(t, s.CreateProduct(&store.Product{ID: store.MaxID + 1, Name: "x", Category: "c"}), "id")
	fieldError(t, s.CreateUser(&store.User{ID: 1 << 63, Username: "big"}), "id")
	p := store.Product{ID: store.MaxID, Name: "last", Category: "c"}
	if err := s.CreateProduct(&p); err != nil {
		t.Fatalf("id 2^53-1: %v", err)
	}
	q := store.Product{Name: "after the last", Category: "c"}
	err := s.CreateProduct(&q)
	var ce *store.ConflictError
	if !errors.As(err, &ce) {
		t.Fatalf("the id after 2^53-1: %v (id %d); want a conflict, never a wrapped id", err, q.ID)
	}
	u := store.User{Username: "ana"}
	if err := s.CreateUser(&u); err != nil || u.ID == 0 {
		t.Fatalf("user: %v, id %d", err, u.ID)
	}
	it := store.Interaction{UserID: store.MaxID + 1, ProductID: p.ID, Type: store.View}
	fieldError(t, s.AddInteraction(&it), "user_id")
	it = store.Interaction{UserID: u.ID, ProductID: 1 << 60, Type: store.View}
	fieldError(t, s.AddInteraction(&it), "product_id")
	_, err = s.Import(&store.ImportBatch{Products: []store.Product{{ID: store.MaxID + 5, Name: "x", Category: "c"}}}, store.ImportOptions{})
	var ie *store.ImportError
	if !errors.As(err, &ie) || ie.Problems[0].Field != "id" {
		t.Fatalf("an import of an id beyond 2^53-1: %v", err)
	}
}

// TestTimesInRange: events from 1970 to a day after now, on every path.
func TestTimesInRange(t *testing.T) {
	s := openTemp(t) // its clock is t0
	p := store.Product{Name: "p", Category: "c"}
	u := store.User{Username: "u"}
	if err := s.CreateProduct(&p); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateUser(&u); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []time.Time{time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC), t0.Add(25 * time.Hour)} {
		it := store.Interaction{UserID: u.ID, ProductID: p.ID, Type: store.View, Timestamp: bad}
		fieldError(t, s.AddInteraction(&it), "timestamp")
		_, err := s.Import(&store.ImportBatch{Interactions: []store.Interaction{it}}, store.ImportOptions{})
		var ie *store.ImportError
		if !errors.As(err, &ie) || ie.Problems[0].Field != "timestamp" {
			t.Fatalf("import of an event at %v: %v", bad, err)
		}
		fieldError(t, s.CreateProduct(&store.Product{Name: "q", Category: "c", CreatedAt: bad}), "created_at")
		fieldError(t, s.CreateUser(&store.User{Username: "w", JoinedAt: bad}), "date_joined")
	}
	for _, good := range []time.Time{time.Unix(0, 0), t0.Add(23 * time.Hour)} {
		it := store.Interaction{UserID: u.ID, ProductID: p.ID, Type: store.View, Timestamp: good}
		if err := s.AddInteraction(&it); err != nil {
			t.Fatalf("an event at %v: %v", good, err)
		}
	}
}

// TestControlCharactersRefused: NUL and other controls are refused in
// names, usernames, categories, session ids and descriptions (where tabs
// and line breaks stay allowed).
func TestControlCharactersRefused(t *testing.T) {
	s := openTemp(t)
	fieldError(t, s.CreateProduct(&store.Product{Name: "a\x00b", Category: "c"}), "name")
	fieldError(t, s.CreateProduct(&store.Product{Name: "a", Category: "c\x07"}), "category")
	fieldError(t, s.CreateProduct(&store.Product{Name: "a", Category: "c", Description: "nul\x00here"}), "description")
	fieldError(t, s.CreateUser(&store.User{Username: "ana\x00"}), "username")
	fieldError(t, s.CreateUser(&store.User{Username: "ana\x1b[31m"}), "username")
	p := store.Product{Name: "ok", Category: "c", Description: "two\nlines\tand a tab"}
	if err := s.CreateProduct(&p); err != nil {
		t.Fatalf("tabs and line breaks in a description: %v", err)
	}
	it := store.Interaction{SessionID: "guest\x00", ProductID: p.ID, Type: store.View}
	fieldError(t, s.AddInteraction(&it), "session_id")
}
