package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"shelf/client/loadtest"
)

// runBench is shelf bench: it drives a running shelf over HTTP and reports
// throughput and latency.
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
	fs.IntVar(&o.UserIDs, "user-ids", 0, "recommend-nocache: draw users from the ids 1 to N (a shop made by shelf demo) instead of those discovery lists")
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
