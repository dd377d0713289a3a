package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shelf/api"
	"shelf/api/auth"
	"shelf/api/middleware"
	"shelf/store"
)

type client struct {
	t   *testing.T
	srv *httptest.Server
}

// do sends one request with the given headers and returns the status, the
// response headers and the body.
func (c client) do(method, path, body string, headers map[string]string) (int, http.Header, string) {
	c.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, c.srv.URL+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func (c client) expect(what string, wantStatus int, wantBody string, method, path, body string, headers map[string]string) (http.Header, string) {
	c.t.Helper()
	code, h, b := c.do(method, path, body, headers)
	if code != wantStatus || !strings.Contains(b, wantBody) {
		c.t.Errorf("%s: %s %s = %d %s; want %d containing %q", what, method, path, code, b, wantStatus, wantBody)
	}
	return h, b
}

func cookieValue(h http.Header, name string) string {
	for _, line := range h.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err == nil && c.Name == name {
			return c.Value
		}
	}
	return ""
}

// TestAuthScenarios walks through who may do what without -demo's relaxed
// rules: anonymous callers, the storefront's cookie, admin sessions with
// CSRF tokens, and secret and publishable keys, created and revoked.
func TestAuthScenarios(t *testing.T) {
	srv, st := newServerWith(t, auth.Config{})
	c := client{t, srv}
	host := strings.TrimPrefix(srv.URL, "http://")
	interaction := `{"user_id":1,"product_id":2,"interaction_type":"view"}`

	c.expect("anonymous read", 401, "authentication required", "GET", "/api/products/", "", nil)
	c.expect("anonymous write", 401, "authentication required", "POST", "/api/interaction/", interaction, nil)
	c.expect("health of the login route", 401, "wrong username or password", "POST", "/api/auth/login", `{"username":"admin","password":"nope-nope-nope"}`, nil)

	// The storefront page hands out its cookie; with it the shop's API works.
	h, _ := c.expect("storefront page", 200, "<div id=root>", "GET", "/", "", nil)
	sf := cookieValue(h, auth.StorefrontCookie)
	if sf == "" {
		t.Fatal("the storefront page set no cookie")
	}
	shop := map[string]string{"Cookie": auth.StorefrontCookie + "=" + sf, "Origin": "http://" + host}
	c.expect("storefront reads", 200, `"count":5`, "GET", "/api/products/", "", shop)
	c.expect("storefront may not record a shopper's event without the token", 401, "X-Shelf-Shopper", "POST", "/api/interaction/", interaction, shop)
	_, body := c.expect("storefront gets a guest session", 201, `"session_id":"s1.`, "POST", "/api/sessions", "", shop)
	var guest struct {
		ID string `json:"session_id"`
	}
	json.Unmarshal([]byte(body), &guest)
	c.expect("storefront records a guest's event", 201, "recorded", "POST", "/api/interaction/",
		`{"session_id":"`+guest.ID+`","product_id":2,"interaction_type":"view"}`, shop)
	c.expect("storefront may not edit the catalog", 403, "storefront may not do this", "POST", "/api/products/", `{"name":"X","category":"Y","price":1}`, shop)
	c.expect("storefront may not list users", 403, "needs a secret API key or an admin session", "GET", "/api/users/", "", shop)
	evil := map[string]string{"Cookie": auth.StorefrontCookie + "=" + sf, "Origin": "https://evil.example"}
	c.expect("cross-site storefront write", 403, "cross-site request refused", "POST", "/api/interaction/", interaction, evil)
	forged := map[string]string{"Cookie": auth.StorefrontCookie + "=" + sf[:len(sf)-2] + "AA"}
	c.expect("forged storefront cookie", 401, "authentication required", "GET", "/api/products/", "", forged)

	// Admins log in; their writes need the session's CSRF token.
	if err := auth.SetAdminPassword(st, "admin", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	c.expect("wrong password", 401, "wrong username or password", "POST", "/api/auth/login", `{"username":"admin","password":"wrong password!"}`, nil)
	c.expect("unknown admin", 401, "wrong username or password", "POST", "/api/auth/login", `{"username":"root","password":"correct horse battery"}`, nil)
	h, body = c.expect("login", 200, `"csrf_token"`, "POST", "/api/auth/login", `{"username":"admin","password":"correct horse battery"}`, nil)
	var login struct {
		CSRF string `json:"csrf_token"`
	}
	json.Unmarshal([]byte(body), &login)
	session := cookieValue(h, auth.SessionCookie)
	if session == "" || login.CSRF == "" {
		t.Fatalf("login gave cookie %q and token %q", session, login.CSRF)
	}
	for _, line := range h.Values("Set-Cookie") {
		if strings.HasPrefix(line, auth.SessionCookie) && (!strings.Contains(line, "HttpOnly") || !strings.Contains(line, "SameSite=Strict")) {
			t.Errorf("session cookie lacks HttpOnly or SameSite=Strict: %s", line)
		}
	}
	adm := map[string]string{"Cookie": auth.SessionCookie + "=" + session}
	admCSRF := map[string]string{"Cookie": auth.SessionCookie + "=" + session, auth.CSRFHeader: login.CSRF}
	c.expect("me", 200, `"username":"admin"`, "GET", "/api/auth/me", "", adm)
	c.expect("admin reads users", 200, `"count":2`, "GET", "/api/users/", "", adm)
	c.expect("admin write without CSRF token", 403, "CSRF", "POST", "/api/admin/keys", `{"name":"shop","kind":"secret"}`, adm)
	c.expect("admin write with a wrong token", 403, "CSRF", "POST", "/api/admin/keys", `{"name":"shop","kind":"secret"}`,
		map[string]string{"Cookie": auth.SessionCookie + "=" + session, auth.CSRFHeader: "x" + login.CSRF})
	_, body = c.expect("create a secret key", 201, `"key":"shelf_sk_`, "POST", "/api/admin/keys", `{"name":"backend","kind":"secret"}`, admCSRF)
	var secret struct {
		Key string `json:"key"`
		ID  uint64 `json:"id"`
	}
	json.Unmarshal([]byte(body), &secret)
	_, body = c.expect("create a publishable key", 201, `"key":"shelf_pk_`, "POST", "/api/admin/keys", `{"name":"storefront js","kind":"publishable"}`, admCSRF)
	var pub struct {
		Key string `json:"key"`
	}
	json.Unmarshal([]byte(body), &pub)
	c.expect("bad key kind", 400, `"kind"`, "POST", "/api/admin/keys", `{"name":"x","kind":"master"}`, admCSRF)
	_, body = c.expect("list keys", 200, `"prefix":"shelf_sk_`, "GET", "/api/admin/keys", "", adm)
	if strings.Contains(body, secret.Key) || strings.Contains(body, `"hash"`) {
		t.Errorf("the key listing shows secrets: %s", body)
	}

	// Keys: secret for the back office, publishable for the shop's pages.
	sk := map[string]string{"Authorization": "Bearer " + secret.Key}
	pk := map[string]string{"Authorization": "Bearer " + pub.Key}
	c.expect("secret key writes the catalog", 201, `"name":"Lamp"`, "POST", "/api/products/", `{"name":"Lamp","category":"Home","price":10}`, sk)
	c.expect("secret key exports", 200, "Lamp", "GET", "/api/export/products", "", sk)
	c.expect("secret key may not manage keys", 403, "needs an admin session", "GET", "/api/admin/keys", "", sk)
	// A backup taken with a secret key (a cron job's) holds the shop's data
	// but no admin password hash or session; the admin's own holds them.
	for _, b := range []struct {
		who     string
		headers map[string]string
		admins  int
	}{{"secret key", sk, 0}, {"admin", adm, 1}} {
		_, data := c.expect(b.who+" backup", 200, "", "GET", "/api/admin/backup", "", b.headers)
		path := filepath.Join(t.TempDir(), "backup.db")
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		r, err := store.Verify(path, store.VerifyOptions{})
		if err != nil || !r.OK() || r.Counts.Admins != b.admins || r.Counts.Products == 0 {
			t.Errorf("a backup by the %s: %+v %v; want %d admins and the products", b.who, r, err, b.admins)
		}
	}
	_, body = c.expect("secret key issues a shopper token", 201, `"token":"v1.0.1.`, "POST", "/api/shopper-tokens", `{"user_id":1}`, sk)
	var tok struct {
		Token string `json:"token"`
	}
	json.Unmarshal([]byte(body), &tok)
	pkShopper := map[string]string{"Authorization": "Bearer " + pub.Key, auth.ShopperHeader: tok.Token}
	c.expect("publishable key may not issue shopper tokens", 403, "", "POST", "/api/shopper-tokens", `{"user_id":1}`, pk)
	c.expect("publishable key without the shopper's token", 401, "X-Shelf-Shopper", "GET", "/api/recommendations/1/", "", pk)
	c.expect("publishable key reads its shopper's recommendations", 200, `"user_id":1`, "GET", "/api/recommendations/1/", "", pkShopper)
	c.expect("publishable key searches", 200, `"products"`, "GET", "/api/search/?q=tea", "", pk)
	c.expect("publishable key records its shopper's event", 201, "recorded", "POST", "/api/interaction/", interaction, pkShopper)
	c.expect("publishable key may not write the catalog", 403, "publishable key may not do this", "DELETE", "/api/products/1/", "", pk)
	c.expect("publishable key may not read users", 403, "", "GET", "/api/users/1/", "", pk)
	c.expect("publishable key may not train", 403, "", "POST", "/api/model/train", "", pk)
	c.expect("unknown key", 401, "unknown or revoked API key", "GET", "/api/products/", "", map[string]string{"Authorization": "Bearer shelf_sk_nope"})
	c.expect("malformed header", 401, "Bearer", "GET", "/api/products/", "", map[string]string{"Authorization": "Basic abc"})

	// Revoking a key stops it at once; logging out ends the session.
	c.expect("revoke", 204, "", "DELETE", "/api/admin/keys/"+itoa(secret.ID), "", admCSRF)
	c.expect("revoked key", 401, "unknown or revoked", "GET", "/api/products/", "", sk)
	c.expect("logout without CSRF", 403, "CSRF", "POST", "/api/auth/logout", "", adm)
	c.expect("logout", 204, "", "POST", "/api/auth/logout", "", admCSRF)
	c.expect("after logout", 401, "not logged in", "GET", "/api/auth/me", "", adm)
	c.expect("after logout the session writes nothing", 401, "authentication required", "POST", "/api/products/", `{"name":"X","category":"Y","price":1}`, admCSRF)
}

func TestPasswordHashing(t *testing.T) {
	h, err := auth.HashPassword("correct horse battery")
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash = %q, %v", h, err)
	}
	h2, _ := auth.HashPassword("correct horse battery")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	for pw, want := range map[string]bool{"correct horse battery": true, "correct horse batterY": false, "": false} {
		if ok, err := auth.CheckPassword(h, pw); ok != want || err != nil {
			t.Errorf("CheckPassword(%q) = %v, %v", pw, ok, err)
		}
	}
	for _, bad := range []string{"", "$argon2id$", "$bcrypt$x$y$z$w", "$argon2id$v=19$m=0,t=1,p=1$AAAA$AAAA"} {
		if _, err := auth.CheckPassword(bad, "x"); err == nil {
			t.Errorf("CheckPassword accepted hash %q", bad)
		}
	}
}

