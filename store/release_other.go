//go:build !unix

package store

import bolt "go.etcd.io/bbolt"

// release is a no-op where madvise is not available.
func release([]byte) {}

// willNeed is a no-op where madvise is not available.
func willNeed(*bolt.Tx, []byte) error { return nil }

// readAhead is a no-op where madvise is not available.
func readAhead(*bolt.Tx, bool) {}

// releaseAll is a no-op where madvise is not available.
func releaseAll(*bolt.Tx) {}
