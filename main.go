// Command shelf is a product-recommendation engine for online shops in one
// binary: a bbolt store, background-trained models, a JSON API and an
// embedded storefront and admin UI on one port.
//
//	shelf serve [-addr :8080] [-db shelf.db] [-demo]   (the default command)
//	shelf import [-kind interactions] [-create-missing] FILE
//	shelf export [-kind interactions] [-format csv] [-o FILE]
//	shelf eval -format movielens|events [-json] FILE
//	shelf admin create -username NAME   (reads the password from standard input)
//	shelf backup -o FILE
//	shelf check [-db FILE]
//	shelf bench [-url http://127.0.0.1:8080] [-scenario mixed] [-c 64] [-d 10s]
//	shelf version
//
// Every flag can also be set with an environment variable SHELF_<NAME>
// (dashes become underscores): -db is SHELF_DB, -create-missing is
// SHELF_CREATE_MISSING. A flag on the command line wins over the variable.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"shelf/api"
	"shelf/api/auth"
	"shelf/api/loadtest"
	"shelf/api/middleware"
	"shelf/engine"
	"shelf/model/eval"
	"shelf/store"
	"shelf/store/dataio"
	"shelf/store/demo"
)

// version is set at release time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

// Config is everything the command line and environment say.
type Config struct {
	Addr            string
	DB              string
	Demo            bool
	RetrainInterval time.Duration
	CacheMB         int
	LogFormat       string
	LogLevel        string
	CORSOrigins     string
	TrustProxy      bool
	RatePerAddress  float64
	RatePerKey      float64
	TLSCert         string
	TLSKey          string
	HeaderTimeout   time.Duration
	DebugAddr       string
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "shelf:", err)
		}
		os.Exit(1)
	}
}

// stdin is the command's standard input; tests replace it.
var stdin io.Reader = os.Stdin

// run dispatches a subcommand; it is main without the exit, for tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
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
	case "eval":
		return runEval(ctx, args, stdout, stderr)
	case "admin":
		return runAdmin(args, stdin, stdout, stderr)
	case "backup":
		return runBackup(args, stdout, stderr)
	case "check":
		return runCheck(args, stdout, stderr)
	case "bench":
		return runBench(ctx, args, stdout, stderr)
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
  eval     offline evaluation (holdout-v1)       shelf eval -format movielens u.data
  admin    create or reset an admin account      echo "$PASSWORD" | shelf admin create -username ana
  backup   write a consistent copy of the data   shelf backup -o shelf-backup.db
  check    verify a database file's consistency  shelf check -db shelf.db
  bench    load-test a running shelf over HTTP   shelf bench -scenario mixed -c 64 -d 30s
  version  print the version

