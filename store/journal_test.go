package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// journalShop opens a store with 20 products, 10 users and 50 events, and
// a chunk of 100 so that an import of a few hundred events takes the
// journalled path.
func journalShop(t *testing.T, path string) *Store {
	t.Helper()
	now := func() time.Time { return time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC) }
	s, err := Open(path, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.chunk = 100
	b := &ImportBatch{}
	for i := 1; i <= 20; i++ {
		b.Products = append(b.Products, Product{Name: fmt.Sprintf("P%d", i), Category: "C", Price: Price(100 * i)})
	}
	for i := 1; i <= 10; i++ {
		b.Users = append(b.Users, User{Username: fmt.Sprintf("u%d", i)})
	}
	for i := range 50 {
		b.Interactions = append(b.Interactions, journalEvent(i))
	}
	if _, err := s.Import(b, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return s
}

// journalEvent is the i-th event of a generated stream: ten users, twenty
// products, a session every few events, a rating on some, guests on others.
func journalEvent(i int) Interaction {
	it := Interaction{
		UserID: uint64(i*7%10 + 1), ProductID: uint64(i*13%20 + 1), Type: InteractionType(i%4 + 1),
		Timestamp: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i*37%1000) * time.Minute),
	}
	if i%3 == 0 {
		it.SessionID = fmt.Sprintf("s%d", i%17)
	}
	if i%5 == 0 {
		r := float64(i%5 + 1)
		it.Rating = &r
	}
	if i%11 == 0 {
		it.UserID = 0
		it.SessionID = fmt.Sprintf("guest%d", i%6)
	}
	return it
}

