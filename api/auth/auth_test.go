package auth_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"shelf/api/auth"
	"shelf/store"
)

// TestSessionExpires logs in, then moves the clock past the session's
// lifetime: the same cookie no longer identifies an admin.
func TestSessionExpires(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := auth.SetAdminPassword(st, "admin", "a long enough password"); err != nil {
		t.Fatal(err)
	}
	clock := time.Now()
	a, err := auth.New(st, auth.Config{SessionTTL: time.Hour, Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	if _, err := a.Login(context.Background(), w, "127.0.0.1", "admin", "a long enough password"); err != nil {
		t.Fatal(err)
	}
	cookie := w.Result().Cookies()[0]
	identify := func() auth.Kind {
		r := httptest.NewRequest(http.MethodGet, "/api/auth/me", nil)
		r.AddCookie(cookie)
		p, err := a.Identify(r)
		if err != nil {
			t.Fatal(err)
		}
		return p.Kind
	}
	if k := identify(); k != auth.Admin {
		t.Fatalf("fresh session identifies %v", k)
	}
	// The store checks expiry against its own clock: use a store whose
	// clock is past the session's end.
	st.Close()
	st2, err := store.Open(path, store.Options{Now: func() time.Time { return clock.Add(2 * time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	a2, err := auth.New(st2, auth.Config{SessionTTL: time.Hour, Now: func() time.Time { return clock.Add(2 * time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodGet, "/api/auth/me", nil)
	r.AddCookie(cookie)
	if p, err := a2.Identify(r); err != nil || p.Kind != auth.Anonymous {
		t.Fatalf("expired session identifies %v, %v", p.Kind, err)
	}
	if w.Result().Cookies()[0].MaxAge != 3600 {
		t.Errorf("cookie MaxAge %d, want the session's 3600 s", cookie.MaxAge)
	}
}
