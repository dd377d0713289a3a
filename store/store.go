package store

import (
	"bytes"

	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the layout of the buckets this build writes. Opening a
// file with a higher version fails with ErrNewerSchema; a lower one is
// migrated forward in Open.
//
// Version 2 dropped the index of interactions by product: each write
// updated a random page of it, which cost about a third of the ingest rate
// on a 1,000,000-event shop, for the sake of deleting a product and of the
// admin log's product filter, which now scan the interactions.
//
// Version 3 added the indexes of client event ids and of recommendation
// clicks (see attribution.go); init creates them, empty, in an older file:
// events recorded before carry neither.
//
// Version 4 stores profiles in a binary form (see profile_codec.go). The
// JSON profiles of older files still read, and the next training rewrites
// them; an older build refuses the file, as it could not read its profiles.
//
// Version 5 adds the interactions' day index and count (see eventdays.go),
// built from the interactions when an older file is opened; an older
// build refuses the file, as its writes would not keep them.
const SchemaVersion = 5

// Bucket names. Index buckets hold keys only (or a small value) and exist so
// that listings never scan the whole file.
var (
	bMeta       = []byte("meta")
	bProducts   = []byte("products")          // id -> product JSON
	bProdCat    = []byte("products_cat")      // category 0x00 price id -> created
	bProdPrice  = []byte("products_price")    // price id -> created
	bUsers      = []byte("users")             // id -> user JSON
	bUserName   = []byte("users_name")        // lower(username) -> id
	bEvents     = []byte("interactions")      // id -> compact binary interaction
	bEventsUser = []byte("interactions_user") // user ts id -> nil
	// bEventsProd indexed interactions by product until schema version 2;
	// init's migration step drops it, and a product's interactions are
	// now found by a scan (see eventsOfProduct).
	bEventsProd = []byte("interactions_product")
	bEventsSess = []byte("interactions_session")  // session 0x00 id -> nil
	bProfiles   = []byte("profiles")              // user id -> profile (see profile_codec.go)
	bBlobs      = []byte("blobs")                 // name -> opaque bytes (trained models, settings)
	bAdmins     = []byte("admins")                // lower(username) -> admin JSON
	bSessions   = []byte("sessions")              // sha256(token) -> session JSON
	bKeys       = []byte("api_keys")              // id -> key JSON (with the key's hash)
	bKeyHashes  = []byte("api_keys_hash")         // sha256(key) -> id
	bEventIDs   = []byte("interactions_event_id") // client event id -> interaction id (version 3)
	bRecClicks  = []byte("rec_clicks")            // shopper 0x00 product -> unix micros, click id (version 3)
	// bState holds small records written often (analytics counts,
	// experiments), apart from the blobs: a write into a bucket page
	// rewrites the page, and the blobs' page holding a trained model is
	// tens of megabytes. Version 3.
	bState     = []byte("state")
	allBuckets = [][]byte{bMeta, bProducts, bProdCat, bProdPrice, bUsers, bUserName, bEvents, bEventsUser, bEventsSess, bProfiles, bBlobs, bAdmins, bSessions, bKeys, bKeyHashes, bEventIDs, bRecClicks, bState, bEventDays}
	// bucketSince is the schema version that added a bucket after the
	// first: a file of an older version lacks it until it is opened
	// read-write, and is not broken for that.
	bucketSince   = map[string]uint64{string(bEventIDs): 3, string(bRecClicks): 3, string(bState): 3, string(bEventDays): 5}
	keySchema     = []byte("schema_version")
	keyDataChange = []byte("data_version")
)

// Options tunes Open. The zero value is usable.
type Options struct {
	// Timeout bounds the wait for the file lock held by another process.
	// Zero means one second.
	Timeout time.Duration
	// Now is the clock used for created and joined times; nil means time.Now.
	Now func() time.Time
	// ReadOnly opens the file without taking the write lock.
	ReadOnly bool
	// BatchDelay is how long concurrent interaction writes wait to share
	// one commit; zero means DefaultBatchDelay.
	BatchDelay time.Duration
	// AfterImportChunk, when set, runs after each chunk of a large import
	// commits, with the chunk's number from 0; an error stops the import
	// there, as a crash would (the journal then undoes it). Crash tests
	// stop the process at a chosen chunk through it.
	AfterImportChunk func(chunk int) error
	// AfterErasure, when set, runs after each erasure of a user commits:
	// a server schedules a compaction there (see Compact).
	AfterErasure func()
	// AfterCompactStep, when set, runs at each step of Compact
	// (CompactCopied, CompactRenamed); crash tests stop the process
	// there.
	AfterCompactStep func(step string) error
}

// DefaultBatchDelay was chosen with shelf bench's ingest scenario (64
// clients, demo shop, one fsync about 11 ms): 1 ms gave 2,600 writes/s,
// 2 ms 4,600 to 5,300, 3 ms 5,500 (p99 20 ms), 5 ms 4,900, bbolt's own
// 10 ms 3,350 and 20 ms 2,200. Shorter batches pay more fsyncs; longer
// ones leave the disk idle while clients wait.
const DefaultBatchDelay = 3 * time.Millisecond

// Store is a shelf database: one bbolt file. It is safe for concurrent use.
type Store struct {
	// db is the open file. Compact replaces it: use it only through view,
	// update, batch and begin (handle.go), which hold handle's read side;
	// writing transactions also hold writes' read side.
	db       *bolt.DB
	handle   sync.RWMutex
	writes   sync.RWMutex
	path     string
	opt      Options
	readOnly bool
	// rewrite lets one whole-file copy (Backup, Compact) run at a time:
	// Compact's swap then never waits for a backup's long read.
	rewrite sync.Mutex
	now     func() time.Time
	// importMu lets one large import (see importLarge) run at a time.
	importMu sync.Mutex
	undone   atomic.Bool // an unfinished import was undone
	// pending holds the placeholders of the import being written, if any.
	pending atomic.Pointer[pendingRefs]
	// chunk is importChunk, smaller in tests; afterChunk, when set, runs
	// after each chunk of a large import commits (tests fail or crash there).
	chunk      int
	afterChunk func(k int) error
	// keyCache holds live API keys by hash (see APIKeyByHash); keyGen
	// counts revocations.
	keyCache sync.Map
	keyGen   atomic.Uint64
	// refsChecked, when set, runs in AddInteraction between the check of
	// the references and the batch (tests delete them there); batchRun
	// runs each time bbolt runs the function handed to Batch (tests count
	// the re-runs).
	refsChecked, batchRun func()
	// beforeUndoEnds, when set, runs before the last transaction of an
	// undo (tests write there as a concurrent writer could).
	beforeUndoEnds func()
}

// Open opens or creates the database at path, checks its schema version and
// creates missing buckets. A file locked by another process, an empty,
// truncated or corrupt file (see FileError), a record it cannot decode
// (see CorruptError) or a file of a newer schema gives a clear error.
func Open(path string, opt Options) (*Store, error) {
	if opt.Timeout == 0 {
		opt.Timeout = time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.BatchDelay == 0 {
		opt.BatchDelay = DefaultBatchDelay
	}
	db, err := openDB(path, opt)
	if err != nil {
		return nil, err
	}
	db.MaxBatchDelay = opt.BatchDelay
	if !opt.ReadOnly {
		if err := removeCompactLeftovers(path); err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: remove the copy of an unfinished compaction: %w", path, err)
		}
	}
	s := &Store{db: db, path: path, opt: opt, readOnly: opt.ReadOnly, now: opt.Now, chunk: importChunk, afterChunk: opt.AfterImportChunk}
	if opt.ReadOnly {
		err = s.checkSchema()
	} else if err = s.init(); err == nil {
		err = s.undoImport()
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

// openDB checks the file (see checkFile), then opens it with bbolt.
func openDB(path string, opt Options) (*bolt.DB, error) {
	if err := checkFile(path); err != nil {
		return nil, err
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:  opt.Timeout,
		ReadOnly: opt.ReadOnly,
		// The freelist is written with each commit (bbolt's default).
		// Skipping it made opening a 325 MB file rebuild the freelist by
		// scanning every page (3.5 s, and 480 MB of file pages resident),
		// and measured no faster: ingest at 64 clients did 5,700-5,800
		// writes/s without it and 6,170-6,190 with it.
		NoFreelistSync: false,
		// The list kept as one sorted array: bbolt's hash-map list sorts
		// its free spans on every commit to write them, which took 45%
		// of the CPU of idle ingest on a 4.8 GB file that ten million
		// events and a few trainings had left with many free pages. The
		// array went from 665-823 to 1,206-1,311 writes/s there (8
		// clients), and measured the same on a small file.
		FreelistType: bolt.FreelistArrayType,
		// Reserve address space up front: growing the map in a large
		// transaction re-reads every dirty node, which dominated bulk
		// imports. It is address space, not memory.
		InitialMmapSize: 1 << 30,
	})
	var pathErr *fs.PathError
	switch {
	case err == nil:
		return db, nil
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("open %s: the database is locked by another running process (is another shelf using it?)", path)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return nil, fmt.Errorf("open %s: not a shelf database or the file is corrupt: %w", path, err)
	case errors.As(err, &pathErr):
		// os.OpenFile's error already reads "open PATH: reason".
		return nil, err
	}
	return nil, fmt.Errorf("open %s: %w", path, err)
}

func (s *Store) init() error {
	return s.update(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bMeta)
		v := meta.Get(keySchema)
		if v == nil {
			if err := meta.Put(keyEventCount, u64(0)); err != nil {
				return err
			}
			return meta.Put(keySchema, u64(SchemaVersion))
		}
		if len(v) != 8 {
			return corrupt(bMeta, keySchema, fmt.Errorf("%d bytes, want 8", len(v)))
		}
		got := binary.BigEndian.Uint64(v)
		if got > SchemaVersion {
			return fmt.Errorf("%w: schema version %d, this build understands up to %d; upgrade shelf", ErrNewerSchema, got, SchemaVersion)
		}
		// Migrations from older versions, one step per version.
		if got < 2 {
			if err := tx.DeleteBucket(bEventsProd); err != nil && !errors.Is(err, berrors.ErrBucketNotFound) {
				return err
			}
		}
		if got < 3 {
			// Day counts written as blobs by version 2 move to the
			// state bucket.
			if err := moveCounts(tx); err != nil {
				return err
			}
		}
		if got < 5 {
			if err := buildEventDays(tx); err != nil {
				return err
			}
		}
		return meta.Put(keySchema, u64(SchemaVersion))
	})
}

