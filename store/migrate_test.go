package store

import (
	"encoding/binary"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestMigrateDropsTheProductIndex: a file of schema version 1 loses its
// index of interactions by product on the first read-write open, and keeps
// its interactions, which a product's deletion still finds.
func TestMigrateDropsTheProductIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	s := journalShop(t, path)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Make it a version 1 file, as older builds wrote it.
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(bEventsProd)
		if err != nil {
			return err
		}
		if err := b.Put(make([]byte, 16), nil); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put(keySchema, u64(1))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bEventsProd) != nil {
			t.Error("the product index is still there")
		}
		if v := binary.BigEndian.Uint64(tx.Bucket(bMeta).Get(keySchema)); v != SchemaVersion {
			t.Errorf("schema version %d, want %d", v, SchemaVersion)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	before, n, err := s.ListInteractions(InteractionQuery{ProductID: 1, Limit: -1})
	if err != nil || n == 0 || len(before) != n {
		t.Fatalf("product 1's interactions: %d of %d, %v", len(before), n, err)
	}
	for i := 1; i < len(before); i++ {
		if before[i].ID >= before[i-1].ID || before[i].ProductID != 1 {
			t.Fatalf("not newest first or another product: %+v", before)
		}
	}
	if err := s.DeleteProduct(1); err != nil {
		t.Fatal(err)
	}
	if _, n, err := s.ListInteractions(InteractionQuery{ProductID: 1, Limit: -1}); err != nil || n != 0 {
		t.Fatalf("after deleting product 1: %d interactions left, %v", n, err)
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
}

// TestVersion2FilesVerify: a file of schema version 2 has no event id or
// click index and no state bucket. Read-only, it verifies clean; the first
// read-write open adds them, moves the day counts into the state bucket
// and makes it version 3.
func TestVersion2FilesVerify(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v2.db")
	s := journalShop(t, path)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bEventIDs, bRecClicks, bState} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		// Version 2 kept the day counts with the blobs.
		if err := tx.Bucket(bBlobs).Put([]byte("counters/20000"), []byte(`{"personal||":{"impressions":3}}`)); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put(keySchema, u64(2))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	r, err := ro.Verify(VerifyOptions{})
	ro.Close()
	if err != nil || r.ProblemCount != 0 {
		t.Fatalf("read-only verify of a version 2 file: %+v, %v", r.Problems, err)
	}
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bEventIDs) == nil || tx.Bucket(bRecClicks) == nil || tx.Bucket(bState) == nil {
			t.Error("the new buckets were not created")
		}
		if tx.Bucket(bBlobs).Get([]byte("counters/20000")) != nil || string(tx.Bucket(bState).Get([]byte("counters/20000"))) != `{"personal||":{"impressions":3}}` {
			t.Error("the day counts did not move to the state bucket")
		}
		if v := binary.BigEndian.Uint64(tx.Bucket(bMeta).Get(keySchema)); v != SchemaVersion {
			t.Errorf("schema version %d, want %d", v, SchemaVersion)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
