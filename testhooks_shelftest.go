//go:build shelftest

package main

import (
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"shelf/store"
)

// The test hooks stop the process at a chosen point, so that crash tests
// need no timer to race.
const (
	// killAfterChunkEnv names the chunk of a large import (numbered from
	// 0) after whose commit the process kills itself with SIGKILL.
	killAfterChunkEnv = "SHELF_TEST_KILL_AFTER_CHUNK"
	// pauseAfterChunkEnv names the chunk of a large import after whose
	// commit the import waits, with the journal in place, until the
	// process gets SIGUSR1 (or is killed). It says so on standard error
	// with a JSON record whose msg is pausedMsg.
	pauseAfterChunkEnv = "SHELF_TEST_PAUSE_AFTER_CHUNK"
	pausedMsg          = "test hook: import paused"
	// killInCompactEnv names the step of a compaction (store.CompactCopied
	// or store.CompactRenamed) at which the process kills itself.
	killInCompactEnv = "SHELF_TEST_KILL_IN_COMPACT"
)

// addTestHooks adds the hooks the environment asks for. This file is only
// in the binary the tests build with -tags shelftest.
func addTestHooks(opt *store.Options) error {
	if step, ok := os.LookupEnv(killInCompactEnv); ok {
		if step != store.CompactCopied && step != store.CompactRenamed {
			return fmt.Errorf("%s=%q: want %s or %s", killInCompactEnv, step, store.CompactCopied, store.CompactRenamed)
		}
		opt.AfterCompactStep = func(at string) error {
			if at == step {
				return killSelf(killInCompactEnv)
			}
			return nil
		}
	}
	kill, err := chunkEnv(killAfterChunkEnv)
	if err != nil {
		return err
	}
	pause, err := chunkEnv(pauseAfterChunkEnv)
	if err != nil {
		return err
	}
	if kill < 0 && pause < 0 {
		return nil
	}
	resume := make(chan os.Signal, 1)
	if pause >= 0 {
		signal.Notify(resume, syscall.SIGUSR1)
	}
	opt.AfterImportChunk = func(chunk int) error {
		if chunk == pause {
			// One write, so the record is one line of the log.
			fmt.Fprintf(os.Stderr, "{\"level\":\"WARN\",\"msg\":%q,\"chunk\":%d}\n", pausedMsg, chunk)
			<-resume
		}
		if kill < 0 || chunk < kill {
			return nil
		}
		return killSelf(killAfterChunkEnv)
	}
	return nil
}

// killSelf sends SIGKILL to the process, which ends it before kill
// returns: nothing after this runs, no deferred function, no close of the
// file. It returns only if that failed.
func killSelf(hook string) error {
	if err := syscall.Kill(os.Getpid(), syscall.SIGKILL); err != nil {
		return err
	}
	return fmt.Errorf("%s: SIGKILL did not stop the process", hook)
}

// chunkEnv reads a chunk number from the variable name; -1 when unset.
func chunkEnv(name string) (int, error) {
	v, ok := os.LookupEnv(name)
	if !ok {
		return -1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s=%q: want a chunk number from 0", name, v)
	}
	return n, nil
}
