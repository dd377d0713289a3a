// Package auth decides who a request comes from and what it may do.
//
// Four kinds of callers exist besides anonymous ones:
//   - admins, logged in to the dashboard with a session cookie (HttpOnly,
//     SameSite=Strict, Secure under TLS); their writes carry the session's
//     CSRF token in X-CSRF-Token;
//   - secret API keys (server to server): catalog, users, import, export,
//     model control;
//   - publishable API keys (safe in a storefront's JavaScript): read
//     products, search and recommendations, record interactions;
//   - the embedded storefront, which gets a signed cookie with the page and
//     has the rights of a publishable key; its writes must come from the
//     same origin.
//
// Keys and session tokens are stored only as SHA-256 hashes (they are
// random and long, so a fast hash is enough); admin passwords as argon2id.
package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"shelf/api/httperr"
	"shelf/store"
)

// Kind is who a request comes from.
type Kind int

// The kinds of callers, from least to most trusted.
const (
	Anonymous Kind = iota
	Storefront
	Publishable
	Secret
	Admin
)

var kindNames = [...]string{"anonymous", "storefront", "publishable key", "secret key", "admin session"}

func (k Kind) String() string { return kindNames[k] }

// Level is what a route requires.
type Level int

// The levels routes require.
const (
	// Public routes need nothing (health, login, the UI's files).
	Public Level = iota
	// Shop routes read the catalog and recommendations and record
	// interactions: a publishable key, the storefront cookie, or more.
	Shop
	// Private routes change the catalog and users, import, export and
	// control the model: a secret key or an admin session.
	Private
	// AdminOnly routes manage keys: an admin session only.
	AdminOnly
)

// Principal is the caller of one request.
type Principal struct {
	Kind Kind
	// Name is the admin's username or the key's name.
	Name string
	// KeyID identifies the credential in logs: "key:7", "admin:ana",
	// "storefront"; never a secret.
	KeyID   string
	session *store.Session
}

// Config tunes Auth.
type Config struct {
	// Relaxed lets every caller do what a secret key may (not manage
	// keys): for a local demo only.
	Relaxed bool
	// SessionTTL is how long an admin session lasts; 0 means 12 hours.
	SessionTTL time.Duration
	// SecureCookies marks cookies Secure (set when serving TLS).
	SecureCookies bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Guard bounds and slows password checks (see GuardConfig).
	Guard GuardConfig
}

// Cookie names.
const (
	SessionCookie    = "shelf_session"
	StorefrontCookie = "shelf_storefront"
	CSRFHeader       = "X-CSRF-Token"
)

const storefrontTTL = 30 * 24 * time.Hour

// Auth identifies and authorises requests. It is safe for concurrent use.
type Auth struct {
	st          *store.Store
	cfg         Config
	signingKey  []byte
	shopperKey  []byte // signs shopper tokens (derived from signingKey)
	sessionKey  []byte // signs guest session ids (derived from signingKey)
	touchMu     sync.Mutex
	lastTouched map[uint64]time.Time
	guard       *guard
}

const signingKeyBlob = "auth/storefront-signing-key"

// New returns an Auth over the store, creating the storefront cookie's
// signing key on first use.
func New(st *store.Store, cfg Config) (*Auth, error) {
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	key, err := st.Blob(signingKeyBlob)
	if errors.Is(err, store.ErrNotFound) {
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, err
		}
		err = st.PutBlob(signingKeyBlob, key)
	}
	if err != nil {
		return nil, err
	}
	a := &Auth{st: st, cfg: cfg, signingKey: key, lastTouched: map[uint64]time.Time{}, guard: newGuard(cfg.Guard, cfg.Now)}
	a.shopperKey, a.sessionKey = a.derive("shopper token v1"), a.derive("guest session v1")
	return a, nil
}

func hashToken(tok string) []byte {
	h := sha256.Sum256([]byte(tok))
	return h[:]
}

// Identify finds the caller of r: an Authorization bearer key first, then
// the admin session cookie, then the storefront cookie. A key or session
// that is given but wrong is an error, not an anonymous call.
func (a *Auth) Identify(r *http.Request) (Principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
			return Principal{}, &httperr.Error{Code: httperr.Unauthorized, Message: "the Authorization header must be \"Bearer <api key>\""}
		}
		k, err := a.st.APIKeyByHash(hashToken(strings.TrimSpace(tok)))
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return Principal{}, &httperr.Error{Code: httperr.Unauthorized, Message: "unknown or revoked API key"}
			}
			return Principal{}, err
		}
		a.touch(k.ID)
		kind := Publishable
		if k.Kind == "secret" {
			kind = Secret
		}
		return Principal{Kind: kind, Name: k.Name, KeyID: "key:" + strconv.FormatUint(k.ID, 10)}, nil
	}
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		sess, err := a.st.Session(hashToken(c.Value))
		if err == nil {
			return Principal{Kind: Admin, Name: sess.Username, KeyID: "admin:" + sess.Username, session: &sess}, nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return Principal{}, err
		}
		// An expired session falls through: the caller is whatever else it is.
	}
	if c, err := r.Cookie(StorefrontCookie); err == nil && a.validStorefront(c.Value) {
		return Principal{Kind: Storefront, KeyID: "storefront"}, nil
	}
	return Principal{Kind: Anonymous}, nil
}

