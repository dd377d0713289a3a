// Command shelf is a product-recommendation engine for online shops in one
// binary: a bbolt store, background-trained models, a JSON API and an
// embedded storefront and admin UI on one port.
//
//	shelf serve [-addr :8080] [-db shelf.db] [-demo]   (the default command)
//	shelf import [-kind interactions] [-create-missing] FILE
//	shelf export [-kind interactions] [-format csv] [-o FILE]
//	shelf demo -o DIR [-products N] [-users N] [-events N] [-seed S]
//	shelf eval -format movielens|events [-json] FILE
//	shelf admin create -username NAME   (reads the password from standard input)
//	shelf backup -o FILE
//	shelf check [-db FILE]
//	shelf compact [-db FILE]
//	shelf bench [-url http://127.0.0.1:8080] [-scenario mixed] [-c 64] [-d 10s]
//	shelf simulate [-url http://127.0.0.1:8080] [-shoppers 100] [-d 60s] [-placement home]
//	shelf health [-url http://127.0.0.1:8080] [-timeout 3s]
//	shelf version
//
// Every flag can also be set with an environment variable SHELF_<NAME>
// (dashes become underscores): -db is SHELF_DB, -create-missing is
// SHELF_CREATE_MISSING. A flag on the command line wins over the variable.
//
// This file only parses the command line and dispatches: each subcommand
// has its own file (cmd_serve.go, cmd_import.go, ...), and Main (server.go)
// opens, serves and closes everything shelf serve runs.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	// The shop's time zone (for its analytics days) must load on a machine
	// without a zoneinfo database, as a fresh VM or a scratch container
	// is: the binary carries one (about 450 KB).
	_ "time/tzdata"

	"shelf/store"
)

// version is set at release time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "shelf:", err)
		}
		os.Exit(1)
	}
}

// run dispatches a subcommand; it is main without the exit, for tests.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return runServe(ctx, args, stderr)
	case "import":
		return runImport(args, stdout, stderr)
	case "export":
		return runExport(args, stdout, stderr)
	case "demo":
		return runDemo(args, stdout, stderr)
	case "eval":
		return runEval(ctx, args, stdout, stderr)
	case "admin":
		return runAdmin(args, stdin, stdout, stderr)
	case "backup":
		return runBackup(args, stdout, stderr)
	case "check":
		return runCheck(args, stdout, stderr)
	case "compact":
		return runCompact(args, stdout, stderr)
	case "bench":
		return runBench(ctx, args, stdout, stderr)
	case "simulate":
		return runSimulate(ctx, args, stdout, stderr)
	case "health":
		return runHealth(ctx, args, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "shelf", buildVersion())
		return nil
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

const usage = `usage: shelf [command] [flags]

commands:
  serve    run the API and UI (the default)      shelf serve -demo
  import   bulk-load a CSV or NDJSON file        shelf import -kind interactions events.csv
  export   write data as CSV or NDJSON           shelf export -kind products -o products.csv
  demo     write a generated shop as CSV files   shelf demo -users 5000 -events 100000 -o shop
  eval     offline evaluation (holdout-v1)       shelf eval -format movielens u.data
  admin    create or reset an admin account      echo "$PASSWORD" | shelf admin create -username ana
  backup   write a consistent copy of the data   shelf backup -o shelf-backup.db
  check    verify a database file, every record  shelf check -db shelf.db
  compact  rewrite the file with live data only  shelf compact -db shelf.db
  bench    load-test a running shelf over HTTP   shelf bench -scenario mixed -c 64 -d 30s
  simulate play shoppers against a running shelf shelf simulate -shoppers 200 -d 60s
  health   exit 0 if a running shelf is ready    shelf health -url http://127.0.0.1:8080
  version  print the version

Run "shelf COMMAND -h" for a command's flags. Every flag can also be set
with SHELF_<FLAG> in the environment (for example SHELF_DB=/var/lib/shelf.db).`

// buildVersion is the version set at release time, else the module version
// go install recorded, else "dev".
func buildVersion() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}

// newFlags makes a subcommand's flag set, which reports errors (and -h) to
// stderr instead of exiting. Parse it with parseFlags, not fs.Parse, so that
// SHELF_* variables count.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args, then sets each flag not given on the command line
// from its SHELF_<NAME> variable, if that is set.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		env := "SHELF_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(env); ok && !given[f.Name] && err == nil {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("%s=%q: %v", env, v, e)
			}
		}
	})
	return err
}

// openStore opens the database file for a command. Every command opens it
// here, so that the test build (-tags shelftest) can add its hooks.
func openStore(path string, opt store.Options) (*store.Store, error) {
	if err := addTestHooks(&opt); err != nil {
		return nil, err
	}
	return store.Open(path, opt)
}
