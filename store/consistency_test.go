package store

import (
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// CheckIndexes checks that every index agrees with the records, both
// ways, and that every record decodes and refers to what exists (see
// Verify). The tests of package store_test call it through this exported
// name, which exists only in test builds.
func (s *Store) CheckIndexes() error { return s.checkIndexes() }

// CheckIndexes must see each kind of disagreement, or the tests that rely
// on it prove nothing.
func TestCheckIndexesFindsDisagreements(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(tx *bolt.Tx) error
	}{
		{"user key without a record", func(tx *bolt.Tx) error {
			return tx.Bucket(bEventsUser).Put(userEventKey(1, time.Unix(0, 0), 999), nil)
		}},
		{"record without its session key", func(tx *bolt.Tx) error {
			k, _ := tx.Bucket(bEventsSess).Cursor().First()
			return tx.Bucket(bEventsSess).Delete(k)
		}},
		{"interaction with a missing product", func(tx *bolt.Tx) error {
			return forgetProduct(tx, 1)
		}},
		{"product without its price key", func(tx *bolt.Tx) error {
			k, _ := tx.Bucket(bProdPrice).Cursor().First()
			return tx.Bucket(bProdPrice).Delete(k)
		}},
		{"username of nobody", func(tx *bolt.Tx) error {
			return tx.Bucket(bUserName).Put([]byte("ghost"), u64(99))
		}},
		{"profile of nobody", func(tx *bolt.Tx) error {
			return tx.Bucket(bProfiles).Put(u64(99), []byte("{}"))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := journalShop(t, filepath.Join(t.TempDir(), "shop.db"))
			if err := s.CheckIndexes(); err != nil {
				t.Fatalf("before the change: %v", err)
			}
			if err := s.db.Update(tc.change); err != nil {
				t.Fatal(err)
			}
			if err := s.CheckIndexes(); err == nil {
				t.Fatal("CheckIndexes found nothing")
			}
		})
	}
}
