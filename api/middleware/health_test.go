package middleware

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestHealthz(t *testing.T) {
	rec := do(Healthz(), httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != 200 || rec.Body.String() != "{\"status\":\"ok\"}\n" {
		t.Fatalf("%d %q", rec.Code, rec.Body.String())
	}
}

func TestReadyz(t *testing.T) {
	ok := func(context.Context) error { return nil }
	tests := []struct {
		name   string
		checks map[string]func(context.Context) error
		status int
		state  string
		want   map[string]string
	}{
		{"none", nil, 200, "ready", map[string]string{}},
		{"all ok", map[string]func(context.Context) error{"database": ok, "model": ok}, 200, "ready",
			map[string]string{"database": "ok", "model": "ok"}},
		{"one fails", map[string]func(context.Context) error{"database": ok, "model": func(context.Context) error { return errors.New("no model trained yet") }},
			503, "not ready", map[string]string{"database": "ok", "model": "no model trained yet"}},
		{"panics", map[string]func(context.Context) error{"database": func(context.Context) error { panic("disk gone") }},
			503, "not ready", map[string]string{"database": "check panicked: disk gone"}},
		{"times out", map[string]func(context.Context) error{"database": func(ctx context.Context) error {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Minute):
				return nil
			}
		}}, 503, "not ready", map[string]string{"database": "context deadline exceeded"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(Readyz(tt.checks), httptest.NewRequest(http.MethodGet, "/readyz", nil))
			var body struct {
				Status string            `json:"status"`
				Checks map[string]string `json:"checks"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			if rec.Code != tt.status || body.Status != tt.state || len(body.Checks) != len(tt.want) {
				t.Fatalf("%d %s", rec.Code, rec.Body.String())
			}
			for k, v := range tt.want {
				if body.Checks[k] != v {
					t.Errorf("check %s = %q, want %q", k, body.Checks[k], v)
				}
			}
		})
	}
}
