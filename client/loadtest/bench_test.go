package loadtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkSend measures the generator's own cost of one request against a
// server that answers a fixed 4 KB body (the size of ten recommendations):
// allocations per request are the figure to watch.
func BenchmarkSend(b *testing.B) {
	body := strings.Repeat("x", 4096)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(body)) }))
	defer srv.Close()
	opt := Options{BaseURL: srv.URL, Timeout: DefaultTimeout}
	req := request{op: opRecommend, method: http.MethodGet, path: "/api/recommendations/1/?count=10"}
	b.ReportAllocs()
	b.SetParallelism(1)
	b.RunParallel(func(pb *testing.PB) {
		cn := newConn(opt)
		defer cn.close()
		for pb.Next() {
			if status, err := cn.do(context.Background(), req); err != nil || status != 200 {
				b.Fatal(status, err)
			}
		}
	})
}

// BenchmarkGenerator measures making one request of each scenario.
func BenchmarkGenerator(b *testing.B) {
	sh := &shop{users: make([]uint64, 500), products: make([]uint64, 1000), categories: []string{"Books", "Toys"}, words: []string{"wireless", "headphones", "lamp"}}
	for i := range sh.users {
		sh.users[i] = uint64(i + 1)
	}
	for i := range sh.products {
		sh.products[i] = uint64(i + 1)
	}
	for _, sc := range Scenarios {
		b.Run(sc, func(b *testing.B) {
			g := newGenerator(Options{Scenario: sc, BaseURL: "http://127.0.0.1:8080", HotUsers: 16}, sh, sh.users, 0)
			b.ReportAllocs()
			for b.Loop() {
				_ = g.next()
			}
		})
	}
}
