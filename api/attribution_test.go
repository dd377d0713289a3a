package api_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"shelf/api/auth"
	"shelf/engine"
)

// listOf asks for a list and returns its recommendation id and products.
func listOf(t *testing.T, c client, path string, h map[string]string) (string, []uint64) {
	t.Helper()
	_, body := c.expect(path, 200, "recommendation_id", "GET", path, "", h)
	var out struct {
		ID    string `json:"recommendation_id"`
		Items []struct {
			ProductID uint64 `json:"product_id"`
		} `json:"recommendations"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	ids := make([]uint64, len(out.Items))
	for i, it := range out.Items {
		ids[i] = it.ProductID
	}
	return out.ID, ids
}

// totals reads the analytics' totals.
func totals(t *testing.T, c client, query string, h map[string]string) map[string]float64 {
	t.Helper()
	_, body := c.expect("analytics", 200, "total", "GET", "/api/analytics/"+query, "", h)
	var out struct {
		Total map[string]float64 `json:"total"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	return out.Total
}

// TestAttribution: a click from a list, then a cart and a purchase of the
// clicked product by the same shopper, are the list's; a retry of an
// event id is recorded once; a refund takes the revenue back; ids that are
// not this shopper's are refused, and an expired one makes a plain view.
func TestAttribution(t *testing.T) {
	srv, st := newServerWith(t, auth.Config{})
	c := client{t, srv}
	secret, _, _ := shopKeys(t, st)
	sk := map[string]string{"Authorization": "Bearer " + secret}
	c.expect("a placement", 201, "", "PUT", "/api/placements/home", `{"strategy":"personal"}`, sk)
	rid, items := listOf(t, c, "/api/recommendations/2/?placement=home", sk)
	if len(items) == 0 {
		t.Fatal("an empty list")
	}
	p := items[0]
	event := func(fields string) string {
		return `{"user_id":2,"product_id":` + strconv.FormatUint(p, 10) + `,` + fields + `}`
	}
	c.expect("a click", 201, `"recommendation":"click"`, "POST", "/api/interaction/", event(`"interaction_type":"view","recommendation_id":"`+rid+`"`), sk)
	c.expect("its cart", 201, `"recommendation":"attributed"`, "POST", "/api/interaction/", event(`"interaction_type":"cart"`), sk)
	_, body := c.expect("its purchase", 201, `"recommendation":"attributed"`, "POST", "/api/interaction/", event(`"interaction_type":"purchase","value":"12.50","event_id":"order-1"`), sk)
	var first struct{ ID uint64 }
	json.Unmarshal([]byte(body), &first)
	c.expect("a retry", 200, `"id":`+strconv.FormatUint(first.ID, 10)+`,`, "POST", "/api/interaction/", event(`"interaction_type":"purchase","value":"12.50","event_id":"order-1"`), sk)
	if it, err := st.Interaction(first.ID); err != nil || it.Value == nil || *it.Value != 1250 || it.RecommendationID != rid || it.EventID != "order-1" {
		t.Fatalf("stored purchase %+v, %v", it, err)
	}
	// Another shopper's purchase of it, and this shopper's of a product
	// never clicked, are revenue but not the list's; the value defaults to
	// the price.
	c.expect("bob buys", 201, "", "POST", "/api/interaction/", `{"user_id":1,"product_id":`+strconv.FormatUint(p, 10)+`,"interaction_type":"purchase"}`, sk)
	c.expect("not clicked", 201, "", "POST", "/api/interaction/", `{"user_id":2,"product_id":4,"interaction_type":"purchase"}`, sk)
	got := totals(t, c, "", sk)
	price := map[uint64]float64{1: 59.99, 2: 89, 3: 4.5, 4: 25, 5: 129}
	want := map[string]float64{"impressions": 1, "clicks": 1, "ctr": 1, "carts": 1, "purchases": 1, "conversion_rate": 1,
		"revenue": 12.5, "total_revenue": 12.5 + price[p] + 25}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v (totals %v)", k, got[k], v, got)
		}
	}
	if placed := totals(t, c, "?placement=home", sk); placed["revenue"] != 12.5 {
		t.Errorf("the placement's revenue %v", placed)
	}

	// Refunds.
	c.expect("a refund", 200, `"value":12.50`, "POST", "/api/refunds/", `{"event_id":"order-1"}`, sk)
	c.expect("twice", 409, "refunded already", "POST", "/api/refunds/", `{"event_id":"order-1"}`, sk)
	c.expect("not a purchase", 409, "not a purchase", "POST", "/api/refunds/", `{"interaction_id":1}`, sk)
	c.expect("nothing", 404, "", "POST", "/api/refunds/", `{"interaction_id":999999}`, sk)
	c.expect("an unknown event id", 404, "", "POST", "/api/refunds/", `{"event_id":"nope"}`, sk)
	c.expect("both ids", 400, "interaction_id", "POST", "/api/refunds/", `{"interaction_id":1,"event_id":"x"}`, sk)
	c.expect("shoppers may not", 401, "", "POST", "/api/refunds/", `{"interaction_id":1}`, nil)
	if after := totals(t, c, "", sk); after["revenue"] != 0 || after["purchases"] != 0 || after["total_revenue"] != price[p]+25 {
		t.Errorf("after the refund %v", after)
	}

	// Ids that are not this shopper's.
	for name, id := range map[string]string{
		"another shopper's": rid, // bob (user 1) clicks ana's list
		"forged":            rid[:len(rid)-8] + "AAAAAAAA.1",
		"garbage":           "hello",
		"empty":             "",
	} {
		c.expect(name, 400, `"recommendation_id"`, "POST", "/api/interaction/",
			`{"user_id":1,"product_id":1,"interaction_type":"view","recommendation_id":`+strconv.Quote(id)+`}`, sk)
	}
	// An id served before the window: sign one for ten days ago as the
	// server does (an independent reimplementation of the format).
	au, err := auth.New(st, auth.Config{})
	if err != nil {
		t.Fatal(err)
	}
	head := engine.RecommendationIDHead(now.Unix()/86400-10, engine.ListKind{Strategy: "personal"})
	mac := hmac.New(sha256.New, au.RecommendationKey())
	mac.Write([]byte(head + "\x00u2"))
	old := head + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:12]) + ".7"
	c.expect("expired", 201, `"recommendation":"expired"`, "POST", "/api/interaction/", event(`"interaction_type":"view","recommendation_id":"`+old+`"`), sk)
	if after := totals(t, c, "", sk); after["clicks"] != 1 {
		t.Errorf("an expired id counted as a click: %v", after)
	}

	// Bad values and event ids.
	for name, f := range map[string]string{
		"negative value":   `"interaction_type":"purchase","value":-1`,
		"three decimals":   `"interaction_type":"purchase","value":"1.005"`,
		"huge value":       `"interaction_type":"purchase","value":1e12`,
		"spaced event id":  `"interaction_type":"view","event_id":"a b"`,
		"empty event id":   `"interaction_type":"view","event_id":""`,
		"long event id":    `"interaction_type":"view","event_id":"` + strings.Repeat("x", 101) + `"`,
		"value not number": `"interaction_type":"purchase","value":{}`,
	} {
		c.expect(name, 400, "", "POST", "/api/interaction/", event(f), sk)
	}
	// A bot's events are not recorded.
	bot := map[string]string{"Authorization": "Bearer " + secret, "User-Agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"}
	c.expect("a bot", 202, `"recorded":false`, "POST", "/api/interaction/", event(`"interaction_type":"view"`), bot)
}

