package api

import (
	"net/http/httptest"
	"net/url"
	"testing"

	"shelf/api/httperr"
)

// FuzzDecodeObject feeds arbitrary bodies to the strict decoder of every
// JSON input type: it must never panic, and anything it accepts must have
// been a JSON object.
func FuzzDecodeObject(f *testing.F) {
	for _, seed := range []string{
		`{"name":"Lamp","category":"Home","price":19.9}`,
		`{"user_id":1,"product_id":2,"interaction_type":"view","rating":4.5,"session_id":"s"}`,
		`{"username":"ana","email":"a@example.com","date_joined":"2026-01-01T00:00:00Z"}`,
		`{"price":"1.005"}`, `[]`, `null`, `{"a":1} x`, `{"user_id":-1}`, `{"timestamp":"yesterday"}`, ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		targets := []any{&productInput{}, &interactionInput{}, &userInput{}, &loginInput{}, &keyInput{}}
		for _, dst := range targets {
			err := decodeObject(body, dst)
			if err == nil {
				if len(body) == 0 {
					t.Fatalf("accepted an empty body into %T", dst)
				}
				continue
			}
			if e, internal := toError(err); internal || httperr.Status(e.Code) != 400 {
				t.Fatalf("decoding %q into %T gave %v (status %d), want a 400", body, dst, err, httperr.Status(e.Code))
			}
		}
	})
}

// FuzzQuery feeds arbitrary query strings to the parameter readers: they
// must never panic, and values they accept must lie in their bounds.
func FuzzQuery(f *testing.F) {
	for _, seed := range []string{"page=2&page_size=10", "count=101", "min_price=1.005&max_price=-1", "since=2026-01-01T00:00:00Z", "user_id=0", "page=%zz", "q=" + string(make([]byte, 300))} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		r := httptest.NewRequest("GET", "/api/products/", nil)
		r.URL.RawQuery = raw
		if _, err := url.ParseQuery(raw); err != nil {
			return
		}
		q := newQuery(r)
		page, size := q.page(20)
		n := q.int("count", 10, 1, maxCount)
		min := q.price("min_price", 0)
		_ = q.id("user_id")
		_ = q.time("since")
		_ = q.str("q", maxQueryLen)
		if page < 1 || size < 1 || size > maxPageSize || n < 1 || n > maxCount || min < 0 {
			t.Fatalf("out of bounds from %q: page %d size %d count %d min %d", raw, page, size, n, min)
		}
		if err := q.err(); err != nil {
			if e, _ := toError(err); httperr.Status(e.Code) != 400 || len(e.Details) == 0 {
				t.Fatalf("query %q: %v is not a 400 with details", raw, err)
			}
		}
	})
}

// FuzzPathID checks that any path segment is either a positive id or a 400.
func FuzzPathID(f *testing.F) {
	for _, seed := range []string{"1", "0", "-1", "18446744073709551615", "18446744073709551616", "abc", " 1", "1e3"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := pathID("id", s)
		if err == nil && id == 0 {
			t.Fatalf("pathID(%q) accepted 0", s)
		}
		if err != nil {
			if e, _ := toError(err); httperr.Status(e.Code) != 400 {
				t.Fatalf("pathID(%q): status %d", s, httperr.Status(e.Code))
			}
		}
	})
}
