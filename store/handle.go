package store

import (
	"time"

	bolt "go.etcd.io/bbolt"
)

// Every transaction goes through view, update, batch or begin, never
// through s.db directly: Compact replaces s.db while serving, and these
// hold the read side of s.handle for as long as one transaction runs, so
// that the swap happens between transactions. Writing transactions also
// hold the read side of s.writes, which Compact holds exclusively while it
// copies the file: the copy misses no write, and reads go on meanwhile.
//
// The order is always s.writes, then s.handle, and neither is taken twice
// by one goroutine: a function handed to a transaction (ForEachUser's fn,
// ViewBlob's fn) must not call the store, as bbolt already requires. Each
// costs two atomic operations per transaction (see BenchmarkUserInteractions
// in docs/BENCHMARKS.md).

// view runs fn in a read transaction.
func (s *Store) view(fn func(tx *bolt.Tx) error) error {
	s.handle.RLock()
	defer s.handle.RUnlock()
	return s.db.View(fn)
}

// update runs fn in a writing transaction of its own.
func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	s.writes.RLock()
	defer s.writes.RUnlock()
	s.handle.RLock()
	defer s.handle.RUnlock()
	return s.db.Update(fn)
}

// bulkShare is how much of bbolt's single writer a bulk write (a large
// blob, the profiles) leaves to the shop: after each of its transactions
// it pauses bulkShare times as long as the transaction took, up to
// maxBulkPause, so the shop's commits get about six sevenths of the
// writer while a trained model is saved.
const (
	bulkShare    = 6
	maxBulkPause = 100 * time.Millisecond
)

// bulkUpdate is update for one transaction of a bulk write: it pauses
// after the commit (see bulkShare).
func (s *Store) bulkUpdate(fn func(tx *bolt.Tx) error) error {
	start := time.Now()
	err := s.update(fn)
	time.Sleep(min(bulkShare*time.Since(start), maxBulkPause))
	return err
}

// batch runs fn in a writing transaction that it may share with other
// callers (bbolt's Batch: fn may run more than once).
func (s *Store) batch(fn func(tx *bolt.Tx) error) error {
	s.writes.RLock()
	defer s.writes.RUnlock()
	s.handle.RLock()
	defer s.handle.RUnlock()
	return s.db.Batch(fn)
}

// begin starts a transaction that the caller ends with done, which rolls
// it back (Check and Verify only read, in a writable transaction when
// bbolt's page check needs one).
func (s *Store) begin(writable bool) (tx *bolt.Tx, done func(), err error) {
	if writable {
		s.writes.RLock()
	}
	s.handle.RLock()
	unlock := func() {
		s.handle.RUnlock()
		if writable {
			s.writes.RUnlock()
		}
	}
	if tx, err = s.db.Begin(writable); err != nil {
		unlock()
		return nil, nil, err
	}
	return tx, func() { _ = tx.Rollback(); unlock() }, nil
}
