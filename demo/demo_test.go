package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/mail"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// testNow is a fixed clock; a wall time with a non-UTC zone checks that
// output does not depend on the caller's location.
func testNow() time.Time {
	return time.Date(2026, 3, 1, 12, 30, 15, 123_456_789, time.FixedZone("CET", 3600))
}

func defaultShop(t testing.TB) (*Shop, Config) {
	t.Helper()
	cfg := DefaultConfig(testNow())
	return Generate(cfg), cfg
}

func TestGenerateIsDeterministic(t *testing.T) {
	cfg := DefaultConfig(testNow())
	a, err := json.Marshal(Generate(cfg))
	if err != nil {
		t.Fatal(err)
	}
	// The same instant through another clock reading must not matter.
	cfg.Now = cfg.Now.UTC()
	b, err := json.Marshal(Generate(cfg))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two runs with the same Config differ")
	}
	cfg.Seed = 2
	c, err := json.Marshal(Generate(cfg))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, c) {
		t.Fatal("seeds 1 and 2 gave the same shop")
	}
}

func TestGenerateRecordsAreValid(t *testing.T) {
	now := testNow()
	tests := []struct {
		name                                string
		cfg                                 Config
		wantProducts, wantUsers, wantEvents int
		wantCategories                      int
	}{
		{"default", DefaultConfig(now), 1000, 500, 50_000, 12},
		{"tiny", Config{Seed: 7, Products: 5, Users: 3, Interactions: 40, Categories: 3, Days: 2, Now: now}, 5, 3, 40, 3},
		{"fewer products than categories", Config{Seed: 3, Products: 2, Users: 4, Interactions: 30, Categories: 12, Days: 30, Now: now}, 2, 4, 30, 2},
		{"one day, busy users", Config{Seed: 4, Products: 50, Users: 5, Interactions: 5000, Categories: 20, Days: 0, Now: now}, 50, 5, 5000, MaxCategories},
		{"long window", Config{Seed: 5, Products: 300, Users: 50, Interactions: 3000, Categories: 5, Days: 700, Now: now}, 300, 50, 3000, 5},
		{"no users", Config{Seed: 6, Products: 10, Users: 0, Interactions: 100, Categories: 2, Days: 10, Now: now}, 10, 0, 0, 2},
		{"no products", Config{Seed: 6, Products: 0, Users: 10, Interactions: 100, Categories: 2, Days: 10, Now: now}, 0, 10, 0, 0},
		{"negative sizes", Config{Seed: 6, Products: -1, Users: -1, Interactions: -1, Categories: -1, Days: -1, Now: now}, 0, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shop := Generate(tt.cfg)
			if len(shop.Products) != tt.wantProducts || len(shop.Users) != tt.wantUsers || len(shop.Interactions) != tt.wantEvents {
				t.Fatalf("got %d products, %d users, %d events; want %d, %d, %d",
					len(shop.Products), len(shop.Users), len(shop.Interactions), tt.wantProducts, tt.wantUsers, tt.wantEvents)
			}
			nowUTC := now.UTC().Truncate(time.Millisecond)
			start := nowUTC.AddDate(0, 0, -max(tt.cfg.Days, 1))
			categories := checkProducts(t, shop.Products, nowUTC)
			if len(categories) != tt.wantCategories {
				t.Errorf("%d categories in use, want %d", len(categories), tt.wantCategories)
			}
			checkUsers(t, shop.Users, nowUTC)
			checkInteractions(t, shop, start, nowUTC)
		})
	}
}

// plainText reports whether s is what any store accepts as a name: not
// empty, valid UTF-8, no surrounding white space, no control characters.
// The store's own Validate runs on the loaded records in store/seed's tests.
func plainText(s string) bool {
	return s != "" && utf8.ValidString(s) && strings.TrimSpace(s) == s && !strings.ContainsFunc(s, unicode.IsControl)
}

// checkProducts validates products and returns the categories in use.
func checkProducts(t *testing.T, ps []Product, now time.Time) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	cats := map[string]bool{}
	for i, p := range ps {
		if p.ID != uint64(i+1) {
			t.Fatalf("product %d has ID %d", i+1, p.ID)
		}
		if !plainText(p.Name) || !plainText(p.Category) || !plainText(p.Description) {
			t.Fatalf("product %d: name, category or description is not plain text: %+v", p.ID, p)
		}
		if names[p.Name] {
			t.Errorf("product name %q repeats", p.Name)
		}
		names[p.Name] = true
		cats[p.Category] = true
		if p.Description == "" || strings.Count(p.Description, ".") > 4 {
			t.Errorf("product %d description %q", p.ID, p.Description)
		}
		if c := p.Price % 100; p.Price <= 0 || (c != 99 && c != 49 && c != 0) {
			t.Errorf("product %d price %d cents", p.ID, p.Price)
		}
		if !p.CreatedAt.Before(now) || (i > 0 && p.CreatedAt.Before(ps[i-1].CreatedAt)) {
			t.Errorf("product %d created %v: not before now or out of ID order", p.ID, p.CreatedAt)
		}
	}
	return cats
}

