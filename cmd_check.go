package main

import (
	"fmt"
	"io"
	"time"

	"shelf/engine"
	"shelf/store"
)

// runCheck is shelf check: it verifies the whole file read-only (every
// record decoded, every index both ways, the stored model, bbolt's pages),
// after undoing an import that did not finish.
func runCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	db := fs.String("db", "shelf.db", "database file (the server must be stopped)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	opt := store.VerifyOptions{Blob: engine.VerifyBlob}
	r, err := store.Verify(*db, opt)
	if err != nil {
		return err
	}
	if r.UnfinishedImport {
		// Opening read-write undoes the import (the journal says what).
		st, err := openStore(*db, store.Options{})
		if err != nil {
			return err
		}
		undone := st.UndidImport()
		if err := st.Close(); err != nil {
			return err
		}
		if undone {
			fmt.Fprintf(stdout, "%s: an import that did not finish was undone\n", *db)
		}
		if r, err = store.Verify(*db, opt); err != nil {
			return err
		}
	}
	if !r.OK() {
		for _, p := range r.Problems {
			fmt.Fprintf(stdout, "%s: %s\n", *db, p)
		}
		return fmt.Errorf("%s is damaged: %d problems (restore a backup)", *db, r.ProblemCount)
	}
	if since := r.ErasurePendingSince; !since.IsZero() {
		fmt.Fprintf(stdout, "%s: users erased since %s are still in freed pages until the next compaction (shelf serve compacts at start and within an hour of an erasure; shelf compact does it now)\n",
			*db, since.UTC().Format(time.RFC3339))
	}
	c := r.Counts
	fmt.Fprintf(stdout, "%s is consistent: %d products, %d users, %d interactions\n", *db, c.Products, c.Users, c.Interactions)
	return nil
}

// runCompact is shelf compact: it rewrites the file with live data only, so
// that nothing of erased records stays in freed pages.
func runCompact(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("compact", stderr)
	db := fs.String("db", "shelf.db", "database file (the server must be stopped)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := store.CompactFile(*db); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s compacted: it holds live data only\n", *db)
	return nil
}
