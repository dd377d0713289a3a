package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"shelf/demo"
	"shelf/store/dataio"
	"shelf/store/seed"
)

// demoFiles are the files shelf demo writes, in the order shelf import
// reads them (events refer to products and users).
var demoFiles = [...]string{"products.csv", "users.csv", "events.csv"}

// defaultDemoEnd is the default end of the event window: a fixed instant,
// so that the same flags give the same files on any day.
const defaultDemoEnd = "2026-01-01T00:00:00Z"

// maxDemoDays bounds -days well inside what a time.Duration holds.
const maxDemoDays = 36_500

const demoUsage = `usage: shelf demo -o DIR [-products N] [-users N] [-events N] [-seed S] [-days D] [-categories C] [-end TIME] [-force]

Writes a generated shop (the demo generator: products in categories,
users with hidden tastes, and a shop-like log of sessions with repeated
views, likes, carts and purchases) as products.csv, users.csv and
events.csv in DIR, in the formats shelf import reads; ids run from 1.
The same flags give byte-identical files: the events fall in the -days
before -end, a fixed instant (not the clock), so pass -end to move the
window. DIR is created if missing; existing files are kept unless -force.
Load them in this order:

  shelf import -kind products DIR/products.csv
  shelf import -kind users DIR/users.csv
  shelf import -kind interactions DIR/events.csv

flags:`

// runDemo is shelf demo: it writes a generated shop as three CSV files.
func runDemo(args []string, stdout, stderr io.Writer) error {
	cfg, dir, force, err := parseDemoFlags(args, stderr)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if !force {
		for _, name := range demoFiles {
			if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
				return fmt.Errorf("%s exists: pass -force to overwrite it", filepath.Join(dir, name))
			} else if !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
	}
	start := time.Now()
	if err := writeDemo(cfg, dir); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d products, %d users and %d events to %s in %s\n",
		cfg.Products, cfg.Users, cfg.Interactions, dir, time.Since(start).Round(time.Millisecond))
	return nil
}

// parseDemoFlags reads shelf demo's flags into a generator Config, the
// output directory and -force; an error names the flag at fault.
func parseDemoFlags(args []string, stderr io.Writer) (demo.Config, string, bool, error) {
	def := demo.DefaultConfig(time.Time{})
	fs := newFlags("demo", stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), demoUsage)
		fs.PrintDefaults()
	}
	dir := fs.String("o", "", "output directory (required)")
	products := fs.Int("products", def.Products, "number of products")
	users := fs.Int("users", def.Users, "number of users")
	events := fs.Int("events", def.Interactions, "number of events (interactions)")
	seedFlag := fs.Int64("seed", def.Seed, "seed of every random draw")
	days := fs.Int("days", def.Days, "length of the event window, in days")
	categories := fs.Int("categories", def.Categories, fmt.Sprintf("number of categories, 1 to %d", demo.MaxCategories))
	end := fs.String("end", defaultDemoEnd, "end of the event window, RFC 3339 or YYYY-MM-DD (UTC)")
	force := fs.Bool("force", false, "overwrite existing files")
	if err := parseFlags(fs, args); err != nil {
		return demo.Config{}, "", false, err
	}
	cfg := demo.Config{Seed: *seedFlag, Products: *products, Users: *users, Interactions: *events, Categories: *categories, Days: *days}
	switch {
	case fs.NArg() > 0:
		return cfg, "", false, fmt.Errorf("demo takes no arguments (got %q); the directory is -o DIR", strings.Join(fs.Args(), " "))
	case *dir == "":
		return cfg, "", false, errors.New("demo needs -o DIR, the directory to write the files to")
	}
	for _, f := range [...]struct {
		name    string
		n, most int
	}{
		{"products", cfg.Products, math.MaxInt32}, {"users", cfg.Users, math.MaxInt32}, {"events", cfg.Interactions, math.MaxInt32},
		{"days", cfg.Days, maxDemoDays},
	} {
		if f.n < 1 || f.n > f.most {
			return cfg, "", false, fmt.Errorf("-%s must be from 1 to %d (got %d)", f.name, f.most, f.n)
		}
	}
	if cfg.Categories < 1 || cfg.Categories > demo.MaxCategories {
		return cfg, "", false, fmt.Errorf("-categories must be from 1 to %d (got %d)", demo.MaxCategories, cfg.Categories)
	}
	var err error
	if cfg.Now, err = parseDemoEnd(*end, cfg.Days); err != nil {
		return cfg, "", false, err
	}
	return cfg, *dir, *force, nil
}

