//go:build !unix

package store

// release is a no-op where madvise is not available.
func release([]byte) {}
