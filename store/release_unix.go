//go:build unix

package store

import (
	"os"
	"unsafe"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/unix"
)

// release drops the whole pages of b, a slice of the database's read-only
// memory map, from the process's resident memory. They stay in the
// operating system's page cache, and a later read maps them back in: it
// only stops a blob read once (the stored model, tens of MB) from counting
// against the server's resident memory for as long as it runs.
func release(b []byte) {
	page := uintptr(os.Getpagesize())
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	from := int((page - start%page) % page)          // first whole page
	to := len(b) - int((start+uintptr(len(b)))%page) // end of the last one
	if from >= to {
		return
	}
	_ = unix.Madvise(b[from:to], unix.MADV_DONTNEED) // advice: failing changes nothing
}

// willNeed asks the operating system to start reading the pages of b, a
// value of tx, from the disk now. bbolt maps the file for random access
// (no read-ahead), so a large blob read from a cold cache otherwise costs
// one read of the disk per 4 KB page faulted in: the 10M shop's stored
// model (600 MB) took 15 s to load after a reboot. A value outside the
// map (one a write transaction holds in memory) is left alone. It is
// advice: the caller need not look at the error.
func willNeed(tx *bolt.Tx, b []byte) error {
	m := mapOf(tx)
	if len(b) == 0 || m == nil {
		return nil
	}
	at := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	base := uintptr(unsafe.Pointer(unsafe.SliceData(m)))
	if at < base || at-base+uintptr(len(b)) > uintptr(len(m)) {
		return nil
	}
	// From the start of b's first page: the map is page-aligned.
	off := int(at - base)
	from := off - off%os.Getpagesize()
	return unix.Madvise(m[from:off+len(b)], unix.MADV_WILLNEED)
}

// mapOf is the database's memory map as tx sees it, nil when it has none.
func mapOf(tx *bolt.Tx) []byte {
	data := tx.DB().Info().Data
	if data == 0 || tx.Size() <= 0 {
		return nil
	}
	// The map is not Go memory: bbolt hands out its address as a number.
	return unsafe.Slice((*byte)(unsafe.Add(nil, data)), tx.Size())
}

// adviseAll gives the kernel advice about every page of the database's
// memory map that tx sees.
func adviseAll(tx *bolt.Tx, advice int) {
	if m := mapOf(tx); m != nil {
		_ = unix.Madvise(m, advice) // advice: failing changes nothing
	}
}

// readAhead turns the kernel's read-ahead of the map on (MADV_NORMAL) or
// back off (MADV_RANDOM, as bbolt maps the file).
func readAhead(tx *bolt.Tx, on bool) {
	if on {
		adviseAll(tx, unix.MADV_NORMAL)
	} else {
		adviseAll(tx, unix.MADV_RANDOM)
	}
}

// releaseAll releases every page of the database's memory map that tx
// sees (see release); tx keeps the map in place meanwhile.
func releaseAll(tx *bolt.Tx) {
	if m := mapOf(tx); m != nil {
		release(m)
	}
}
