package api_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"shelf/api"
	"shelf/api/auth"
	"shelf/engine"
	"shelf/store"
)

var now = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// fixture is a small shop: five products, two users, six interactions.
func fixture(t testing.TB, st *store.Store) {
	t.Helper()
	r := 5.0
	batch := &store.ImportBatch{
		Products: []store.Product{
			{ID: 1, Name: "Wireless Headphones", Description: "Over-ear, noise cancelling.", Category: "Electronics", Price: 5999, CreatedAt: now.Add(-72 * time.Hour)},
			{ID: 2, Name: "Running Shoes", Description: "Light trail running shoes.", Category: "Sports", Price: 8900, CreatedAt: now.Add(-48 * time.Hour)},
			{ID: 3, Name: "Green Tea", Description: "Organic sencha, 100 g.", Category: "Grocery", Price: 450, CreatedAt: now.Add(-24 * time.Hour)},
			{ID: 4, Name: "Garden Hose", Description: "25 m, kink-free.", Category: "Garden", Price: 2500, CreatedAt: now.Add(-12 * time.Hour)},
			{ID: 5, Name: "Noise Cancelling Earbuds", Description: "In-ear headphones with a charging case.", Category: "Electronics", Price: 12900, CreatedAt: now.Add(-1 * time.Hour)},
		},
		Users: []store.User{
			{ID: 1, Username: "ana", Email: "ana@example.com", JoinedAt: now.Add(-100 * time.Hour)},
			{ID: 2, Username: "bob", Email: "bob@example.com", JoinedAt: now.Add(-100 * time.Hour)},
		},
		Interactions: []store.Interaction{
			{UserID: 1, ProductID: 1, Type: store.View, Timestamp: now.Add(-5 * time.Hour)},
			{UserID: 1, ProductID: 1, Type: store.Like, Timestamp: now.Add(-4 * time.Hour)},
			{UserID: 1, ProductID: 3, Type: store.Purchase, Rating: &r, Timestamp: now.Add(-3 * time.Hour)},
			{UserID: 2, ProductID: 1, Type: store.Purchase, Timestamp: now.Add(-5 * time.Hour)},
			{UserID: 2, ProductID: 5, Type: store.View, Timestamp: now.Add(-2 * time.Hour)},
			{UserID: 2, ProductID: 2, Type: store.Cart, Timestamp: now.Add(-1 * time.Hour)},
		},
	}
	if _, err := st.Import(batch, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
}

var indexHTML = "<!doctype html><title>shelf</title><div id=root></div>"

// newServer runs the real router over a fresh bbolt file holding the
// fixture, with a fully trained model. Anonymous callers get secret-key
// rights (as with -demo) so that the scenarios test the API itself;
// TestAuthScenarios tests who may do what.
func newServer(t testing.TB) (*httptest.Server, *store.Store) {
	return newServerWith(t, auth.Config{Relaxed: true})
}

func newServerWith(t testing.TB, acfg auth.Config, mods ...func(*api.Config)) (*httptest.Server, *store.Store) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "shelf.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	fixture(t, st)
	cfg := engine.DefaultConfig()
	cfg.Now = func() time.Time { return now }
	eng, err := engine.New(context.Background(), st, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Train(context.Background()); err != nil {
		t.Fatal(err)
	}
	ui := fstest.MapFS{
		"index.html":         {Data: []byte(indexHTML)},
		"assets/app-1a2b.js": {Data: []byte("console.log('app')")},
	}
	acfg.Now = func() time.Time { return now }
	au, err := auth.New(st, acfg)
	if err != nil {
		t.Fatal(err)
	}
	apiCfg := api.Config{MaxImportBytes: 64 << 10, ListCacheBytes: 8 << 20}
	for _, mod := range mods {
		mod(&apiCfg)
	}
	a := api.New(apiCfg, st, eng, au, ui, nil)
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(func() {
		srv.Close()
		a.Close()
		eng.Close()
		if err := st.Check(); err != nil {
			t.Errorf("consistency check: %v", err)
		}
		st.Close()
	})
	return srv, st
}

type scenario struct {
	name   string
	method string
	path   string
	body   string
	ctype  string
	status int
	// want lists substrings the body must contain; absent, that it must not.
	want   []string
	absent []string
	header map[string]string
}

func (sc scenario) run(t *testing.T, srv *httptest.Server) {
	t.Helper()
	var body io.Reader
	if sc.body != "" {
		body = strings.NewReader(sc.body)
	}
	req, err := http.NewRequest(sc.method, srv.URL+sc.path, body)
	if err != nil {
		t.Fatal(err)
	}
	if sc.ctype != "" {
		req.Header.Set("Content-Type", sc.ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != sc.status {
		t.Errorf("%s %s: status %d, want %d; body %s", sc.method, sc.path, resp.StatusCode, sc.status, got)
	}
	for _, w := range sc.want {
		if !strings.Contains(string(got), w) {
			t.Errorf("%s %s: body lacks %q: %s", sc.method, sc.path, w, got)
		}
	}
	for _, a := range sc.absent {
		if strings.Contains(string(got), a) {
			t.Errorf("%s %s: body has %q: %s", sc.method, sc.path, a, got)
		}
	}
	for k, v := range sc.header {
		if !strings.Contains(resp.Header.Get(k), v) {
			t.Errorf("%s %s: header %s = %q, want %q", sc.method, sc.path, k, resp.Header.Get(k), v)
		}
	}
	if sc.status >= 400 && resp.StatusCode >= 400 && sc.method != http.MethodHead && !strings.HasPrefix(sc.path, "/assets/") {
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(got, &e) != nil || e.Error == "" {
			t.Errorf("%s %s: error body is not {\"error\": ...}: %s", sc.method, sc.path, got)
		}
	}
}

// TestReadScenarios covers every read endpoint and its errors.
func TestReadScenarios(t *testing.T) {
	srv, _ := newServer(t)
	for _, sc := range []scenario{
		// Products.
		{name: "list newest first", method: "GET", path: "/api/products/", status: 200,
			want: []string{`"count":5`, `"results":[{"id":5,`, `"next":null`, `"price":129.00`}},
		{name: "list without slash", method: "GET", path: "/api/products", status: 200, want: []string{`"count":5`}},
		{name: "list by category and price", method: "GET", path: "/api/products/?category=Electronics&max_price=100&sort=price", status: 200,
			want: []string{`"count":1`, `"name":"Wireless Headphones"`}},
		{name: "list paginated", method: "GET", path: "/api/products/?page=2&page_size=2&sort=price", status: 200,
			want: []string{`"count":5`, `"results":[{"id":1,`, `{"id":2,`, `"next":"/api/products/?page=3&page_size=2&sort=price"`, `"previous":"/api/products/?page=1`}},
		// Green Tea's purchase rated 5 weighs 5 x 5/3, more than the headphones' view, like and purchase.
		{name: "list by popularity", method: "GET", path: "/api/products/?sort=popular&page_size=1", status: 200, want: []string{`"results":[{"id":3,`}},
		{name: "list dearest first", method: "GET", path: "/api/products/?sort=-price&page_size=1", status: 200, want: []string{`"results":[{"id":5,`}},
		{name: "bad sort", method: "GET", path: "/api/products/?sort=name", status: 400, want: []string{`"sort":"must be one of`}},
		{name: "bad price", method: "GET", path: "/api/products/?min_price=abc", status: 400, want: []string{`"min_price"`}},
		{name: "inverted price range", method: "GET", path: "/api/products/?min_price=10&max_price=5", status: 400, want: []string{`"max_price"`}},
		{name: "page size too large", method: "GET", path: "/api/products/?page_size=500", status: 400, want: []string{`"page_size":"must be between 1 and 100"`}},
		{name: "page not a number", method: "GET", path: "/api/products/?page=x", status: 400, want: []string{`"page":"must be an integer"`}},
		{name: "get product", method: "GET", path: "/api/products/3/", status: 200, want: []string{`"name":"Green Tea"`, `"price":4.50`}},
		{name: "get product no slash", method: "GET", path: "/api/products/3", status: 200, want: []string{`"id":3`}},
		{name: "missing product", method: "GET", path: "/api/products/99/", status: 404, want: []string{`product 99 not found`}},
		{name: "bad product id", method: "GET", path: "/api/products/abc/", status: 400, want: []string{`"id":"must be an integer from 1 to 9007199254740991`}},
		{name: "product id beyond 2^53-1", method: "GET", path: "/api/products/9007199254740992/", status: 400, want: []string{`"id":"must be an integer from 1 to 9007199254740991`}},
		{name: "user id beyond 2^53-1", method: "GET", path: "/api/recommendations/18446744073709551615/", status: 400, want: []string{`"user_id":"must be an integer from 1`}},
		{name: "zero product id", method: "GET", path: "/api/products/0/", status: 400},
		{name: "categories", method: "GET", path: "/api/categories/", status: 200,
			want: []string{`{"name":"Electronics","product_count":2}`, `"count":4`}},
		{name: "popular", method: "GET", path: "/api/popular/?count=2", status: 200, want: []string{`"count":2`, `"products":[{"id":3,`, `"popularity_score":1}`, `{"id":1,`}},
		{name: "popular in a category", method: "GET", path: "/api/popular/?category=Sports", status: 200, want: []string{`"count":1`, `"name":"Running Shoes"`}},
		{name: "popular count too large", method: "GET", path: "/api/popular/?count=101", status: 400, want: []string{`"count"`}},

		// Recommendations.
		{name: "recommendations", method: "GET", path: "/api/recommendations/1/?count=3", status: 200,
			want:   []string{`"user_id":1`, `"count":3`, `"confidence_score":`, `"cf_score":`, `"mf_score":`, `"reason":"Because you liked Wireless Headphones","because":{"product_id":1,"product_name":"Wireless Headphones","interaction_type":"like"}`},
			absent: []string{`"product_name":"Wireless Headphones","category"`, `"product_name":"Green Tea","category"`}}, // ana's own products are excluded
		{name: "recommendations no slash", method: "GET", path: "/api/recommendations/2?count=1", status: 200, want: []string{`"count":1`}},
		{name: "recommendations filtered", method: "GET", path: "/api/recommendations/1/?category=Electronics", status: 200,
			want: []string{`"product_id":5`}, absent: []string{`"category":"Sports"`}},
		{name: "recommendations for unknown user", method: "GET", path: "/api/recommendations/99/", status: 404, want: []string{`user 99 not found`}},
		{name: "recommendations bad count", method: "GET", path: "/api/recommendations/1/?count=0", status: 400, want: []string{`"count":"must be between 1 and 100"`}},
		{name: "recommendations count over 100", method: "GET", path: "/api/recommendations/1/?count=1000", status: 400},
		{name: "recommendations bad id", method: "GET", path: "/api/recommendations/x/", status: 400, want: []string{`"user_id"`}},

		// Item to item and guests.
		{name: "similar products", method: "GET", path: "/api/products/1/similar/?count=3", status: 200,
			want: []string{`"product_id":1`, `"similar":[`, `"count":3`}, absent: []string{`"similar":[{"product_id":1,`}},
		{name: "similar of a missing product", method: "GET", path: "/api/products/99/similar/", status: 404},
		{name: "bought together", method: "GET", path: "/api/products/1/bought-together/?count=2", status: 200, want: []string{`"products":[`}},
		{name: "bought together bad count", method: "GET", path: "/api/products/1/bought-together/?count=-1", status: 400, want: []string{`"count"`}},
		{name: "session of a guest with no events gets trending", method: "GET", path: "/api/recommendations/session/nobody/?count=2", status: 200,
			want: []string{`"session_id":"nobody"`, `"count":2`, `"reason":"Trending now"`}},
		{name: "not a session route", method: "GET", path: "/api/recommendations/1/extra/", status: 404},

		// Search.
		{name: "search by stem and prefix", method: "GET", path: "/api/search/?q=headphone", status: 200,
			want: []string{`"products":[{"id":1,`, `"count":2`, `"personalization_score":0`}},
		{name: "search with a typo", method: "GET", path: "/api/search/?q=hedphones", status: 200, want: []string{`"name":"Wireless Headphones"`}},
		// ana's weight: 3 on Electronics (a view and a like), 5 on Grocery (a purchase).
		{name: "search personalised", method: "GET", path: "/api/search/?q=headphones&user_id=1", status: 200, want: []string{`"personalization_score":0.6`}},
		{name: "search paginated", method: "GET", path: "/api/search/?q=headphones&page_size=1", status: 200, want: []string{`"count":2`, `"next":"/api/search/?page=2`}},
		{name: "search nothing", method: "GET", path: "/api/search/?q=zzzzqqq", status: 200, want: []string{`"count":0`, `"products":[]`}},
		{name: "search unknown user", method: "GET", path: "/api/search/?q=tea&user_id=99", status: 404},
		{name: "search bad user", method: "GET", path: "/api/search/?q=tea&user_id=-1", status: 400, want: []string{`"user_id"`}},
		{name: "search query too long", method: "GET", path: "/api/search/?q=" + strings.Repeat("a", 201), status: 400, want: []string{`"q"`}},

		// Users.
		{name: "list users", method: "GET", path: "/api/users/", status: 200, want: []string{`"count":2`, `"username":"ana"`}, absent: []string{"password"}},
		{name: "users by prefix", method: "GET", path: "/api/users/?q=B", status: 200, want: []string{`"count":1`, `"username":"bob"`}},
		{name: "get user", method: "GET", path: "/api/users/2/", status: 200, want: []string{`"email":"bob@example.com"`, `"date_joined":`}},
		{name: "missing user", method: "GET", path: "/api/users/7/", status: 404},
		{name: "user interactions newest first", method: "GET", path: "/api/users/1/interactions/", status: 200,
			want: []string{`"count":3`, `"results":[{"id":3,"user_id":1,"product_id":3,"interaction_type":"purchase","rating":5,`}},
		{name: "user interactions paginated", method: "GET", path: "/api/users/1/interactions/?page=2&page_size=2", status: 200,
			want: []string{`"results":[{"id":1,`, `"next":null`}},
		{name: "interactions of missing user", method: "GET", path: "/api/users/9/interactions/", status: 404},

		// Export, model, routing.
		{name: "export products csv", method: "GET", path: "/api/export/products", status: 200,
			want: []string{"id,name,description,category,price,created_at,image_url,url,brand,tags,stock,active,attributes,skus\n", "Green Tea"}, header: map[string]string{"Content-Type": "text/csv"}},
		{name: "export events ndjson", method: "GET", path: "/api/export/interactions?format=ndjson", status: 200, want: []string{`"interaction_type":"purchase"`}},
		{name: "export unknown kind", method: "GET", path: "/api/export/orders", status: 400, want: []string{`"kind"`}},
		{name: "model status", method: "GET", path: "/api/model/", status: 200,
			want: []string{`"state":"idle"`, `"models":["popularity",`, `"history":[{"model_version":`, `"settings":{"weights":{"cart":3,"like":2,"purchase":5,"view":1}`}},
		{name: "profile from the trained model", method: "GET", path: "/api/users/1/profile/", status: 200, want: []string{`"user_id":1`, `"top_categories":["`}},
		{name: "profile of a missing user", method: "GET", path: "/api/users/99/profile/", status: 404},
		{name: "health", method: "GET", path: "/healthz", status: 200, want: []string{`"ok"`}},
		{name: "ready", method: "GET", path: "/readyz", status: 200, want: []string{`"database":"ok"`, `"model":"ok"`}},
		{name: "unknown api path", method: "GET", path: "/api/nothing/here", status: 404, want: []string{`"error":"no such endpoint`}},
		{name: "method not allowed", method: "DELETE", path: "/api/categories/", status: 405, header: map[string]string{"Allow": "GET"}},
		{name: "ui root", method: "GET", path: "/", status: 200, want: []string{"<div id=root>"}, header: map[string]string{"Cache-Control": "no-cache"}},
		{name: "ui fallback for app routes", method: "GET", path: "/products/3", status: 200, want: []string{"<div id=root>"}},
		{name: "ui asset cached forever", method: "GET", path: "/assets/app-1a2b.js", status: 200, header: map[string]string{"Cache-Control": "immutable"}},
		{name: "missing asset is a 404", method: "GET", path: "/assets/old-9999.js", status: 404},
		{name: "ui write is not allowed", method: "POST", path: "/products/3", status: 405},
	} {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, srv) })
	}
}

