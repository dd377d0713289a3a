package api_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkCachedRecommendations serves one user's cached list through the
// whole router (authentication, the engine's cache, the API's cache of the
// list's JSON), from parallel goroutines.
func BenchmarkCachedRecommendations(b *testing.B) {
	srv, _ := newServer(b)
	h := srv.Config.Handler
	req := httptest.NewRequest(http.MethodGet, "/api/recommendations/1/?count=10", nil)
	for range 3 {
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != 200 {
				b.Fatal(w.Code)
			}
		}
	})
}
