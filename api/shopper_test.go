package api_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"shelf/api/auth"
	"shelf/store"
)

// shopKeys creates a secret and a publishable key and returns their texts
// and the secret key's id.
func shopKeys(t *testing.T, st *store.Store) (secret string, secretID uint64, publishable string) {
	t.Helper()
	au, err := auth.New(st, auth.Config{})
	if err != nil {
		t.Fatal(err)
	}
	secret, k, err := au.CreateKey("backend", "secret")
	if err != nil {
		t.Fatal(err)
	}
	publishable, pk, err := au.CreateKey("shop js", "publishable")
	if err != nil || pk.ID != k.ID+1 {
		t.Fatal(err, pk.ID)
	}
	return secret, k.ID, publishable
}

// recipeToken signs a shopper token the way the README tells a shop to,
// with nothing of shelf's code: HMAC-SHA256 keyed with the SHA-256 of the
// secret key, over "v1.<key id>.<user id>.<expires>".
func recipeToken(secret string, keyID, userID uint64, exp time.Time) string {
	key := sha256.Sum256([]byte(secret))
	msg := fmt.Sprintf("v1.%d.%d.%d", keyID, userID, exp.Unix())
	mac := hmac.New(sha256.New, key[:])
	mac.Write([]byte(msg))
	return msg + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// TestShopperBinding attacks the public routes that name a shopper: a
// publishable key must hold the shopper's token to read their
// recommendations, search with their taste or record their events, and
// nothing it is told reveals whether another id exists.
func TestShopperBinding(t *testing.T) {
	srv, st := newServerWith(t, auth.Config{})
	c := client{t, srv}
	secret, secretID, pub := shopKeys(t, st)
	sk := map[string]string{"Authorization": "Bearer " + secret}
	with := func(token string) map[string]string {
		return map[string]string{"Authorization": "Bearer " + pub, auth.ShopperHeader: token}
	}
	_, body := c.expect("issue", 201, `"expires_at":"`, "POST", "/api/shopper-tokens", `{"user_id":1,"ttl_seconds":600}`, sk)
	var issued struct {
		Token string `json:"token"`
	}
	json.Unmarshal([]byte(body), &issued)
	ana := with(issued.Token)

	// Without the token, or with another shopper's, the answer is the
	// same for a user that exists (2) and one that does not (999).
	for _, id := range []string{"2", "999"} {
		_, a := c.expect("no token, user "+id, 401, "X-Shelf-Shopper", "GET", "/api/recommendations/"+id+"/", "", with(""))
		_, b := c.expect("ana's token, user "+id, 403, "another shopper", "GET", "/api/recommendations/"+id+"/", "", ana)
		if id == "2" {
			body = a + b
		} else if a+b != body {
			t.Errorf("the answers for an existing and a missing user differ: %q vs %q", body, a+b)
		}
	}
	c.expect("ana's own list", 200, `"user_id":1`, "GET", "/api/recommendations/1/?count=3", "", ana)
	c.expect("ana's list, cached", 200, `"user_id":1`, "GET", "/api/recommendations/1/?count=3", "", ana)
	c.expect("bob's cached list stays closed", 403, "another shopper", "GET", "/api/recommendations/2/?count=3", "", ana)

	// Forged, expired, too long-lived and revoked tokens.
	parts := strings.Split(issued.Token, ".")
	forgedUser := strings.Join([]string{parts[0], parts[1], "2", parts[3], parts[4]}, ".")
	exp := now.Add(30 * time.Minute)
	for name, tok := range map[string]string{
		"garbage":               "hello",
		"another user's number": forgedUser,
		"a flipped signature":   issued.Token[:len(issued.Token)-1] + map[bool]string{true: "A", false: "B"}[!strings.HasSuffix(issued.Token, "A")],
		"expired":               recipeToken(secret, secretID, 1, now.Add(-time.Second)),
		"two days long":         recipeToken(secret, secretID, 1, now.Add(48*time.Hour)),
		"signed by no key":      recipeToken(secret, secretID+100, 1, exp),
		"the wrong secret":      recipeToken(secret+"x", secretID, 1, exp),
		// A publishable key is public (it is in the shop's JavaScript): it
		// must not sign tokens.
		"signed by the publishable key": recipeToken(pub, secretID+1, 1, exp),
		"user zero":                     recipeToken(secret, secretID, 0, exp),
		"a huge token":                  strings.Repeat("v1.", 5000),
	} {
		c.expect(name, 401, "shopper token is malformed", "GET", "/api/recommendations/1/", "", with(tok))
	}
	// The recipe, followed without shelf's code, gives a working token.
	self := recipeToken(secret, secretID, 1, exp)
	c.expect("a token the shop signed itself", 200, `"user_id":1`, "GET", "/api/recommendations/1/", "", with(self))
	c.expect("a self-signed token for an unknown user reads nothing", 404, "", "GET", "/api/recommendations/999/", "", with(recipeToken(secret, secretID, 999, exp)))

	// Events and personalised search are bound the same way.
	event := func(user uint64, session string) string {
		return fmt.Sprintf(`{"user_id":%d,"product_id":2,"interaction_type":"view","session_id":%q}`, user, session)
	}
	_, body = c.expect("a guest session", 201, "s1.", "POST", "/api/sessions", "", with(""))
	var sess struct {
		ID string `json:"session_id"`
	}
	json.Unmarshal([]byte(body), &sess)
	c.expect("bob's event with ana's token", 403, "another shopper", "POST", "/api/interaction/", event(2, sess.ID), ana)
	c.expect("ana's event in a session shelf did not issue", 403, "POST /api/sessions", "POST", "/api/interaction/", event(1, "my-session"), ana)
	c.expect("ana's event", 201, "recorded", "POST", "/api/interaction/", event(1, sess.ID), ana)
	c.expect("a guest event in a made-up session", 403, "session_id", "POST", "/api/interaction/", `{"product_id":2,"interaction_type":"view","session_id":"g-1"}`, with(""))
	c.expect("a forged session", 403, "session_id", "GET", "/api/recommendations/session/"+sess.ID[:len(sess.ID)-2]+"xx/", "", with(""))
	c.expect("personalised search for bob", 403, "another shopper", "GET", "/api/search/?q=shoes&user_id=2", "", ana)
	c.expect("personalised search without a token", 401, "X-Shelf-Shopper", "GET", "/api/search/?q=shoes&user_id=999", "", with(""))
	c.expect("ana's personalised search", 200, `"products"`, "GET", "/api/search/?q=shoes&user_id=1", "", ana)

	// Revoking the secret key ends the tokens it signed, not shelf's own.
	if err := st.DeleteAPIKey(secretID); err != nil {
		t.Fatal(err)
	}
	c.expect("revoked signer", 401, "malformed, expired", "GET", "/api/recommendations/1/", "", with(self))
	c.expect("shelf's own token lives on", 200, `"user_id":1`, "GET", "/api/recommendations/1/", "", ana)
}

// TestShopperTokenInput: what POST /api/shopper-tokens refuses.
func TestShopperTokenInput(t *testing.T) {
	srv, st := newServerWith(t, auth.Config{})
	c := client{t, srv}
	secret, _, pub := shopKeys(t, st)
	sk := map[string]string{"Authorization": "Bearer " + secret}
	for body, field := range map[string]string{
		`{}`:                                  "user_id",
		`{"user_id":0}`:                       "user_id",
		`{"user_id":9007199254740992}`:        "user_id",
		`{"user_id":1,"ttl_seconds":5}`:       "ttl_seconds",
		`{"user_id":1,"ttl_seconds":1000000}`: "ttl_seconds",
		`{"user_id":"1"}`:                     "user_id",
		`{"user_id":1,"user_id":2}`:           "user_id",
	} {
		c.expect(body, 400, `"`+field+`"`, "POST", "/api/shopper-tokens", body, sk)
	}
	c.expect("unknown user", 404, "user", "POST", "/api/shopper-tokens", `{"user_id":77}`, sk)
	c.expect("publishable key", 403, "secret API key", "POST", "/api/shopper-tokens", `{"user_id":1}`, map[string]string{"Authorization": "Bearer " + pub})
	c.expect("anonymous", 401, "", "POST", "/api/shopper-tokens", `{"user_id":1}`, nil)
	c.expect("anonymous session", 401, "", "POST", "/api/sessions", "", nil)
}

// TestSessionMerge: a guest's events become the customer's when the guest
// logs in, with the customer's token and the guest's own session only.
func TestSessionMerge(t *testing.T) {
	srv, st := newServerWith(t, auth.Config{})
	c := client{t, srv}
	secret, _, pub := shopKeys(t, st)
	sk := map[string]string{"Authorization": "Bearer " + secret}
	guest := map[string]string{"Authorization": "Bearer " + pub}
	_, body := c.expect("a guest session", 201, "s1.", "POST", "/api/sessions", "", guest)
	var sess struct {
		ID string `json:"session_id"`
	}
	json.Unmarshal([]byte(body), &sess)
	for _, p := range []string{"4", "5", "4"} {
		c.expect("a guest event", 201, "", "POST", "/api/interaction/", `{"product_id":`+p+`,"interaction_type":"view","session_id":"`+sess.ID+`"}`, guest)
	}
	c.expect("the guest's list", 200, `"session_id":"`+sess.ID, "GET", "/api/recommendations/session/"+sess.ID+"/", "", guest)
	_, body = c.expect("a token for bob", 201, "token", "POST", "/api/shopper-tokens", `{"user_id":2}`, sk)
	var tok struct {
		Token string `json:"token"`
	}
	json.Unmarshal([]byte(body), &tok)
	bob := map[string]string{"Authorization": "Bearer " + pub, auth.ShopperHeader: tok.Token}
	merge := "/api/sessions/" + sess.ID + "/merge"
	c.expect("merge without a token", 401, "X-Shelf-Shopper", "POST", merge, `{"user_id":2}`, guest)
	c.expect("merge into ana with bob's token", 403, "another shopper", "POST", merge, `{"user_id":1}`, bob)
	c.expect("merge a made-up session", 403, "session_id", "POST", "/api/sessions/g-1/merge", `{"user_id":2}`, bob)
	c.expect("merge without a user", 400, "user_id", "POST", merge, `{}`, bob)
	before, _, _ := st.UserInteractions(2, 0, -1)
	c.expect("merge", 200, `"merged":3`, "POST", merge, `{"user_id":2}`, bob)
	c.expect("merge again moves nothing", 200, `"merged":0`, "POST", merge, `{"user_id":2}`, bob)
	after, _, _ := st.UserInteractions(2, 0, -1)
	if len(after) != len(before)+3 {
		t.Fatalf("bob has %d events after the merge, %d before; want 3 more", len(after), len(before))
	}
	c.expect("a secret key merges any session", 200, `"merged":0`, "POST", "/api/sessions/anything/merge", `{"user_id":1}`, sk)
	c.expect("merge into a missing user", 404, "user", "POST", merge, `{"user_id":404}`, sk)
}
