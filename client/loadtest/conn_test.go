package loadtest

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestConnKeepAliveAndClose(t *testing.T) {
	tests := []struct {
		name     string
		close    bool // the server answers Connection: close
		maxConns int64
	}{
		{"keep-alive reuses one connection per client", false, 4},
		{"Connection: close redials", true, 1 << 30},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var conns, served atomic.Int64
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				served.Add(1)
				if tc.close {
					w.Header().Set("Connection", "close")
				}
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{"count":0}`))
			}))
			srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
				if s == http.StateNew {
					conns.Add(1)
				}
			}
			srv.Start()
			defer srv.Close()
			opt := Options{BaseURL: srv.URL, Timeout: time.Second}
			done := make(chan error, 4)
			for range 4 {
				go func() {
					cn := newConn(opt)
					defer cn.close()
					for range 50 {
						if status, err := cn.do(context.Background(), request{method: http.MethodGet, path: "/x"}); err != nil || status != 200 {
							done <- err
							return
						}
					}
					done <- nil
				}()
			}
			for range 4 {
				if err := <-done; err != nil {
					t.Fatal(err)
				}
			}
			if served.Load() != 200 || conns.Load() > tc.maxConns {
				t.Errorf("served %d over %d connections, want 200 over at most %d", served.Load(), conns.Load(), tc.maxConns)
			}
			if tc.close && conns.Load() != 200 {
				t.Errorf("%d connections for 200 Connection: close answers, want 200", conns.Load())
			}
		})
	}
}

func TestNotes(t *testing.T) {
	tests := []struct {
		name string
		r    Report
		want string
	}{
		{"rate limited", Report{Scenario: ScenarioSearch, Requests: 100, Errors: 5, ByStatus: map[int]int{200: 95, 429: 5}}, "-rate-limit 0"},
		{"mostly failing", Report{Scenario: ScenarioSearch, Requests: 100, Errors: 50, ByStatus: map[int]int{500: 50}}, "50% of requests failed"},
		{"no cache counters", Report{Scenario: ScenarioRecommend, ByStatus: map[int]int{}}, "pass -key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			found := false
			for _, n := range notes(&tc.r) {
				found = found || strings.Contains(n, tc.want)
			}
			if !found {
				t.Errorf("notes %q lack %q", notes(&tc.r), tc.want)
			}
		})
	}
}
