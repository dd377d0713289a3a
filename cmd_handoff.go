package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"shelf/engine"
	"shelf/store"
)

// The hand-off to a distributed trainer (docs/SCALING.md): shelf export
// -kind signal writes what Spark MLlib's ALS trains on, and shelf import
// -kind factors serves what it learned. Both run on a stopped server's
// database file, through the engine, which owns the signal's weights and
// the serving model.

// openOffline opens the database and an engine that neither retrains nor
// caches, for a command that works on the file and exits.
func openOffline(db string) (*store.Store, *engine.Engine, error) {
	st, err := openStore(db, store.Options{})
	if err != nil {
		return nil, nil, err
	}
	cfg := engine.DefaultConfig()
	cfg.RetrainInterval, cfg.CacheBytes = 0, 0
	eng, err := engine.New(context.Background(), st, cfg, nil)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, eng, nil
}

// runExportSignal is shelf export -kind signal -format parquet -o DIR.
func runExportSignal(db, format, dir string, stdout io.Writer) error {
	if format != "parquet" {
		return fmt.Errorf("-format: -kind signal is written as parquet (got %q)", format)
	}
	if dir == "" {
		return errors.New("-o: -kind signal needs a new folder to write into")
	}
	st, eng, err := openOffline(db)
	if err != nil {
		return err
	}
	defer st.Close()
	defer eng.Close()
	start := time.Now()
	rep, err := eng.ExportSignal(dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d signal rows (%d users, %d items) from %d events into %d day folders of %s in %s\n",
		rep.Rows, rep.Users, rep.Items, rep.Events, rep.Days, dir, time.Since(start).Round(time.Millisecond))
	return nil
}

// runImportFactors is shelf import -kind factors -users DIR -items DIR.
func runImportFactors(fs *flag.FlagSet, db, users, items string, stdout io.Writer) error {
	if fs.NArg() != 0 {
		return fmt.Errorf("import -kind factors reads -users and -items, not a FILE (got %d arguments)", fs.NArg())
	}
	if users == "" || items == "" {
		return errors.New("-users and -items: -kind factors needs both folders (Spark ALS's userFactors and itemFactors)")
	}
	st, eng, err := openOffline(db)
	if err != nil {
		return err
	}
	defer st.Close()
	defer eng.Close()
	rep, err := eng.ImportFactors(users, items)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "serving %d imported factors for %d users and %d items (model version %d); %d users folded in, %d items without factors, %d users and %d items skipped (no longer in the shop)\n",
		rep.Factors, rep.Users, rep.Items, eng.Status().ModelVersion, rep.FoldedIn, rep.ItemsWithout, rep.SkippedUsers, rep.SkippedItems)
	return nil
}
