//go:build shelftest

package main

import (
	"fmt"
	"os"
	"strconv"
	"syscall"

	"shelf/store"
)

// killAfterChunkEnv names the chunk of a large import (numbered from 0)
// after whose commit the process kills itself with SIGKILL, so that crash
// tests stop it at a chosen point rather than by racing a timer.
const killAfterChunkEnv = "SHELF_TEST_KILL_AFTER_CHUNK"

// addTestHooks adds the hooks the environment asks for. This file is only
// in the binary the tests build with -tags shelftest.
func addTestHooks(opt *store.Options) error {
	v, ok := os.LookupEnv(killAfterChunkEnv)
	if !ok {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return fmt.Errorf("%s=%q: want a chunk number from 0", killAfterChunkEnv, v)
	}
	opt.AfterImportChunk = func(chunk int) error {
		if chunk < n {
			return nil
		}
		// SIGKILL to itself ends the process before kill returns: nothing
		// after this runs, no deferred function, no close of the file.
		if err := syscall.Kill(os.Getpid(), syscall.SIGKILL); err != nil {
			return err
		}
		return fmt.Errorf("%s: SIGKILL did not stop the process", killAfterChunkEnv)
	}
	return nil
}
