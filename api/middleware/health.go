package middleware

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// checkTimeout bounds each readiness check, so a stuck dependency makes
// the probe fail instead of hang.
const checkTimeout = 2 * time.Second

// Healthz answers liveness probes: 200 {"status":"ok"} while the process
// serves HTTP at all.
func Healthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
}

// readiness is the body of a readiness answer.
type readiness struct {
	Status string            `json:"status"`
	Checks map[string]string `json:"checks"`
}

// Readyz answers readiness probes by running every check concurrently,
// each with a 2 s timeout: 200 {"status":"ready","checks":{"name":"ok"}}
// when all pass, else 503 {"status":"not ready"} with each failing check's
// error message in place of "ok". A panicking check counts as failing.
// The messages are shown to whoever can reach the probe: keep them
// free of secrets.
func Readyz(checks map[string]func(context.Context) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		out := readiness{Status: "ready", Checks: make(map[string]string, len(checks))}
		var (
			mu sync.Mutex
			wg sync.WaitGroup
		)
		for name, check := range checks {
			wg.Go(func() {
				msg := "ok"
				if err := runCheck(r.Context(), check); err != nil {
					msg = err.Error()
				}
				mu.Lock()
				out.Checks[name] = msg
				mu.Unlock()
			})
		}
		wg.Wait()
		status := http.StatusOK
		for _, msg := range out.Checks {
			if msg != "ok" {
				out.Status, status = "not ready", http.StatusServiceUnavailable
			}
		}
		writeJSON(w, status, out)
	})
}

// runCheck runs one check with a timeout, turning a panic into an error: a
// panic in a goroutine of its own would otherwise end the process.
func runCheck(ctx context.Context, check func(context.Context) error) (err error) {
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("check panicked: %v", v)
		}
	}()
	if err := check(ctx); err != nil {
		if err.Error() == "ok" {
			return fmt.Errorf("failed: %w", err)
		}
		return err
	}
	return nil
}
