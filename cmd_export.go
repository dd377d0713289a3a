package main

import (
	"fmt"
	"io"
	"os"

	"shelf/store"
	"shelf/store/dataio"
)

// runExport is shelf export: it writes one kind of record as CSV or NDJSON.
func runExport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export", stderr)
	db := fs.String("db", "shelf.db", "database file")
	kind := fs.String("kind", "interactions", "what to write: products, users or interactions; or signal, for a distributed trainer (with -format parquet and -o DIR)")
	format := fs.String("format", "csv", "csv or ndjson; parquet for -kind signal")
	out := fs.String("o", "", "output file (default: standard output); a new folder for -kind signal")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *kind == "signal" {
		return runExportSignal(*db, *format, *out, stdout)
	}
	if err := dataio.CheckKind(*kind); err != nil {
		return fmt.Errorf("-kind %v", err)
	}
	f, err := dataio.ParseFormat(*format)
	if err != nil {
		return err
	}
	// A running server holds the file's exclusive lock: Open then says so,
	// and GET /api/export/KIND is the way to export while serving.
	st, err := openStore(*db, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer st.Close()
	w := stdout
	if *out != "" {
		file, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	if err := dataio.Export(st, *kind, f, w); err != nil {
		return err
	}
	if file, ok := w.(*os.File); ok && *out != "" {
		return file.Sync()
	}
	return nil
}
