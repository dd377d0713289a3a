package store_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"shelf/store"
)

var t0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// openTemp opens a fresh store in a temporary directory and checks the
// file's consistency when the test ends, as bbolt's own tests do, and that
// the indexes agree with the records.
func openTemp(t testing.TB) *store.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shelf.db")
	s, err := store.Open(path, store.Options{Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Check(); err != nil {
			t.Errorf("consistency check: %v", err)
		}
		if err := s.CheckIndexes(); err != nil {
			t.Errorf("index check: %v", err)
		}
		s.Close()
	})
	return s
}

func mustProduct(t testing.TB, s *store.Store, name, cat string, price store.Price) store.Product {
	t.Helper()
	p := store.Product{Name: name, Category: cat, Price: price}
	if err := s.CreateProduct(&p); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustUser(t testing.TB, s *store.Store, name string) store.User {
	t.Helper()
	u := store.User{Username: name, Email: name + "@example.com"}
	if err := s.CreateUser(&u); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestPriceParseAndFormat(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want store.Price
		err  string
	}{
		{"19.90", 1990, ""}, {"19.9", 1990, ""}, {"20", 2000, ""}, {"0.05", 5, ""},
		{"-1", 0, "negative"}, {"1.234", 0, "two decimal"}, {"1e3", 0, "decimal number"},
		{"", 0, "decimal number"}, {"abc", 0, "decimal number"}, {"1.", 0, "decimal number"},
		{"9999999999999", 0, "too large"},
	} {
		got, err := store.ParsePrice(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParsePrice(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParsePrice(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	if s := store.Price(1990).String(); s != "19.90" {
		t.Errorf("String = %q", s)
	}
	var p store.Price
	for in, want := range map[string]store.Price{`19.9`: 1990, `"0.50"`: 50, `12`: 1200} {
		if err := p.UnmarshalJSON([]byte(in)); err != nil || p != want {
			t.Errorf("UnmarshalJSON(%s) = %v, %v", in, p, err)
		}
	}
	for _, in := range []string{`null`, `true`, `"x"`, `[1]`, `1.999`} {
		if err := p.UnmarshalJSON([]byte(in)); err == nil {
			t.Errorf("UnmarshalJSON(%s) accepted", in)
		}
	}
}

func TestProductCRUDAndIDs(t *testing.T) {
	s := openTemp(t)
	a := mustProduct(t, s, "Lamp", "Home", 1999)
	if a.ID != 1 || !a.CreatedAt.Equal(t0) {
		t.Fatalf("first product = %+v", a)
	}
	// A client id is kept, and later assigned ids skip past it.
	c := store.Product{ID: 10, Name: "Mug", Category: "Home", Price: 500}
	if err := s.CreateProduct(&c); err != nil || c.ID != 10 {
		t.Fatalf("client id: %v %+v", err, c)
	}
	d := mustProduct(t, s, "Pen", "Office", 150)
	if d.ID != 11 {
		t.Fatalf("next id after client id 10 = %d, want 11", d.ID)
	}
	dup := store.Product{ID: 10, Name: "X", Category: "Home"}
	if err := s.CreateProduct(&dup); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate id: %v", err)
	}
	bad := store.Product{Name: " ", Category: "", Price: -1}
	var ve *store.ValidationError
	if err := s.CreateProduct(&bad); !errors.As(err, &ve) || len(ve.Fields) != 3 {
		t.Fatalf("invalid product: %v", err)
	}
	got, err := s.UpdateProduct(10, func(p *store.Product) error { p.Price = 650; p.Category = "Kitchen"; return nil })
	if err != nil || got.Price != 650 || !got.CreatedAt.Equal(t0) {
		t.Fatalf("update: %v %+v", err, got)
	}
	// The indexes follow the update: the old category is empty now.
	list, n, _ := s.ListProducts(store.ProductQuery{Category: "Home", MaxPrice: -1, Limit: 10})
	if n != 1 || list[0].ID != 1 {
		t.Fatalf("Home after move = %d %+v", n, list)
	}
	if _, err := s.UpdateProduct(99, func(*store.Product) error { return nil }); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("update missing: %v", err)
	}
	if _, err := s.UpdateProduct(10, func(p *store.Product) error { p.Name = ""; return nil }); err == nil {
		t.Fatal("update to invalid accepted")
	}
	if p, _ := s.Product(10); p.Name != "Mug" {
		t.Fatalf("failed update changed the product: %+v", p)
	}
	if err := s.DeleteProduct(10); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Product(10); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted product: %v", err)
	}
	cats, _ := s.Categories()
	if fmt.Sprint(cats) != "[{Home 1} {Office 1}]" {
		t.Fatalf("categories = %v", cats)
	}
}

func TestListProductsFiltersSortsAndPages(t *testing.T) {
	s := openTemp(t)
	for i := 1; i <= 30; i++ {
		cat := []string{"Books", "Garden", "Toys"}[i%3]
		p := store.Product{Name: fmt.Sprintf("P%d", i), Category: cat, Price: store.Price(i * 100), CreatedAt: t0.Add(time.Duration(i*7%30-30) * time.Hour)}
		if err := s.CreateProduct(&p); err != nil {
			t.Fatal(err)
		}
	}
	ids := func(ps []store.Product) string {
		var b strings.Builder
		for _, p := range ps {
			fmt.Fprintf(&b, "%d ", p.ID)
		}
		return strings.TrimSpace(b.String())
	}
	for _, tc := range []struct {
		q     store.ProductQuery
		total int
		want  string
	}{
		{store.ProductQuery{MaxPrice: -1, Sort: store.SortPrice, Limit: 3}, 30, "1 2 3"},
		{store.ProductQuery{MaxPrice: -1, Sort: store.SortPriceDesc, Limit: 3}, 30, "30 29 28"},
		{store.ProductQuery{MaxPrice: -1, Sort: store.SortPrice, Offset: 28, Limit: 5}, 30, "29 30"},
		{store.ProductQuery{Category: "Books", MaxPrice: -1, Sort: store.SortPrice, Limit: 4}, 10, "3 6 9 12"},
		{store.ProductQuery{Category: "Books", MinPrice: 700, MaxPrice: 1500, Sort: store.SortPrice, Limit: 10}, 3, "9 12 15"},
		{store.ProductQuery{MinPrice: 2500, MaxPrice: -1, Sort: store.SortPriceDesc, Limit: 10}, 6, "30 29 28 27 26 25"},
		{store.ProductQuery{Category: "Nope", MaxPrice: -1, Limit: 10}, 0, ""},
		// newest: created = i*7 mod 30 hours, so the newest is i=17 (29 h), then 4 (28 h).
		{store.ProductQuery{MaxPrice: -1, Sort: store.SortNewest, Limit: 2}, 30, "17 4"},
		{store.ProductQuery{MaxPrice: -1, Sort: store.SortPopular, Rank: func(id uint64) float64 { return float64(id % 7) }, Limit: 3}, 30, "6 13 20"},
	} {
		got, n, err := s.ListProducts(tc.q)
		if err != nil || n != tc.total || ids(got) != tc.want {
			t.Errorf("%+v: got %d [%s] %v; want %d [%s]", tc.q, n, ids(got), err, tc.total, tc.want)
		}
	}
}

func TestUsersUniqueNamesAndPrefix(t *testing.T) {
	s := openTemp(t)
	mustUser(t, s, "ana")
	mustUser(t, s, "andre")
	mustUser(t, s, "bob")
	dup := store.User{Username: "ANA"}
	if err := s.CreateUser(&dup); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("case-folded duplicate: %v", err)
	}
	if _, err := s.UpdateUser(3, func(u *store.User) error { u.Username = "Andre"; return nil }); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("rename onto taken name: %v", err)
	}
	u, err := s.UpdateUser(3, func(u *store.User) error { u.Username = "bobby"; return nil })
	if err != nil || u.Username != "bobby" {
		t.Fatal(err)
	}
	if _, err := s.UserByUsername("BOB"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("old name still resolves: %v", err)
	}
	list, n, _ := s.ListUsers(store.UserQuery{Prefix: "AN", Limit: 10})
	if n != 2 || list[0].Username != "ana" || list[1].Username != "andre" {
		t.Fatalf("prefix an = %d %+v", n, list)
	}
	list, n, _ = s.ListUsers(store.UserQuery{Offset: 1, Limit: 1})
	if n != 3 || len(list) != 1 || list[0].ID != 2 {
		t.Fatalf("page 2 = %d %+v", n, list)
	}
	bad := store.User{Username: "x y", Email: "nope"}
	var ve *store.ValidationError
	if err := s.CreateUser(&bad); !errors.As(err, &ve) || ve.Fields["email"] == "" || ve.Fields["username"] == "" {
		t.Fatalf("invalid user: %v", err)
	}
}