// Relaxed says every caller has a secret key's rights (the -demo mode).
func (a *Auth) Relaxed() bool { return a.cfg.Relaxed }

// touch records a key's last use at most once a minute, so that using a
// key does not cost a disk write per request.
func (a *Auth) touch(id uint64) {
	now := a.cfg.Now()
	a.touchMu.Lock()
	last, seen := a.lastTouched[id]
	if seen && now.Sub(last) < time.Minute {
		a.touchMu.Unlock()
		return
	}
	a.lastTouched[id] = now
	a.touchMu.Unlock()
	go a.st.TouchAPIKey(id, now) //nolint:errcheck // best effort: a lost timestamp is harmless
}

// Authorize checks that p may call a route of the given level with r's
// method. Cookie-authenticated writes must prove they come from shelf's
// own pages: the admin's with the CSRF token, the storefront's by origin.
func (a *Auth) Authorize(p Principal, level Level, r *http.Request) error {
	if level == Public {
		return nil
	}
	kind := p.Kind
	if kind < Secret && a.cfg.Relaxed {
		kind = Secret // the demo's storefront may list users, as its picker does
	}
	var need Kind
	switch level {
	case Shop:
		need = Storefront
	case Private:
		need = Secret
	default:
		need = Admin
	}
	if kind < need || (need == Secret && kind == Publishable) {
		if p.Kind == Anonymous {
			return &httperr.Error{Code: httperr.Unauthorized, Message: "authentication required: send \"Authorization: Bearer <api key>\" (" + needs(level) + ")"}
		}
		return &httperr.Error{Code: httperr.Forbidden, Message: "a " + p.Kind.String() + " may not do this: it needs " + needs(level)}
	}
	if unsafeMethod(r.Method) {
		switch p.Kind {
		case Admin:
			if tok := r.Header.Get(CSRFHeader); tok == "" || subtle.ConstantTimeCompare([]byte(tok), []byte(p.session.CSRFToken)) != 1 {
				return &httperr.Error{Code: httperr.Forbidden, Message: "missing or invalid CSRF token: send the X-CSRF-Token header from GET /api/auth/me"}
			}
		case Storefront:
			if !sameOrigin(r) {
				return &httperr.Error{Code: httperr.Forbidden, Message: "cross-site request refused"}
			}
		}
	}
	return nil
}

func needs(level Level) string {
	switch level {
	case Shop:
		return "a publishable or secret API key, or the storefront's own session"
	case Private:
		return "a secret API key or an admin session"
	}
	return "an admin session"
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// sameOrigin reports whether a browser request comes from shelf's own
// pages, by the Origin and Sec-Fetch-Site headers browsers send.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" {
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

// IssueStorefront sets the storefront cookie on a response that serves the
// app's page, unless the request already carries a valid one.
func (a *Auth) IssueStorefront(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(StorefrontCookie); err == nil && a.validStorefront(c.Value) {
		return
	}
	payload := make([]byte, 16)
	binary.BigEndian.PutUint64(payload, uint64(a.cfg.Now().Add(storefrontTTL).Unix()))
	if _, err := rand.Read(payload[8:]); err != nil {
		return
	}
	mac := hmac.New(sha256.New, a.signingKey)
	mac.Write(payload)
	tok := base64.RawURLEncoding.EncodeToString(append(payload, mac.Sum(nil)[:16]...))
	http.SetCookie(w, &http.Cookie{Name: StorefrontCookie, Value: tok, Path: "/", MaxAge: int(storefrontTTL.Seconds()),
		HttpOnly: true, Secure: a.cfg.SecureCookies, SameSite: http.SameSiteStrictMode})
}

func (a *Auth) validStorefront(tok string) bool {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(raw) != 32 {
		return false
	}
	mac := hmac.New(sha256.New, a.signingKey)
	mac.Write(raw[:16])
	if !hmac.Equal(mac.Sum(nil)[:16], raw[16:]) {
		return false
	}
	return a.cfg.Now().Unix() < int64(binary.BigEndian.Uint64(raw[:8]))
}

// Login checks an admin's password and starts a session: it sets the
// session cookie and returns the session's CSRF token. addr is the
// client's address: failed logins are slowed per account and per address,
// and password checks are bounded (see guard).
func (a *Auth) Login(ctx context.Context, w http.ResponseWriter, addr, username, password string) (string, error) {
	account := strings.ToLower(username)
	if err := a.guard.admit(account, addr); err != nil {
		return "", err
	}
	var admin store.Admin
	err := a.guard.check(ctx, func() error {
		// A login queued before its account or address was delayed is
		// refused now, without a check.
		if err := a.guard.admit(account, addr); err != nil {
			return err
		}
		var err error
		admin, err = a.verify(username, password)
		return err
	})
	var he *httperr.Error
	switch {
	case errors.As(err, &he) && he.Code == httperr.Unauthorized:
		a.guard.failed(account, addr)
		return "", err
	case err != nil:
		return "", err
	}
	a.guard.succeeded(account, addr)
	tok, csrf := rand.Text(), rand.Text()
	sess := &store.Session{TokenHash: hashToken(tok), Username: admin.Username, CSRFToken: csrf, ExpiresAt: a.cfg.Now().Add(a.cfg.SessionTTL)}
	if err := a.st.PutSession(sess); err != nil {
		return "", err
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: tok, Path: "/", MaxAge: int(a.cfg.SessionTTL.Seconds()),
		HttpOnly: true, Secure: a.cfg.SecureCookies, SameSite: http.SameSiteStrictMode})
	return csrf, nil
}

