package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bbolt's own check (Store.Check) sees pages, not meaning: a file whose
// pages are sound can still hold a record that does not decode, an index
// key without its record or a record without its key, and every listing
// that reads them then fails or lies. Verify reads everything.

// DefaultMaxProblems is how many problems a Report lists when
// VerifyOptions.MaxProblems is zero.
const DefaultMaxProblems = 100

// VerifyOptions tunes Verify.
type VerifyOptions struct {
	// MaxProblems is how many problems the report lists; every problem is
	// counted. Zero means DefaultMaxProblems.
	MaxProblems int
	// Blob, when set, is called with every stored blob (the trained
	// model, settings) so that their owner can check what the store
	// cannot; an error is reported as a problem of that blob. data is
	// the file's own and valid only during the call: copy what must
	// outlive it, and do not change it.
	Blob func(name string, data []byte) error
}

// Problem is one thing wrong with the file: a record or key of a bucket,
// or a page (Bucket "pages").
type Problem struct {
	Bucket  string `json:"bucket"`
	Key     string `json:"key,omitempty"` // as keyString shows it
	Message string `json:"message"`
}

// String shows the problem on one line.
func (p Problem) String() string {
	if p.Key == "" {
		return p.Bucket + ": " + p.Message
	}
	return p.Bucket + " " + p.Key + ": " + p.Message
}

// RecordCounts is how many records of each kind a file holds.
type RecordCounts struct {
	Products     int `json:"products"`
	Users        int `json:"users"`
	Interactions int `json:"interactions"`
	Profiles     int `json:"profiles"`
	Admins       int `json:"admins"`
	Sessions     int `json:"sessions"`
	APIKeys      int `json:"api_keys"`
	Blobs        int `json:"blobs"`
}

// Report is what Verify found.
type Report struct {
	Counts RecordCounts `json:"counts"`
	// Problems lists the first VerifyOptions.MaxProblems problems, in the
	// order they were found; ProblemCount counts them all.
	Problems     []Problem `json:"problems"`
	ProblemCount int       `json:"problem_count"`
	// UnfinishedImport is a file whose last import did not finish: opening
	// it read-write undoes that import (it is also listed as a problem).
	UnfinishedImport bool `json:"unfinished_import"`
	// ErasurePendingSince, when set, is when the first user erased since
	// the last compaction was: their bytes are in freed pages until the
	// next one (see Store.Compact).
	ErasurePendingSince time.Time `json:"erasure_pending_since,omitzero"`
}

// OK reports whether no problem was found.
func (r *Report) OK() bool { return r.ProblemCount == 0 }

// Verify checks the database file at path without changing it: it opens
// the file read-only (refusing an empty or truncated one, see FileError),
// decodes every record of every bucket, checks every index against the
// records both ways, reports ids outside 1..MaxID, passes every blob to
// opt.Blob and runs bbolt's page check. Problems with the data are in the
// report; the error is for a file that could not be verified at all (not
// a shelf database, locked by a running server, a newer schema).
func Verify(path string, opt VerifyOptions) (Report, error) {
	db, err := openDB(path, Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return Report{}, err
	}
	defer db.Close()
	s := &Store{db: db, path: path, readOnly: true, now: time.Now}
	r, err := s.Verify(opt)
	if err != nil {
		return r, fmt.Errorf("verify %s: %w", path, err)
	}
	return r, nil
}

// Verify checks an open store as the function Verify checks a file. On a
// store opened read-write it holds the write lock while it runs (bbolt's
// page check is only safe against concurrent writers in a writable
// transaction): writers wait, readers go on.
func (s *Store) Verify(opt VerifyOptions) (Report, error) {
	tx, done, err := s.begin(!s.readOnly)
	if err != nil {
		return Report{}, err
	}
	defer done()
	v := newVerifier(tx, opt)
	if err := v.schema(); err != nil {
		return v.r, err
	}
	v.records()
	v.blobs()
	for err := range tx.Check() { // drain the channel so its goroutine ends
		v.add([]byte("pages"), nil, "%v", err)
	}
	return v.r, nil
}

// checkIndexes checks the records and indexes (not the pages, nor the
// blobs) and returns the first problem. The tests check every store they
// used with it.
func (s *Store) checkIndexes() error {
	return s.view(func(tx *bolt.Tx) error {
		v := newVerifier(tx, VerifyOptions{MaxProblems: 1})
		if err := v.schema(); err != nil {
			return err
		}
		v.records()
		if !v.r.OK() {
			return fmt.Errorf("%d problems, the first: %s", v.r.ProblemCount, v.r.Problems[0])
		}
		return nil
	})
}

// verifier walks one transaction and collects its report.
type verifier struct {
	tx  *bolt.Tx
	opt VerifyOptions
	r   Report
}

