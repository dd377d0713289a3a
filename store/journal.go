package store

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// A large import is written in several transactions, so that no
// transaction holds millions of keys in memory (bbolt keeps a
// transaction's changes in in-memory nodes that only split at commit; one
// transaction of 1,000,000 events spent most of its time growing and
// scanning them). The all-or-nothing promise is kept by a journal: the
// first transaction checks everything and records which ids the import
// owns; the last one deletes the journal. If anything fails in between,
// or the process dies, the import is undone: at once, or when the file is
// next opened.

// bJournal holds the journal of an import in progress. It exists only
// while one is.
var bJournal = []byte("import_journal")

// Keys of the journal.
var (
	jIDs      = []byte("ids")       // the import's interaction ids, as ranges
	jUsers    = []byte("users")     // placeholder users it created
	jProducts = []byte("products")  // placeholder products it created
	jSeq      = []byte("sequences") // per bucket of seqBuckets: before, after
)

// seqBuckets are the buckets whose id sequence an import moves.
var seqBuckets = [][]byte{bEvents, bUsers, bProducts}

// importChunk is how many records, and keys of each index, one transaction
// of a large import writes. Smaller chunks pay more fsyncs; larger ones
// grow bbolt's in-memory nodes (see docs/BENCHMARKS.md).
const importChunk = 50_000

// idRange is the ids lo to hi, both included.
type idRange struct{ lo, hi uint64 }

// idRanges merges the events' ids, visited in order (by id), into ranges.
func idRanges(l *EventLog, plan *eventPlan) []idRange {
	var out []idRange
	for k := range l.Len() {
		id := l.id(plan.at(k))
		if n := len(out); n > 0 && out[n-1].hi+1 == id {
			out[n-1].hi = id
			continue
		}
		out = append(out, idRange{id, id})
	}
	return out
}

// inRanges reports whether id is in one of rs, which are in order and
// disjoint.
func inRanges(rs []idRange, id uint64) bool {
	// The first range that ends at or after id.
	k, _ := slices.BinarySearchFunc(rs, id, func(r idRange, id uint64) int { return cmp.Compare(r.hi, id) })
	return k < len(rs) && rs[k].lo <= id
}

func encodeRanges(rs []idRange) []byte {
	b := make([]byte, 0, 16*len(rs))
	for _, r := range rs {
		b = binary.BigEndian.AppendUint64(b, r.lo)
		b = binary.BigEndian.AppendUint64(b, r.hi)
	}
	return b
}

func encodeIDs(ids []uint64) []byte {
	b := make([]byte, 0, 8*len(ids))
	for _, id := range ids {
		b = binary.BigEndian.AppendUint64(b, id)
	}
	return b
}

func decodeIDs(b []byte) ([]uint64, error) {
	if len(b)%8 != 0 {
		return nil, errors.New("not a list of ids")
	}
	out := make([]uint64, len(b)/8)
	for i := range out {
		out[i] = binary.BigEndian.Uint64(b[8*i:])
	}
	return out, nil
}

// importLarge stores events in chunks of importChunk behind the journal.
func (s *Store) importLarge(l *EventLog, opt ImportOptions) (ImportResult, error) {
	s.importMu.Lock()
	defer s.importMu.Unlock()
	defer s.pending.Store(nil)
	if err := s.undoImport(); err != nil { // one left by a failed undo
		return ImportResult{}, err
	}
	bad := &ImportError{}
	var plan eventPlan
	err := s.update(func(tx *bolt.Tx) error {
		var seqs []byte
		for _, name := range seqBuckets {
			seqs = binary.BigEndian.AppendUint64(seqs, tx.Bucket(name).Sequence())
		}
		var err error
		if plan, err = checkEvents(tx, l, opt, bad); err != nil {
			return err
		}
		for _, name := range seqBuckets {
			seqs = binary.BigEndian.AppendUint64(seqs, tx.Bucket(name).Sequence())
		}
		if bad.Total > 0 {
			return bad
		}
		// From the journal's commit on, other writers may not use the
		// placeholders: an undo would delete what they wrote.
		s.pending.Store(newPendingRefs(plan.users, plan.products))
		j, err := tx.CreateBucket(bJournal)
		if err != nil {
			return err
		}
		if err := j.Put(jIDs, encodeRanges(plan.ids)); err != nil {
			return err
		}
		if err := j.Put(jUsers, encodeIDs(plan.users)); err != nil {
			return err
		}
		if err := j.Put(jSeq, seqs); err != nil {
			return err
		}
		return j.Put(jProducts, encodeIDs(plan.products))
	})
	if err != nil {
		return ImportResult{}, err
	}
	if err := s.putChunks(buildKeys(l, &plan)); err != nil {
		return ImportResult{}, s.abortImport(err)
	}
	err = s.update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bJournal); err != nil {
			return err
		}
		return bumpDataVersion(tx)
	})
	if err != nil {
		return ImportResult{}, s.abortImport(err)
	}
	return ImportResult{Interactions: l.Len(), CreatedUsers: len(plan.users), CreatedProducts: len(plan.products)}, nil
}

// putChunks writes the lists in transactions of at most s.chunk keys of
// each: the records at once, each index as soon as its keys are sorted.
func (s *Store) putChunks(lists []*keyList) error {
	for k := 0; ; k++ {
		var todo []*keyList
		var waitFor *keyList
		for _, l := range lists {
			switch {
			case !l.isReady():
				waitFor = l
			case l.done < l.n:
				todo = append(todo, l)
			}
		}
		if len(todo) == 0 {
			if waitFor == nil {
				return nil
			}
			<-waitFor.ready
			continue
		}
		err := s.update(func(tx *bolt.Tx) error {
			for _, l := range todo {
				if err := l.put(tx, s.chunk); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, l := range todo {
			l.done = min(l.n, l.done+s.chunk)
		}
		if s.afterChunk != nil {
			if err := s.afterChunk(k); err != nil {
				return err
			}
		}
	}
}

// abortImport undoes the import in progress after cause stopped it.
func (s *Store) abortImport(cause error) error {
	if err := s.undoImport(); err != nil {
		return fmt.Errorf("%w (undoing the import failed too: %v; it is undone when the file is next opened)", cause, err)
	}
	return cause
}

// pendingRefs are the placeholder users and products of the import being
// written. Other writers get a 409 for events that name them, instead of
// a 201 for a write that undoing the import would delete.
type pendingRefs struct {
	users, products map[uint64]struct{}
}

func newPendingRefs(users, products []uint64) *pendingRefs {
	p := &pendingRefs{users: make(map[uint64]struct{}, len(users)), products: make(map[uint64]struct{}, len(products))}
	for _, id := range users {
		p.users[id] = struct{}{}
	}
	for _, id := range products {
		p.products[id] = struct{}{}
	}
	return p
}

// pendingConflict refuses an interaction that names a placeholder of the
// import being written.
func (s *Store) pendingConflict(it *Interaction) error {
	p := s.pending.Load()
	if p == nil {
		return nil
	}
	if _, ok := p.users[it.UserID]; ok && it.UserID != 0 {
		return &ConflictError{Field: "user_id", Message: fmt.Sprintf("user %d was created by an import that is still being written; retry when it has finished", it.UserID)}
	}
	if _, ok := p.products[it.ProductID]; ok {
		return &ConflictError{Field: "product_id", Message: fmt.Sprintf("product %d was created by an import that is still being written; retry when it has finished", it.ProductID)}
	}
	return nil
}
