package api_test

import (
	"strings"
	"testing"
)

// TestSearchFilters runs GET /api/search's filters, sorts, corrections and
// bad values over the fixture: "headphones" finds product 1 (Electronics,
// 59.99, the oldest) by name and product 5 (Electronics, 129.00, the
// newest) by description.
func TestSearchFilters(t *testing.T) {
	srv, _ := newServer(t)
	for _, sc := range []scenario{
		{name: "a category keeps its products", method: "GET", path: "/api/search/?q=noise&category=Electronics", status: 200,
			want: []string{`"count":2`}},
		{name: "another category has none", method: "GET", path: "/api/search/?q=noise&category=Sports", status: 200,
			want: []string{`"count":0`, `"products":[]`}},
		{name: "max price filters before counting", method: "GET", path: "/api/search/?q=headphones&max_price=60", status: 200,
			want: []string{`"count":1`, `"products":[{"id":1,`}},
		{name: "min price", method: "GET", path: "/api/search/?q=headphones&min_price=100", status: 200,
			want: []string{`"count":1`, `"products":[{"id":5,`}},
		{name: "filtered pages count the filtered", method: "GET", path: "/api/search/?q=headphones&category=Electronics&page_size=1&page=2", status: 200,
			want: []string{`"count":2`, `"next":null`, `"previous":"/api/search/?`}},
		{name: "relevance first", method: "GET", path: "/api/search/?q=headphones&sort=relevance", status: 200,
			want: []string{`"products":[{"id":1,`}},
		{name: "price high to low", method: "GET", path: "/api/search/?q=headphones&sort=price_desc", status: 200,
			want: []string{`"products":[{"id":5,`}},
		{name: "price low to high", method: "GET", path: "/api/search/?q=headphones&sort=price_asc&page_size=1&page=2", status: 200,
			want: []string{`"products":[{"id":5,`, `"count":2`}},
		{name: "newest", method: "GET", path: "/api/search/?q=headphones&sort=newest", status: 200,
			want: []string{`"products":[{"id":5,`}},
		{name: "a typo is corrected", method: "GET", path: "/api/search/?q=wireless+hedphones", status: 200,
			want: []string{`"corrected":"wireless headphones"`,
				`"terms":[{"word":"wireless","matches":["wireless"]},{"word":"hedphones","matches":["headphones"],"correction":"headphones"}]`}},
		{name: "a prefix is no correction", method: "GET", path: "/api/search/?q=headphone", status: 200,
			want: []string{`"terms":[{"word":"headphone","matches":["headphones"]}]`}, absent: []string{`"corrected"`}},
		{name: "a stem is no correction", method: "GET", path: "/api/search/?q=shoe+", status: 200,
			want: []string{`"matches":["shoes"]`}, absent: []string{`"corrected"`}},
		{name: "no words, no terms", method: "GET", path: "/api/search/?q=", status: 200, want: []string{`"terms":[]`, `"count":0`}},
		{name: "bad sort", method: "GET", path: "/api/search/?q=tea&sort=cheap", status: 400,
			want: []string{`"sort":"must be one of relevance, price_asc, price_desc, newest"`}},
		{name: "the products' sort is not the search's", method: "GET", path: "/api/search/?q=tea&sort=-price", status: 400, want: []string{`"sort"`}},
		{name: "bad min price", method: "GET", path: "/api/search/?q=tea&min_price=abc", status: 400, want: []string{`"min_price"`}},
		{name: "bad max price", method: "GET", path: "/api/search/?q=tea&max_price=-3", status: 400, want: []string{`"max_price"`}},
		{name: "max below min", method: "GET", path: "/api/search/?q=tea&min_price=20&max_price=10", status: 400,
			want: []string{`"max_price":"must not be below min_price"`}},
		{name: "category too long", method: "GET", path: "/api/search/?q=tea&category=" + strings.Repeat("a", 401), status: 400,
			want: []string{`"category"`}},
	} {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, srv) })
	}
}
