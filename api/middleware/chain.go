package middleware

import (
	"log/slog"
	"net/http"
)

// Config sets up the whole chain.
type Config struct {
	// Logger receives the access log and panics; nil discards them.
	Logger *slog.Logger
	// Metrics, when not nil, counts and times requests.
	Metrics *Metrics
	// CORSOrigins lists the origins allowed to call from a browser; "*"
	// allows any, without credentials. Empty means same-origin only.
	CORSOrigins []string
	// Proxy says whether to believe X-Forwarded-For.
	Proxy Proxy
	// Limits sets the rate limits; zero rates disable them.
	Limits LimitConfig
}

// Chain is the configured middleware stack. Its Limiter is exported so the
// router can apply the per-key limit after authentication.
type Chain struct {
	// Limiter holds both rate limits; call Limiter.AllowKey after
	// authentication.
	Limiter *Limiter
	cfg     Config
}

// New builds the chain for cfg.
func New(cfg Config) *Chain {
	return &Chain{Limiter: NewLimiter(cfg.Limits), cfg: cfg}
}

// Wrap returns h behind every middleware, in the order the package
// documentation gives: RequestInfo, Log, Metrics, Recover, SecurityHeaders,
// CORS, the address limit, then h.
func (c *Chain) Wrap(h http.Handler) http.Handler {
	h = c.Limiter.Address(h)
	h = CORS(c.cfg.CORSOrigins)(h)
	h = SecurityHeaders()(h)
	h = Recover(c.cfg.Logger)(h)
	h = c.cfg.Metrics.Middleware(h)
	h = Log(c.cfg.Logger)(h)
	return RequestInfo(c.cfg.Proxy)(h)
}
