package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"

	bolt "go.etcd.io/bbolt"
)

// Large blobs (trained models: tens to hundreds of megabytes) are written
// in chunks, each in a transaction of its own, so that bbolt's single
// writer is not held for the whole blob and the shop's events go in
// between. The blob's own key then holds a small manifest: the generation
// of its chunks, their count, the total size and a checksum of each.
//
// A write replaces the blob in place. Its first transaction removes the
// manifest, so the name has no blob until the last one writes the new
// manifest: a reader sees the old blob, none, or the new one whole, and a
// write cut short (a crash) leaves no blob and chunks that the next write
// of that name deletes. Each chunk's transaction deletes the old chunks of
// the same index as it puts the new one, so the pages they free are used
// again by the next chunks. Writing the new blob whole before deleting the
// old one left a model's worth of free pages in the file between
// trainings (177,000 after a 10M-event shop's training): bbolt writes its
// list of free pages with every commit, 1.4 MB each time, and the shop's
// writes ran at two thirds of the rate they reached once the file was
// compacted. The engine
// writes only the slot that does not serve (see engine/persist.go), so an
// absent blob during the write is its model from two trainings ago.
//
// Each chunk is a bucket of its own holding one value (chunkData), not a
// value of the blobs bucket: bbolt keeps a leaf's values in its pages and
// splits a leaf only past four keys, so putting a chunk beside others
// rewrote up to three neighbouring chunks with it, and a 16 MB blob left
// 8 MB of free pages in an empty file. A nested bucket keeps its chunk in
// pages of its own, and adding one rewrites only the small headers.
// Chunks stored as plain values (by earlier versions) still read, and are
// deleted as the next write of their blob goes.

// ChunkBytes is the size of a large blob's chunks.
const ChunkBytes = 1 << 20

// chunkMagic starts a manifest. No plain blob starts with it: the engine's
// models start with a version far below 2^56, and its other blobs are JSON.
var chunkMagic = []byte("\xffshelf-chunks\x01")

// chunkPrefix starts the key of every chunk in the blobs bucket.
const chunkPrefix = "\x00chunk/"

// chunkData is the key of a chunk's bytes within the chunk's bucket.
var chunkData = []byte("d")

// putChunk stores one chunk under key in b.
func putChunk(b *bolt.Bucket, key, part []byte) error {
	cb, err := b.CreateBucket(key)
	if err != nil {
		return err
	}
	return cb.Put(chunkData, part)
}

// chunkValue returns the chunk stored under key in b, nil when there is
// none.
func chunkValue(b *bolt.Bucket, key []byte) []byte {
	if cb := b.Bucket(key); cb != nil {
		return cb.Get(chunkData)
	}
	return b.Get(key) // a chunk of an earlier version
}

// deleteChunk deletes the chunk under key in b, if any.
func deleteChunk(b *bolt.Bucket, key []byte) error {
	if b.Bucket(key) != nil {
		return b.DeleteBucket(key)
	}
	return b.Delete(key)
}

// chunkKey names chunk i of generation gen of blob name.
func chunkKey(name string, gen uint64, i int) []byte {
	k := append([]byte(chunkPrefix+name+"/"), u64(gen)...)
	return binary.BigEndian.AppendUint32(k, uint32(i))
}

// manifest describes a chunked blob.
type manifest struct {
	gen   uint64
	size  int
	sums  []uint32 // crc32 (IEEE) of each chunk
	total uint32   // crc32 of the whole blob
}

func (m manifest) encode() []byte {
	b := append([]byte(nil), chunkMagic...)
	b = binary.BigEndian.AppendUint64(b, m.gen)
	b = binary.BigEndian.AppendUint64(b, uint64(m.size))
	b = binary.BigEndian.AppendUint32(b, m.total)
	b = binary.BigEndian.AppendUint32(b, uint32(len(m.sums)))
	for _, s := range m.sums {
		b = binary.BigEndian.AppendUint32(b, s)
	}
	return b
}

// decodeManifest reads a manifest; ok is false for a plain blob.
func decodeManifest(b []byte) (m manifest, ok bool, err error) {
	if !bytes.HasPrefix(b, chunkMagic) {
		return m, false, nil
	}
	b = b[len(chunkMagic):]
	if len(b) < 24 {
		return m, true, errors.New("chunked blob: manifest too short")
	}
	m.gen, m.size = binary.BigEndian.Uint64(b), int(binary.BigEndian.Uint64(b[8:]))
	m.total = binary.BigEndian.Uint32(b[16:])
	n := int(binary.BigEndian.Uint32(b[20:]))
	b = b[24:]
	if len(b) != 4*n || m.size < 0 || (m.size+ChunkBytes-1)/ChunkBytes != n {
		return m, true, fmt.Errorf("chunked blob: manifest of %d chunks for %d bytes is damaged", n, m.size)
	}
	for i := range n {
		m.sums = append(m.sums, binary.BigEndian.Uint32(b[4*i:]))
	}
	return m, true, nil
}