// moveCounts moves the blobs named counters/... into the state bucket.
func moveCounts(tx *bolt.Tx) error {
	blobs, state := tx.Bucket(bBlobs), tx.Bucket(bState)
	prefix := []byte("counters/")
	var names [][]byte
	c := blobs.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if err := state.Put(bytes.Clone(k), bytes.Clone(v)); err != nil {
			return err
		}
		names = append(names, bytes.Clone(k))
	}
	for _, k := range names {
		if err := blobs.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) checkSchema() error {
	return s.view(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if meta == nil {
			return fmt.Errorf("not a shelf database (no meta bucket)")
		}
		v := meta.Get(keySchema)
		if v == nil {
			return fmt.Errorf("not a shelf database (no schema version)")
		}
		if len(v) != 8 {
			return corrupt(bMeta, keySchema, fmt.Errorf("%d bytes, want 8", len(v)))
		}
		if got := binary.BigEndian.Uint64(v); got > SchemaVersion {
			return fmt.Errorf("%w: schema version %d, this build understands up to %d; upgrade shelf", ErrNewerSchema, got, SchemaVersion)
		}
		if tx.Bucket(bJournal) != nil {
			return ErrUnfinishedImport
		}
		return nil
	})
}

// Close flushes and closes the file, after the transactions in flight and
// a compaction in progress.
func (s *Store) Close() error {
	s.writes.Lock()
	defer s.writes.Unlock()
	s.handle.Lock()
	defer s.handle.Unlock()
	return s.db.Close()
}

