package auth_test

import (
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shelf/api/auth"
	"shelf/store"
)

func newAuth(t testing.TB, now func() time.Time) *auth.Auth {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "a.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	a, err := auth.New(st, auth.Config{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestShopperTokenLifetime: a token works until it expires, for its user
// only; a guest session works only as shelf signed it.
func TestShopperTokenLifetime(t *testing.T) {
	clock := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	a := newAuth(t, func() time.Time { return clock })
	tok, exp := a.MintShopper(7, 10*time.Minute)
	if !exp.Equal(clock.Add(10 * time.Minute)) {
		t.Fatalf("expires %v", exp)
	}
	public := auth.Principal{Kind: auth.Publishable}
	bind := func(user uint64) error {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set(auth.ShopperHeader, tok)
		return a.BindUser(public, r, user)
	}
	if err := bind(7); err != nil {
		t.Fatal(err)
	}
	if err := bind(8); err == nil {
		t.Fatal("a token for 7 acts for 8")
	}
	clock = clock.Add(10 * time.Minute)
	if err := bind(7); err == nil {
		t.Fatal("an expired token works")
	}
	if _, exp := a.MintShopper(7, 72*time.Hour); exp.Sub(clock) != auth.MaxShopperTTL {
		t.Fatalf("a 72 h token lives %v", exp.Sub(clock))
	}
	if err := a.BindUser(auth.Principal{Kind: auth.Secret}, httptest.NewRequest("GET", "/", nil), 8); err != nil {
		t.Fatalf("a secret key needs a token: %v", err)
	}

	s := a.NewGuestSession()
	if !strings.HasPrefix(s, "s1.") || len(s) > store.MaxSessionIDLen || !a.ValidSession(s) {
		t.Fatalf("session %q", s)
	}
	if s2 := a.NewGuestSession(); s2 == s {
		t.Fatal("two sessions are equal")
	}
	other := newAuth(t, time.Now)
	for _, bad := range []string{"", "s1.", s + "x", s[:len(s)-1], strings.Replace(s, "s1.", "s2.", 1), other.NewGuestSession()} {
		if a.ValidSession(bad) || a.BindSession(public, bad) == nil {
			t.Errorf("session %q is accepted", bad)
		}
	}
}

// FuzzShopperToken: no header value panics, and none but a minted token
// binds a public caller.
func FuzzShopperToken(f *testing.F) {
	clock := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	a := newAuth(f, func() time.Time { return clock })
	good, _ := a.MintShopper(3, time.Hour)
	for _, s := range []string{good, "v1.0.3.0.x", "v1....", "v1.0.3." + good[9:], strings.Repeat(".", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set(auth.ShopperHeader, tok)
		if err := a.BindUser(auth.Principal{Kind: auth.Storefront}, r, 3); err == nil && tok != good {
			t.Fatalf("token %q binds user 3", tok)
		}
	})
}
