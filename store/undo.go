package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// importJournal is what the journal of an unfinished import says it owns.
type importJournal struct {
	ids             []idRange // the interaction ids it gave out
	users, products []uint64  // the placeholders it created
	seqs            []uint64  // per bucket of seqBuckets: before, then after
	// The placeholders again, as sets for the pass over every interaction.
	placeholderUser, placeholderProduct map[uint64]bool
}

// readJournal returns the journal of an unfinished import, or nil when
// there is none.
func readJournal(tx *bolt.Tx) (*importJournal, error) {
	jb := tx.Bucket(bJournal)
	if jb == nil {
		return nil, nil
	}
	j := &importJournal{}
	raw := jb.Get(jIDs)
	if len(raw)%16 != 0 {
		return nil, corrupt(bJournal, jIDs, errors.New("not a list of id ranges"))
	}
	for p := 0; p < len(raw); p += 16 {
		j.ids = append(j.ids, idRange{binary.BigEndian.Uint64(raw[p:]), binary.BigEndian.Uint64(raw[p+8:])})
	}
	var err error
	if j.users, err = decodeIDs(jb.Get(jUsers)); err != nil {
		return nil, corrupt(bJournal, jUsers, err)
	}
	if j.products, err = decodeIDs(jb.Get(jProducts)); err != nil {
		return nil, corrupt(bJournal, jProducts, err)
	}
	if j.seqs, err = decodeIDs(jb.Get(jSeq)); err == nil && len(j.seqs) != 2*len(seqBuckets) {
		err = errors.New("not two sequences per bucket")
	}
	if err != nil {
		return nil, corrupt(bJournal, jSeq, err)
	}
	j.placeholderUser, j.placeholderProduct = idSet(j.users), idSet(j.products)
	return j, nil
}

func idSet(ids []uint64) map[uint64]bool {
	set := make(map[uint64]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return set
}

// owns reports whether the stored interaction id, v goes with the import:
// the import wrote it, or it refers to a placeholder the import created
// (another writer added it since), which goes with its placeholder.
func (j *importJournal) owns(id uint64, v []byte) (bool, error) {
	if inRanges(j.ids, id) {
		return true, nil
	}
	if len(j.users) == 0 && len(j.products) == 0 {
		return false, nil
	}
	user, product, err := interactionRefs(v)
	if err != nil {
		return false, corrupt(bEvents, u64(id), err)
	}
	return j.placeholderUser[user] || j.placeholderProduct[product], nil
}

// undoImport removes what an unfinished import wrote, if the journal says
// one is unfinished: its interactions and their index keys, the
// placeholders it created with every interaction that refers to them, then
// the journal; the id sequences go back where they were unless other
// writes moved them since.
//
// It reads every interaction once (the placeholders are looked up in a
// set), not once per placeholder: 1,000 placeholders of a 1,000,000-event
// file took minutes that way (see BenchmarkUndoImport). Each step commits
// on its own, at most one chunk of deletions per transaction, and can run
// again, so a crash while undoing is undone on the next open. The
// placeholders themselves go in the last transaction, with the journal:
// until then nothing can take their ids, and no interaction that a later
// writer adds is left behind (see finishUndo).
func (s *Store) undoImport() error {
	var j *importJournal
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		j, err = readJournal(tx)
		return err
	})
	if err != nil || j == nil {
		return err
	}
	if err := s.purgeOwned(j); err != nil {
		return fmt.Errorf("undo import: %w", err)
	}
	// The import writes index keys in their own order, so some may name
	// an interaction whose record it had not written yet. Every index key
	// of an interaction ends with its id.
	for _, name := range [][]byte{bEventsUser, bEventsSess} {
		if err := s.purge(name, j.ids); err != nil {
			return fmt.Errorf("undo import: %w", err)
		}
	}
	if s.beforeUndoEnds != nil {
		s.beforeUndoEnds()
	}
	if err := s.update(func(tx *bolt.Tx) error { return finishUndo(tx, j) }); err != nil {
		return fmt.Errorf("undo import: %w", err)
	}
	s.undone.Store(true)
	return nil
}

