package store_test

import (
	"errors"
	"strings"
	"testing"

	"shelf/store"
)

// TestImportIndexesInKeyOrder imports users and products whose index keys
// are written after the records, sorted (see sortedPuts): the indexes
// still agree, a username taken twice in one import is refused, and a
// rename frees the old name within the same import.
func TestImportIndexesInKeyOrder(t *testing.T) {
	s := openTemp(t)
	b := &store.ImportBatch{}
	for i, name := range []string{"zoe", "ana", "Mia", "bob"} {
		b.Users = append(b.Users, store.User{ID: uint64(i + 1), Username: name, Email: name + "@example.com", JoinedAt: t0})
	}
	for i, cat := range []string{"Toys", "Books", "Toys"} {
		b.Products = append(b.Products, store.Product{ID: uint64(i + 1), Name: "P" + cat, Category: cat, Price: store.Price(900 - 100*i), CreatedAt: t0})
	}
	if _, err := s.Import(b, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if u, err := s.UserByUsername("MIA"); err != nil || u.ID != 3 {
		t.Fatalf("Mia by name: %+v %v", u, err)
	}
	// Two rows claiming one name (case folded): the second is refused, and
	// nothing of the batch is stored.
	dup := &store.ImportBatch{Users: []store.User{
		{ID: 10, Username: "kim", Email: "k@example.com", JoinedAt: t0},
		{ID: 11, Username: "KIM", Email: "k2@example.com", JoinedAt: t0},
	}}
	var ie *store.ImportError
	if _, err := s.Import(dup, store.ImportOptions{}); !errors.As(err, &ie) || ie.Total != 1 || ie.Problems[0].Index != 1 ||
		!strings.Contains(ie.Problems[0].Message, "already taken") {
		t.Fatalf("a name twice in one import: %v", err)
	}
	if _, err := s.UserByUsername("kim"); err == nil {
		t.Fatal("a refused import stored a user")
	}
	// ana becomes anna, and a new user takes ana, in one import.
	re := &store.ImportBatch{Users: []store.User{
		{ID: 2, Username: "anna", Email: "ana@example.com", JoinedAt: t0},
		{ID: 12, Username: "ana", Email: "new@example.com", JoinedAt: t0},
	}}
	if _, err := s.Import(re, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	for name, id := range map[string]uint64{"anna": 2, "ana": 12, "zoe": 1} {
		if u, err := s.UserByUsername(name); err != nil || u.ID != id {
			t.Errorf("%s: %+v %v, want user %d", name, u, err, id)
		}
	}
	// openTemp's cleanup checks that every index agrees with the records.
}