// PutLargeBlob stores data under name as PutBlob does, in chunks of
// ChunkBytes written one transaction each, replacing the old blob in
// place: the name has no blob while it writes (see above). Blob, ViewBlob
// and Verify read it back whole. Writes of one name must not overlap.
func (s *Store) PutLargeBlob(name string, data []byte) error {
	// The first transaction takes the blob away and learns the
	// generations of chunks under the name: the old blob's, and any an
	// earlier write cut short left.
	var gen uint64
	var others []uint64
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bBlobs)
		if m, ok, err := decodeManifest(b.Get([]byte(name))); ok && err == nil {
			gen = m.gen
		}
		prefix := []byte(chunkPrefix + name + "/")
		c := b.Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if len(k) != len(prefix)+12 {
				continue
			}
			g := binary.BigEndian.Uint64(k[len(prefix):])
			gen = max(gen, g)
			if len(others) == 0 || others[len(others)-1] != g {
				others = append(others, g) // keys sort by generation
			}
		}
		return b.Delete([]byte(name))
	})
	if err != nil {
		return err
	}
	gen++
	m := manifest{gen: gen, size: len(data), total: crc32.ChecksumIEEE(data)}
	for i := 0; i*ChunkBytes < len(data); i++ {
		part := data[i*ChunkBytes : min((i+1)*ChunkBytes, len(data))]
		m.sums = append(m.sums, crc32.ChecksumIEEE(part))
		err := s.bulkUpdate(func(tx *bolt.Tx) error {
			b := tx.Bucket(bBlobs)
			for _, g := range others {
				if err := deleteChunk(b, chunkKey(name, g, i)); err != nil {
					return err
				}
			}
			return putChunk(b, chunkKey(name, gen, i), part)
		})
		if err != nil {
			return err
		}
	}
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bBlobs)
		if err := b.Put([]byte(name), m.encode()); err != nil {
			return err
		}
		// The old chunks past the new blob's last.
		return deleteChunksIn(b, name, func(g uint64) bool { return g != gen })
	})
}

// deleteChunksIn deletes, in b, the chunks of blob name whose generation
// doom picks.
func deleteChunksIn(b *bolt.Bucket, name string, doom func(gen uint64) bool) error {
	prefix := []byte(chunkPrefix + name + "/")
	c := b.Cursor()
	var doomed [][]byte
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if len(k) == len(prefix)+12 && doom(binary.BigEndian.Uint64(k[len(prefix):])) {
			doomed = append(doomed, bytes.Clone(k))
		}
	}
	for _, k := range doomed {
		if err := deleteChunk(b, k); err != nil {
			return err
		}
	}
	return nil
}

// readChunked returns the blob a manifest describes, assembled from its
// chunks and checked against their sums.
func readChunked(b *bolt.Bucket, name string, m manifest) ([]byte, error) {
	parts := make([][]byte, len(m.sums))
	for i := range m.sums {
		if parts[i] = chunkValue(b, chunkKey(name, m.gen, i)); parts[i] == nil {
			return nil, fmt.Errorf("chunked blob %s: chunk %d of %d is missing", name, i+1, len(m.sums))
		}
		// Every chunk's read from the disk is asked for before the first
		// is copied: from a cold cache, the disk then reads them all in
		// one go instead of a page at a time (see willNeed).
		_ = willNeed(b.Tx(), parts[i]) // advice: failing changes nothing
	}
	out := make([]byte, 0, m.size)
	for i, sum := range m.sums {
		part := parts[i]
		if crc32.ChecksumIEEE(part) != sum {
			return nil, fmt.Errorf("chunked blob %s: chunk %d of %d is damaged (checksum)", name, i+1, len(m.sums))
		}
		out = append(out, part...)
		// The copy is what the caller gets: the chunk's pages need not
		// stay in the process's resident memory (a stored model is
		// hundreds of MB of them).
		release(part)
	}
	if len(out) != m.size || crc32.ChecksumIEEE(out) != m.total {
		return nil, fmt.Errorf("chunked blob %s: %d bytes assembled, %d recorded, or the checksum differs", name, len(out), m.size)
	}
	return out, nil
}

// blobValue returns the blob stored under name in tx: a plain blob as the
// file holds it (valid during tx only), a chunked one assembled (a copy,
// fresh is true). ErrNotFound when there is none.
func blobValue(tx *bolt.Tx, name string) (v []byte, fresh bool, err error) {
	b := tx.Bucket(bBlobs)
	v = b.Get([]byte(name))
	if v == nil {
		return nil, false, ErrNotFound
	}
	m, ok, err := decodeManifest(v)
	if err != nil || !ok {
		return v, false, err
	}
	v, err = readChunked(b, name, m)
	return v, true, err
}

// isChunkKey reports whether a key of the blobs bucket is a chunk of a
// large blob (which Verify checks through its manifest).
func isChunkKey(k []byte) bool { return bytes.HasPrefix(k, []byte(chunkPrefix)) }

// BlobHead returns a copy of the first n bytes of a blob (fewer when it is
// shorter), reading only the first chunk of a large one: a header is read
// without assembling a model.
func (s *Store) BlobHead(name string, n int) ([]byte, error) {
	var out []byte
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bBlobs)
		v := b.Get([]byte(name))
		if v == nil {
			return ErrNotFound
		}
		m, ok, err := decodeManifest(v)
		if err != nil {
			return err
		}
		if ok {
			if len(m.sums) == 0 {
				v = nil
			} else if v = chunkValue(b, chunkKey(name, m.gen, 0)); v == nil {
				return fmt.Errorf("chunked blob %s: chunk 1 of %d is missing", name, len(m.sums))
			}
		}
		out = bytes.Clone(v[:min(n, len(v))])
		return nil
	})
	return out, err
}
