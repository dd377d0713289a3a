package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// bbolt maps the whole file and trusts its meta page: a file cut short (a
// full disk during a copy, a partial download, a restore interrupted) makes
// the first read past its end a SIGBUS that kills the process with a
// goroutine dump, and an empty file is silently made into a new, empty
// shop. So the meta pages are read here, with plain reads, before bbolt
// sees the file.

// The on-disk meta page of bbolt (go.etcd.io/bbolt/internal/common): a
// 16-byte page header, then the meta fields, all in the machine's byte
// order. The checksum is FNV-64a over the meta up to the checksum.
const (
	pageHeaderSize = 16
	metaSize       = 64
	metaSumOffset  = 56
	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	// minPageSize and maxPageSize bound the page sizes bbolt itself tries
	// when it looks for the second meta page.
	minPageSize = 1024
	maxPageSize = 1024 << 14
)

// fileMeta is what a meta page says about the file.
type fileMeta struct {
	pageSize uint32
	root     uint64 // root bucket's page
	freelist uint64
	pgid     uint64 // high-water mark: pages in use are below it
	txid     uint64
}

// errNoMeta is a page that is not a valid bbolt meta page.
var errNoMeta = errors.New("no valid meta page")

// parseMeta decodes the meta page at the start of page.
func parseMeta(page []byte) (fileMeta, error) {
	if len(page) < pageHeaderSize+metaSize {
		return fileMeta{}, errNoMeta
	}
	m := page[pageHeaderSize : pageHeaderSize+metaSize]
	ne := binary.NativeEndian
	if ne.Uint32(m[0:]) != boltMagic {
		return fileMeta{}, errNoMeta
	}
	if v := ne.Uint32(m[4:]); v != boltVersion {
		return fileMeta{}, fmt.Errorf("bbolt format version %d, this build reads version %d", v, boltVersion)
	}
	h := fnv.New64a()
	h.Write(m[:metaSumOffset])
	if h.Sum64() != ne.Uint64(m[metaSumOffset:]) {
		return fileMeta{}, errors.New("meta page checksum mismatch")
	}
	fm := fileMeta{
		pageSize: ne.Uint32(m[8:]),
		root:     ne.Uint64(m[16:]),
		freelist: ne.Uint64(m[32:]),
		pgid:     ne.Uint64(m[40:]),
		txid:     ne.Uint64(m[48:]),
	}
	if fm.pageSize < minPageSize || fm.pageSize > maxPageSize || fm.pageSize&(fm.pageSize-1) != 0 {
		return fileMeta{}, fmt.Errorf("meta page gives page size %d", fm.pageSize)
	}
	return fm, nil
}

// FileError is a database file that cannot be opened safely as it is: empty,
// cut short, or not a bbolt file at all. It names the file, its size and
// what is wrong.
type FileError struct {
	Path    string
	Size    int64
	Problem string
}

// Error names the file, its size and the problem.
func (e *FileError) Error() string {
	return fmt.Sprintf("%s (%d bytes): %s", e.Path, e.Size, e.Problem)
}

// checkFile reads the meta pages of the file at path and refuses a file
// that bbolt must not map. A missing file passes: it is to be created.
func checkFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	size := info.Size()
	fail := func(format string, args ...any) error {
		return &FileError{Path: path, Size: size, Problem: fmt.Sprintf(format, args...)}
	}
	if size == 0 {
		return fail("the file is empty, not a shelf database: remove it to start a new shop, or restore a backup")
	}
	m, err := readMeta(f, size)
	if err != nil {
		return fail("not a shelf database or the file is corrupt: %v; restore a backup", err)
	}
	need := int64(m.pgid) * int64(m.pageSize)
	if m.pgid > uint64(1<<62)/uint64(m.pageSize) || size < need {
		return fail("the file is truncated: its last transaction (%d) uses %d pages of %d bytes (%d bytes), but the file holds only %d bytes; restore a backup",
			m.txid, m.pgid, m.pageSize, need, size)
	}
	if m.root >= m.pgid || (m.freelist >= m.pgid && m.freelist != ^uint64(0)) {
		return fail("the file is corrupt: its meta page points past its last page (root %d, freelist %d, %d pages); restore a backup", m.root, m.freelist, m.pgid)
	}
	return nil
}

// readMeta returns the valid meta page with the higher transaction id, as
// bbolt picks it. The second meta page is one page in; when the first is
// damaged its page size is unknown, so the sizes bbolt would try are tried.
func readMeta(f io.ReaderAt, size int64) (fileMeta, error) {
	buf := make([]byte, pageHeaderSize+metaSize)
	read := func(off int64) (fileMeta, error) {
		if off+int64(len(buf)) > size {
			return fileMeta{}, errNoMeta
		}
		if _, err := f.ReadAt(buf, off); err != nil {
			return fileMeta{}, err
		}
		return parseMeta(buf)
	}
	m0, err0 := read(0)
	var m1 fileMeta
	err1 := errNoMeta
	if err0 == nil {
		m1, err1 = read(int64(m0.pageSize))
	} else {
		for ps := int64(minPageSize); ps <= maxPageSize && err1 != nil; ps *= 2 {
			if m1, err1 = read(ps); err1 == nil && int64(m1.pageSize) != ps {
				err1 = errNoMeta
			}
		}
	}
	switch {
	case err0 == nil && (err1 != nil || m0.txid >= m1.txid):
		return m0, nil
	case err1 == nil:
		return m1, nil
	case errors.Is(err0, errNoMeta):
		return fileMeta{}, err1
	}
	return fileMeta{}, err0
}
