package middleware

import (
	"context"
	"math/rand/v2"
	"net/http"
	"time"
)

// RequestIDHeader carries the request id in both directions.
const RequestIDHeader = "X-Request-Id"

// maxRequestIDLen bounds an incoming request id; longer ones are replaced.
const maxRequestIDLen = 64

// Unmatched is the route label of a request that no route matched.
const Unmatched = "unmatched"

// Info is what the middlewares and the router know about one request. The
// outermost middleware (RequestInfo) creates it; the router sets Route and
// KeyID; the response recorder fills Status and Bytes.
type Info struct {
	// ID is the request id: the client's X-Request-ID when sane, or 16
	// random hex characters.
	ID string
	// Route is the matched route pattern, e.g. "/api/products/:id"; empty
	// until the router matches.
	Route string
	// KeyID names who is calling: an API key id, "session:<user>", or "".
	KeyID string
	// Client is the client address used for logs and rate limits (see
	// Proxy.ClientAddr).
	Client string
	// Status is the response status; 0 until the handler writes.
	Status int
	// Bytes counts the body bytes written.
	Bytes int64
	// Start is when the request reached the outermost middleware.
	Start time.Time
	// Panicked is set when a handler panicked.
	Panicked bool

	rw recorder // lives inside Info to save an allocation per request
}

// SetRoute records the matched route pattern; it is a no-op on nil, so the
// router may call InfoFrom(ctx).SetRoute(p) without checking.
func (i *Info) SetRoute(pattern string) {
	if i != nil {
		i.Route = pattern
	}
}

// SetKeyID records who is calling; a no-op on nil.
func (i *Info) SetKeyID(id string) {
	if i != nil {
		i.KeyID = id
	}
}

// RouteLabel is Route, or Unmatched when no route matched.
func (i *Info) RouteLabel() string {
	if i == nil || i.Route == "" {
		return Unmatched
	}
	return i.Route
}

type infoKey struct{}

// InfoFrom returns the request's Info, or nil outside RequestInfo.
func InfoFrom(ctx context.Context) *Info {
	i, _ := ctx.Value(infoKey{}).(*Info)
	return i
}

// RequestInfo returns the outermost middleware: it creates the request's
// Info (id, client address, start time), echoes the id in the response and
// hands inner handlers a writer that records status and size.
func RequestInfo(p Proxy) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w, r, _ = begin(w, r, p)
			next.ServeHTTP(w, r)
		})
	}
}

// begin creates the Info of a request, or returns the existing one, so that
// Log and Metrics still work when RequestInfo was left out.
func begin(w http.ResponseWriter, r *http.Request, p Proxy) (http.ResponseWriter, *http.Request, *Info) {
	if info := InfoFrom(r.Context()); info != nil {
		return w, r, info
	}
	info := &Info{Start: time.Now(), Client: p.ClientAddr(r)}
	info.ID = r.Header.Get(RequestIDHeader)
	if !ValidRequestID(info.ID) {
		info.ID = NewRequestID()
	}
	w.Header()[RequestIDHeader] = []string{info.ID}
	info.rw = recorder{ResponseWriter: w, info: info}
	return &info.rw, r.WithContext(context.WithValue(r.Context(), infoKey{}, info)), info
}

// ValidRequestID reports whether a client's request id can be kept: 1 to 64
// characters from [A-Za-z0-9._-], so it is safe in logs and headers.
func ValidRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '.':
		default:
			return false
		}
	}
	return true
}

// NewRequestID returns 16 random hex characters. Ids need to be unique, not
// secret, so the runtime's fast per-thread generator is enough.
func NewRequestID() string {
	const hex = "0123456789abcdef"
	var b [16]byte
	n := rand.Uint64()
	for i := range b {
		b[i] = hex[n&0xf]
		n >>= 4
	}
	return string(b[:])
}