// Check verifies the consistency of the whole file (pages, freelist) and
// returns the first problem found.
// It holds the write lock while it runs (bbolt's check is only safe against
// concurrent writers inside a writable transaction), so use it in tests and
// maintenance, not on a hot path.
func (s *Store) Check() error {
	tx, done, err := s.begin(true)
	if err != nil {
		return err
	}
	defer done()
	var first error
	for err := range tx.Check() { // drain the channel so its goroutine ends
		if first == nil {
			first = err
		}
	}
	return first
}

// DataVersion is a counter that grows with every change to products, users
// or interactions. The trainer compares it to skip retraining unchanged data.
func (s *Store) DataVersion() uint64 {
	var v uint64
	_ = s.view(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bMeta).Get(keyDataChange); len(b) == 8 {
			v = binary.BigEndian.Uint64(b)
		}
		return nil
	})
	return v
}

func bumpDataVersion(tx *bolt.Tx) error {
	meta := tx.Bucket(bMeta)
	var v uint64
	if b := meta.Get(keyDataChange); len(b) == 8 {
		v = binary.BigEndian.Uint64(b)
	}
	return meta.Put(keyDataChange, u64(v+1))
}

// Counts is the number of records of each kind.
type Counts struct {
	Products     int `json:"products"`
	Users        int `json:"users"`
	Interactions int `json:"interactions"`
}

// Empty reports whether the store holds no products, users or
// interactions. Unlike Counts it reads one key per bucket, not every page.
func (s *Store) Empty() (bool, error) {
	empty := true
	err := s.view(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bProducts, bUsers, bEvents} {
			if k, _ := tx.Bucket(b).Cursor().First(); k != nil {
				empty = false
			}
		}
		return nil
	})
	return empty, err
}

// Ping checks that the database answers a read.
func (s *Store) Ping() error {
	return s.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bMeta) == nil {
			return errors.New("no meta bucket")
		}
		return nil
	})
}

