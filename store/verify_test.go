package store

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// fullShop is journalShop with a record in every other bucket too: a
// profile, an admin with a session, an API key and a blob.
func fullShop(t *testing.T, path string) *Store {
	t.Helper()
	s := journalShop(t, path)
	steps := []error{
		s.PutProfile(&Profile{UserID: 1, Preferences: map[string]float64{"C": 1}}),
		s.PutAdmin(&Admin{Username: "boss", PasswordHash: "$argon2id$hash"}),
		s.PutSession(&Session{TokenHash: []byte("0123456789abcdef0123456789abcdef"), Username: "boss", ExpiresAt: s.now().Add(time.Hour)}),
		s.CreateAPIKey(&APIKey{Name: "cron", Kind: "secret", Hash: []byte("fedcba9876543210fedcba9876543210")}),
		s.PutBlob("model/current", []byte("model bytes")),
	}
	for _, err := range steps {
		if err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestVerifyCountsASoundFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	fullShop(t, path).Close()
	var blobs []string
	r, err := Verify(path, VerifyOptions{Blob: func(name string, data []byte) error {
		blobs = append(blobs, name+"="+string(data))
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() {
		t.Fatalf("problems in a sound file: %v", r.Problems)
	}
	want := RecordCounts{Products: 20, Users: 10, Interactions: 50, Profiles: 1, Admins: 1, Sessions: 1, APIKeys: 1, Blobs: 1}
	if r.Counts != want {
		t.Errorf("counts %+v, want %+v", r.Counts, want)
	}
	if !slices.Contains(blobs, "model/current=model bytes") {
		t.Errorf("the blob hook saw %q", blobs)
	}
}

// TestVerifyNamesEachProblem damages one record or key at a time: Verify
// must name its bucket and key.
func TestVerifyNamesEachProblem(t *testing.T) {
	for _, tc := range []struct {
		name, bucket, key string
		change            func(tx *bolt.Tx) error
	}{
		{"product that does not decode", "products", "3", func(tx *bolt.Tx) error {
			return tx.Bucket(bProducts).Put(u64(3), []byte("{"))
		}},
		{"product id beyond MaxID", "products", "9007199254740992", func(tx *bolt.Tx) error {
			v := tx.Bucket(bProducts).Get(u64(3))
			return tx.Bucket(bProducts).Put(u64(MaxID+1), append([]byte(nil), v...))
		}},
		{"price key of nothing", "products_price", "price 1.00, product 99", func(tx *bolt.Tx) error {
			return tx.Bucket(bProdPrice).Put(priceIDKey(nil, 100, 99), u64(0))
		}},
		{"user that does not decode", "users", "4", func(tx *bolt.Tx) error {
			return tx.Bucket(bUsers).Put(u64(4), []byte("[]"))
		}},
		{"username of nobody", "users_name", `"ghost"`, func(tx *bolt.Tx) error {
			return tx.Bucket(bUserName).Put([]byte("ghost"), u64(99))
		}},
		{"interaction that does not decode", "interactions", "7", func(tx *bolt.Tx) error {
			return tx.Bucket(bEvents).Put(u64(7), []byte{1})
		}},
		{"interaction of id 0", "interactions", "0", func(tx *bolt.Tx) error {
			return tx.Bucket(bEvents).Put(u64(0), tx.Bucket(bEvents).Get(u64(1)))
		}},
		{"session key of nothing", "interactions_session", `session "s1", interaction 999`, func(tx *bolt.Tx) error {
			return tx.Bucket(bEventsSess).Put(sessionEventKey("s1", 999), nil)
		}},
		{"profile of nobody", "profiles", "99", func(tx *bolt.Tx) error {
			return tx.Bucket(bProfiles).Put(u64(99), []byte(`{"user_id":99}`))
		}},
		{"admin that does not decode", "admins", `"boss"`, func(tx *bolt.Tx) error {
			return tx.Bucket(bAdmins).Put([]byte("boss"), []byte("x"))
		}},
		{"session of nobody", "sessions", "0x" + strings.Repeat("61", 32), func(tx *bolt.Tx) error {
			return tx.Bucket(bSessions).Put([]byte(strings.Repeat("a", 32)), []byte(`{"username":"ghost"}`))
		}},
		{"key hash of nothing", "api_keys_hash", "0x" + strings.Repeat("62", 32), func(tx *bolt.Tx) error {
			return tx.Bucket(bKeyHashes).Put([]byte(strings.Repeat("b", 32)), u64(42))
		}},
		{"unfinished import", "import_journal", "", func(tx *bolt.Tx) error {
			_, err := tx.CreateBucket(bJournal)
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "shop.db")
			s := fullShop(t, path)
			if err := s.db.Update(tc.change); err != nil {
				t.Fatal(err)
			}
			s.Close()
			r, err := Verify(path, VerifyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(r.Problems, func(p Problem) bool { return p.Bucket == tc.bucket && p.Key == tc.key }) {
				t.Fatalf("no problem at %s %s among %v", tc.bucket, tc.key, r.Problems)
			}
		})
	}
}

// TestVerifyListsSomeCountsAll: more problems than MaxProblems are all
// counted, and the blob hook's errors are problems of their blob.
func TestVerifyListsSomeCountsAll(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	s := fullShop(t, path)
	err := s.db.Update(func(tx *bolt.Tx) error {
		for id := uint64(1); id <= 5; id++ {
			if err := tx.Bucket(bProfiles).Put(u64(100+id), []byte(`{}`)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	r, err := Verify(path, VerifyOptions{MaxProblems: 3, Blob: func(name string, _ []byte) error {
		if name == "model/current" {
			return errors.New("checksum mismatch")
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	// Each stray profile has two problems (its user id in the record,
	// its user missing); the blob one more.
	if len(r.Problems) != 3 || r.ProblemCount != 11 {
		t.Fatalf("%d listed, %d counted: %v", len(r.Problems), r.ProblemCount, r.Problems)
	}
	r, _ = Verify(path, VerifyOptions{Blob: func(name string, _ []byte) error {
		if name == "model/current" {
			return errors.New("checksum mismatch")
		}
		return nil
	}})
	want := Problem{Bucket: "blobs", Key: `"model/current"`, Message: "checksum mismatch"}
	if !slices.Contains(r.Problems, want) {
		t.Errorf("no %v among %v", want, r.Problems)
	}
}

// TestVerifyLeavesTheFileAlone: Verify opens read-only, so it does not
// undo an unfinished import as Open would.
func TestVerifyLeavesTheFileAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	s := fullShop(t, path)
	if err := s.db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket(bJournal); return err }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for range 2 {
		r, err := Verify(path, VerifyOptions{})
		if err != nil || !r.UnfinishedImport {
			t.Fatalf("unfinished import %v, %v", r.UnfinishedImport, err)
		}
	}
}