func checkUsers(t *testing.T, us []User, now time.Time) {
	t.Helper()
	names, emails := map[string]bool{}, map[string]bool{}
	for i, u := range us {
		if u.ID != uint64(i+1) {
			t.Fatalf("user %d has ID %d", i+1, u.ID)
		}
		if !plainText(u.Username) || strings.ContainsAny(u.Username, " /") {
			t.Fatalf("user %d: username %q", u.ID, u.Username)
		}
		if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email || !strings.Contains(u.Email, "example.") {
			t.Fatalf("user %d: e-mail %q is not a plain address at an example domain", u.ID, u.Email)
		}
		if names[u.Username] || emails[u.Email] {
			t.Errorf("user %d: username %q or email %q repeats", u.ID, u.Username, u.Email)
		}
		names[u.Username], emails[u.Email] = true, true
		if !u.JoinedAt.Before(now) || (i > 0 && u.JoinedAt.Before(us[i-1].JoinedAt)) {
			t.Errorf("user %d joined %v: not before now or out of ID order", u.ID, u.JoinedAt)
		}
	}
}

func checkInteractions(t *testing.T, shop *Shop, start, now time.Time) {
	t.Helper()
	sessionUser := map[string]uint64{}
	for i, it := range shop.Interactions {
		if it.ID != uint64(i+1) {
			t.Fatalf("interaction %d has ID %d", i+1, it.ID)
		}
		if it.Type < View || it.Type > Purchase || !plainText(it.SessionID) {
			t.Fatalf("interaction %d: type %d, session %q", it.ID, it.Type, it.SessionID)
		}
		if it.UserID == 0 || it.UserID > uint64(len(shop.Users)) || it.ProductID == 0 || it.ProductID > uint64(len(shop.Products)) {
			t.Fatalf("interaction %d refers to user %d, product %d", it.ID, it.UserID, it.ProductID)
		}
		if it.Timestamp.Before(start) || !it.Timestamp.Before(now) {
			t.Fatalf("interaction %d at %v, outside [%v, %v)", it.ID, it.Timestamp, start, now)
		}
		if i > 0 && it.Timestamp.Before(shop.Interactions[i-1].Timestamp) {
			t.Fatalf("interaction %d is out of time order", it.ID)
		}
		if it.Timestamp.Before(shop.Users[it.UserID-1].JoinedAt) || it.Timestamp.Before(shop.Products[it.ProductID-1].CreatedAt) {
			t.Fatalf("interaction %d at %v precedes its user or product", it.ID, it.Timestamp)
		}
		if it.Rating != nil && (it.Type != Purchase || *it.Rating != float64(int(*it.Rating)) || *it.Rating < 1) {
			t.Fatalf("interaction %d: rating %v on a %s", it.ID, *it.Rating, it.Type)
		}
		if !strings.HasPrefix(it.SessionID, fmt.Sprintf("s-%d-", it.UserID)) {
			t.Fatalf("interaction %d: session %q for user %d", it.ID, it.SessionID, it.UserID)
		}
		if u, ok := sessionUser[it.SessionID]; ok && u != it.UserID {
			t.Fatalf("session %q spans users %d and %d", it.SessionID, u, it.UserID)
		}
		sessionUser[it.SessionID] = it.UserID
	}
}

func TestSessionsDoNotInterleave(t *testing.T) {
	shop, _ := defaultShop(t)
	// Per user, session numbers must never go down in time order.
	last := map[uint64]int{}
	sessions := 0
	for _, it := range shop.Interactions {
		var u uint64
		var n int
		if _, err := fmt.Sscanf(it.SessionID, "s-%d-%d", &u, &n); err != nil {
			t.Fatalf("session %q: %v", it.SessionID, err)
		}
		if n < last[u] {
			t.Fatalf("user %d: session %d after session %d", u, n, last[u])
		}
		if n > last[u] {
			if n != last[u]+1 {
				t.Fatalf("user %d: session %d follows %d", u, n, last[u])
			}
			sessions++
		}
		last[u] = n
	}
	perSession := float64(len(shop.Interactions)) / float64(sessions)
	t.Logf("%d sessions, %.2f events per session", sessions, perSession)
	if perSession < 2 || perSession > 8 {
		t.Errorf("%.2f events per session, want 2 to 8", perSession)
	}
}
