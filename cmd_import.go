package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"shelf/store"
	"shelf/store/dataio"
	"shelf/store/dataio/platform"
)

// runImport is shelf import: it bulk-loads one CSV or NDJSON file, or a
// shop platform's export (-from), all of it or, when any line is bad,
// none of it.
func runImport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", stderr)
	from := fs.String("from", "", "read a shop platform's CSV export instead: shopify (products or orders export) or woocommerce (products export, or order items)")
	db := fs.String("db", "shelf.db", "database file")
	kind := fs.String("kind", "interactions", "what the file holds: products, users or interactions; or factors, trained elsewhere on `shelf export -kind signal` (with -users and -items, no FILE)")
	format := fs.String("format", "", "csv or ndjson (default: from the file name or content)")
	createMissing := fs.Bool("create-missing", false, "create users and products that events refer to but that do not exist")
	usersDir := fs.String("users", "", "with -kind factors: the folder of user factors (Spark ALS's userFactors)")
	itemsDir := fs.String("items", "", "with -kind factors: the folder of item factors (Spark ALS's itemFactors)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *kind == "factors" {
		return runImportFactors(fs, *db, *usersDir, *itemsDir, stdout)
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("import takes one FILE (got %d arguments)", fs.NArg())
	}
	if *from != "" {
		return runImportFrom(fs, *from, *db, fs.Arg(0), stdout, stderr)
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
	// An import's heap is the file, then the log of its records and the
	// index keys, alive until the end: a collection target of 1.5 times
	// the live heap instead of Go's default 2 keeps the peak down (GOGC
	// in the environment still decides when set).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	start := time.Now()
	res, err := importFile(st, *kind, f, body, store.ImportOptions{CreateMissing: *createMissing})
	if err == nil {
		fmt.Fprintf(stdout, "imported %d products, %d users, %d interactions (created %d users, %d products) in %s\n",
			res.Products, res.Users, res.Interactions, res.CreatedUsers, res.CreatedProducts, time.Since(start).Round(time.Millisecond))
		return nil
	}
	// The file's bytes are not kept through the import (672 MB for ten
	// million events); a failure reads them again to name the bad lines.
	if body, rerr := os.ReadFile(path); rerr == nil {
		return describeImportError(path, err, body, f, stderr)
	}
	return describeImportError(path, err, nil, f, stderr)
}

// importFile decodes a file of one kind and imports it. Events are
// decoded a part at a time into the log of their stored records: ten
// million of them took 1.4 GB as Interactions, and take about 0.3 GB in
// the log (records of about 20 bytes, and where each ends).
func importFile(st *store.Store, kind string, f dataio.Format, body []byte, opt store.ImportOptions) (store.ImportResult, error) {
	if kind != "interactions" {
		batch, err := dataio.DecodeBatch(kind, f, body)
		if err != nil {
			return store.ImportResult{}, err
		}
		return st.Import(batch, opt)
	}
	l := st.NewEventLog()
	l.Grow(len(body) / 2)
	err := dataio.DecodeEventsParts(body, f, func(part []store.Interaction) {
		for i := range part {
			l.Add(&part[i])
		}
	})
	if err != nil {
		return store.ImportResult{}, err
	}
	return st.ImportEvents(l, opt)
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

// runImportFrom is shelf import -from PLATFORM FILE: the export's kind
// (products or orders) comes from its header, and it is written through
// the engine, which matches it with what the shop holds (see
// engine.ImportPlatform).
func runImportFrom(fs *flag.FlagSet, from, db, path string, stdout, stderr io.Writer) error {
	p, err := platform.ParsePlatform(from)
	if err != nil {
		return fmt.Errorf("-from %v", err)
	}
	var conflict error
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "kind" || f.Name == "format" || f.Name == "create-missing" {
			conflict = fmt.Errorf("-from reads the kind from the export's header: leave out -%s", f.Name)
		}
	})
	if conflict != nil {
		return conflict
	}
	body, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	st, eng, err := openOffline(db)
	if err != nil {
		return err
	}
	defer st.Close()
	defer eng.Close()
	if st.UndidImport() {
		fmt.Fprintf(stderr, "%s: an earlier import that did not finish was undone\n", db)
	}
	start := time.Now()
	// Times without an offset (WooCommerce's) are the shop's.
	loc, err := time.LoadLocation(eng.Shop().TimeZone)
	if err != nil {
		return err
	}
	f, err := platform.Decode(p, body, loc)
	if err != nil {
		return describeImportError(path, err, body, dataio.CSV, stderr)
	}
	res, err := eng.ImportPlatform(f)
	if err != nil {
		return describeImportError(path, err, body, dataio.CSV, stderr)
	}
	took := time.Since(start).Round(time.Millisecond)
	if f.Kind == platform.Products {
		skipped := ""
		if res.Skipped > 0 {
			skipped = fmt.Sprintf("; skipped %d grouped products, which have no price of their own", res.Skipped)
		}
		fmt.Fprintf(stdout, "imported %d products from %s (%d new, %d updated%s) in %s\n",
			res.Products, p, res.Products-res.Updated, res.Updated, skipped, took)
		return nil
	}
	fmt.Fprintf(stdout, "imported %d purchases from %s (%d new customers); skipped %d lines recorded before, refunded %d of them, in %s\n",
		res.Interactions, p, res.Users, res.Skipped, res.Refunded, took)
	return nil
}
