package httperr

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestEveryCodeHasItsStatus(t *testing.T) {
	want := map[Code]int{
		Invalid: 400, Unauthorized: 401, Forbidden: 403, NotFound: 404, NotAllowed: 405, Conflict: 409,
		TooLarge: 413, RateLimited: 429, Unavailable: 503, Internal: 500,
	}
	if len(want) != len(statuses) {
		t.Fatalf("the table has %d codes, the test %d", len(statuses), len(want))
	}
	for c, s := range want {
		if got := Status(c); got != s {
			t.Errorf("Status(%s) = %d, want %d", c, got, s)
		}
	}
	if Status("made_up") != http.StatusInternalServerError {
		t.Error("an unknown code is not a 500")
	}
}

func TestWrite(t *testing.T) {
	rec := httptest.NewRecorder()
	Write(rec, &Error{Code: RateLimited, Message: "slow down", RetryAfter: 1500 * time.Millisecond})
	if rec.Code != 429 || rec.Header().Get("Retry-After") != "2" || rec.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("status %d, headers %v", rec.Code, rec.Header())
	}
	rec = httptest.NewRecorder()
	Write(rec, Field("price", "must be at least %d", 0))
	var b Body
	if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil || rec.Code != 400 || b.Details["price"] != "must be at least 0" ||
		b.Error != "invalid price: must be at least 0" {
		t.Fatalf("%d %s (%v)", rec.Code, rec.Body, err)
	}
	if e, ok := As(fmt.Errorf("wrapped: %w", New(Conflict, "taken"))); !ok || e.Code != Conflict {
		t.Fatal("As does not see a wrapped error")
	}
}
