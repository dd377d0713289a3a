package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"shelf/store"
	"shelf/store/dataio"
)

// runImport is shelf import: it bulk-loads one CSV or NDJSON file, all of
// it or, when any line is bad, none of it.
func runImport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", stderr)
	db := fs.String("db", "shelf.db", "database file")
	kind := fs.String("kind", "interactions", "what the file holds: products, users or interactions")
	format := fs.String("format", "", "csv or ndjson (default: from the file name or content)")
	createMissing := fs.Bool("create-missing", false, "create users and products that events refer to but that do not exist")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("import takes one FILE (got %d arguments)", fs.NArg())
	}
	if err := dataio.CheckKind(*kind); err != nil {
		return fmt.Errorf("-kind %v", err)
	}
	path := fs.Arg(0)
	body, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var f dataio.Format
	if *format != "" {
		f, err = dataio.ParseFormat(*format)
	} else {
		f, err = dataio.DetectFormat(filepath.Base(path), "", body[:min(len(body), 512)])
	}
	if err != nil {
		return err
	}
	st, err := openStore(*db, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	if st.UndidImport() {
		fmt.Fprintf(stderr, "%s: an earlier import that did not finish was undone\n", *db)
	}
	start := time.Now()
	batch, err := dataio.DecodeBatch(*kind, f, body)
	if err == nil {
		var res store.ImportResult
		res, err = st.Import(batch, store.ImportOptions{CreateMissing: *createMissing})
		if err == nil {
			fmt.Fprintf(stdout, "imported %d products, %d users, %d interactions (created %d users, %d products) in %s\n",
				res.Products, res.Users, res.Interactions, res.CreatedUsers, res.CreatedProducts, time.Since(start).Round(time.Millisecond))
			return nil
		}
	}
	return describeImportError(path, err, body, f, stderr)
}

// describeImportError prints each bad line as FILE:LINE: field: message.
func describeImportError(path string, err error, body []byte, f dataio.Format, w io.Writer) error {
	var de *dataio.Errors
	var ie *store.ImportError
	switch {
	case errors.As(err, &de):
		for _, le := range de.Errors {
			fmt.Fprintf(w, "%s:%s\n", path, le.Error())
		}
		return fmt.Errorf("%d bad lines in %s; nothing was imported", de.Total, path)
	case errors.As(err, &ie):
		for _, le := range dataio.ImportLineErrors(ie, body, f) {
			fmt.Fprintf(w, "%s:line %d: %s: %s\n", path, le.Line, le.Field, le.Message)
		}
		return fmt.Errorf("%d bad records in %s; nothing was imported", ie.Total, path)
	}
	return err
}