// Counts returns how many products, users and interactions are stored. It
// walks every page of the products and the users (bbolt keeps no counts):
// fine for the admin overview, too slow for a health check on a large
// shop. The interactions' count is stored (see eventdays.go).
func (s *Store) Counts() (Counts, error) {
	var c Counts
	err := s.view(func(tx *bolt.Tx) error {
		c.Products = tx.Bucket(bProducts).Stats().KeyN
		c.Users = tx.Bucket(bUsers).Stats().KeyN
		var err error
		c.Interactions, err = eventCount(tx)
		return err
	})
	return c, err
}

// PutBlob stores opaque bytes under a name (trained models, settings).
func (s *Store) PutBlob(name string, data []byte) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bBlobs)
		if _, chunked, _ := decodeManifest(b.Get([]byte(name))); chunked {
			if err := deleteChunksIn(b, name, func(uint64) bool { return true }); err != nil {
				return err
			}
		}
		return b.Put([]byte(name), data)
	})
}

// PutState stores small records that change often (counts of the day,
// experiments) in one transaction; a nil value deletes its record. They
// are kept apart from the blobs, whose pages hold the trained models.
func (s *Store) PutState(records map[string][]byte) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bState)
		for name, data := range records {
			var err error
			if data == nil {
				err = b.Delete([]byte(name))
			} else {
				err = b.Put([]byte(name), data)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// State returns a copy of the record stored under name by PutState, or
// ErrNotFound.
func (s *Store) State(name string) ([]byte, error) {
	var out []byte
	err := s.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bState).Get([]byte(name))
		if v == nil {
			return ErrNotFound
		}
		out = bytes.Clone(v)
		return nil
	})
	return out, err
}

// Blob returns a copy of the bytes stored under name, or ErrNotFound.
func (s *Store) Blob(name string) ([]byte, error) {
	var out []byte
	err := s.view(func(tx *bolt.Tx) error {
		v, fresh, err := blobValue(tx, name)
		if err != nil {
			return err
		}
		if !fresh {
			v = append([]byte(nil), v...)
		}
		out = v
		return nil
	})
	return out, err
}

// ViewBlob calls fn with a stored blob without copying it (a large blob's
// chunks are put together first: see PutLargeBlob): the bytes are
// the file's own, valid only until fn returns, and must not be changed.
// It suits large blobs that fn decodes into a form of its own; afterwards
// the blob's pages leave the process's resident memory (see release). fn
// must not call the store.
func (s *Store) ViewBlob(name string, fn func([]byte) error) error {
	return s.view(func(tx *bolt.Tx) error {
		v, fresh, err := blobValue(tx, name)
		if err != nil {
			return err
		}
		err = fn(v)
		if !fresh {
			release(v)
		}
		return err
	})
}

// ReadingAhead runs fn with the kernel reading ahead of what is read of
// the file. bbolt maps it for random access, right for serving; a start-up
// that walks the whole catalog from a cold cache otherwise reads it from
// the disk 4 KB at a time.
func (s *Store) ReadingAhead(fn func()) {
	_ = s.view(func(tx *bolt.Tx) error {
		readAhead(tx, true)
		return nil
	})
	defer func() {
		_ = s.view(func(tx *bolt.Tx) error {
			readAhead(tx, false)
			return nil
		})
	}()
	fn()
}

// ReleaseMemory drops the database file's pages from the process's
// resident memory. They stay in the operating system's page cache, and
// what is read next maps back in. Reading much of the file at once (a
// training reads every event) otherwise leaves gigabytes of it counted
// against the process for as long as it runs.
func (s *Store) ReleaseMemory() {
	_ = s.view(func(tx *bolt.Tx) error {
		releaseAll(tx)
		return nil
	})
}

func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

// nextID returns the id to use for a new record: the client's own when given
// (it must be free), otherwise the bucket's next sequence. The sequence is
// kept at or above the highest id so that assigned ids never collide with
// ids a client chose.
func nextID(b *bolt.Bucket, want uint64, kind string) (uint64, error) {
	if want > MaxID {
		return 0, &ValidationError{Fields: map[string]string{"id": fmt.Sprintf("must be at most %d (2^53-1)", uint64(MaxID))}}
	}
	if want == 0 {
		for {
			// The sequence starts at 1 and stops at MaxID: it never
			// assigns 0 and never wraps.
			if b.Sequence() >= MaxID {
				return 0, &ConflictError{Field: "id", Message: fmt.Sprintf("every %s id up to %d is used: give an id of a deleted %s", kind, uint64(MaxID), kind)}
			}
			id, err := b.NextSequence()
			if err != nil {
				return 0, err
			}
			if b.Get(u64(id)) == nil {
				return id, nil
			}
		}
	}
	if b.Get(u64(want)) != nil {
		return 0, &ConflictError{Field: "id", Message: fmt.Sprintf("%s %d already exists", kind, want)}
	}
	if want > b.Sequence() {
		if err := b.SetSequence(want); err != nil {
			return 0, err
		}
	}
	return want, nil
}
