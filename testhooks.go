//go:build !shelftest

package main

import "shelf/store"

// addTestHooks adds nothing: the release build has no test hooks. The
// binary the tests build (-tags shelftest) has them; see
// testhooks_shelftest.go.
func addTestHooks(*store.Options) error { return nil }