Run "shelf COMMAND -h" for a command's flags. Every flag can also be set
with SHELF_<FLAG> in the environment (for example SHELF_DB=/var/lib/shelf.db).`

func buildVersion() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}

// newFlags makes a flag set whose parse also reads SHELF_* variables for
// flags not given on the command line.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

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

func newLogger(format, level string, w io.Writer) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("-log-level: %v", err)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("-log-format must be text or json (got %q)", format)
}

func runServe(ctx context.Context, args []string, stderr io.Writer) error {
	var cfg Config
	fs := newFlags("serve", stderr)
	fs.StringVar(&cfg.Addr, "addr", ":8080", "address to listen on")
	fs.StringVar(&cfg.DB, "db", "shelf.db", "database file")
	fs.BoolVar(&cfg.Demo, "demo", false, "fill an empty database with the demo shop")
	fs.DurationVar(&cfg.RetrainInterval, "retrain", 10*time.Minute, "how often to retrain when new data arrived (0: never)")
	fs.IntVar(&cfg.CacheMB, "cache-mb", 64, "memory for the recommendation cache in MiB (0: no cache)")
	fs.StringVar(&cfg.LogFormat, "log-format", "text", "log format: text or json")
	fs.StringVar(&cfg.LogLevel, "log-level", "info", "log level: debug, info, warn or error")
	fs.StringVar(&cfg.CORSOrigins, "cors-origins", "", "comma-separated origins allowed to call the API from browsers (* for any, without cookies)")
	fs.BoolVar(&cfg.TrustProxy, "trust-proxy", false, "take the client address from X-Forwarded-For (only behind a reverse proxy)")
	fs.Float64Var(&cfg.RatePerAddress, "rate-limit", 200, "requests per second allowed from one client address, bursts of twice that (0: no limit)")
	fs.Float64Var(&cfg.RatePerKey, "key-rate-limit", 2000, "requests per second allowed for one API key, bursts of twice that (0: no limit)")
	fs.StringVar(&cfg.TLSCert, "tls-cert", "", "serve HTTPS with this certificate file (PEM)")
	fs.StringVar(&cfg.TLSKey, "tls-key", "", "the key file of -tls-cert (PEM)")
	fs.StringVar(&cfg.DebugAddr, "debug-addr", "", "serve Go's profiler (/debug/pprof/) on this separate address, e.g. 127.0.0.1:6060 (off by default; never expose it)")
	fs.DurationVar(&cfg.HeaderTimeout, "header-timeout", 10*time.Second, "how long a client may take to send a request's headers (against slow clients)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if (cfg.TLSCert == "") != (cfg.TLSKey == "") {
		return fmt.Errorf("-tls-cert and -tls-key go together")
	}
	// A server's heap is mostly its model and catalog, alive for as long as
	// it runs: a collection target of 1.5 times the live heap instead of
	// Go's default 2 kept the 1M-event shop's resident memory under load
	// about 75 MB lower at no measurable cost in throughput. GOGC and
	// GOMEMLIMIT in the environment still decide when set.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	log, err := newLogger(cfg.LogFormat, cfg.LogLevel, stderr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, cfg, log, stderr)
}

// serve opens everything in order, serves until ctx ends, then closes
// everything in reverse order.
func serve(ctx context.Context, cfg Config, log *slog.Logger, stderr io.Writer) error {
	st, err := store.Open(cfg.DB, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	if st.UndidImport() {
		log.Warn("an import that did not finish (the process stopped during it) was undone; run it again", "db", cfg.DB)
	}
	if cfg.Demo {
		if err := loadDemo(st, log); err != nil {
			return err
		}
	}
	ecfg := engine.DefaultConfig()
	ecfg.RetrainInterval = cfg.RetrainInterval
	ecfg.CacheBytes = int64(cfg.CacheMB) << 20
	metrics := middleware.NewMetrics()
	ecfg.OnTrain = func(st engine.TrainStatus, err error) {
		if err != nil {
			metrics.ObserveTraining("failed", 0)
			return
		}
		metrics.ObserveTraining("published", st.Duration)
		for name, m := range st.Validation {
			metrics.SetModelMetric(name, "precision_at_10", m.Precision)
			metrics.SetModelMetric(name, "recall_at_10", m.Recall)
			metrics.SetModelMetric(name, "ndcg_at_10", m.NDCG)
			metrics.SetModelMetric(name, "hit_rate_at_10", m.HitRate)
		}
	}
	eng, err := engine.New(ctx, st, ecfg, log)
	if err != nil {
		return err
	}
	defer eng.Close()
	au, err := auth.New(st, auth.Config{Relaxed: cfg.Demo, SecureCookies: cfg.TLSCert != ""})
	if err != nil {
		return err
	}
	if cfg.Demo {
		log.Warn("DEMO MODE: anyone who can reach this port may read and change all data without an API key. " +
			"Never run -demo on a public address.")
	}
	if user, password, err := auth.EnsureAdmin(st); err != nil {
		return err
	} else if password != "" {
		// Printed once, to the operator's terminal: only its hash is stored.
		fmt.Fprintf(stderr, "\n  First run: created admin account %q with password %q\n  Log in at /admin and keep it safe; it is not shown again.\n  Reset it with: shelf admin create -username %s\n\n", user, password, user)
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	if err := metrics.RegisterCache(
		func() uint64 { h, _ := eng.CacheStats(); return h },
		func() uint64 { _, m := eng.CacheStats(); return m }); err != nil {
		return err
	}
	var origins []string
	for _, o := range strings.Split(cfg.CORSOrigins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			origins = append(origins, o)
		}
	}
	chain := middleware.New(middleware.Config{
		Logger: log, Metrics: metrics, CORSOrigins: origins,
		Proxy: middleware.Proxy{Trust: cfg.TrustProxy},
		Limits: middleware.LimitConfig{
			PerAddress: middleware.Rate{PerSecond: cfg.RatePerAddress, Burst: int(2 * cfg.RatePerAddress)},
			PerKey:     middleware.Rate{PerSecond: cfg.RatePerKey, Burst: int(2 * cfg.RatePerKey)},
		},
	})
	handler := api.New(api.Config{Limiter: chain.Limiter, Metrics: metrics}, st, eng, au, uiFS(), log).Handler()
	srv := &http.Server{
		Handler:           chain.Wrap(handler),
		ReadHeaderTimeout: cfg.HeaderTimeout,
		ReadTimeout:       5 * time.Minute, // bulk imports can be large
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if cfg.DebugAddr != "" {
		// The profiler gets its own listener so it is never reachable
		// through the public port.
		dbg, err := net.Listen("tcp", cfg.DebugAddr)
		if err != nil {
			return fmt.Errorf("-debug-addr: %w", err)
		}
		mux := http.NewServeMux()
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
		go http.Serve(dbg, mux) //nolint:errcheck // ends with the process
		defer dbg.Close()
		log.Warn("profiler listening", "addr", dbg.Addr().String())
	}
	trainCtx, cancelTrain := context.WithCancel(ctx)
	trainerDone := make(chan struct{})
	go func() {
		defer close(trainerDone)
		eng.Run(trainCtx)
	}()
	serveErr := make(chan error, 1)
	scheme := "http"
	if cfg.TLSCert != "" {
		scheme = "https"
		go func() { serveErr <- srv.ServeTLS(ln, cfg.TLSCert, cfg.TLSKey) }()
	} else {
		go func() { serveErr <- srv.Serve(ln) }()
	}
	log.Info("shelf listening", "addr", ln.Addr().String(), "url", scheme+"://"+displayAddr(ln.Addr()), "db", cfg.DB, "version", buildVersion())

	select {
	case err = <-serveErr:
	case <-ctx.Done():
		log.Info("shutting down")
		shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = srv.Shutdown(shutCtx)
		cancel()
	}
	cancelTrain()
	<-trainerDone
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

func displayAddr(a net.Addr) string {
	if ta, ok := a.(*net.TCPAddr); ok && ta.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", ta.Port)
	}
	return a.String()
}

// loadDemo fills an empty store with the demo shop; a store that holds data
// is left as it is.
func loadDemo(st *store.Store, log *slog.Logger) error {
	empty, err := st.Empty()
	if err != nil {
		return err
	}
	if !empty {
		log.Info("demo: the database is not empty, serving what is there")
		return nil
	}
	start := time.Now()
	shop := demo.Generate(demo.DefaultConfig(time.Now()))
	res, err := st.Import(&store.ImportBatch{Products: shop.Products, Users: shop.Users, Interactions: shop.Interactions}, store.ImportOptions{})
	if err != nil {
		return fmt.Errorf("load demo shop: %w", err)
	}
	log.Info("demo shop loaded", "products", res.Products, "users", res.Users, "interactions", res.Interactions, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

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
	st, err := store.Open(*db, store.Options{})
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

func runExport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export", stderr)
	db := fs.String("db", "shelf.db", "database file")
	kind := fs.String("kind", "interactions", "what to write: products, users or interactions")
	format := fs.String("format", "csv", "csv or ndjson")
	out := fs.String("o", "", "output file (default: standard output)")
	if err := parseFlags(fs, args); err != nil {
		return err
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
	st, err := store.Open(*db, store.Options{ReadOnly: true})
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

func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval", stderr)
	format := fs.String("format", "movielens", "input format: movielens (u.data) or events (CSV)")
	minRating := fs.Float64("min-rating", 4, "movielens: the lowest rating that counts as a positive")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	models := fs.String("models", "", "comma-separated models to evaluate (default: all)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("eval takes one FILE (got %d arguments)", fs.NArg())
	}
	opt := eval.Options{Format: *format, Path: fs.Arg(0), MinRating: *minRating, K: 10}
	if *models != "" {
		opt.Models = strings.Split(*models, ",")
	}
	rep, err := eval.Run(ctx, opt)
	if err != nil {
		return err
	}
	if *asJSON {
		return rep.WriteJSON(stdout)
	}
	return rep.WriteText(stdout)
}

func runAdmin(args []string, in io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("usage: shelf admin create -username NAME [-db FILE] (the password is read from standard input)")
	}
	fs := newFlags("admin create", stderr)
	db := fs.String("db", "shelf.db", "database file")
	username := fs.String("username", "admin", "the admin's username")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "password for %s (at least %d characters): ", *username, auth.MinPasswordLen)
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return fmt.Errorf("read the password from standard input: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	st, err := store.Open(*db, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := auth.SetAdminPassword(st, *username, password); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "admin %s saved\n", *username)
	return nil
}

func runBackup(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", stderr)
	db := fs.String("db", "shelf.db", "database file (the server must be stopped; otherwise use -url)")
	out := fs.String("o", "", "output file (required)")
	url := fs.String("url", "", "take the backup from a running shelf at this address, e.g. http://localhost:8080")
	key := fs.String("key", "", "a secret API key for -url")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("backup needs -o FILE")
	}
	if *url != "" {
		return backupFromServer(*url, *key, *out, stdout)
	}
	st, err := store.Open(*db, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.BackupFile(*out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup of %s written to %s\n", *db, *out)
	return nil
}

// backupFromServer downloads GET /api/admin/backup into a temporary file
// and renames it into place only when it is complete.
func backupFromServer(base, key, out string, stdout io.Writer) error {
	req, err := http.NewRequest(http.MethodGet, strings.TrimRight(base, "/")+"/api/admin/backup", nil)
	if err != nil {
		return err
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("backup: %s: %s", resp.Status, strings.TrimSpace(string(body)))
	}
	tmp := out + ".partial"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	n, err := io.Copy(f, resp.Body)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp, out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup of %s (%d bytes) written to %s\n", base, n, out)
	return nil
}

func runCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	db := fs.String("db", "shelf.db", "database file (the server must be stopped)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := store.Open(*db, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	if st.UndidImport() {
		fmt.Fprintf(stdout, "%s: an import that did not finish was undone\n", *db)
	}
	if err := st.Check(); err != nil {
		return fmt.Errorf("%s is damaged: %w", *db, err)
	}
	c, err := st.Counts()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s is consistent: %d products, %d users, %d interactions\n", *db, c.Products, c.Users, c.Interactions)
	return nil
}

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench", stderr)
	var o loadtest.Options
	fs.StringVar(&o.BaseURL, "url", "http://127.0.0.1:8080", "the shelf to load (loopback only unless -allow-remote)")
	fs.StringVar(&o.APIKey, "key", "", "a secret API key (discovery lists users; a -demo server needs none)")
	fs.StringVar(&o.Scenario, "scenario", loadtest.ScenarioMixed, "one of "+strings.Join(loadtest.Scenarios, ", "))
	fs.IntVar(&o.Concurrency, "c", loadtest.DefaultConcurrency, "concurrent clients")
	fs.DurationVar(&o.Duration, "d", loadtest.DefaultDuration, "measured duration (at most 10m)")
	fs.IntVar(&o.MaxRequests, "n", 0, "stop after this many measured requests (0: no limit)")
	fs.DurationVar(&o.Warmup, "warmup", 2*time.Second, "unmeasured lead-in (at most 1m)")
	fs.Int64Var(&o.Seed, "seed", 1, "seed of the request sequence")
	fs.IntVar(&o.HotUsers, "hot-users", loadtest.DefaultHotUsers, "recommend: size of the hot user set")
	fs.DurationVar(&o.Timeout, "timeout", loadtest.DefaultTimeout, "per-request timeout")
	fs.BoolVar(&o.AllowRemote, "allow-remote", false, "allow a non-loopback -url (only machines you own)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := loadtest.Run(ctx, o)
	if err != nil {
		return err
	}
	if *asJSON {
		return rep.WriteJSON(stdout)
	}
	return rep.WriteText(stdout)
}
