package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// runHealth is shelf health: it asks a running shelf's GET /readyz whether
// it is ready and fails, with a one-line reason, when it is not. It is the
// probe of a container built FROM scratch, which has no curl or wget.
func runHealth(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("health", stderr)
	url := fs.String("url", "http://127.0.0.1:8080", "the running shelf's base URL")
	timeout := fs.Duration("timeout", 3*time.Second, "how long to wait for the answer")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("health takes no arguments (got %q)", fs.Args())
	}
	if *timeout <= 0 {
		return fmt.Errorf("-timeout must be positive (got %s)", *timeout)
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	target := strings.TrimRight(*url, "/") + "/readyz"
	reason := checkReady(ctx, target)
	if reason != "" {
		// main prints the error on one line: a probe's log keeps that
		// line, and more would be cut.
		return fmt.Errorf("not ready: %s", oneLine(reason))
	}
	fmt.Fprintln(stdout, "ready")
	return nil
}

// checkReady fetches a readiness URL and returns why it is not ready, or ""
// when it answered 200.
func checkReady(ctx context.Context, target string) string {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return err.Error()
	}
	// A probe runs every few seconds for as long as shelf does: no
	// connection is kept between runs anyway.
	req.Close = true
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode == http.StatusOK {
		return ""
	}
	return fmt.Sprintf("GET %s: %s%s", target, resp.Status, failingChecks(body))
}

// failingChecks lists the checks a /readyz body says failed, as
// ": model: no model loaded yet", or the start of a body that is not one.
func failingChecks(body []byte) string {
	var r struct {
		Checks map[string]string `json:"checks"`
	}
	if json.Unmarshal(body, &r) != nil || r.Checks == nil {
		if s := strings.TrimSpace(string(body)); s != "" {
			return ": " + truncate(s, 200)
		}
		return ""
	}
	var failed []string
	for _, name := range slices.Sorted(maps.Keys(r.Checks)) {
		if msg := r.Checks[name]; msg != "ok" {
			failed = append(failed, name+": "+msg)
		}
	}
	if len(failed) == 0 {
		return ""
	}
	return ": " + strings.Join(failed, "; ")
}

// oneLine joins the lines of s with spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// truncate cuts s to at most n bytes, at a character boundary, marking
// the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}
