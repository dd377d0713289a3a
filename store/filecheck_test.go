package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// lastPage returns the page size and page count that the file's current
// meta page gives.
func lastPage(t *testing.T, path string) (pageSize, pages int64) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, _ := f.Stat()
	m, err := readMeta(f, info.Size())
	if err != nil {
		t.Fatal(err)
	}
	return int64(m.pageSize), int64(m.pgid)
}

// TestDamagedFilesAreRefused: an empty file, a file cut short and a file
// of junk are refused by Open and Verify with an error that names the
// file, its size and what is wrong, before bbolt maps them (a truncated
// file mapped by bbolt is a SIGBUS at the first read past its end).
func TestDamagedFilesAreRefused(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	writeTestFile(t, empty, nil)

	cut := filepath.Join(dir, "cut.db")
	fullShop(t, cut).Close()
	pageSize, pages := lastPage(t, cut)
	if err := os.Truncate(cut, (pages-1)*pageSize); err != nil {
		t.Fatal(err)
	}

	junk := filepath.Join(dir, "junk.db")
	writeTestFile(t, junk, []byte(strings.Repeat("not a database\n", 1000)))

	for _, tc := range []struct {
		path string
		want []string
	}{
		{empty, []string{"empty.db (0 bytes)", "empty", "remove it to start a new shop", "restore a backup"}},
		{cut, []string{"cut.db (", "truncated", "restore a backup"}},
		{junk, []string{"junk.db (15000 bytes)", "corrupt"}},
	} {
		for _, ro := range []bool{false, true} {
			_, err := Open(tc.path, Options{ReadOnly: ro})
			checkFileError(t, tc.path, err, tc.want)
		}
		_, err := Verify(tc.path, VerifyOptions{})
		checkFileError(t, tc.path, err, tc.want)
		if err := CompactFile(tc.path); err == nil {
			t.Errorf("CompactFile(%s) did not fail", tc.path)
		}
	}
	if info, _ := os.Stat(empty); info.Size() != 0 {
		t.Errorf("the empty file was written: %d bytes", info.Size())
	}
}

func checkFileError(t *testing.T, path string, err error, want []string) {
	t.Helper()
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Errorf("%s: want a FileError, got %v", filepath.Base(path), err)
		return
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%s: %q does not say %q", filepath.Base(path), err, w)
		}
	}
}

func writeTestFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestOpenCreatesAMissingFile: only an existing empty file is refused.
func TestOpenCreatesAMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(path, Options{}); err != nil {
		t.Fatalf("reopening: %v", err)
	}
}

// TestOpenErrorsNameTheFileOnce: bbolt's file errors already read "open
// PATH: ..."; Open must not say it twice.
func TestOpenErrorsNameTheFileOnce(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		path string
		opt  Options
	}{
		{filepath.Join(dir, "missing.db"), Options{ReadOnly: true}},
		{filepath.Join(dir, "no-such-dir", "x.db"), Options{}},
	} {
		_, err := Open(tc.path, tc.opt)
		if err == nil || strings.Count(err.Error(), tc.path) != 1 || !errors.Is(err, os.ErrNotExist) {
			t.Errorf("Open(%s): %v", tc.path, err)
		}
	}
}

// TestOpenNamesADamagedRecord: a record Open reads that does not decode is
// a CorruptError naming its bucket and key.
func TestOpenNamesADamagedRecord(t *testing.T) {
	for _, tc := range []struct {
		name, bucket, key string
		change            func(tx *bolt.Tx) error
	}{
		{"schema version", "meta", `"schema_version"`, func(tx *bolt.Tx) error {
			return tx.Bucket(bMeta).Put(keySchema, []byte{2})
		}},
		{"journal", "import_journal", `"ids"`, func(tx *bolt.Tx) error {
			j, err := tx.CreateBucket(bJournal)
			if err != nil {
				return err
			}
			return j.Put(jIDs, []byte{1, 2, 3})
		}},
		{"interaction undone", "interactions", "5", func(tx *bolt.Tx) error {
			j, err := tx.CreateBucket(bJournal)
			if err != nil {
				return err
			}
			for k, v := range map[string][]byte{"ids": encodeRanges([]idRange{{5, 5}}), "users": nil, "products": nil, "sequences": make([]byte, 48)} {
				if err := j.Put([]byte(k), v); err != nil {
					return err
				}
			}
			return tx.Bucket(bEvents).Put(u64(5), []byte{1, 2})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "shop.db")
			s := journalShop(t, path)
			if err := s.db.Update(tc.change); err != nil {
				t.Fatal(err)
			}
			s.Close()
			_, err := Open(path, Options{})
			var ce *CorruptError
			if !errors.As(err, &ce) || ce.Bucket != tc.bucket || ce.Key != tc.key {
				t.Fatalf("want a CorruptError at %s %s, got %v", tc.bucket, tc.key, err)
			}
			for _, w := range []string{path, "restore a backup", "shelf check"} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q does not say %q", err, w)
				}
			}
		})
	}
}