// parseDemoEnd reads -end, and checks that every generated time (users
// join up to two years before a window of days, products are created up
// to half as long again before it) falls where shelf import takes times.
func parseDemoEnd(s string, days int) (time.Time, error) {
	end, err := time.Parse(time.RFC3339, s)
	if err != nil {
		if end, err = time.Parse(time.DateOnly, s); err != nil {
			return time.Time{}, fmt.Errorf("-end must be an RFC 3339 time or a date YYYY-MM-DD (got %q)", s)
		}
	}
	earliest := end.Add(-time.Duration(days)*36*time.Hour).AddDate(-2, 0, 0)
	if earliest.Year() < 1970 || end.Year() > 9999 {
		return time.Time{}, fmt.Errorf("-end %s with -days %d makes times outside 1970 to 9999", s, days)
	}
	return end.UTC(), nil
}

// writeDemo streams the shop of cfg into the three files of dir. Each is
// written to a temporary file and renamed into place once all three are
// complete, so a failure leaves what was there before.
func writeDemo(cfg demo.Config, dir string) (err error) {
	var tmps [len(demoFiles)]*os.File
	defer func() {
		for _, f := range tmps {
			if f != nil {
				f.Close()
				os.Remove(f.Name())
			}
		}
	}()
	for i, name := range demoFiles {
		if tmps[i], err = os.CreateTemp(dir, "."+name+"-*.tmp"); err != nil {
			return err
		}
		if err := tmps[i].Chmod(0o644); err != nil { // CreateTemp's 0600 is for secrets
			return err
		}
	}
	products := dataio.NewProductWriter(tmps[0], dataio.CSV)
	users := dataio.NewUserWriter(tmps[1], dataio.CSV)
	events := dataio.NewEventWriter(tmps[2], dataio.CSV)
	err = demo.Stream(cfg, dir, demo.Sink{
		Products:     func(ps []demo.Product) error { return writeDemoProducts(products, ps) },
		Users:        func(us []demo.User) error { return writeDemoUsers(users, us) },
		Interactions: func(batch []demo.Interaction) error { return writeDemoEvents(events, batch) },
	})
	if err != nil {
		return err
	}
	for _, flush := range [...]func() error{products.Flush, users.Flush, events.Flush} {
		if err := flush(); err != nil {
			return err
		}
	}
	for i, f := range tmps {
		if err := f.Close(); err != nil {
			return err
		}
		if err := os.Rename(f.Name(), filepath.Join(dir, demoFiles[i])); err != nil {
			return err
		}
		tmps[i] = nil
	}
	return nil
}

// demoChunk is how many records writeDemoProducts and writeDemoUsers
// convert at a time, so that the store's copy of the records stays small.
const demoChunk = 4096

// writeDemoProducts writes the products as store records, converted by
// package seed as shelf serve -demo loads them.
func writeDemoProducts(w *dataio.ProductWriter, ps []demo.Product) error {
	for len(ps) > 0 {
		n := min(len(ps), demoChunk)
		for _, p := range seed.Batch(&demo.Shop{Products: ps[:n]}).Products {
			if err := w.Write(p); err != nil {
				return err
			}
		}
		ps = ps[n:]
	}
	return nil
}

// writeDemoUsers writes the users as store records.
func writeDemoUsers(w *dataio.UserWriter, us []demo.User) error {
	for len(us) > 0 {
		n := min(len(us), demoChunk)
		for _, u := range seed.Batch(&demo.Shop{Users: us[:n]}).Users {
			if err := w.Write(u); err != nil {
				return err
			}
		}
		us = us[n:]
	}
	return nil
}

// writeDemoEvents writes one batch of events as store records.
func writeDemoEvents(w *dataio.EventWriter, batch []demo.Interaction) error {
	for _, it := range seed.Batch(&demo.Shop{Interactions: batch}).Interactions {
		if err := w.Write(it); err != nil {
			return err
		}
	}
	return nil
}
