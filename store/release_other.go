//go:build !unix

package store

import bolt "go.etcd.io/bbolt"

// release is a no-op where madvise is not available.
func release([]byte) {}

// willNeed is a no-op where madvise is not available.
func willNeed([]byte) error { return nil }

// releaseAll is a no-op where madvise is not available.
func releaseAll(*bolt.Tx) {}
