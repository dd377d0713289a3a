//go:build unix

package store

import (
	"bytes"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestWillNeedTakesSlicesOfTheMap checks that the read-ahead advice is
// accepted for chunks of a stored blob, which start anywhere in a page of
// the map, and for slices inside them, that a slice outside the map is
// left alone, and that the blob reads back.
func TestWillNeedTakesSlicesOfTheMap(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "s.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	blob := bytes.Repeat([]byte("shelf model "), 500_000) // 6 MB: several chunks
	if err := s.PutLargeBlob("m", blob); err != nil {
		t.Fatal(err)
	}
	n := 0
	err = s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bBlobs)
		return b.ForEach(func(k, _ []byte) error {
			if !isChunkKey(k) {
				return nil
			}
			v := chunkValue(b, k)
			n++
			for _, part := range [][]byte{v, v[1:], v[4095 : len(v)-3], v[len(v)-1:]} {
				if err := willNeed(tx, part); err != nil {
					t.Errorf("chunk %q, %d bytes: %v", k, len(part), err)
				}
			}
			return nil
		})
	})
	if err != nil || n < 2 {
		t.Fatalf("%d chunks, %v", n, err)
	}
	// A value a write transaction holds in Go memory is left alone.
	err = s.update(func(tx *bolt.Tx) error {
		return willNeed(tx, make([]byte, 10)[3:])
	})
	if err != nil {
		t.Fatalf("a slice of Go memory: %v", err)
	}
	got, err := s.Blob("m")
	if err != nil || !bytes.Equal(got, blob) {
		t.Fatalf("the blob reads back as %d bytes, %v", len(got), err)
	}
}
