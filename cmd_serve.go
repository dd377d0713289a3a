package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
	"time"

	"shelf/model"
)

// runServe is shelf serve: it serves until SIGINT or SIGTERM, then drains
// the requests in flight and closes everything.
func runServe(ctx context.Context, args []string, stderr io.Writer) error {
	cfg, err := parseServeFlags(args, stderr)
	if err != nil {
		return err
	}
	// A server's heap is mostly its model and catalog, alive for as long as
	// it runs: a collection target of 1.5 times the live heap instead of
	// Go's default 2 kept the 1M-event shop's resident memory under load
	// about 75 MB lower at no measurable cost in throughput. GOGC and
	// GOMEMLIMIT in the environment still decide when set.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	// Training in the background leaves a CPU to serving: on the 2-core
	// 10M-event shop, writes during a training on both CPUs kept 30 to 54%
	// of their idle throughput.
	model.SetTrainingWorkers(cfg.TrainWorkers)
	log, err := newLogger(cfg.LogFormat, cfg.LogLevel, stderr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain(cfg, log)
	err = m.Open(ctx)
	if err == nil {
		err = m.Run(ctx)
	}
	if cerr := m.Close(); err == nil {
		err = cerr
	}
	return err
}

// parseServeFlags reads serve's flags and SHELF_* variables into a Config.
func parseServeFlags(args []string, stderr io.Writer) (Config, error) {
	var cfg Config
	fs := newFlags("serve", stderr)
	fs.StringVar(&cfg.Addr, "addr", ":8080", "address to listen on (with -demo, 127.0.0.1:8080 unless given)")
	fs.StringVar(&cfg.DB, "db", "shelf.db", "database file")
	fs.BoolVar(&cfg.Demo, "demo", false, "fill an empty database with the demo shop")
	fs.DurationVar(&cfg.RetrainInterval, "retrain", 10*time.Minute, "how often to retrain when new data arrived (0: never)")
	fs.DurationVar(&cfg.FullTrainInterval, "full-retrain", 24*time.Hour, "how long periodic retraining may refresh the model (warm start, only what new events touched) before it trains in full again (0: always in full)")
	fs.IntVar(&cfg.TrainWorkers, "train-workers", max(runtime.NumCPU()-1, 1), "CPUs a training computes on (the others serve)")
	fs.IntVar(&cfg.CacheMB, "cache-mb", 64, "memory for the recommendation cache in MiB (0: no cache)")
	fs.DurationVar(&cfg.CompactDelay, "compact-delay", DefaultCompactDelay, "how long after a customer's erasure the file is rewritten without them (at most 12h)")
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
	fs.StringVar(&cfg.ShopifyWebhookSecret, "shopify-webhook-secret", "", "the secret Shopify signs its webhooks with (off when empty: the /api/webhooks/shopify/ routes answer 404)")
	if err := parseFlags(fs, args); err != nil {
		return Config{}, err
	}
	// A demo lets anyone change everything: unless told where to listen,
	// it listens on this machine only.
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "addr" })
	if cfg.Demo && !given {
		cfg.Addr = "127.0.0.1:8080"
	}
	if (cfg.TLSCert == "") != (cfg.TLSKey == "") {
		return Config{}, fmt.Errorf("-tls-cert and -tls-key go together")
	}
	return cfg, nil
}

// newLogger makes serve's logger from -log-format and -log-level.
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
