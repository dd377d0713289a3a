package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// listIDs reads the product ids of any of the API's lists: recommendations
// (product_id) or products (id), under whichever name the route uses.
func listIDs(t *testing.T, url string) []uint64 {
	t.Helper()
	var body map[string]json.RawMessage
	getJSON(t, url, &body)
	for _, name := range []string{"recommendations", "similar", "products"} {
		raw, ok := body[name]
		if !ok {
			continue
		}
		var items []struct {
			ID        uint64 `json:"id"`
			ProductID uint64 `json:"product_id"`
		}
		if err := json.Unmarshal(raw, &items); err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		ids := make([]uint64, len(items))
		for i, it := range items {
			ids[i] = max(it.ID, it.ProductID)
		}
		return ids
	}
	t.Fatalf("%s: no list in %v", url, body)
	return nil
}

func patchProduct(t *testing.T, base string, id uint64, body string) {
	t.Helper()
	if code, b := do(t, http.MethodPatch, fmt.Sprintf("%s/api/products/%d/", base, id), body); code != 200 {
		t.Fatalf("PATCH product %d %s: %d %s", id, body, code, b)
	}
}

// TestOutOfStockLeavesEveryList: a product put out of stock (or made
// inactive) vanishes from every list at the next request, cached or not,
// and comes back when restocked, with no retraining.
func TestOutOfStockLeavesEveryList(t *testing.T) {
	if testing.Short() {
		t.Skip("serves the demo shop")
	}
	m := MustRunMain(t, "-demo", "-retrain", "0")
	var sess struct {
		ID string `json:"session_id"`
	}
	postJSON(t, m.base+"/api/sessions/", "", &sess)
	for _, p := range []uint64{3, 4, 5} {
		postJSONStatus(t, m.base+"/api/interaction/", fmt.Sprintf(`{"product_id":%d,"interaction_type":"view","session_id":%q}`, p, sess.ID), 201)
	}
	first := listIDs(t, m.base+"/api/search/?q=headphones")[0]
	lists := []string{
		"/api/recommendations/1/?count=10",
		"/api/recommendations/2/?count=5&category=Books",
		"/api/recommendations/session/" + sess.ID + "/?count=10",
		"/api/popular/?count=10",
		fmt.Sprintf("/api/products/%d/similar/?count=10", first),
		fmt.Sprintf("/api/products/%d/bought-together/?count=10", first),
		"/api/search/?q=headphones",
	}
	for _, change := range []struct{ out, back string }{{`{"stock":0}`, `{"stock":5}`}, {`{"active":false}`, `{"active":true}`}} {
		for _, path := range lists {
			before := listIDs(t, m.base+path)
			if len(before) == 0 {
				t.Fatalf("%s: empty list", path)
			}
			listIDs(t, m.base+path) // now cached
			gone := before[0]
			patchProduct(t, m.base, gone, change.out)
			after := listIDs(t, m.base+path)
			if slices.Contains(after, gone) {
				t.Errorf("%s after %s of %d: %v still holds it", path, change.out, gone, after)
			}
			if len(after) < len(before)-1 {
				t.Errorf("%s after %s: %d items, %d before: the list was not refilled", path, change.out, len(after), len(before))
			}
			patchProduct(t, m.base, gone, change.back)
			if again := listIDs(t, m.base+path); !slices.Equal(again, before) {
				t.Errorf("%s after %s: %v; want the list as before, %v", path, change.back, again, before)
			}
		}
	}
}

// postJSONStatus posts body and fails unless the answer has the status.
func postJSONStatus(t *testing.T, url, body string, status int) []byte {
	t.Helper()
	code, b := do(t, http.MethodPost, url, body)
	if code != status {
		t.Fatalf("POST %s %s: %d %s; want %d", url, body, code, b, status)
	}
	return b
}

// postJSON posts body, wants a 2xx, and decodes the answer into v.
func postJSON(t *testing.T, url, body string, v any) {
	t.Helper()
	code, b := do(t, http.MethodPost, url, body)
	if code/100 != 2 || json.Unmarshal(b, v) != nil {
		t.Fatalf("POST %s: %d %s", url, code, b)
	}
}

// TestDemoPictures: the demo's products carry pictures that shelf draws
// and serves itself, cacheable, safe, and only for products that name them.
func TestDemoPictures(t *testing.T) {
	if testing.Short() {
		t.Skip("serves the demo shop")
	}
	m := MustRunMain(t, "-demo", "-retrain", "0")
	var p struct {
		ImageURL string `json:"image_url"`
		URL      string `json:"url"`
		Brand    string `json:"brand"`
	}
	getJSON(t, m.base+"/api/products/1/", &p)
	if !strings.HasPrefix(p.ImageURL, "/images/demo/") || p.URL != "/products/1" {
		t.Fatalf("demo product 1: %+v", p)
	}
	resp, err := http.Get(m.base + p.ImageURL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(string(body), "<svg") ||
		strings.Contains(string(body), "<script") || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "sandbox") {
		t.Fatalf("picture: %d %v %.80s", resp.StatusCode, resp.Header, body)
	}
	req, _ := http.NewRequest(http.MethodGet, m.base+p.ImageURL, nil)
	req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
	again, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	again.Body.Close()
	if again.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: %d", again.StatusCode)
	}
	for _, path := range []string{"/images/demo/0.svg", "/images/demo/999999.svg", "/images/demo/1.png", "/images/demo/1x.svg", "/images/demo/-1.svg"} {
		if code, _, _ := get(t, m.base+path); code != 404 {
			t.Errorf("%s: %d; want 404", path, code)
		}
	}
	// A product whose image_url is elsewhere gets no drawn picture.
	patchProduct(t, m.base, 1, `{"image_url":"https://cdn.example/1.png"}`)
	if code, _, _ := get(t, m.base+"/images/demo/1.svg"); code != 404 {
		t.Errorf("a product with its own picture: %d; want 404", code)
	}
}