// purgeOwned deletes the interactions that j owns, with their index keys,
// in one pass over the interactions in transactions of at most one chunk
// of deletions.
func (s *Store) purgeOwned(j *importJournal) error {
	var from []byte
	for first := true; first || from != nil; first = false {
		err := s.update(func(tx *bolt.Tx) error {
			var doomed []Interaction
			var err error
			doomed, from, err = ownedEvents(tx, j, from, s.chunk)
			if err != nil {
				return err
			}
			return removeInteractions(tx, doomed)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// ownedEvents walks the interactions from key from (nil: the first) and
// returns, decoded, the first limit of those that j owns (limit < 0: all
// of them), and the key to go on from, nil at the end. It only reads:
// deleting under a bbolt cursor skips keys.
func ownedEvents(tx *bolt.Tx, j *importJournal, from []byte, limit int) ([]Interaction, []byte, error) {
	var doomed []Interaction
	c := tx.Bucket(bEvents).Cursor()
	k, v := c.First()
	if from != nil {
		k, v = c.Seek(from)
	}
	for ; k != nil && (limit < 0 || len(doomed) < limit); k, v = c.Next() {
		id := binary.BigEndian.Uint64(k)
		owned, err := j.owns(id, v)
		if err != nil {
			return nil, nil, err
		}
		if owned {
			doomed = append(doomed, Interaction{})
			if err := decodeInteraction(id, v, &doomed[len(doomed)-1]); err != nil {
				return nil, nil, err
			}
		}
	}
	return doomed, bytes.Clone(k), nil
}

func removeInteractions(tx *bolt.Tx, its []Interaction) error {
	for i := range its {
		if err := removeInteraction(tx, &its[i]); err != nil {
			return err
		}
	}
	return nil
}

// finishUndo is the last step of undoing an import, in one transaction:
// the placeholders go, and so does any interaction with them that another
// writer added after purgeOwned passed it (they are found by one more
// read-only pass, in this transaction, which writers cannot interleave
// with); then the sequences and the journal.
func finishUndo(tx *bolt.Tx, j *importJournal) error {
	if len(j.users) > 0 || len(j.products) > 0 {
		late, _, err := ownedEvents(tx, j, nil, -1)
		if err != nil {
			return err
		}
		if err := removeInteractions(tx, late); err != nil {
			return err
		}
	}
	for _, id := range j.users {
		if err := forgetUser(tx, id); err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
	}
	for _, id := range j.products {
		if err := forgetProduct(tx, id); err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
	}
	n := len(seqBuckets)
	for k, name := range seqBuckets {
		if b := tx.Bucket(name); b.Sequence() == j.seqs[n+k] {
			if err := b.SetSequence(j.seqs[k]); err != nil {
				return err
			}
		}
	}
	if err := tx.DeleteBucket(bJournal); err != nil {
		return err
	}
	return bumpDataVersion(tx)
}

// purge deletes the keys of a bucket that end with an id in ids, at most
// one chunk per transaction.
func (s *Store) purge(bucket []byte, ids []idRange) error {
	var from []byte
	for done := false; !done; {
		err := s.update(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucket)
			c := b.Cursor()
			k, _ := c.First()
			if from != nil {
				k, _ = c.Seek(from)
			}
			var doomed [][]byte
			for ; k != nil && len(doomed) < s.chunk; k, _ = c.Next() {
				if len(k) >= 8 && inRanges(ids, binary.BigEndian.Uint64(k[len(k)-8:])) {
					doomed = append(doomed, bytes.Clone(k))
				}
			}
			done, from = k == nil, bytes.Clone(k)
			// Collected first: deleting under a bbolt cursor skips keys.
			for _, k := range doomed {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// UndidImport reports whether opening the file (or a failed import) undid
// an unfinished import.
func (s *Store) UndidImport() bool { return s.undone.Load() }
