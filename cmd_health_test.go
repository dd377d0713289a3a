package main

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"shelf/api/middleware"
)

// health runs shelf health with args and returns its error and output.
func health(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out strings.Builder
	err := run(t.Context(), append([]string{"health"}, args...), nil, &out, io.Discard)
	return out.String(), err
}

// TestHealthReady: a real shelf, fresh and serving, is ready.
func TestHealthReady(t *testing.T) {
	m := MustRunMain(t)
	for _, url := range []string{m.base, m.base + "/"} {
		if out, err := health(t, "-url", url); err != nil || out != "ready\n" {
			t.Errorf("health -url %s: %v %q", url, err, out)
		}
	}
	// SHELF_URL counts, as for every flag.
	t.Setenv("SHELF_URL", m.base)
	if _, err := health(t); err != nil {
		t.Errorf("health with SHELF_URL: %v", err)
	}
	// The same shelf, stopped, is not.
	MustCloseMain(t, m)
	_, err := health(t, "-url", m.base)
	if err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("health of a stopped shelf: %v", err)
	}
}

// TestHealthNotReady: each way of not being ready is an error of one line
// that says why.
func TestHealthNotReady(t *testing.T) {
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedURL := "http://" + closed.Addr().String()
	closed.Close()

	// The real readiness handler, with the checks shelf runs, one failing.
	notReady := httptest.NewServer(middleware.Readyz(map[string]func(context.Context) error{
		"database": func(context.Context) error { return nil },
		"model":    func(context.Context) error { return errors.New("no model loaded yet") },
	}))
	defer notReady.Close()
	// Something else on the port: a 503 whose body is not shelf's.
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "upstream gone\nsecond line", http.StatusServiceUnavailable)
	}))
	defer other.Close()
	// A shelf that never answers, until the probe gives up.
	hung := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer hung.Close()

	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"closed port", []string{"-url", closedURL}, []string{"not ready: ", "/readyz", "connection refused"}},
		{"503 from shelf", []string{"-url", notReady.URL}, []string{"not ready: GET " + notReady.URL + "/readyz: 503 Service Unavailable: model: no model loaded yet"}},
		{"503 from another server", []string{"-url", other.URL}, []string{"503 Service Unavailable: upstream gone second line"}},
		{"timeout", []string{"-url", hung.URL, "-timeout", "100ms"}, []string{"not ready: ", "deadline exceeded"}},
		{"bad URL", []string{"-url", "::"}, []string{"not ready: ", "missing protocol scheme"}},
		{"zero timeout", []string{"-timeout", "0s"}, []string{"-timeout must be positive"}},
		{"an argument", []string{"http://127.0.0.1:8080"}, []string{"no arguments"}},
	} {
		out, err := health(t, tc.args...)
		if err == nil {
			t.Errorf("%s: health succeeded: %q", tc.name, out)
			continue
		}
		msg := err.Error()
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: %q does not say %q", tc.name, msg, w)
			}
		}
		if strings.Contains(msg, "\n") {
			t.Errorf("%s: the reason is more than one line: %q", tc.name, msg)
		}
		if out != "" {
			t.Errorf("%s: wrote %q to standard output", tc.name, out)
		}
	}
}

func TestHealthTruncate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"abcdef", 3, "abc..."},
		{"aé", 2, "a..."}, // é is two bytes: never cut inside it
	} {
		if got := truncate(tc.in, tc.n); got != tc.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}