func TestPasswordHashKeptButNotSerialised(t *testing.T) {
	s := openTemp(t)
	u := store.User{Username: "ana", PasswordHash: "$argon2id$secret"}
	if err := s.CreateUser(&u); err != nil {
		t.Fatal(err)
	}
	got, _ := s.User(u.ID)
	if got.PasswordHash != "$argon2id$secret" {
		t.Fatalf("hash lost: %q", got.PasswordHash)
	}
	if b, _ := jsonMarshal(got); bytes.Contains(b, []byte("argon")) {
		t.Fatalf("hash serialised: %s", b)
	}
}

func TestInteractionsNewestFirstAndCascade(t *testing.T) {
	s := openTemp(t)
	ana, bob := mustUser(t, s, "ana"), mustUser(t, s, "bob")
	lamp, mug := mustProduct(t, s, "Lamp", "Home", 1999), mustProduct(t, s, "Mug", "Home", 500)
	r := 4.5
	events := []store.Interaction{
		{UserID: ana.ID, ProductID: lamp.ID, Type: store.View, Timestamp: t0.Add(3 * time.Hour)},
		{UserID: ana.ID, ProductID: mug.ID, Type: store.Purchase, Rating: &r, Timestamp: t0.Add(1 * time.Hour), SessionID: "s1"},
		{UserID: ana.ID, ProductID: lamp.ID, Type: store.Like, Timestamp: t0.Add(2 * time.Hour)},
		{UserID: bob.ID, ProductID: lamp.ID, Type: store.Cart, Timestamp: t0},
		{ProductID: mug.ID, Type: store.View, Timestamp: t0, SessionID: "guest-1"},
	}
	for i := range events {
		if err := s.AddInteraction(&events[i]); err != nil {
			t.Fatal(err)
		}
	}
	page, total, err := s.UserInteractions(ana.ID, 0, 2)
	if err != nil || total != 3 || len(page) != 2 || page[0].Type != store.View || page[1].Type != store.Like {
		t.Fatalf("ana page 1 = %d %+v %v", total, page, err)
	}
	page, _, _ = s.UserInteractions(ana.ID, 2, 2)
	if len(page) != 1 || page[0].Rating == nil || *page[0].Rating != 4.5 || page[0].SessionID != "s1" {
		t.Fatalf("ana page 2 = %+v", page)
	}
	if _, _, err := s.UserInteractions(99, 0, 10); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing user: %v", err)
	}
	guest, _ := s.SessionInteractions("guest-1", 10)
	if len(guest) != 1 || guest[0].UserID != 0 {
		t.Fatalf("guest events = %+v", guest)
	}
	// Missing references and bad values are refused and change nothing.
	for _, bad := range []store.Interaction{
		{UserID: 99, ProductID: lamp.ID, Type: store.View},
		{UserID: ana.ID, ProductID: 99, Type: store.View},
		{UserID: ana.ID, ProductID: lamp.ID},
		{ProductID: lamp.ID, Type: store.View},
	} {
		if err := s.AddInteraction(&bad); err == nil {
			t.Fatalf("accepted %+v", bad)
		}
	}
	if c, _ := s.Counts(); c.Interactions != 5 {
		t.Fatalf("interactions after refusals = %d", c.Interactions)
	}
	// Erasing a user erases their events; deleting a product erases its events.
	if err := s.PutProfile(&store.Profile{UserID: ana.ID, TopCategories: []string{"Home"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteUser(ana.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Profile(ana.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("profile survived: %v", err)
	}
	if err := s.DeleteProduct(lamp.ID); err != nil {
		t.Fatal(err)
	}
	var left []string
	s.ForEachInteraction(func(it *store.Interaction) error {
		left = append(left, fmt.Sprintf("%d/%d/%s", it.UserID, it.ProductID, it.Type))
		return nil
	})
	if fmt.Sprint(left) != "[0/2/view]" {
		t.Fatalf("left after cascades = %v", left)
	}
	if _, total, _ := s.UserInteractions(bob.ID, 0, 10); total != 0 {
		t.Fatalf("bob keeps %d events of a deleted product", total)
	}
}

// TestConcurrentWritesAreDurable writes from many goroutines, reopens the
// file and finds every acknowledged interaction.
func TestConcurrentWritesAreDurable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shelf.db")
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	u := mustUser(t, s, "ana")
	p := mustProduct(t, s, "Lamp", "Home", 100)
	var mu sync.Mutex
	acked := map[uint64]bool{}
	var wg sync.WaitGroup
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				it := store.Interaction{UserID: u.ID, ProductID: p.ID, Type: store.View}
				if err := s.AddInteraction(&it); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				acked[it.ID] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	s.Close()
	s, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if len(acked) != 160 {
		t.Fatalf("%d distinct ids acknowledged, want 160", len(acked))
	}
	for id := range acked {
		if _, err := s.Interaction(id); err != nil {
			t.Fatalf("acknowledged interaction %d lost: %v", id, err)
		}
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestImportAllOrNothing(t *testing.T) {
	s := openTemp(t)
	mustUser(t, s, "ana")
	batch := &store.ImportBatch{
		Products: []store.Product{{ID: 5, Name: "Lamp", Category: "Home", Price: 100}, {Name: "Mug", Category: "Home"}},
		Interactions: []store.Interaction{
			{UserID: 1, ProductID: 5, Type: store.View, Timestamp: t0},
			{UserID: 7, ProductID: 5, Type: store.View, Timestamp: t0},
			{UserID: 1, ProductID: 8, Type: store.Like, Timestamp: t0},
		},
	}
	_, err := s.Import(batch, store.ImportOptions{})
	var ie *store.ImportError
	if !errors.As(err, &ie) || ie.Total != 2 || ie.Problems[0].Index != 1 || ie.Problems[0].Field != "user_id" || ie.Problems[1].Field != "product_id" {
		t.Fatalf("import with unknown refs: %v %+v", err, ie)
	}
	if c, _ := s.Counts(); c.Products != 0 || c.Interactions != 0 {
		t.Fatalf("failed import left %+v", c)
	}
	res, err := s.Import(batch, store.ImportOptions{CreateMissing: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Interactions != 3 || res.CreatedUsers != 1 || res.CreatedProducts != 1 || res.Products != 2 {
		t.Fatalf("result = %+v", res)
	}
	if u, err := s.User(7); err != nil || u.Username != "user7" {
		t.Fatalf("placeholder user: %+v %v", u, err)
	}
	// Ids assigned afterwards never collide with imported ones.
	p := mustProduct(t, s, "Pen", "Office", 100)
	if p.ID != 9 {
		t.Fatalf("next product id = %d, want 9", p.ID)
	}
	// A re-import of the catalog replaces by id and re-indexes.
	res, err = s.Import(&store.ImportBatch{Products: []store.Product{{ID: 5, Name: "Lamp XL", Category: "Lighting", Price: 300}}}, store.ImportOptions{})
	if err != nil || res.Products != 1 {
		t.Fatal(err)
	}
	if got, n, _ := s.ListProducts(store.ProductQuery{Category: "Home", MaxPrice: -1, Limit: 10}); n != 1 || got[0].Name != "Mug" {
		t.Fatalf("Home after replace: %d %+v", n, got)
	}
	// Bad values are reported per record, up to the listing limit.
	many := &store.ImportBatch{}
	for i := 0; i < 150; i++ {
		many.Interactions = append(many.Interactions, store.Interaction{UserID: 1, ProductID: 5})
	}
	_, err = s.Import(many, store.ImportOptions{})
	if !errors.As(err, &ie) || ie.Total != 150 || len(ie.Problems) != store.MaxListedErrors {
		t.Fatalf("150 bad records: %v", err)
	}
}

func TestSchemaVersionAndLocking(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shelf.db")
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Open(path, store.Options{Timeout: 50 * time.Millisecond}); err == nil || !strings.Contains(err.Error(), "locked") {
		t.Fatalf("second open of a locked file: %v", err)
	}
	s.Close()
	// Pretend a newer shelf wrote the file.
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		v := make([]byte, 8)
		binary.BigEndian.PutUint64(v, store.SchemaVersion+1)
		return tx.Bucket([]byte("meta")).Put([]byte("schema_version"), v)
	})
	db.Close()
	if _, err := store.Open(path, store.Options{}); !errors.Is(err, store.ErrNewerSchema) {
		t.Fatalf("newer schema: %v", err)
	}
	// A file that is not a database at all.
	junk := filepath.Join(t.TempDir(), "junk.db")
	writeFile(t, junk, bytes.Repeat([]byte("not a database "), 1000))
	if _, err := store.Open(junk, store.Options{}); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Fatalf("junk file: %v", err)
	}
}

func TestBackupIsAConsistentCopy(t *testing.T) {
	s := openTemp(t)
	mustProduct(t, s, "Lamp", "Home", 100)
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := s.BackupFile(path); err != nil {
		t.Fatal(err)
	}
	c, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if p, err := c.Product(1); err != nil || p.Name != "Lamp" {
		t.Fatalf("backup content: %+v %v", p, err)
	}
}

func TestEmptyAndPing(t *testing.T) {
	s := openTemp(t)
	if empty, err := s.Empty(); err != nil || !empty {
		t.Fatalf("new store: empty %v, %v", empty, err)
	}
	mustUser(t, s, "ana")
	if empty, _ := s.Empty(); empty {
		t.Fatal("a store with a user is empty")
	}
	if err := s.Ping(); err != nil {
		t.Fatal(err)
	}
}

// TestRevokedKeyStopsAtOnce: keys are cached in memory, and a revocation
// must still end a key for every lookup that starts after it returns,
// even while other lookups run.
func TestRevokedKeyStopsAtOnce(t *testing.T) {
	s := openTemp(t)
	for round := range 20 {
		hash := []byte(fmt.Sprintf("hash-%02d-of-a-secret-key-000000", round))
		k := store.APIKey{Name: "k", Kind: "secret", Prefix: "shelf_sk_x", Hash: hash}
		if err := s.CreateAPIKey(&k); err != nil {
			t.Fatal(err)
		}
		if _, err := s.APIKeyByHash(hash); err != nil {
			t.Fatal(err)
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
						s.APIKeyByHash(hash)
					}
				}
			})
		}
		if err := s.DeleteAPIKey(k.ID); err != nil {
			t.Fatal(err)
		}
		for range 100 {
			if _, err := s.APIKeyByHash(hash); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("round %d: a revoked key was found: %v", round, err)
			}
		}
		close(stop)
		wg.Wait()
		if _, err := s.APIKeyByHash(hash); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("round %d: a revoked key was found after the lookups ended: %v", round, err)
		}
	}
}

