package api_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"shelf/api/auth"
)

// TestCatalogFieldsAndFilters: the catalog's optional fields through the
// API, the brand, tag and exclude filters on every list, and what they
// refuse.
func TestCatalogFieldsAndFilters(t *testing.T) {
	srv, st := newServerWith(t, auth.Config{})
	c := client{t, srv}
	secret, _, pub := shopKeys(t, st)
	sk := map[string]string{"Authorization": "Bearer " + secret}
	pk := map[string]string{"Authorization": "Bearer " + pub}

	_, body := c.expect("create with every field", 201, `"brand":"Sonic"`, "POST", "/api/products/",
		`{"id":10,"name":"Studio Monitor","category":"Electronics","price":"199.00","image_url":"https://cdn.example/m.png",
		  "url":"https://shop.example/m","brand":"Sonic","tags":["audio"," studio ","Audio"],"stock":3,"attributes":{"colour":"black"}}`, sk)
	for _, want := range []string{`"tags":["audio","studio"]`, `"stock":3`, `"attributes":{"colour":"black"}`, `"image_url":"https://cdn.example/m.png"`} {
		if !strings.Contains(body, want) {
			t.Errorf("created product lacks %s: %s", want, body)
		}
	}
	c.expect("brand and tags on another", 200, `"brand":"Sonic"`, "PATCH", "/api/products/1/", `{"brand":"Sonic","tags":["wireless"]}`, sk)
	c.expect("null stock stops tracking it", 200, `"name":"Studio Monitor"`, "PATCH", "/api/products/10/", `{"stock":null}`, sk)
	if p, _ := st.Product(10); p.Stock != nil || p.Brand != "Sonic" {
		t.Errorf("after stock null: %+v", p)
	}
	for body, field := range map[string]string{
		`{"url":"javascript:alert(1)"}`:                "url",
		`{"image_url":"ftp://x/y.png"}`:                "image_url",
		`{"tags":"audio"}`:                             "tags",
		`{"tags":["a;b"]}`:                             "tags",
		`{"stock":1.5}`:                                "stock",
		`{"stock":"3"}`:                                "stock",
		`{"active":"no"}`:                              "active",
		`{"attributes":{"size":1}}`:                    "attributes",
		`{"attributes":{"a=b":"c"}}`:                   "attributes",
		`{"brand":"` + strings.Repeat("b", 101) + `"}`: "brand",
	} {
		c.expect("bad "+field, 400, `"`+field+`"`, "PATCH", "/api/products/10/", body, sk)
	}
	if p, _ := st.Product(10); p.Stock != nil || len(p.Tags) != 2 {
		t.Errorf("a refused change was half-saved: %+v", p)
	}

	ids := func(path string, headers map[string]string) []int { t.Helper(); return listedIDs(c, path, headers) }
	equal := func(what string, got []int, want ...int) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s: %v; want %v", what, got, want)
			return
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: %v; want %v", what, got, want)
				return
			}
		}
	}
	// Product 10 is newer than the model, which ranks only what it knows.
	equal("popular by brand, in any case", ids("/api/popular/?count=10&brand=sonic", sk), 1)
	equal("popular by tag", ids("/api/popular/?count=10&tag=WIRELESS", sk), 1)
	for _, id := range ids("/api/popular/?count=10&exclude=1,3,10", sk) {
		if id == 1 || id == 3 || id == 10 {
			t.Errorf("popular with exclude=1,3,10 holds %d", id)
		}
	}
	for _, id := range ids("/api/recommendations/2/?count=10&exclude=3,4", sk) {
		if id == 3 || id == 4 {
			t.Errorf("recommendations with exclude=3,4 hold %d", id)
		}
	}
	equal("similar by brand", ids("/api/products/5/similar/?count=10&brand=Sonic", sk), intersect(ids("/api/products/5/similar/?count=10", sk), 1, 10)...)
	equal("search finds the brand", sortedInts(ids("/api/search/?q=sonic", sk)), 1, 10)

	many := strings.Repeat("7,", 500) + "7"
	c.expect("501 excluded ids", 400, `"exclude":"at most 500 ids"`, "GET", "/api/popular/?exclude="+many, "", sk)
	c.expect("a bad excluded id", 400, `"exclude"`, "GET", "/api/popular/?exclude=1,x", "", sk)
	c.expect("a zero excluded id", 400, `"exclude"`, "GET", "/api/products/1/similar/?exclude=0", "", sk)
	c.expect("an id over 2^53", 400, `"exclude"`, "GET", "/api/products/1/similar/?exclude=9007199254740992", "", sk)

	// Out of stock: shoppers' search does not find it; the shop's staff do.
	c.expect("out of stock", 200, `"stock":0`, "PATCH", "/api/products/10/", `{"stock":0}`, sk)
	equal("a shopper's search", ids("/api/search/?q=monitor", pk))
	equal("the staff's search", ids("/api/search/?q=monitor", sk), 10)
	c.expect("the product itself is still there", 200, `"stock":0`, "GET", "/api/products/10/", "", pk)
}