// TestWriteScenarios runs writes in order: each may depend on the ones
// before, as a client's session would.
func TestWriteScenarios(t *testing.T) {
	srv, st := newServer(t)
	for _, sc := range []scenario{
		// Products.
		{name: "create product", method: "POST", path: "/api/products/", body: `{"name":"Desk Lamp","category":"Home","price":"19.9","description":"LED"}`, status: 201,
			want: []string{`"id":6`, `"price":19.90`}, header: map[string]string{"Location": "/api/products/6/"}},
		{name: "create with client id", method: "POST", path: "/api/products", body: `{"id":100,"name":"Mug","category":"Home","price":5}`, status: 201, want: []string{`"id":100`}},
		{name: "create duplicate id", method: "POST", path: "/api/products/", body: `{"id":100,"name":"Mug","category":"Home","price":5}`, status: 409, want: []string{`"id":"product 100 already exists"`}},
		{name: "create missing fields", method: "POST", path: "/api/products/", body: `{"description":"x"}`, status: 400,
			want: []string{`"name":"is required"`, `"category":"is required"`, `"price":"is required"`}},
		{name: "create wrong types", method: "POST", path: "/api/products/", body: `{"name":5,"category":"A","price":true}`, status: 400,
			want: []string{`"name":"must be a string"`, `"price":"must be a decimal number`}},
		{name: "create price with three decimals", method: "POST", path: "/api/products/", body: `{"name":"A","category":"A","price":1.005}`, status: 400, want: []string{`"price":"must have at most two decimal places`}},
		{name: "create negative price", method: "POST", path: "/api/products/", body: `{"name":"A","category":"A","price":-1}`, status: 400, want: []string{`"price":"must not be negative"`}},
		{name: "create unknown field", method: "POST", path: "/api/products/", body: `{"name":"A","category":"A","price":1,"colour":"red"}`, status: 400, want: []string{`"colour":"unknown field"`}},
		{name: "create malformed json", method: "POST", path: "/api/products/", body: `{"name":`, status: 400, want: []string{`malformed JSON`}},
		{name: "create trailing data", method: "POST", path: "/api/products/", body: `{"name":"A","category":"A","price":1} {}`, status: 400, want: []string{`unexpected data after`}},
		{name: "create not an object", method: "POST", path: "/api/products/", body: `[1,2]`, status: 400, want: []string{`must be a JSON object`}},
		{name: "create empty body", method: "POST", path: "/api/products/", status: 400, want: []string{`request body is empty`}},
		{name: "create name too long", method: "POST", path: "/api/products/", body: `{"name":"` + strings.Repeat("n", 201) + `","category":"A","price":1}`, status: 400, want: []string{`"name":"must be at most 200 characters"`}},
		{name: "create body too large", method: "POST", path: "/api/products/", body: `{"name":"` + strings.Repeat("n", 2<<20) + `"}`, status: 413, want: []string{`too large`}},
		{name: "replace product", method: "PUT", path: "/api/products/6/", body: `{"name":"Desk Lamp Pro","category":"Lighting","price":29}`, status: 200,
			want: []string{`"name":"Desk Lamp Pro"`, `"description":""`, `"category":"Lighting"`}},
		{name: "replace needs every field", method: "PUT", path: "/api/products/6/", body: `{"name":"X"}`, status: 400, want: []string{`"price":"is required"`}},
		{name: "patch product", method: "PATCH", path: "/api/products/6/", body: `{"price":24.5}`, status: 200, want: []string{`"name":"Desk Lamp Pro"`, `"price":24.50`}},
		{name: "patch to invalid", method: "PATCH", path: "/api/products/6", body: `{"name":""}`, status: 400, want: []string{`"name":"is required"`}},
		{name: "patch id mismatch", method: "PATCH", path: "/api/products/6", body: `{"id":7}`, status: 400, want: []string{`"id":"does not match`}},
		{name: "patch missing product", method: "PATCH", path: "/api/products/999/", body: `{"price":1}`, status: 404},
		{name: "search finds the new product", method: "GET", path: "/api/search/?q=lamp", status: 200, want: []string{`"name":"Desk Lamp Pro"`}},
		{name: "category listing follows the patch", method: "GET", path: "/api/categories/", status: 200, want: []string{`{"name":"Lighting","product_count":1}`}},
		{name: "delete product", method: "DELETE", path: "/api/products/100/", status: 204},
		{name: "delete it again", method: "DELETE", path: "/api/products/100/", status: 404},
		{name: "search forgets the deleted product", method: "GET", path: "/api/search/?q=mug", status: 200, want: []string{`"count":0`}},

		// Users.
		{name: "create user", method: "POST", path: "/api/users/", body: `{"username":"cleo","email":"cleo@example.com"}`, status: 201, want: []string{`"id":3`, `"username":"cleo"`}},
		{name: "create taken username", method: "POST", path: "/api/users/", body: `{"username":"Cleo"}`, status: 409, want: []string{`"username":"username Cleo is already taken"`}},
		{name: "create bad email", method: "POST", path: "/api/users/", body: `{"username":"dan","email":"dan"}`, status: 400, want: []string{`"email":`}},
		{name: "create user without name", method: "POST", path: "/api/users/", body: `{"email":"x@example.com"}`, status: 400, want: []string{`"username":"is required"`}},
		{name: "password is not accepted", method: "POST", path: "/api/users/", body: `{"username":"eve","password":"hunter2"}`, status: 400, want: []string{`"password":"unknown field"`}},
		{name: "patch user", method: "PATCH", path: "/api/users/3/", body: `{"email":"c@example.org"}`, status: 200, want: []string{`"email":"c@example.org"`, `"username":"cleo"`}},
		{name: "rename onto taken name", method: "PATCH", path: "/api/users/3/", body: `{"username":"ana"}`, status: 409},

		// Interactions.
		{name: "record interaction", method: "POST", path: "/api/interaction/", body: `{"user_id":3,"product_id":2,"interaction_type":"like","rating":4}`, status: 201,
			want: []string{`"message":"Interaction recorded successfully"`, `"id":7`}},
		{name: "record without slash", method: "POST", path: "/api/interaction", body: `{"user_id":3,"product_id":4,"interaction_type":"view","session_id":"s-1"}`, status: 201},
		{name: "record guest event", method: "POST", path: "/api/interaction/", body: `{"product_id":4,"interaction_type":"view","session_id":"guest-9"}`, status: 201},
		{name: "unknown user", method: "POST", path: "/api/interaction/", body: `{"user_id":99,"product_id":2,"interaction_type":"like"}`, status: 404, want: []string{`"user_id":"user 99 not found"`}},
		{name: "unknown product", method: "POST", path: "/api/interaction/", body: `{"user_id":3,"product_id":99,"interaction_type":"like"}`, status: 404, want: []string{`"product_id":"product 99 not found"`}},
		{name: "bad type", method: "POST", path: "/api/interaction/", body: `{"user_id":3,"product_id":2,"interaction_type":"buy"}`, status: 400, want: []string{`"interaction_type":"must be one of view, like, cart, purchase`}},
		{name: "missing fields", method: "POST", path: "/api/interaction/", body: `{}`, status: 400,
			want: []string{`"product_id":"is required"`, `"interaction_type":"is required`, `"user_id":"is required (or give session_id for a guest)"`}},
		{name: "rating out of range", method: "POST", path: "/api/interaction/", body: `{"user_id":3,"product_id":2,"interaction_type":"like","rating":7}`, status: 400, want: []string{`"rating":"must be between 0 and 5"`}},
		{name: "negative user id", method: "POST", path: "/api/interaction/", body: `{"user_id":-3,"product_id":2,"interaction_type":"like"}`, status: 400, want: []string{`"user_id":"must be a positive integer"`}},
		{name: "string product id", method: "POST", path: "/api/interaction/", body: `{"user_id":3,"product_id":"2","interaction_type":"like"}`, status: 400, want: []string{`"product_id":"must be a positive integer"`}},
		{name: "future timestamp", method: "POST", path: "/api/interaction/", body: `{"user_id":3,"product_id":2,"interaction_type":"like","timestamp":"2999-01-01T00:00:00Z"}`, status: 400, want: []string{`"timestamp":"must not be more than a day in the future"`}},
		{name: "timestamp before 1970", method: "POST", path: "/api/interaction/", body: `{"user_id":3,"product_id":2,"interaction_type":"like","timestamp":"1969-12-31T23:59:59Z"}`, status: 400, want: []string{`"timestamp":"must not be before 1970`}},
		{name: "timestamp in year 1", method: "POST", path: "/api/interaction/", body: `{"user_id":3,"product_id":2,"interaction_type":"like","timestamp":"0001-01-01T00:00:00Z"}`, status: 400, want: []string{`"timestamp":"must not be before 1970`}},
		{name: "user id beyond 2^53-1 in a body", method: "POST", path: "/api/interaction/", body: `{"user_id":9007199254740993,"product_id":2,"interaction_type":"like"}`, status: 400, want: []string{`"user_id":"must be at most 9007199254740991`}},
		{name: "duplicate key", method: "POST", path: "/api/interaction/", body: `{"user_id":3,"product_id":2,"interaction_type":"like","user_id":4}`, status: 400, want: []string{`"user_id":"is given more than once"`}},
		{name: "duplicate nested key", method: "PUT", path: "/api/model/settings", body: `{"weights":{"view":1,"view":2}}`, status: 400, want: []string{`"weights.view":"is given more than once"`}},
		{name: "product id beyond 2^53-1 on create", method: "POST", path: "/api/products/", body: `{"id":9007199254740992,"name":"x","category":"c","price":1}`, status: 400, want: []string{`"id":"must be at most 9007199254740991`}},
		{name: "bad timestamp", method: "POST", path: "/api/interaction/", body: `{"user_id":3,"product_id":2,"interaction_type":"like","timestamp":"yesterday"}`, status: 400, want: []string{`"timestamp":"must be an RFC 3339 time`}},
		{name: "interaction GET not allowed", method: "GET", path: "/api/interaction/", status: 405, header: map[string]string{"Allow": "POST"}},
		{name: "cleo's history", method: "GET", path: "/api/users/3/interactions/", status: 200, want: []string{`"count":2`, `"results":[{"id":8,`}},

		// Erasing a customer.
		{name: "delete user", method: "DELETE", path: "/api/users/3/", status: 204},
		{name: "deleted user is gone", method: "GET", path: "/api/users/3/", status: 404},
		{name: "and so are their interactions", method: "GET", path: "/api/users/3/interactions/", status: 404},

		// Guests: their session's events drive their recommendations.
		{name: "guest session recommendations", method: "GET", path: "/api/recommendations/session/guest-9/?count=3", status: 200,
			want: []string{`"session_id":"guest-9"`}, absent: []string{`"product_name":"Garden Hose","category"`}},

		// Model control.
		{name: "train", method: "POST", path: "/api/model/train", status: 202, want: []string{`"message":`}},
		{name: "nothing held back", method: "POST", path: "/api/model/publish-held", status: 409, want: []string{`"error":"no trained model is held back"`}},
		{name: "restore the previous model", method: "POST", path: "/api/model/restore", status: 200, want: []string{`"message":"the previous model serves again"`, `"can_restore":true`}},
		{name: "change settings", method: "PUT", path: "/api/model/settings", body: `{"weights":{"view":0.5},"half_life_days":14,"retrain_interval_minutes":30,"exclude":{"view":false}}`, status: 200,
			want: []string{`"view":0.5`, `"purchase":5`, `"half_life_days":14`, `"exclude":{"cart":true,"like":true,"purchase":true,"view":false}`}},
		{name: "settings are kept", method: "GET", path: "/api/model/", status: 200, want: []string{`"half_life_days":14`, `"retrain_interval_minutes":30`}},
		{name: "bad settings", method: "PUT", path: "/api/model/settings", body: `{"weights":{"click":1,"view":-1},"half_life_days":-2,"retrain_interval_minutes":0.5}`, status: 400,
			want: []string{`"weights.click":"unknown interaction type`, `"weights.view":"must be between 0 and 100"`, `"half_life_days"`, `"retrain_interval_minutes"`}},
		{name: "settings unchanged after a bad request", method: "GET", path: "/api/model/", status: 200, want: []string{`"half_life_days":14`}},
		{name: "a field left out keeps its value", method: "PUT", path: "/api/model/settings", body: `{"half_life_days":30}`, status: 200,
			want: []string{`"half_life_days":30`, `"retrain_interval_minutes":30`, `"view":0.5`}},
	} {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, srv) })
	}
	c, _ := st.Counts()
	// 6 fixture + 3 accepted - 2 of the deleted user = 7 interactions.
	if c.Products != 6 || c.Users != 2 || c.Interactions != 7 {
		t.Errorf("after the scenarios the store holds %+v; want 6 products, 2 users, 7 interactions", c)
	}
	if _, err := st.SessionInteractions("guest-9", 10); err != nil {
		t.Error(err)
	}
}

