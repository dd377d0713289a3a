package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// An erasure (DeleteUser) leaves the customer's bytes in freed pages until
// the file is rewritten (see backup.go). The transaction that erases also
// records, under keyErasure in the meta bucket, when the first erasure not
// yet rewritten away happened; a compaction's copy leaves the key out, so
// the mark is gone exactly when the file holding the bytes is. A server
// reads it to compact within a bounded delay, also after a crash.
var keyErasure = []byte("erasure_pending_since") // unix nanoseconds

// compactTempPrefix starts the name of the temporary file a compaction of
// the database named base writes beside it; Open removes leftovers.
func compactTempPrefix(base string) string { return "." + base + ".compact-" }

// markErasure records in tx that an erasure happened at now, unless an
// earlier one is still pending.
func markErasure(tx *bolt.Tx, now time.Time) error {
	meta := tx.Bucket(bMeta)
	if meta.Get(keyErasure) != nil {
		return nil
	}
	return meta.Put(keyErasure, u64(uint64(now.UnixNano())))
}

// ErasurePending reports whether erased records may still be in the file's
// freed pages, and since when: the time of the first erasure since the
// last compaction.
func (s *Store) ErasurePending() (since time.Time, pending bool, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bMeta).Get(keyErasure)
		if v == nil {
			return nil
		}
		if len(v) != 8 {
			return corrupt(bMeta, keyErasure, fmt.Errorf("%d bytes, want 8", len(v)))
		}
		since, pending = time.Unix(0, int64(binary.BigEndian.Uint64(v))), true
		return nil
	})
	return since, pending, err
}

// CompactResult describes one compaction.
type CompactResult struct {
	Before, After int64 // the file's size in bytes
	Duration      time.Duration
}

// Compaction steps at which Options.AfterCompactStep runs.
const (
	// CompactCopied: the copy is written, synced and checked beside the
	// file, not yet renamed; an error from the hook stops the compaction.
	CompactCopied = "copied"
	// CompactRenamed: the copy has the file's name; the old file still
	// serves until the swap that follows (which an error cannot stop).
	CompactRenamed = "renamed"
)

// Compact rewrites the file while serving, with the live records only, as
// CompactFile does offline: freed pages and what erased records left in
// them are gone, and the erasure mark with them. Writers wait while the
// copy is written (readers go on), so a compaction takes what a backup
// takes from them; then the copy is synced, checked, renamed over the file
// and swapped in between two transactions. A failure at any step before
// the rename leaves the old file serving and the mark in place; a crash at
// any point leaves either the old or the new file whole under the file's
// name (a leftover copy is removed at the next Open).
func (s *Store) Compact() (CompactResult, error) {
	if s.readOnly {
		return CompactResult{}, errors.New("compact: the store is read-only")
	}
	start := time.Now()
	s.rewrite.Lock() // one whole-file copy at a time (see Backup)
	defer s.rewrite.Unlock()
	s.writes.Lock()
	defer s.writes.Unlock()
	info, err := os.Stat(s.path)
	if err != nil {
		return CompactResult{}, fmt.Errorf("compact: %w", err)
	}
	res := CompactResult{Before: info.Size()}
	fresh, dirErr, err := s.writeCopy(info.Mode().Perm())
	if err != nil {
		return res, fmt.Errorf("compact %s: %w", s.path, err)
	}
	s.handle.Lock()
	old := s.db
	s.db = fresh
	s.handle.Unlock()
	err = old.Close()
	if info, serr := os.Stat(s.path); serr == nil {
		res.After = info.Size()
	}
	res.Duration = time.Since(start)
	if err = errors.Join(dirErr, err); err != nil {
		return res, fmt.Errorf("compact %s: the new file serves, but: %w", s.path, err)
	}
	return res, nil
}

// writeCopy writes the live records into a new file beside the store's,
// checks it, opens it and renames it over the store's file. Once it
// returns a db, the old file is no longer under the name, so the caller
// must serve the new one; dirErr is a failure to make the rename durable.
func (s *Store) writeCopy(perm os.FileMode) (db *bolt.DB, dirErr, err error) {
	dir := filepath.Dir(s.path)
	f, err := os.CreateTemp(dir, compactTempPrefix(filepath.Base(s.path))+"*")
	if err != nil {
		return nil, nil, err
	}
	tmp := f.Name()
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return nil, nil, err
	}
	err = s.view(func(tx *bolt.Tx) error {
		if err := copyToFile(tmp, tx, BackupOptions{}, true); err != nil {
			return err
		}
		return sameKeyCounts(tx, tmp)
	})
	if err == nil {
		err = os.Chmod(tmp, perm)
	}
	if err == nil && s.opt.AfterCompactStep != nil {
		err = s.opt.AfterCompactStep(CompactCopied)
	}
	if err == nil {
		db, err = openDB(tmp, s.opt)
	}
	if err == nil {
		db.MaxBatchDelay = s.opt.BatchDelay
		if err = os.Rename(tmp, s.path); err != nil {
			db.Close()
		}
	}
	if err != nil {
		os.Remove(tmp)
		return nil, nil, err
	}
	if s.opt.AfterCompactStep != nil {
		dirErr = s.opt.AfterCompactStep(CompactRenamed)
	}
	return db, errors.Join(dirErr, syncDir(dir)), nil
}

// removeCompactLeftovers removes the copies that compactions of the file at
// path left when the process stopped during them. Call it with the file's
// lock held: no compaction of it runs then.
func removeCompactLeftovers(path string) error {
	dir := filepath.Dir(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	prefix := compactTempPrefix(filepath.Base(path))
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasPrefix(e.Name(), prefix) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
	}
	return nil
}
