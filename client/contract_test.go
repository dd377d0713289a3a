package client_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"shelf/client"
)

// A fake shelf for what a real one never answers (a proxy's page, a cut
// body): it checks each request's method, path, query and body and gives
// the answer the test scripted.

// exchange is one request the fake expects and its answer.
type exchange struct {
	method, path string
	query        string // the encoded query, "" for none
	body         string // the JSON body expected, "" for none
	status       int
	answer       string
	header       map[string]string
}

// contractShelf serves exchanges in order and fails the test on any other
// request.
func contractShelf(t *testing.T, exchanges ...exchange) *client.Client {
	t.Helper()
	next := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if next >= len(exchanges) {
			t.Errorf("unexpected %s %s", r.Method, r.URL)
			http.Error(w, "unexpected", 500)
			return
		}
		ex := exchanges[next]
		next++
		if r.Method != ex.method || r.URL.Path != ex.path || r.URL.RawQuery != ex.query {
			t.Errorf("request %d: %s %s?%s, want %s %s?%s", next, r.Method, r.URL.Path, r.URL.RawQuery, ex.method, ex.path, ex.query)
		}
		if got := r.Header.Get("Authorization"); got != "Bearer shelf_sk_test" {
			t.Errorf("request %d: Authorization %q", next, got)
		}
		body, _ := io.ReadAll(r.Body)
		if !sameJSON(string(body), ex.body) {
			t.Errorf("request %d: body %s, want %s", next, body, ex.body)
		}
		for k, v := range ex.header {
			w.Header().Set(k, v)
		}
		if ex.answer != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(ex.status)
		io.WriteString(w, ex.answer)
	}))
	t.Cleanup(func() {
		srv.Close()
		if next != len(exchanges) {
			t.Errorf("%d of %d requests made", next, len(exchanges))
		}
	})
	return client.New(srv.URL, "shelf_sk_test")
}

// sameJSON reports whether a and b are the same JSON value (or both empty).
func sameJSON(a, b string) bool {
	if a == "" || b == "" {
		return a == b
	}
	var va, vb any
	if json.Unmarshal([]byte(a), &va) != nil || json.Unmarshal([]byte(b), &vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}

// TestErrorsNotShelfs: an answer that is not shelf's error body (a proxy's
// page) is still an *Error with the status, and says what it can.
func TestErrorsNotShelfs(t *testing.T) {
	c := contractShelf(t,
		exchange{method: "GET", path: "/api/popular", status: 502, answer: "<html><body>Bad gateway</body></html>"},
		exchange{method: "GET", path: "/api/popular", status: 503, answer: "upstream is restarting\n", header: map[string]string{"Retry-After": "3"}},
		exchange{method: "GET", path: "/api/popular", status: 200, answer: `{"products": [`},
	)
	_, err := c.Popular(t.Context(), nil)
	if ce := asError(t, err); ce.StatusCode != 502 || ce.Message != "Bad Gateway" {
		t.Errorf("a proxy's page: %+v", ce)
	}
	_, err = c.Popular(t.Context(), nil)
	if ce := asError(t, err); ce.StatusCode != 503 || ce.Message != "Service Unavailable: upstream is restarting" || ce.RetryAfter.Seconds() != 3 {
		t.Errorf("a plain-text 503: %+v", ce)
	}
	if _, err := c.Popular(t.Context(), nil); err == nil || !strings.Contains(err.Error(), "decoding the answer") {
		t.Errorf("a cut answer: %v", err)
	}
}
