package store

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func openChunkStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "chunks.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// chunkKeys lists the chunk keys of the blobs bucket.
func chunkKeys(t *testing.T, s *Store) []string {
	t.Helper()
	var keys []string
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bBlobs).ForEach(func(k, _ []byte) error {
			if isChunkKey(k) {
				keys = append(keys, fmt.Sprintf("%q", k))
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func TestLargeBlobRoundTrip(t *testing.T) {
	s := openChunkStore(t)
	for _, n := range []int{0, 1, ChunkBytes - 1, ChunkBytes, 3*ChunkBytes + 17} {
		data := randomBytes(n, uint64(n))
		if err := s.PutLargeBlob("engine/model", data); err != nil {
			t.Fatal(err)
		}
		got, err := s.Blob("engine/model")
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("%d bytes: Blob gave %d bytes, %v", n, len(got), err)
		}
		err = s.ViewBlob("engine/model", func(v []byte) error {
			if !bytes.Equal(v, data) {
				return fmt.Errorf("ViewBlob gave %d bytes", len(v))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if head, err := s.BlobHead("engine/model", 8); err != nil || !bytes.Equal(head, data[:min(8, n)]) {
			t.Fatalf("%d bytes: BlobHead %x, %v", n, head, err)
		}
		// Only the chunks of the blob as it is now remain.
		if keys, want := len(chunkKeys(t, s)), (n+ChunkBytes-1)/ChunkBytes; keys != want {
			t.Fatalf("%d bytes: %d chunk keys, want %d", n, keys, want)
		}
	}
	// A name next to it is another blob.
	if err := s.PutLargeBlob("engine/model-1", []byte("other")); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Blob("engine/model"); len(got) != 3*ChunkBytes+17 {
		t.Fatalf("writing engine/model-1 changed engine/model: %d bytes", len(got))
	}
	// A plain blob written over a chunked one takes its chunks with it.
	if err := s.PutBlob("engine/model", []byte("plain")); err != nil {
		t.Fatal(err)
	}
	if head, _ := s.BlobHead("engine/model", 3); string(head) != "pla" {
		t.Fatalf("BlobHead of a plain blob: %q", head)
	}
	if got, _ := s.Blob("engine/model"); string(got) != "plain" {
		t.Fatalf("plain blob over a chunked one: %q", got)
	}
	if keys := chunkKeys(t, s); len(keys) != 1 {
		t.Fatalf("chunk keys left: %v", keys)
	}
	r, err := s.Verify(VerifyOptions{})
	if err != nil || !r.OK() || r.Counts.Blobs != 2 {
		t.Fatalf("verify: %+v %v", r, err)
	}
}

// TestLargeBlobCutShort plays a write that stops after some chunks (a
// crash): the name has no blob, the file checks clean, and the next write
// clears the debris.
func TestLargeBlobCutShort(t *testing.T) {
	s := openChunkStore(t)
	old := randomBytes(2*ChunkBytes+5, 1)
	if err := s.PutLargeBlob("b", old); err != nil {
		t.Fatal(err)
	}
	// As a write of generation 2 leaves it after two chunks: no manifest,
	// the old blob's first two chunks replaced, its third still there.
	if err := s.update(func(tx *bolt.Tx) error { return tx.Bucket(bBlobs).Delete([]byte("b")) }); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if err := s.update(func(tx *bolt.Tx) error {
			if err := deleteChunk(tx.Bucket(bBlobs), chunkKey("b", 1, i)); err != nil {
				return err
			}
			return putChunk(tx.Bucket(bBlobs), chunkKey("b", 2, i), randomBytes(ChunkBytes, 9))
		}); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := s.Blob("b"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after a cut-short write: %d bytes, %v; want no blob", len(got), err)
	}
	if r, err := s.Verify(VerifyOptions{}); err != nil || !r.OK() {
		t.Fatalf("verify: %+v %v", r, err)
	}
	data := randomBytes(ChunkBytes+1, 2)
	if err := s.PutLargeBlob("b", data); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Blob("b"); !bytes.Equal(got, data) {
		t.Fatal("the next write did not replace the blob")
	}
	if keys := chunkKeys(t, s); len(keys) != 2 {
		t.Fatalf("chunk keys after the next write: %v", keys)
	}
}

// TestLargeBlobReadsOldChunks: a blob whose chunks an earlier version
// stored as plain values reads and checks clean, and the next write
// replaces them.
func TestLargeBlobReadsOldChunks(t *testing.T) {
	s := openChunkStore(t)
	data := randomBytes(2*ChunkBytes+9, 4)
	m := manifest{gen: 3, size: len(data), total: crc32.ChecksumIEEE(data)}
	if err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bBlobs)
		for i := 0; i*ChunkBytes < len(data); i++ {
			part := data[i*ChunkBytes : min((i+1)*ChunkBytes, len(data))]
			m.sums = append(m.sums, crc32.ChecksumIEEE(part))
			if err := b.Put(chunkKey("b", m.gen, i), part); err != nil {
				return err
			}
		}
		return b.Put([]byte("b"), m.encode())
	}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Blob("b"); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read %d bytes, %v", len(got), err)
	}
	if head, err := s.BlobHead("b", 4); err != nil || !bytes.Equal(head, data[:4]) {
		t.Fatalf("head %x, %v", head, err)
	}
	if r, err := s.Verify(VerifyOptions{}); err != nil || !r.OK() || r.Counts.Blobs != 1 {
		t.Fatalf("verify: %+v %v", r, err)
	}
	again := randomBytes(ChunkBytes+1, 5)
	if err := s.PutLargeBlob("b", again); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Blob("b"); err != nil || !bytes.Equal(got, again) {
		t.Fatalf("after a write: %d bytes, %v", len(got), err)
	}
	if keys := chunkKeys(t, s); len(keys) != 2 {
		t.Fatalf("chunk keys after a write: %q", keys)
	}
}

// TestLargeBlobKeepsTheFreelistSmall: replacing a large blob leaves few
// free pages in the file (bbolt writes the list of them with every
// commit), and the file does not grow past one copy of the blob.
func TestLargeBlobKeepsTheFreelistSmall(t *testing.T) {
	s := openChunkStore(t)
	const size = 16 * ChunkBytes
	pageSize := s.db.Info().PageSize
	var fileSize int64
	for round := range 4 {
		if err := s.PutLargeBlob("engine/model", randomBytes(size, uint64(round))); err != nil {
			t.Fatal(err)
		}
		if err := s.PutState(map[string][]byte{"k": {byte(round)}}); err != nil { // a commit after: frees what is pending
			t.Fatal(err)
		}
		free := s.db.Stats().FreePageN
		if free*pageSize > 3*ChunkBytes {
			t.Errorf("round %d: %d free pages (%d MB) after replacing a %d MB blob", round, free, free*pageSize>>20, size>>20)
		}
		_ = s.view(func(tx *bolt.Tx) error {
			if round == 0 {
				fileSize = tx.Size()
			} else if tx.Size() > fileSize+4*ChunkBytes {
				t.Errorf("round %d: the file grew from %d to %d bytes", round, fileSize, tx.Size())
			}
			return nil
		})
	}
}

func TestLargeBlobDamageIsFound(t *testing.T) {
	s := openChunkStore(t)
	if err := s.PutLargeBlob("b", randomBytes(2*ChunkBytes, 3)); err != nil {
		t.Fatal(err)
	}
	var gen uint64
	_ = s.view(func(tx *bolt.Tx) error {
		m, _, _ := decodeManifest(tx.Bucket(bBlobs).Get([]byte("b")))
		gen = m.gen
		return nil
	})
	if err := s.update(func(tx *bolt.Tx) error {
		cb := tx.Bucket(bBlobs).Bucket(chunkKey("b", gen, 1))
		part := bytes.Clone(cb.Get(chunkData))
		part[100] ^= 1
		return cb.Put(chunkData, part)
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Blob("b"); err == nil || !strings.Contains(err.Error(), "chunk 2 of 2 is damaged") {
		t.Fatalf("Blob of a damaged chunk: %v", err)
	}
	r, err := s.Verify(VerifyOptions{})
	if err != nil || r.OK() || !strings.Contains(fmt.Sprint(r.Problems), "damaged") {
		t.Fatalf("verify of a damaged chunk: %+v %v", r, err)
	}
}

// TestLargeBlobShortChunkIsFound: a chunk shorter than it was written
// (a cut value) is found, and named.
func TestLargeBlobShortChunkIsFound(t *testing.T) {
	s := openChunkStore(t)
	data := randomBytes(3*ChunkBytes+17, 4)
	if err := s.PutLargeBlob("b", data); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Blob("b"); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("Blob: %d bytes, %v", len(got), err)
	}
	if err := s.update(func(tx *bolt.Tx) error {
		m, _, _ := decodeManifest(tx.Bucket(bBlobs).Get([]byte("b")))
		cb := tx.Bucket(bBlobs).Bucket(chunkKey("b", m.gen, 2))
		return cb.Put(chunkData, bytes.Clone(cb.Get(chunkData)[:100]))
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Blob("b"); err == nil || !strings.Contains(err.Error(), "chunk 3 of 4 is damaged") {
		t.Fatalf("Blob of a cut chunk: %v", err)
	}
}

// BenchmarkWritesBesideLargeBlob measures small writes (one interaction
// each, as the shop records them) while a 64 MB blob is written, as a
// training's model is: with the blob in one transaction, or in chunks.
func BenchmarkWritesBesideLargeBlob(b *testing.B) {
	blob := randomBytes(64<<20, 5)
	for _, c := range []struct {
		name string
		put  func(*Store) error
	}{
		{"one-transaction", func(s *Store) error { return s.PutBlob("m", blob) }},
		{"chunked", func(s *Store) error { return s.PutLargeBlob("m", blob) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			s, err := Open(filepath.Join(b.TempDir(), "w.db"), Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			var worst time.Duration
			for b.Loop() {
				var wg sync.WaitGroup
				wg.Go(func() {
					if err := c.put(s); err != nil {
						b.Error(err)
					}
				})
				time.Sleep(time.Millisecond)
				start := time.Now()
				if err := s.PutState(map[string][]byte{"k": []byte("v")}); err != nil {
					b.Fatal(err)
				}
				worst = max(worst, time.Since(start))
				wg.Wait()
			}
			b.ReportMetric(float64(worst.Microseconds())/1000, "worst-wait-ms")
		})
	}
}