// listedIDs reads the product ids of any list answer, whichever name and
// item shape its route uses.
func listedIDs(c client, path string, headers map[string]string) []int {
	c.t.Helper()
	_, body := c.expect(path, 200, "", "GET", path, "", headers)
	var out map[string]json.RawMessage
	json.Unmarshal([]byte(body), &out)
	var items []struct {
		ID        int `json:"id"`
		ProductID int `json:"product_id"`
	}
	for _, k := range []string{"products", "recommendations", "similar"} {
		if raw, ok := out[k]; ok {
			json.Unmarshal(raw, &items)
		}
	}
	got := []int{}
	for _, it := range items {
		got = append(got, max(it.ID, it.ProductID))
	}
	return got
}

func sortedInts(s []int) []int { return slices.Sorted(slices.Values(s)) }

// intersect keeps the items of s that are among keep, in s's order.
func intersect(s []int, keep ...int) []int {
	out := []int{}
	for _, v := range s {
		for _, k := range keep {
			if v == k {
				out = append(out, v)
			}
		}
	}
	return out
}

// TestPagesNeverRepeat: page N of count C is items (N-1)·C+1 to N·C of the
// same ranking, on every list, cached or not.
func TestPagesNeverRepeat(t *testing.T) {
	srv, st := newServerWith(t, auth.Config{})
	c := client{t, srv}
	secret, _, _ := shopKeys(t, st)
	sk := map[string]string{"Authorization": "Bearer " + secret}
	ids := func(path string) []int { t.Helper(); return listedIDs(c, path, sk) }
	for _, base := range []string{"/api/recommendations/1/?", "/api/popular/?", "/api/products/1/similar/?"} {
		all := ids(base + "count=4")
		var paged []int
		for page := 1; page <= 3; page++ {
			path := base + "count=2&page=" + itoa(uint64(page))
			got := ids(path)
			if again := ids(path); fmtInts(again) != fmtInts(got) { // the second time from the cache
				t.Errorf("%s: %v, then %v", path, got, again)
			}
			paged = append(paged, got...)
		}
		if len(all) < 3 {
			t.Fatalf("%s: too short to page: %v", base, all)
		}
		if fmtInts(paged[:len(all)]) != fmtInts(all) {
			t.Errorf("%s pages %v; the ranking %v", base, paged, all)
		}
	}
	c.expect("page 0", 400, `"page"`, "GET", "/api/popular/?page=0", "", sk)
	c.expect("too deep", 400, `"page"`, "GET", "/api/recommendations/1/?count=100&page=6", "", sk)
	_, body := c.expect("page 2 says so", 200, `"page":2`, "GET", "/api/recommendations/1/?count=2&page=2", "", sk)
	if !strings.HasPrefix(body, `{"count":`) {
		t.Errorf("page answer %s", body)
	}
}

func fmtInts(s []int) string {
	var b strings.Builder
	for _, v := range s {
		b.WriteString(itoa(uint64(v)) + ",")
	}
	return b.String()
}

// TestExcludeShown: exclude_shown leaves out what the shopper was shown in
// the last half hour, on personal and other lists, and needs a shopper.
func TestExcludeShown(t *testing.T) {
	srv, st := newServerWith(t, auth.Config{})
	c := client{t, srv}
	secret, _, pub := shopKeys(t, st)
	sk := map[string]string{"Authorization": "Bearer " + secret}
	ids := func(path string) map[int]bool {
		t.Helper()
		_, body := c.expect(path, 200, "", "GET", path, "", sk)
		var out struct {
			Recs []struct {
				ProductID int `json:"product_id"`
			} `json:"recommendations"`
			Products []struct {
				ID int `json:"id"`
			} `json:"products"`
		}
		json.Unmarshal([]byte(body), &out)
		got := map[int]bool{}
		for _, r := range out.Recs {
			got[r.ProductID] = true
		}
		for _, p := range out.Products {
			got[p.ID] = true
		}
		return got
	}
	for _, base := range []string{"/api/recommendations/2/?count=1", "/api/popular/?count=2&user_id=1"} {
		first := ids(base)
		second := ids(base + "&exclude_shown=true")
		if len(first) == 0 || len(second) == 0 {
			t.Fatalf("%s: %v then %v", base, first, second)
		}
		for id := range second {
			if first[id] {
				t.Errorf("%s: %d shown again with exclude_shown", base, id)
			}
		}
		third := ids(base + "&exclude_shown=true")
		for id := range third {
			if first[id] || second[id] {
				t.Errorf("%s: %d shown a third time", base, id)
			}
		}
	}
	c.expect("the memory is counted", 200, `"shown":{"impressions":`, "GET", "/api/model/", "", sk)
	c.expect("without a shopper", 400, `"exclude_shown"`, "GET", "/api/popular/?exclude_shown=true", "", sk)
	c.expect("a bad flag", 400, `"exclude_shown"`, "GET", "/api/popular/?exclude_shown=yes", "", sk)
	c.expect("another shopper's memory", 401, "X-Shelf-Shopper", "GET", "/api/popular/?exclude_shown=true&user_id=1", "", map[string]string{"Authorization": "Bearer " + pub})
	c.expect("a made-up session", 403, "session_id", "GET", "/api/popular/?exclude_shown=true&session_id=abc", "", map[string]string{"Authorization": "Bearer " + pub})
}

