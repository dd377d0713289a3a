package middleware

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestRecover(t *testing.T) {
	logger, buf := newLogger()
	h := New(Config{Logger: logger}).Wrap(newRouter(nil))
	rec := do(h, httptest.NewRequest(http.MethodGet, "/api/boom", nil))
	if rec.Code != 500 || errorOf(t, rec) != "internal server error" {
		t.Fatalf("status %d body %q", rec.Code, rec.Body.String())
	}
	if rec.Header().Get("X-Request-ID") == "" || rec.Header().Get("Content-Security-Policy") == "" {
		t.Fatal("500 lost the request id or security headers")
	}
	if len(buf.lines(t)) != 2 {
		t.Fatalf("want panic and access lines, got %s", buf)
	}
}

// A panic after the header went out aborts the connection: the client must
// see an error, not a short body that looks complete.
func TestRecoverAfterHeaderAborts(t *testing.T) {
	logger, buf := newLogger()
	srv := httptest.NewServer(New(Config{Logger: logger}).Wrap(newRouter(nil)))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/api/half")
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil {
		t.Fatal("aborted response read without error")
	}
	var sawPanic, sawAccess bool
	for _, l := range buf.lines(t) {
		sawPanic = sawPanic || l["msg"] == "panic serving request"
		sawAccess = sawAccess || (l["msg"] == "request" && l["status"] == float64(200))
	}
	if !sawPanic || !sawAccess {
		t.Fatalf("log: %s", buf)
	}
}

func TestRecoverPassesAbortHandler(t *testing.T) {
	h := Recover(nil)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }))
	defer func() {
		v := recover()
		if err, ok := v.(error); !ok || !errors.Is(err, http.ErrAbortHandler) {
			t.Fatalf("recovered %v, want http.ErrAbortHandler", v)
		}
	}()
	do(h, httptest.NewRequest(http.MethodGet, "/", nil))
}
