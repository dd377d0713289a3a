package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bbolt never clears a page it frees: a deleted record stays in the file,
// and in a byte-for-byte copy of it, until its page happens to be reused.
// An erased customer's name and email must not (GDPR's right to erasure),
// so backups and compaction write a new file of the live records only.

// BackupOptions tunes Backup.
type BackupOptions struct {
	// OmitAdminSecrets leaves out the admin accounts, with their password
	// hashes, and their sessions: for a backup taken with a secret API
	// key (a cron job), which must not carry what logs in to the
	// dashboard. A restored copy has no admin: shelf serve creates one
	// and prints its password, or shelf admin sets one.
	OmitAdminSecrets bool
}

// compactTxBytes is how many bytes of keys and values one transaction of a
// copy writes: bbolt holds a transaction's changes in memory until commit.
const compactTxBytes = 64 << 20

// Backup writes a compacted, consistent copy of the database to w while
// other requests keep being served, and returns the number of bytes
// written. The copy holds the live records only (nothing deleted survives
// in it) and is written to a temporary file next to the database first,
// so it needs that much free disk; the read transaction it holds grows
// the file while it runs. At most one BackupOptions is used.
func (s *Store) Backup(w io.Writer, opts ...BackupOptions) (int64, error) {
	var opt BackupOptions
	if len(opts) > 0 {
		opt = opts[0]
	}
	s.rewrite.Lock()
	defer s.rewrite.Unlock()
	tmp, err := createTemp(filepath.Dir(s.path), ".shelf-backup-*.db")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp)
	err = s.view(func(tx *bolt.Tx) error { return copyToFile(tmp, tx, opt, false) })
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	f, err := os.Open(tmp)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return io.Copy(w, f)
}