// TestEveryListHasAnID: every list endpoint answers with a recommendation
// id and each item with its position, counted across pages.
func TestEveryListHasAnID(t *testing.T) {
	srv, st := newServerWith(t, auth.Config{})
	c := client{t, srv}
	secret, _, _ := shopKeys(t, st)
	sk := map[string]string{"Authorization": "Bearer " + secret}
	_, body := c.expect("a session", 201, "", "POST", "/api/sessions", "", sk)
	var sess struct {
		ID string `json:"session_id"`
	}
	json.Unmarshal([]byte(body), &sess)
	c.expect("a placement", 201, "", "PUT", "/api/placements/home", `{"strategy":"personal"}`, sk)
	seen := map[string]bool{}
	for _, path := range []string{
		"/api/recommendations/1/?count=2", "/api/recommendations/1/?count=2", "/api/recommendations/1/?count=2&page=2",
		"/api/recommendations/session/" + sess.ID + "/?count=2", "/api/products/1/similar/?count=2",
		"/api/products/1/bought-together/?count=2", "/api/popular/?count=2&page=2", "/api/recommendations/1/?placement=home&count=2",
	} {
		_, body := c.expect(path, 200, `"recommendation_id":"r1.`, "GET", path, "", sk)
		var out map[string]json.RawMessage
		json.Unmarshal([]byte(body), &out)
		var id string
		json.Unmarshal(out["recommendation_id"], &id)
		if seen[id] {
			t.Errorf("%s: the id %s again", path, id)
		}
		seen[id] = true
		first := 1
		if strings.Contains(path, "page=2") {
			first = 3
		}
		for _, k := range []string{"recommendations", "similar", "products"} {
			var items []struct {
				Position int `json:"position"`
			}
			json.Unmarshal(out[k], &items)
			for i, it := range items {
				if it.Position != first+i {
					t.Errorf("%s: item %d at position %d; want %d", path, i, it.Position, first+i)
				}
			}
		}
	}
}

// TestAnalyticsCountsImpressions: every list served is an impression of
// its kind and placement, a bot's is not, and the analytics route refuses
// bad days.
func TestAnalyticsCountsImpressions(t *testing.T) {
	srv, st := newServerWith(t, auth.Config{})
	c := client{t, srv}
	secret, _, _ := shopKeys(t, st)
	sk := map[string]string{"Authorization": "Bearer " + secret}
	c.expect("a placement", 201, "", "PUT", "/api/placements/home", `{"strategy":"personal"}`, sk)
	for _, path := range []string{
		"/api/recommendations/1/", "/api/recommendations/1/", "/api/popular/", "/api/products/1/similar/",
		"/api/recommendations/2/?placement=home",
	} {
		c.expect(path, 200, "recommendation_id", "GET", path, "", sk)
	}
	bot := map[string]string{"Authorization": "Bearer " + secret, "User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"}
	c.expect("a crawler's list", 200, "recommendation_id", "GET", "/api/popular/", "", bot)
	_, body := c.expect("analytics", 200, `"total":{"impressions":5,`, "GET", "/api/analytics/", "", sk)
	for _, want := range []string{`{"strategy":"personal","placement":"","variant":"","impressions":2,`,
		`{"strategy":"trending","placement":"","variant":"","impressions":1,`,
		`{"strategy":"similar","placement":"","variant":"","impressions":1,`,
		`{"strategy":"personal","placement":"home","variant":"","impressions":1,`} {
		if !strings.Contains(body, want) {
			t.Errorf("analytics lacks %s: %s", want, body)
		}
	}
	c.expect("one placement", 200, `"total":{"impressions":1,`, "GET", "/api/analytics/?placement=home", "", sk)
	c.expect("a day in the past", 200, `"total":{"impressions":0,`, "GET", "/api/analytics/?from=2020-01-01&to=2020-01-31", "", sk)
	c.expect("a bad day", 400, `"from"`, "GET", "/api/analytics/?from=2026-13-01", "", sk)
	c.expect("backwards", 400, `"to"`, "GET", "/api/analytics/?from=2026-11-02&to=2026-11-01", "", sk)
	c.expect("too long", 400, `"from"`, "GET", "/api/analytics/?from=2020-01-01&to=2026-01-01", "", sk)
	c.expect("shoppers may not", 401, "", "GET", "/api/analytics/", "", nil)
}