// TestShopSettings: the time zone, currency and window are read by
// anyone with a shop key, changed with a secret one, and checked.
func TestShopSettings(t *testing.T) {
	srv, st := newServerWith(t, auth.Config{})
	c := client{t, srv}
	secret, _, public := shopKeys(t, st)
	sk := map[string]string{"Authorization": "Bearer " + secret}
	pk := map[string]string{"Authorization": "Bearer " + public}
	c.expect("defaults", 200, `{"time_zone":"UTC","currency":"USD","attribution_window_days":7}`, "GET", "/api/shop/", "", pk)
	c.expect("change", 200, `{"time_zone":"Asia/Tokyo","currency":"JPY","attribution_window_days":7}`, "PUT", "/api/shop/", `{"time_zone":"Asia/Tokyo","currency":"JPY"}`, sk)
	c.expect("analytics in the zone", 200, `"time_zone":"Asia/Tokyo","to":"`+now.In(mustZone(t, "Asia/Tokyo")).Format("2006-01-02"), "GET", "/api/analytics/", "", sk)
	for name, body := range map[string]string{
		"a zone":     `{"time_zone":"Mars/Olympus"}`,
		"Local":      `{"time_zone":"Local"}`,
		"a currency": `{"currency":"euro"}`,
		"a window":   `{"attribution_window_days":365}`,
		"negative":   `{"attribution_window_days":-1}`,
		"unknown":    `{"colour":"red"}`,
	} {
		c.expect(name, 400, "", "PUT", "/api/shop/", body, sk)
	}
	c.expect("publishable keys may not", 403, "", "PUT", "/api/shop/", `{"currency":"EUR"}`, pk)
	c.expect("unchanged", 200, `"currency":"JPY"`, "GET", "/api/shop/", "", pk)
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
