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

// TestPasswordResetEndsSessions: a session started with the old password
// no longer identifies anyone once the password is set again, and a
// session of another admin survives the reset.
func TestPasswordResetEndsSessions(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "a.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, name := range []string{"admin", "other"} {
		if err := auth.SetAdminPassword(st, name, "a long enough password"); err != nil {
			t.Fatal(err)
		}
	}
	a, err := auth.New(st, auth.Config{})
	if err != nil {
		t.Fatal(err)
	}
	login := func(name string) *http.Cookie {
		w := httptest.NewRecorder()
		if _, err := a.Login(context.Background(), w, "127.0.0.1", name, "a long enough password"); err != nil {
			t.Fatal(err)
		}
		return w.Result().Cookies()[0]
	}
	identify := func(c *http.Cookie) auth.Principal {
		r := httptest.NewRequest(http.MethodGet, "/api/auth/me", nil)
		r.AddCookie(c)
		p, err := a.Identify(r)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	mine, theirs := login("admin"), login("other")
	if p := identify(mine); p.Kind != auth.Admin || p.Name != "admin" {
		t.Fatalf("before the reset the cookie identifies %v %q", p.Kind, p.Name)
	}
	// Reset under another spelling: usernames ignore case.
	if err := auth.SetAdminPassword(st, "Admin", "another long password"); err != nil {
		t.Fatal(err)
	}
	if p := identify(mine); p.Kind != auth.Anonymous {
		t.Errorf("after the reset the old cookie identifies %v %q", p.Kind, p.Name)
	}
	if p := identify(theirs); p.Kind != auth.Admin || p.Name != "other" {
		t.Errorf("another admin's session after the reset: %v %q", p.Kind, p.Name)
	}
}