// TestRecommendationsReactToAnAction shows the real-time path: after a
// user acts on a product, that product leaves their recommendations at once.
func TestRecommendationsReactToAnAction(t *testing.T) {
	srv, _ := newServer(t)
	get := func() []uint64 {
		resp, err := http.Get(srv.URL + "/api/recommendations/1/?count=10")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct {
			Recommendations []struct {
				ProductID uint64 `json:"product_id"`
			} `json:"recommendations"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		ids := make([]uint64, len(out.Recommendations))
		for i, r := range out.Recommendations {
			ids[i] = r.ProductID
		}
		return ids
	}
	before := get()
	get() // now cached
	if len(before) == 0 {
		t.Fatal("no recommendations for ana")
	}
	top := before[0]
	resp, err := http.Post(srv.URL+"/api/interaction/", "application/json",
		strings.NewReader(`{"user_id":1,"product_id":`+itoa(top)+`,"interaction_type":"purchase"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	after := get()
	for _, id := range after {
		if id == top {
			t.Fatalf("product %d still recommended after ana bought it: %v -> %v", top, before, after)
		}
	}
	if len(after) != len(before)-1 {
		t.Fatalf("recommendations went from %v to %v", before, after)
	}
}

func itoa(v uint64) string { return strconv.FormatUint(v, 10) }

// TestRecommendationBytes: the handler writes a user's recommendations by
// hand around a list encoded once per cache entry; the answer must be the
// JSON that encoding/json would write, the same on a miss and on a hit.
func TestRecommendationBytes(t *testing.T) {
	srv, _ := newServer(t)
	get := func() (string, http.Header) {
		resp, err := http.Get(srv.URL + "/api/recommendations/1/?count=4")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("status %d, err %v", resp.StatusCode, err)
		}
		return string(b), resp.Header
	}
	miss, h := get()
	hit, _ := get()
	// Each answer is an impression of its own: only its id's serial differs.
	serial := regexp.MustCompile(`("recommendation_id":"r1\.[^"]*\.)[0-9a-z]+"`)
	if serial.ReplaceAllString(miss, "$1") != serial.ReplaceAllString(hit, "$1") || miss == hit {
		t.Fatalf("a cache hit answered differently (or with the same id):\n%s\n%s", miss, hit)
	}
	if h.Get("Content-Length") != strconv.Itoa(len(miss)) || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
		t.Fatalf("headers %v for a body of %d bytes", h, len(miss))
	}
	var v struct {
		Count            int             `json:"count"`
		RecommendationID string          `json:"recommendation_id"`
		Recommendations  json.RawMessage `json:"recommendations"`
		UserID           uint64          `json:"user_id"`
	}
	if err := json.Unmarshal([]byte(miss), &v); err != nil {
		t.Fatal(err)
	}
	var recs []map[string]any
	if err := json.Unmarshal(v.Recommendations, &recs); err != nil || len(recs) != v.Count || v.Count == 0 || v.UserID != 1 {
		t.Fatalf("count %d, user %d, %d recommendations (%v)", v.Count, v.UserID, len(recs), err)
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	if want.String() != miss {
		t.Fatalf("the answer is not what encoding/json writes:\n%s\n%s", miss, want.String())
	}
}

// TestImportScenarios covers bulk import: good files of each kind and
// format, bad lines reported by line number with nothing stored, unknown
// references with and without create_missing, and the size limit.
func TestImportScenarios(t *testing.T) {
	srv, st := newServer(t)
	events := "user_id,product_id,interaction_type,timestamp,rating\n" +
		"1,2,view,2026-10-30T10:00:00Z,\n" +
		"2,3,purchase,2026-10-30T11:00:00Z,4.5\n"
	for _, sc := range []scenario{
		{name: "events csv", method: "POST", path: "/api/interactions/import", body: events, ctype: "text/csv", status: 201,
			want: []string{`"interactions":2`}},
		{name: "events ndjson", method: "POST", path: "/api/import/interactions", ctype: "application/x-ndjson", status: 201,
			body: `{"user_id":1,"product_id":4,"interaction_type":"cart","timestamp":"2026-10-30T12:00:00Z"}` + "\n" +
				`{"product_id":4,"interaction_type":"view","timestamp":"2026-10-30T12:00:00Z","session_id":"guest-2"}` + "\n",
			want: []string{`"interactions":2`}},
		{name: "format from the query", method: "POST", path: "/api/interactions/import?format=csv", body: events, status: 201},
		{name: "bad lines are listed", method: "POST", path: "/api/interactions/import", ctype: "text/csv", status: 400,
			body: "user_id,product_id,interaction_type,timestamp\n1,2,view,2026-10-30T10:00:00Z\n1,2,buy,2026-10-30T10:00:00Z\nx,2,view,2026-10-30T10:00:00Z\n",
			want: []string{`"line":3,"field":"interaction_type"`, `"line":4,"field":"user_id"`, `"error_count":2`, `nothing was imported`}},
		{name: "unknown column", method: "POST", path: "/api/interactions/import", ctype: "text/csv", status: 400,
			body: "user_id,product_id,interaction_type,timestamp,colour\n", want: []string{`colour`}},
		{name: "unknown users are refused", method: "POST", path: "/api/interactions/import", ctype: "text/csv", status: 400,
			body: "user_id,product_id,interaction_type,timestamp\n1,2,view,2026-10-30T10:00:00Z\n\n77,2,view,2026-10-30T10:00:00Z\n",
			want: []string{`"line":4,"field":"user_id","message":"user 77 does not exist"`, `"error_count":1`}},
		{name: "unless create_missing", method: "POST", path: "/api/interactions/import?create_missing=true", ctype: "text/csv", status: 201,
			body: "user_id,product_id,interaction_type,timestamp\n77,88,view,2026-10-30T10:00:00Z\n",
			want: []string{`"created_users":1`, `"created_products":1`}},
		{name: "products csv", method: "POST", path: "/api/import/products", ctype: "text/csv", status: 201,
			body: "id,name,category,price,description\n200,\"Lamp, brass\",Home,49.90,\"A \"\"warm\"\" light\"\n",
			want: []string{`"products":1`}},
		{name: "imported product is searchable", method: "GET", path: "/api/search/?q=brass", status: 200, want: []string{`"id":200`}},
		{name: "users ndjson", method: "POST", path: "/api/import/users", ctype: "application/x-ndjson", status: 201,
			body: `{"username":"dora","email":"dora@example.com"}` + "\n", want: []string{`"users":1`}},
		{name: "password column refused", method: "POST", path: "/api/import/users", ctype: "text/csv", status: 400,
			body: "username,password\nzed,secret\n", want: []string{`password`}},
		{name: "unknown kind", method: "POST", path: "/api/import/orders", ctype: "text/csv", body: "a\n", status: 400, want: []string{`"kind"`}},
		{name: "unknown format", method: "POST", path: "/api/interactions/import?format=xml", body: "<a/>", status: 400, want: []string{`"format":"unknown format \"xml\"`}},
		{name: "too large", method: "POST", path: "/api/interactions/import", ctype: "text/csv", status: 413,
			body: "user_id,product_id,interaction_type,timestamp\n" + strings.Repeat("1,2,view,2026-10-30T10:00:00Z\n", 3000)},
	} {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, srv) })
	}
	c, _ := st.Counts()
	// 6 fixture + 2 + 2 + 2 + 1 events; 5 + 1 placeholder + 1 products.
	if c.Interactions != 13 || c.Products != 7 || c.Users != 4 {
		t.Errorf("after the imports the store holds %+v", c)
	}
}

// TestDeclaredLengthOverLimitRefusedUnread: a body whose Content-Length is
// over the limit is answered 413 at once, without waiting for its bytes.
func TestDeclaredLengthOverLimitRefusedUnread(t *testing.T) {
	srv, _ := newServer(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(conn, "POST /api/import/products HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: %d\r\n\r\nname,category,price\n", int64(1)<<40)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer before the body was sent: %v", err)
	}
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", resp.StatusCode)
	}
}