// verify checks an admin's password: a 401 when the admin is unknown or
// the password wrong.
func (a *Auth) verify(username, password string) (store.Admin, error) {
	fail := &httperr.Error{Code: httperr.Unauthorized, Message: "wrong username or password"}
	a.guard.checks.Add(1)
	admin, err := a.st.Admin(username)
	if errors.Is(err, store.ErrNotFound) {
		// Spend the same time as a real check, so timing does not tell
		// which usernames exist.
		_, _ = CheckPassword(dummyHash, password)
		return admin, fail
	}
	if err != nil {
		return admin, err
	}
	ok, err := CheckPassword(admin.PasswordHash, password)
	if err != nil {
		return admin, fmt.Errorf("admin %s: %w", username, err)
	}
	if !ok {
		return admin, fail
	}
	return admin, nil
}

// dummyHash is a valid hash of a random password, checked when a login
// names an unknown admin.
var dummyHash, _ = HashPassword(rand.Text())

// Logout ends p's session, if it has one, and clears the cookie.
func (a *Auth) Logout(w http.ResponseWriter, p Principal) error {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: a.cfg.SecureCookies, SameSite: http.SameSiteStrictMode})
	if p.session == nil {
		return nil
	}
	return a.st.DeleteSession(p.session.TokenHash)
}

// CSRFToken returns the CSRF token of p's admin session, or "".
func (p Principal) CSRFToken() string {
	if p.session == nil {
		return ""
	}
	return p.session.CSRFToken
}

// CreateKey makes a new API key of a kind ("secret" or "publishable") and
// returns the key itself, which is shown once and never stored.
func (a *Auth) CreateKey(name, kind string) (string, store.APIKey, error) {
	prefix := "shelf_pk_"
	if kind == "secret" {
		prefix = "shelf_sk_"
	}
	secret := prefix + randomString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 32)
	k := store.APIKey{Name: strings.TrimSpace(name), Kind: kind, Prefix: secret[:len(prefix)+4], Hash: hashToken(secret)}
	if err := a.st.CreateAPIKey(&k); err != nil {
		return "", k, err
	}
	return secret, k, nil
}

// EnsureAdmin creates the first admin account when there is none, with a
// generated password that the caller prints once. It returns "" when an
// admin exists already.
func EnsureAdmin(st *store.Store) (username, password string, err error) {
	n, err := st.AdminCount()
	if err != nil || n > 0 {
		return "", "", err
	}
	password = GeneratePassword()
	hash, err := HashPassword(password)
	if err != nil {
		return "", "", err
	}
	if err := st.PutAdmin(&store.Admin{Username: "admin", PasswordHash: hash}); err != nil {
		return "", "", err
	}
	return "admin", password, nil
}

// SetAdminPassword creates or resets an admin account; a reset ends every
// session of that admin (see store.PutAdmin).
func SetAdminPassword(st *store.Store, username, password string) error {
	if len(username) == 0 || len(username) > store.MaxUsernameLen {
		return fmt.Errorf("username must be 1 to %d characters", store.MaxUsernameLen)
	}
	if len(password) < MinPasswordLen {
		return fmt.Errorf("password must be at least %d characters", MinPasswordLen)
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return st.PutAdmin(&store.Admin{Username: username, PasswordHash: hash})
}