// TestKeyRateLimit: each API key has its own limit, applied after
// authentication, with a 429 and Retry-After when it is used up.
func TestKeyRateLimit(t *testing.T) {
	limiter := middleware.NewLimiter(middleware.LimitConfig{PerKey: middleware.Rate{PerSecond: 1, Burst: 3}})
	srv, st := newServerWith(t, auth.Config{}, func(c *api.Config) { c.Limiter = limiter })
	au, err := auth.New(st, auth.Config{})
	if err != nil {
		t.Fatal(err)
	}
	keyA, _, err := au.CreateKey("a", "publishable")
	if err != nil {
		t.Fatal(err)
	}
	keyB, _, _ := au.CreateKey("b", "publishable")
	c := client{t, srv}
	a := map[string]string{"Authorization": "Bearer " + keyA}
	for i := 0; i < 3; i++ {
		c.expect("within the burst", 200, `"count"`, "GET", "/api/categories/", "", a)
	}
	h, _ := c.expect("over the limit", 429, "rate limit", "GET", "/api/categories/", "", a)
	if h.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	c.expect("another key has its own limit", 200, `"count"`, "GET", "/api/categories/", "", map[string]string{"Authorization": "Bearer " + keyB})
}

// TestMeSaysDemo: GET /api/auth/me tells the dashboard whether the server
// runs with -demo's open rules, so that it can warn on every page.
func TestMeSaysDemo(t *testing.T) {
	for _, relaxed := range []bool{false, true} {
		srv, st := newServerWith(t, auth.Config{Relaxed: relaxed})
		c := client{t, srv}
		if err := auth.SetAdminPassword(st, "admin", "correct horse battery"); err != nil {
			t.Fatal(err)
		}
		h, _ := c.expect("login", 200, `"csrf_token"`, "POST", "/api/auth/login", `{"username":"admin","password":"correct horse battery"}`, nil)
		adm := map[string]string{"Cookie": auth.SessionCookie + "=" + cookieValue(h, auth.SessionCookie)}
		c.expect(fmt.Sprintf("me with relaxed=%v", relaxed), 200, fmt.Sprintf(`"demo":%v`, relaxed), "GET", "/api/auth/me", "", adm)
	}
}