// TestViewBlobReleasesAndRereads: a blob's pages leave resident memory
// after ViewBlob, and the next view reads the same bytes back.
func TestViewBlobReleasesAndRereads(t *testing.T) {
	s := openTemp(t)
	blob := make([]byte, 3<<20+123)
	for i := range blob {
		blob[i] = byte(i*7 + i>>12)
	}
	if err := s.PutBlob("big", blob); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		err := s.ViewBlob("big", func(b []byte) error {
			if !bytes.Equal(b, blob) {
				t.Fatal("ViewBlob gave other bytes")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := s.ViewBlob("missing", func([]byte) error { return nil }); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing blob: %v", err)
	}
}

// TestWalkInteractions: the bounded walk gives every interaction once, in
// id order, across several chunks, and writes between its chunks go on.
func TestWalkInteractions(t *testing.T) {
	s := openTemp(t)
	p := store.Product{Name: "p", Category: "c"}
	u := store.User{Username: "walker"}
	if err := s.CreateProduct(&p); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateUser(&u); err != nil {
		t.Fatal(err)
	}
	var b store.ImportBatch
	for i := range 25_000 {
		b.Interactions = append(b.Interactions, store.Interaction{UserID: u.ID, ProductID: p.ID, Type: store.View, Timestamp: t0.Add(-time.Duration(i) * time.Second)})
	}
	if _, err := s.Import(&b, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var last uint64
	n := 0
	err := s.WalkInteractions(func(it *store.Interaction) error {
		if it.ID <= last {
			return fmt.Errorf("id %d after %d", it.ID, last)
		}
		last = it.ID
		n++
		if n == 10_001 { // between two chunks: a writer is not blocked
			return s.AddInteraction(&store.Interaction{UserID: u.ID, ProductID: p.ID, Type: store.Like})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 25_001 {
		t.Fatalf("walked %d interactions; want the 25,000 imported and the one written during the walk", n)
	}
}