func newVerifier(tx *bolt.Tx, opt VerifyOptions) *verifier {
	if opt.MaxProblems <= 0 {
		opt.MaxProblems = DefaultMaxProblems
	}
	return &verifier{tx: tx, opt: opt, r: Report{Problems: []Problem{}}}
}

// add records a problem with the key k (nil: none) of bucket b.
func (v *verifier) add(b, k []byte, format string, args ...any) {
	v.r.ProblemCount++
	if len(v.r.Problems) >= v.opt.MaxProblems {
		return
	}
	p := Problem{Bucket: string(b), Message: fmt.Sprintf(format, args...)}
	if k != nil {
		p.Key = keyString(b, k)
	}
	v.r.Problems = append(v.r.Problems, p)
}

// schema checks what every other check relies on: the buckets and the
// schema version. A newer schema is an error: this build cannot tell what
// is right in it.
func (v *verifier) schema() error {
	meta := v.tx.Bucket(bMeta)
	if meta == nil {
		return errors.New("not a shelf database (no meta bucket)")
	}
	sv := meta.Get(keySchema)
	switch {
	case sv == nil:
		return errors.New("not a shelf database (no schema version)")
	case len(sv) != 8:
		v.add(bMeta, keySchema, "%d bytes, want 8", len(sv))
	case binary.BigEndian.Uint64(sv) > SchemaVersion:
		return fmt.Errorf("%w: schema version %d, this build understands up to %d; upgrade shelf", ErrNewerSchema, binary.BigEndian.Uint64(sv), SchemaVersion)
	}
	if dv := meta.Get(keyDataChange); dv != nil && len(dv) != 8 {
		v.add(bMeta, keyDataChange, "%d bytes, want 8", len(dv))
	}
	if ev := meta.Get(keyErasure); ev != nil && len(ev) != 8 {
		v.add(bMeta, keyErasure, "%d bytes, want 8", len(ev))
	} else if ev != nil {
		v.r.ErasurePendingSince = time.Unix(0, int64(binary.BigEndian.Uint64(ev)))
	}
	version := uint64(SchemaVersion)
	if len(sv) == 8 {
		version = binary.BigEndian.Uint64(sv)
	}
	for _, name := range allBuckets {
		if v.tx.Bucket(name) == nil && bucketSince[string(name)] <= version {
			v.add(name, nil, "the bucket is missing")
		}
	}
	if v.tx.Bucket(bJournal) != nil {
		v.r.UnfinishedImport = true
		v.add(bJournal, nil, "an import did not finish; opening the file read-write (shelf check, shelf serve) undoes it")
	}
	return nil
}

// records checks every record and index; with a bucket missing, only the
// page check is left to run.
func (v *verifier) records() {
	for _, name := range allBuckets {
		if v.tx.Bucket(name) == nil && bucketSince[string(name)] == 0 {
			return
		}
	}
	v.products()
	v.productIndexes()
	v.users()
	v.usernames()
	v.interactions()
	v.interactionIndexes()
	v.attributionIndexes()
	v.profiles()
	v.admins()
	v.sessions()
	v.apiKeys()
	c := v.tx.Bucket(bBlobs).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if !isChunkKey(k) {
			v.r.Counts.Blobs++ // a large blob's chunks are part of it
		}
	}
}

// blobs checks that every large blob's chunks are whole and hands every
// blob to the caller's check, if any.
func (v *verifier) blobs() {
	b := v.tx.Bucket(bBlobs)
	_ = b.ForEach(func(k, data []byte) error {
		if isChunkKey(k) {
			return nil // checked whole, through its manifest
		}
		if m, ok, err := decodeManifest(data); err != nil {
			v.add(bBlobs, k, "%v", err)
			return nil
		} else if ok {
			if data, err = readChunked(b, string(k), m); err != nil {
				v.add(bBlobs, k, "%v", err)
				return nil
			}
		}
		if v.opt.Blob == nil {
			return nil
		}
		if err := v.opt.Blob(string(k), data); err != nil {
			v.add(bBlobs, k, "%v", err)
		}
		return nil
	})
}

// id checks a key that is a record's id: 8 bytes, in 1..MaxID.
func (v *verifier) id(b, k []byte) (uint64, bool) {
	if len(k) != 8 {
		v.add(b, k, "the key is %d bytes, not an 8-byte id", len(k))
		return 0, false
	}
	id := binary.BigEndian.Uint64(k)
	if id == 0 || id > MaxID {
		v.add(b, k, "id %d is outside 1..%d", id, uint64(MaxID))
	}
	return id, true
}

// ref checks an id a record refers to: in 1..MaxID, and present in bucket
// to when to is not nil.
func (v *verifier) ref(b, k []byte, field string, id uint64, to []byte) {
	if id == 0 || id > MaxID {
		v.add(b, k, "%s %d is outside 1..%d", field, id, uint64(MaxID))
	}
	if to != nil && v.tx.Bucket(to).Get(u64(id)) == nil {
		v.add(b, k, "%s %d does not exist", field, id)
	}
}
