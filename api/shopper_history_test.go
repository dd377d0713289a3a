package api_test

import (
	"encoding/json"
	"testing"

	"shelf/api/auth"
)

// TestShopperHistory reads GET /api/users/:id/interactions as a
// storefront does, with a publishable key and the shopper's token: ana
// (user 1) liked product 1 and bought product 3; bob is user 2.
func TestShopperHistory(t *testing.T) {
	srv, st := newServerWith(t, auth.Config{})
	c := client{t, srv}
	secret, _, pub := shopKeys(t, st)
	sk := map[string]string{"Authorization": "Bearer " + secret}
	_, body := c.expect("issue", 201, `"token":"`, "POST", "/api/shopper-tokens", `{"user_id":1,"ttl_seconds":600}`, sk)
	var issued struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal([]byte(body), &issued); err != nil {
		t.Fatal(err)
	}
	ana := map[string]string{"Authorization": "Bearer " + pub, auth.ShopperHeader: issued.Token}
	bare := map[string]string{"Authorization": "Bearer " + pub}

	for _, tt := range []struct {
		name, path string
		headers    map[string]string
		status     int
		want       string
	}{
		{"her like of product 1", "/api/users/1/interactions/?product_id=1&type=like&page_size=1", ana, 200, `"count":1`},
		{"no like of product 3", "/api/users/1/interactions/?product_id=3&type=like", ana, 200, `"count":0`},
		{"her purchase of product 3", "/api/users/1/interactions/?product_id=3&type=purchase", ana, 200, `"interaction_type":"purchase"`},
		{"her whole history", "/api/users/1/interactions/", ana, 200, `"count":3`},
		{"another shopper's history", "/api/users/2/interactions/?product_id=1&type=like", ana, 403, "another shopper"},
		{"no token", "/api/users/1/interactions/?type=like", bare, 401, "X-Shelf-Shopper"},
		{"a bad type", "/api/users/1/interactions/?type=love", ana, 400, `"type"`},
		{"a bad product", "/api/users/1/interactions/?product_id=x", ana, 400, `"product_id"`},
		{"the secret key reads anyone's", "/api/users/2/interactions/?product_id=2&type=cart", sk, 200, `"count":1`},
	} {
		c.expect(tt.name, tt.status, tt.want, "GET", tt.path, "", tt.headers)
	}
}
