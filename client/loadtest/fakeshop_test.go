package loadtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeShop imitates the shapes of shelf's endpoints that the generator
// calls. It is a stand-in on purpose: the unit under test is the load
// generator, and the stand-in lets the tests know exactly what it was sent
// and control how long each answer takes.
type fakeShop struct {
	users, products int
	categories      []string
	key             string // when set, every request needs it as a Bearer key
	similar404      bool
	// delay, when set, is how long the n-th recommendation (from 0) takes.
	delay func(n int64) time.Duration

	recs    atomic.Int64
	hits    atomic.Uint64
	misses  atomic.Uint64
	mu      sync.Mutex
	byOp    map[string]int
	types   map[string]int
	byUser  map[uint64]int
	seen    map[string]bool // recommendation URLs, for the cache counters
	queries []string
}

func newFakeShop(t *testing.T, f *fakeShop) *httptest.Server {
	t.Helper()
	if f.categories == nil {
		f.categories = []string{"Books", "Home & Garden", "Toys"}
	}
	f.byOp, f.types, f.byUser, f.seen = map[string]int{}, map[string]int{}, map[uint64]int{}, map[string]bool{}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return srv
}

func (f *fakeShop) count(op string) {
	f.mu.Lock()
	f.byOp[op]++
	f.mu.Unlock()
}

func (f *fakeShop) opCount(op string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.byOp[op]
}

func writeJSONTest(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// page answers a listing of n items page by page, as shelf's listPage does.
func page(w http.ResponseWriter, r *http.Request, n int, item func(id int) map[string]any) {
	size, _ := strconv.Atoi(r.URL.Query().Get("page_size"))
	p, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if size < 1 || size > 100 {
		size = 20
	}
	p = max(p, 1)
	results := []map[string]any{}
	for id := (p-1)*size + 1; id <= min(p*size, n); id++ {
		results = append(results, item(id))
	}
	var next *string
	if p*size < n {
		s := fmt.Sprintf("?page=%d", p+1)
		next = &s
	}
	writeJSONTest(w, 200, map[string]any{"results": results, "count": n, "next": next, "previous": nil})
}

func (f *fakeShop) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if f.key != "" && r.Header.Get("Authorization") != "Bearer "+f.key {
		writeJSONTest(w, 401, map[string]any{"error": "send an API key"})
		return
	}
	// As shelf does, a path works with and without its trailing slash
	// (the Go client sends none, the load's requests one).
	if !strings.HasSuffix(r.URL.Path, "/") {
		r.URL.Path += "/"
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case r.URL.Path == "/api/users/":
		page(w, r, f.users, func(id int) map[string]any { return map[string]any{"id": id, "username": fmt.Sprint("u", id)} })
	case r.URL.Path == "/api/products/" && r.URL.Query().Get("page_size") != "":
		page(w, r, f.products, func(id int) map[string]any {
			return map[string]any{"id": id, "name": fmt.Sprintf("Wireless Headphones %d Deluxe", id%7)}
		})
	case r.URL.Path == "/api/products/":
		f.count("listing")
		writeJSONTest(w, 200, map[string]any{"results": []any{}, "count": 0})
	case r.URL.Path == "/api/categories/":
		cats := []map[string]any{}
		for _, c := range f.categories {
			cats = append(cats, map[string]any{"name": c, "product_count": 1})
		}
		writeJSONTest(w, 200, map[string]any{"categories": cats, "count": len(cats)})
	case r.URL.Path == "/api/model/":
		writeJSONTest(w, 200, map[string]any{"cache": map[string]uint64{"hits": f.hits.Load(), "misses": f.misses.Load()}})
	case len(parts) == 3 && parts[1] == "recommendations":
		f.recommend(w, r, parts[2])
	case r.URL.Path == "/api/search/":
		f.count("search")
		f.mu.Lock()
		f.queries = append(f.queries, r.URL.Query().Get("q"))
		f.mu.Unlock()
		writeJSONTest(w, 200, map[string]any{"products": []any{}, "count": 0})
	case r.URL.Path == "/api/interaction/" && r.Method == http.MethodPost:
		f.interaction(w, r)
	case len(parts) == 4 && parts[1] == "products" && parts[3] == "similar":
		f.count("similar")
		if f.similar404 {
			writeJSONTest(w, 404, map[string]any{"error": "no such endpoint"})
			return
		}
		writeJSONTest(w, 200, map[string]any{"results": []any{}})
	case len(parts) == 3 && parts[1] == "products":
		f.count("product")
		writeJSONTest(w, 200, map[string]any{"id": parts[2]})
	default:
		writeJSONTest(w, 404, map[string]any{"error": "no such endpoint: " + r.URL.Path})
	}
}

func (f *fakeShop) recommend(w http.ResponseWriter, r *http.Request, user string) {
	n := f.recs.Add(1) - 1
	if f.delay != nil {
		time.Sleep(f.delay(n))
	}
	id, _ := strconv.ParseUint(user, 10, 64)
	f.mu.Lock()
	f.byOp["recommend"]++
	f.byUser[id]++
	hit := f.seen[r.URL.RequestURI()]
	f.seen[r.URL.RequestURI()] = true
	f.mu.Unlock()
	if hit {
		f.hits.Add(1)
	} else {
		f.misses.Add(1)
	}
	writeJSONTest(w, 200, map[string]any{"user_id": id, "recommendations": []any{}, "count": 0})
}

func (f *fakeShop) interaction(w http.ResponseWriter, r *http.Request) {
	var in struct {
		UserID    uint64 `json:"user_id"`
		ProductID uint64 `json:"product_id"`
		Type      string `json:"interaction_type"`
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil || in.UserID < 1 || in.UserID > uint64(f.users) || in.ProductID < 1 || in.ProductID > uint64(f.products) {
		writeJSONTest(w, 400, map[string]any{"error": "invalid input"})
		return
	}
	f.mu.Lock()
	f.byOp["interaction"]++
	f.types[in.Type]++
	f.byUser[in.UserID]++
	f.mu.Unlock()
	writeJSONTest(w, 201, in)
}
