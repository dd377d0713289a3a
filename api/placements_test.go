package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"shelf/api/auth"
)

type placedItem struct {
	ID       int    `json:"product_id"`
	PlainID  int    `json:"id"`
	Category string `json:"category"`
	Reason   string `json:"reason"`
	Rules    []struct {
		Rule int    `json:"rule"`
		Type string `json:"type"`
	} `json:"rules"`
}

// TestPlacementsAndRules: placements are stored and shape lists: pins,
// boosts, buries, excludes, windows, diversity, fallback and count; bad
// placements are a 400 or 404 and save nothing.
func TestPlacementsAndRules(t *testing.T) {
	srv, st := newServerWith(t, auth.Config{})
	c := client{t, srv}
	secret, _, _ := shopKeys(t, st)
	sk := map[string]string{"Authorization": "Bearer " + secret}
	list := func(path string) []placedItem {
		t.Helper()
		_, body := c.expect(path, 200, "", "GET", path, "", sk)
		var out map[string]json.RawMessage
		json.Unmarshal([]byte(body), &out)
		var items []placedItem
		for _, k := range []string{"recommendations", "products", "similar"} {
			if raw, ok := out[k]; ok {
				json.Unmarshal(raw, &items)
			}
		}
		for i := range items {
			items[i].ID = max(items[i].ID, items[i].PlainID)
		}
		return items
	}
	put := func(name, body string, status int, want string) {
		t.Helper()
		c.expect("put "+name, status, want, "PUT", "/api/placements/"+name, body, sk)
	}

	// Bad placements: a clear 400 or 404 naming the field, nothing saved.
	for body, field := range map[string]string{
		`{}`:                                   "strategy",
		`{"strategy":"magic"}`:                 "strategy",
		`{"strategy":"trending","count":0.5}`:  "count",
		`{"strategy":"trending","count":1000}`: "count",
		`{"strategy":"trending","rules":[{"type":"pin","product_id":999,"position":1}]}`:                                                                  "rules[0].product_id",
		`{"strategy":"trending","rules":[{"type":"pin","product_id":1,"position":1},{"type":"pin","product_id":2,"position":1}]}`:                         "rules[1].position",
		`{"strategy":"trending","rules":[{"type":"boost","factor":2,"when":{"brand":"x"},"from":"2026-12-01T00:00:00Z","until":"2026-11-01T00:00:00Z"}]}`: "rules[0].until",
		`{"strategy":"trending","rules":[{"type":"boost","factor":0.5,"when":{"brand":"x"}}]}`:                                                            "rules[0].factor",
		`{"strategy":"trending","rules":[{"type":"exclude"}]}`:                                                                                            "rules[0].when",
		`{"strategy":"trending","rules":[{"type":"exclude","when":{}}]}`:                                                                                  "rules[0].when",
		`{"strategy":"trending","rules":[{"type":"exclude","when":{"colour":"red"}}]}`:                                                                    "rules",
		`{"strategy":"trending","rules":[{"type":"teleport"}]}`:                                                                                           "rules[0].type",
		`{"strategy":"trending","max_per_category":-1}`:                                                                                                   "max_per_category",
		`{"strategy":"trending","fallback":"random"}`:                                                                                                     "fallback",
		`{"strategy":"trending","max_per_categroy":1}`:                                                                                                    "max_per_categroy",
	} {
		put("home", body, 400, `"`+field+`"`)
	}
	c.expect("bad name", 400, `"name"`, "PUT", "/api/placements/Home%20Page", `{"strategy":"trending"}`, sk)
	c.expect("nothing was saved", 404, "placement", "GET", "/api/placements/home", "", sk)
	c.expect("unknown placement in a list", 404, "placement", "GET", "/api/popular/?placement=nope", "", sk)

	plain := list("/api/popular/?count=4")
	if len(plain) < 4 {
		t.Fatalf("popular: %+v", plain)
	}
	// Pin product 4 first, exclude what plain ranks first, bury Sports.
	put("home", `{"strategy":"trending","count":3,"rules":[
		{"type":"pin","product_id":4,"position":1},
		{"type":"exclude","when":{"ids":[`+itoa(uint64(plain[0].ID))+`]}},
		{"type":"bury","factor":0.01,"when":{"category":"Sports"}},
		{"type":"pin","product_id":2,"position":2,"from":"2030-01-01T00:00:00Z"}]}`, 201, `"strategy":"trending"`)
	put("home", `{"strategy":"trending","count":3,"rules":[
		{"type":"pin","product_id":4,"position":1},
		{"type":"exclude","when":{"ids":[`+itoa(uint64(plain[0].ID))+`]}},
		{"type":"bury","factor":0.01,"when":{"category":"Sports"}},
		{"type":"pin","product_id":2,"position":2,"from":"2030-01-01T00:00:00Z"}]}`, 200, `"count":3`)
	got := list("/api/popular/?placement=home")
	if len(got) != 3 || got[0].ID != 4 || got[0].Reason != "Featured by the shop" || len(got[0].Rules) != 1 || got[0].Rules[0].Type != "pin" {
		t.Fatalf("pinned list: %+v", got)
	}
	for i, it := range got {
		if it.ID == plain[0].ID {
			t.Errorf("an excluded product is at %d: %+v", i, got)
		}
		if it.ID == 2 {
			t.Errorf("a pin whose window has not begun is active: %+v", got)
		}
		if it.Category == "Sports" && i < len(got)-1 {
			t.Errorf("a buried product is not last: %+v", got)
		}
		if it.Category == "Sports" && (len(it.Rules) == 0 || it.Rules[0].Type != "bury") {
			t.Errorf("a buried product does not say so: %+v", it)
		}
	}
	c.expect("a placement for another kind of list", 400, `"placement"`, "GET", "/api/recommendations/1/?placement=home", "", sk)
	if n := len(list("/api/popular/?placement=home&count=2")); n != 2 {
		t.Errorf("the request's count: %d items", n)
	}

	// Diversity: at most one per category.
	put("varied", `{"strategy":"personal","count":4,"max_per_category":1}`, 201, `"max_per_category":1`)
	seen := map[string]bool{}
	for _, it := range list("/api/recommendations/1/?placement=varied") {
		if seen[it.Category] {
			t.Errorf("two of %s with max_per_category 1", it.Category)
		}
		seen[it.Category] = true
	}
	// Fallback: a filter nothing personal passes is filled from trending,
	// unless the placement says none.
	put("strict", `{"strategy":"personal","count":3,"filters":{"category":"Garden"},"fallback":"none"}`, 201, "")
	put("filled", `{"strategy":"personal","count":3,"filters":{"category":"Garden"}}`, 201, "")
	strict, filled := list("/api/recommendations/1/?placement=strict"), list("/api/recommendations/1/?placement=filled")
	if len(filled) < len(strict) {
		t.Errorf("fallback: %d items with, %d without", len(filled), len(strict))
	}
	for _, it := range filled {
		if it.Category != "Garden" {
			t.Errorf("a fallback item breaks the placement's filter: %+v", it)
		}
	}

	_, body := c.expect("list", 200, `"count":4`, "GET", "/api/placements", "", sk)
	if !strings.Contains(body, `"name":"filled"`) {
		t.Errorf("placements: %s", body)
	}
	c.expect("delete", 204, "", "DELETE", "/api/placements/strict", "", sk)
	c.expect("deleted", 404, "", "GET", "/api/placements/strict", "", sk)
	c.expect("delete again", 404, "", "DELETE", "/api/placements/strict", "", sk)
}
