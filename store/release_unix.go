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
// slice of the database's memory map, from the disk now. bbolt maps the
// file for random access (no read-ahead), so a large blob read from a
// cold cache otherwise costs one read of the disk per 4 KB page faulted
// in: the 10M shop's stored model (600 MB) took 15 s to load after a
// reboot. It is advice: the caller need not look at the error.
func willNeed(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	page := uintptr(os.Getpagesize())
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	// From the start of b's first page: the map is page-aligned, so that
	// page is the map's too.
	from := unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(b)), -int(start%page))), len(b)+int(start%page))
	return unix.Madvise(from, unix.MADV_WILLNEED)
}

// releaseAll releases every page of the database's memory map that tx
// sees (see release); tx keeps the map in place meanwhile.
func releaseAll(tx *bolt.Tx) {
	data := tx.DB().Info().Data
	if data == 0 || tx.Size() <= 0 {
		return
	}
	// The map is not Go memory: bbolt hands out its address as a number.
	release(unsafe.Slice((*byte)(unsafe.Add(nil, data)), tx.Size()))
}