// dump renders every record and index key that an import touches, in key
// order, so that two stores can be compared byte for byte.
func dump(t *testing.T, s *Store) string {
	t.Helper()
	var sb strings.Builder
	err := s.db.View(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bProducts, bProdCat, bProdPrice, bUsers, bUserName, bEvents, bEventsUser, bEventsSess, bEventIDs} {
			b := tx.Bucket(name)
			fmt.Fprintf(&sb, "%s seq=%d\n", name, b.Sequence())
			if err := b.ForEach(func(k, v []byte) error {
				fmt.Fprintf(&sb, "  %x=%x\n", k, v)
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sb.String()
}

func journalBatch(from, n int) *ImportBatch {
	b := &ImportBatch{}
	for i := from; i < from+n; i++ {
		b.Interactions = append(b.Interactions, journalEvent(i))
	}
	return b
}

func TestLargeImportStoresWhatOneTransactionWould(t *testing.T) {
	dir := t.TempDir()
	chunked := journalShop(t, filepath.Join(dir, "chunked.db"))
	whole := journalShop(t, filepath.Join(dir, "whole.db"))
	whole.chunk = 1 << 30
	mk := func() *ImportBatch {
		b := journalBatch(50, 1234)
		// Some events carry their own ids: above the sequence, and in the
		// range the others will get, which must then skip them.
		b.Interactions[10].ID = 5000
		b.Interactions[20].ID = 60
		return b
	}
	verA, verB := chunked.DataVersion(), whole.DataVersion()
	resA, err := chunked.Import(mk(), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	resB, err := whole.Import(mk(), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if resA != resB || resA.Interactions != 1234 {
		t.Fatalf("results differ: %+v and %+v", resA, resB)
	}
	if a, b := dump(t, chunked), dump(t, whole); a != b {
		t.Fatalf("a chunked import stored something else than one transaction:\n%s\n---\n%s", a, b)
	}
	if chunked.DataVersion() == verA || whole.DataVersion() == verB {
		t.Fatal("the data version did not change")
	}
	if err := chunked.Check(); err != nil {
		t.Fatal(err)
	}
	// The next event gets the same id in both.
	a, b := journalEvent(9999), journalEvent(9999)
	if err := chunked.AddInteraction(&a); err != nil {
		t.Fatal(err)
	}
	if err := whole.AddInteraction(&b); err != nil {
		t.Fatal(err)
	}
	// Fresh ids follow the largest given one: 5000, then 1,232 more.
	if a.ID != b.ID || a.ID != 6233 {
		t.Fatalf("next ids %d and %d, want 6233", a.ID, b.ID)
	}
	if chunked.UndidImport() {
		t.Fatal("UndidImport after a clean import")
	}
}

func TestLargeImportRejectsBadRecordsBeforeWriting(t *testing.T) {
	s := journalShop(t, filepath.Join(t.TempDir(), "shop.db"))
	before := dump(t, s)
	b := journalBatch(50, 500)
	b.Interactions[321].ProductID = 999
	b.Interactions[400].ID = 3 // taken by the shop's events
	b.Interactions[401].ID = 7000
	b.Interactions[402].ID = 7000
	_, err := s.Import(b, ImportOptions{})
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want an *ImportError", err)
	}
	if ie.Total != 1 || ie.Problems[0].Index != 321 || ie.Problems[0].Field != "product_id" {
		t.Fatalf("problems = %+v", ie.Problems)
	}
	b.Interactions[321].ProductID = 1
	_, err = s.Import(b, ImportOptions{})
	if !errors.As(err, &ie) || ie.Total != 2 || ie.Problems[0].Index != 400 || ie.Problems[1].Index != 402 {
		t.Fatalf("err = %v, want interactions 400 and 402 named", err)
	}
	if dump(t, s) != before {
		t.Fatal("a rejected import changed the store")
	}
}

func TestLargeImportThatFailsHalfwayIsUndone(t *testing.T) {
	s := journalShop(t, filepath.Join(t.TempDir(), "shop.db"))
	before := dump(t, s)
	ver := s.DataVersion()
	diskFull := errors.New("disk full")
	s.afterChunk = func(k int) error {
		if k == 3 {
			return diskFull
		}
		return nil
	}
	b := journalBatch(50, 777)
	b.Interactions[5].UserID = 42 // created, then removed again
	b.Interactions[6].ProductID = 43
	_, err := s.Import(b, ImportOptions{CreateMissing: true})
	if !errors.Is(err, diskFull) {
		t.Fatalf("err = %v, want the chunk's error", err)
	}
	if got := dump(t, s); got != before {
		t.Fatalf("after the undo the store differs:\n%s\n---\n%s", got, before)
	}
	if !s.UndidImport() || s.DataVersion() == ver {
		t.Fatal("the undo was not reported or did not change the data version")
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	// The store works on: the same import goes through now.
	s.afterChunk = nil
	if _, err := s.Import(journalBatch(50, 777), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
}

// A crash between chunks leaves the journal; the next read-write open
// undoes the import, and a read-only open says what to do.
func TestLargeImportInterruptedIsUndoneOnOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	s := journalShop(t, path)
	before := dump(t, s)
	s.afterChunk = func(k int) error {
		if k == 4 {
			panic(errCrash)
		}
		return nil
	}
	func() {
		defer func() {
			if r := recover(); r != errCrash {
				t.Fatalf("recovered %v", r)
			}
		}()
		s.Import(journalBatch(50, 900), ImportOptions{})
	}()
	if got := dump(t, s); got == before {
		t.Fatal("the simulated crash left nothing to undo")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path, Options{ReadOnly: true}); !errors.Is(err, ErrUnfinishedImport) {
		t.Fatalf("read-only open: err = %v, want ErrUnfinishedImport", err)
	}
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if !s2.UndidImport() {
		t.Fatal("Open did not report the undone import")
	}
	if got := dump(t, s2); got != before {
		t.Fatalf("after reopening the store differs:\n%s\n---\n%s", got, before)
	}
	if err := s2.Check(); err != nil {
		t.Fatal(err)
	}
}

// errCrash stands for the process dying between two chunks.
var errCrash = errors.New("crash")

// placeholderBatch is journalBatch(50, n) with some events about users 11
// to 13 and products 21 to 25, which journalShop does not have.
func placeholderBatch(n int) *ImportBatch {
	b := journalBatch(50, n)
	for i := range b.Interactions {
		it := &b.Interactions[i]
		if i%7 == 0 {
			it.ProductID = uint64(21 + i%5)
		}
		if i%13 == 0 && it.UserID != 0 {
			it.UserID = uint64(11 + i%3)
		}
	}
	return b
}

// interactionsOf returns every stored interaction by id.
func interactionsOf(t *testing.T, s *Store) map[uint64]Interaction {
	t.Helper()
	out := map[uint64]Interaction{}
	if err := s.ForEachInteraction(func(it *Interaction) error {
		out[it.ID] = *it
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// Undoing an import that created placeholders removes what it wrote and
// every interaction with its placeholders (other writers' events naming
// them are refused while it runs), and keeps every other interaction,
// those written meanwhile included; the indexes then agree with the records. The abort
// path also sees a writer just before the undo's last step.
func TestUndoKeepsWhatTheImportDidNotWrite(t *testing.T) {
	for _, mode := range []string{"abort", "reopen"} {
		t.Run(mode, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "shop.db")
			s := journalShop(t, path)
			want := interactionsOf(t, s)
			// An event naming a placeholder of the running import is
			// refused (a 409): undoing the import would delete it.
			write := func(it Interaction, kept bool) {
				t.Helper()
				err := s.AddInteraction(&it)
				var ce *ConflictError
				switch {
				case kept && err != nil:
					t.Fatal(err)
				case kept:
					want[it.ID] = it
				case !errors.As(err, &ce):
					t.Fatalf("an event naming a placeholder during the import: %v; want a conflict", err)
				}
			}
			diskFull := errors.New("disk full")
			s.afterChunk = func(k int) error {
				switch {
				case k == 1:
					write(Interaction{UserID: 3, ProductID: 4, Type: Like}, true)
					write(Interaction{ProductID: 5, Type: View, SessionID: "guest-x"}, true)
					write(Interaction{UserID: 3, ProductID: 22, Type: Cart, SessionID: "s-x"}, false)
					write(Interaction{UserID: 12, ProductID: 4, Type: View, SessionID: "s-y"}, false)
				case k == 3 && mode == "abort":
					return diskFull
				case k == 3:
					panic(errCrash)
				}
				return nil
			}
			late := 0
			s.beforeUndoEnds = func() {
				late++
				write(Interaction{UserID: 2, ProductID: 6, Type: Purchase}, true)
				write(Interaction{UserID: 2, ProductID: 23, Type: View, SessionID: "s-z"}, false)
				write(Interaction{UserID: 13, ProductID: 6, Type: View}, false)
			}
			stopped := func() (r any) {
				defer func() {
					if p := recover(); p != nil {
						r = p
					}
				}()
				_, err := s.Import(placeholderBatch(900), ImportOptions{CreateMissing: true})
				return err
			}()
			if mode == "reopen" {
				if stopped != errCrash {
					t.Fatalf("the import did not crash: %v", stopped)
				}
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
				var err error
				if s, err = Open(path, Options{}); err != nil {
					t.Fatal(err)
				}
				defer s.Close()
			} else if err, _ := stopped.(error); !errors.Is(err, diskFull) || late != 1 {
				t.Fatalf("the import stopped with %v and %d late writers, want the chunk's error and 1", stopped, late)
			}
			if !s.UndidImport() {
				t.Fatal("nothing was undone")
			}
			got := interactionsOf(t, s)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("after the undo %d interactions, want %d:\n%v\n%v", len(got), len(want), got, want)
			}
			for id := uint64(21); id <= 25; id++ {
				if _, err := s.Product(id); !errors.Is(err, ErrNotFound) {
					t.Errorf("placeholder product %d: %v", id, err)
				}
			}
			for id := uint64(11); id <= 13; id++ {
				if _, err := s.User(id); !errors.Is(err, ErrNotFound) {
					t.Errorf("placeholder user %d: %v", id, err)
				}
			}
			if err := s.CheckIndexes(); err != nil {
				t.Fatal(err)
			}
			if err := s.Check(); err != nil {
				t.Fatal(err)
			}
		})
	}
}