// BackupFile writes a compacted, consistent copy of the database to path
// (see Backup).
func (s *Store) BackupFile(path string, opts ...BackupOptions) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := s.Backup(f, opts...); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// CompactFile rewrites the database at path with its live records only,
// for shelf compact: freed pages, and what deleted records left in them,
// are gone, and the file is as small as its data. The server must be
// stopped (the file's lock is taken, and held until the new file is in
// place). The copy is written to a temporary file in the same directory,
// synced, checked to hold as many keys as the original, and renamed over
// it, so a crash leaves either file whole.
func CompactFile(path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	src, err := openDB(path, Options{Timeout: time.Second})
	if err != nil {
		return err
	}
	defer src.Close()
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := createTemp(dir, "."+filepath.Base(path)+".compact-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp) // a no-op once renamed
	err = src.View(func(tx *bolt.Tx) error {
		if err := copyToFile(tmp, tx, BackupOptions{}, true); err != nil {
			return err
		}
		return sameKeyCounts(tx, tmp)
	})
	if err == nil {
		err = os.Chmod(tmp, info.Mode().Perm())
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err == nil {
		err = syncDir(dir)
	}
	if err != nil {
		return fmt.Errorf("compact %s: %w", path, err)
	}
	return nil
}

// createTemp makes an empty temporary file in dir (or, when dir is not
// writable, the system's temporary directory) and returns its path.
func createTemp(dir, pattern string) (string, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		if f, err = os.CreateTemp("", pattern); err != nil {
			return "", err
		}
	}
	name := f.Name()
	if err := f.Close(); err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// copyToFile writes the buckets of src into a new bbolt file at path, with
// every page filled: the keys come in order, so nothing is split twice.
// With sync the file is on disk when it returns.
func copyToFile(path string, src *bolt.Tx, opt BackupOptions, sync bool) error {
	dst, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, NoSync: true, NoGrowSync: true, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return err
	}
	c := &copier{dst: dst, opt: opt}
	err = c.run(src)
	if err == nil && sync {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	return err
}

// copier copies buckets into dst in transactions of about compactTxBytes.
type copier struct {
	dst  *bolt.DB
	opt  BackupOptions
	tx   *bolt.Tx
	size int
	gen  int // counts commits: a *bolt.Bucket is valid in its transaction only
}

func (c *copier) run(src *bolt.Tx) error {
	var err error
	if c.tx, err = c.dst.Begin(true); err != nil {
		return err
	}
	defer func() { _ = c.tx.Rollback() }()
	err = src.ForEach(func(name []byte, b *bolt.Bucket) error {
		return c.bucket([][]byte{name}, b)
	})
	if err != nil {
		return err
	}
	return c.tx.Commit()
}

// omitted reports whether the top-level bucket name is left out of the
// copy (its bucket exists, empty).
func (c *copier) omitted(name []byte) bool {
	return c.opt.OmitAdminSecrets && (string(name) == string(bAdmins) || string(name) == string(bSessions))
}

// bucket copies the bucket src found at path, with its sequence and any
// nested bucket (the chunks of large blobs: see chunks.go).
func (c *copier) bucket(path [][]byte, src *bolt.Bucket) error {
	b, err := c.create(path)
	if err != nil {
		return err
	}
	if err := b.SetSequence(src.Sequence()); err != nil {
		return err
	}
	if len(path) == 1 && c.omitted(path[0]) {
		return nil
	}
	gen := c.gen
	cur := src.Cursor()
	for k, v := cur.First(); k != nil; k, v = cur.Next() {
		if v == nil {
			if err := c.bucket(append(path[:len(path):len(path)], k), src.Bucket(k)); err != nil {
				return err
			}
			continue
		}
		if len(path) == 1 && string(path[0]) == string(bMeta) && string(k) == string(keyErasure) {
			continue // every copy is compacted: no erasure is pending in it
		}
		if err := c.room(len(k) + len(v)); err != nil {
			return err
		}
		if gen != c.gen {
			if b, err = c.bucketAt(path); err != nil {
				return err
			}
			gen = c.gen
		}
		if err := b.Put(k, v); err != nil {
			return err
		}
	}
	return nil
}

// room makes room for n more bytes in the transaction, committing it and
// beginning the next when it is full.
func (c *copier) room(n int) error {
	if c.size += n; c.size <= compactTxBytes {
		return nil
	}
	if err := c.tx.Commit(); err != nil {
		return err
	}
	var err error
	c.tx, err = c.dst.Begin(true)
	c.size, c.gen = n, c.gen+1
	return err
}

// create makes the bucket at path in the current transaction.
func (c *copier) create(path [][]byte) (*bolt.Bucket, error) {
	var b *bolt.Bucket
	var err error
	if len(path) == 1 {
		b, err = c.tx.CreateBucket(path[0])
	} else if b, err = c.bucketAt(path[:len(path)-1]); err == nil {
		b, err = b.CreateBucket(path[len(path)-1])
	}
	if err != nil {
		return nil, err
	}
	b.FillPercent = 1
	return b, nil
}

// bucketAt finds the bucket at path in the current transaction, set to
// fill its pages.
func (c *copier) bucketAt(path [][]byte) (*bolt.Bucket, error) {
	b := c.tx.Bucket(path[0])
	for _, name := range path[1:] {
		if b == nil {
			break
		}
		b = b.Bucket(name)
	}
	if b == nil {
		return nil, errors.New("copy: a bucket vanished")
	}
	b.FillPercent = 1
	return b, nil
}

// sameKeyCounts checks that the copy at path holds as many keys in each
// top-level bucket as src: the last look before the copy replaces the
// original.
func sameKeyCounts(src *bolt.Tx, path string) error {
	dst, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return err
	}
	defer dst.Close()
	return dst.View(func(dtx *bolt.Tx) error {
		return src.ForEach(func(name []byte, b *bolt.Bucket) error {
			db := dtx.Bucket(name)
			if db == nil {
				return fmt.Errorf("the copy lacks bucket %s", name)
			}
			want := b.Stats().KeyN
			if string(name) == string(bMeta) && b.Get(keyErasure) != nil {
				want-- // the copy leaves the erasure mark out
			}
			if got := db.Stats().KeyN; got != want {
				return fmt.Errorf("the copy holds %d keys of bucket %s, the original %d", got, name, want)
			}
			return nil
		})
	})
}

// syncDir makes a rename in dir durable. Windows cannot sync a directory
// (its renames are durable with the file).
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && runtime.GOOS != "windows" {
		return err
	}
	return nil
}
