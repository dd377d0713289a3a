package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"shelf/api/httperr"
	"shelf/store"
)

// Public callers (a publishable key, the storefront cookie) are bound to
// one shopper. A logged-in customer's calls carry a shopper token, which
// the shop's server obtains from POST /api/shopper-tokens or signs itself
// with one of its secret keys; a guest's calls carry a session id that
// shelf issued and signed (POST /api/sessions). Secret keys, admin
// sessions and a -demo server need neither.
//
// A shopper token is
//
//	v1.<key id>.<user id>.<expires, unix seconds>.<signature>
//
// where the signature is base64url without padding of
// HMAC-SHA256(key, "v1.<key id>.<user id>.<expires>"). Key id 0 is
// shelf's own signing key (tokens from POST /api/shopper-tokens); any other
// key id names a secret API key, and key is then the SHA-256 of that key's
// text. Revoking the key ends its tokens. A token may live at most
// MaxShopperTTL.

// ShopperHeader carries a shopper token.
const ShopperHeader = "X-Shelf-Shopper"

// Lifetimes of shopper tokens.
const (
	DefaultShopperTTL = time.Hour
	MaxShopperTTL     = 24 * time.Hour
)

// clockSkew is how far in the future a self-signed token's expiry may
// exceed MaxShopperTTL, for a shop whose clock runs ahead.
const clockSkew = 5 * time.Minute

// ShopperToken signs a token for user with key (shelf's own, or the
// SHA-256 of a secret API key whose id is keyID): the recipe a shop
// follows to mint tokens itself.
func ShopperToken(key []byte, keyID, userID uint64, expires time.Time) string {
	msg := "v1." + strconv.FormatUint(keyID, 10) + "." + strconv.FormatUint(userID, 10) + "." + strconv.FormatInt(expires.Unix(), 10)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(msg))
	return msg + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// derive returns a key for one purpose from shelf's signing key, so that a
// signature made for one purpose is never valid for another.
func (a *Auth) derive(purpose string) []byte {
	mac := hmac.New(sha256.New, a.signingKey)
	mac.Write([]byte(purpose))
	return mac.Sum(nil)
}

// MintShopper returns a token for user that lives ttl (0 means
// DefaultShopperTTL; more than MaxShopperTTL is cut to it).
func (a *Auth) MintShopper(userID uint64, ttl time.Duration) (string, time.Time) {
	if ttl <= 0 {
		ttl = DefaultShopperTTL
	}
	ttl = min(ttl, MaxShopperTTL)
	exp := a.cfg.Now().Add(ttl).Truncate(time.Second)
	return ShopperToken(a.shopperKey, 0, userID, exp), exp
}

// errNoShopper and its kin are the answers of a public call that is not
// bound to the shopper it names. None of them depends on whether the
// shopper exists.
var (
	errNoShopper = &httperr.Error{Code: httperr.Unauthorized, Message: "this call names a shopper: send the shopper's token in the X-Shelf-Shopper header (the shop's server gets one from POST /api/shopper-tokens)",
		Details: map[string]string{ShopperHeader: "missing"}}
	errBadShopper = &httperr.Error{Code: httperr.Unauthorized, Message: "the shopper token is malformed, expired, or its key was revoked: get a new one from the shop's server",
		Details: map[string]string{ShopperHeader: "malformed, expired or revoked"}}
	errOtherShopper = &httperr.Error{Code: httperr.Forbidden, Message: "the shopper token is for another shopper",
		Details: map[string]string{ShopperHeader: "names another shopper"}}
	errBadSession = &httperr.Error{Code: httperr.Forbidden, Message: "session_id must be a guest session that shelf issued: get one from POST /api/sessions",
		Details: map[string]string{"session_id": "not a session shelf issued"}}
)

// trusted reports whether p acts for the shop itself and may name any
// shopper or session.
func (a *Auth) trusted(p Principal) bool {
	return p.Kind >= Secret || a.cfg.Relaxed
}

// BindUser checks that p may act for user: a trusted caller always may; a
// public caller needs a valid shopper token for user in r's header.
func (a *Auth) BindUser(p Principal, r *http.Request, userID uint64) error {
	if a.trusted(p) {
		return nil
	}
	tok := r.Header.Get(ShopperHeader)
	if tok == "" {
		return errNoShopper
	}
	got, err := a.verifyShopper(tok)
	if err != nil {
		return err
	}
	if got != userID {
		return errOtherShopper
	}
	return nil
}

// verifyShopper returns the user a token was signed for.
func (a *Auth) verifyShopper(tok string) (uint64, error) {
	if len(tok) > 200 {
		return 0, errBadShopper
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 5 || parts[0] != "v1" {
		return 0, errBadShopper
	}
	keyID, err1 := strconv.ParseUint(parts[1], 10, 64)
	userID, err2 := strconv.ParseUint(parts[2], 10, 64)
	exp, err3 := strconv.ParseInt(parts[3], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || userID == 0 || userID > store.MaxID {
		return 0, errBadShopper
	}
	now := a.cfg.Now()
	if exp <= now.Unix() || exp > now.Add(MaxShopperTTL+clockSkew).Unix() {
		return 0, errBadShopper
	}
	key := a.shopperKey
	if keyID != 0 {
		k, err := a.st.APIKey(keyID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && k.Kind != "secret") {
			return 0, errBadShopper
		}
		if err != nil {
			return 0, err
		}
		key = k.Hash
	}
	want := ShopperToken(key, keyID, userID, time.Unix(exp, 0))
	if !hmac.Equal([]byte(want), []byte(tok)) {
		return 0, errBadShopper
	}
	return userID, nil
}

// Guest sessions are "s1." + 22 characters of randomness + "." + 22 of
// signature: unguessable, and checked without a lookup.
const sessionPrefix = "s1."

// NewGuestSession returns a new signed guest session id.
func (a *Auth) NewGuestSession() string {
	id := sessionPrefix + rand.Text()[:22]
	return id + "." + a.sessionMAC(id)
}

func (a *Auth) sessionMAC(id string) string {
	mac := hmac.New(sha256.New, a.sessionKey)
	mac.Write([]byte(id))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:16])
}

// BindSession checks that p may use a guest session: a trusted caller may
// use any session id; a public caller only one that shelf signed.
func (a *Auth) BindSession(p Principal, session string) error {
	if a.trusted(p) || a.ValidSession(session) {
		return nil
	}
	return errBadSession
}

// ValidSession reports whether session is a guest session shelf signed.
func (a *Auth) ValidSession(session string) bool {
	id, mac, ok := strings.Cut(strings.TrimPrefix(session, sessionPrefix), ".")
	if !ok || len(id) != 22 || !strings.HasPrefix(session, sessionPrefix) {
		return false
	}
	return hmac.Equal([]byte(mac), []byte(a.sessionMAC(sessionPrefix+id)))
}

// RecommendationKey signs recommendation ids (see the api package).
func (a *Auth) RecommendationKey() []byte { return a.derive("recommendation id v1") }
