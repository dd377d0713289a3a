// Package middleware wraps shelf's HTTP handler with what every request
// needs and no handler should repeat: a request id and per-request Info in
// the context, an access log line, security headers, CORS, rate limits,
// panic recovery and Prometheus metrics; it also serves the health probes.
//
// Each piece is a plain func(http.Handler) http.Handler (or a method value
// of that shape), so they compose in any order, but the order matters.
// Chain (built by New) applies them outermost first as:
//
//	RequestInfo      creates Info, the request id and the status recorder
//	Log              one line per request, after the response is done
//	Metrics          counts and times by route pattern, method and status
//	Recover          turns a panic into a 500, so Log and Metrics see 500
//	SecurityHeaders  set before anything can answer, so every reply has them
//	CORS             answers preflights; 429s below still carry CORS headers
//	Limiter.Address  per client address, before any work is done
//	  ... router: authentication sets Info.KeyID, then Limiter.AllowKey ...
//
// Caveats: Info is written by the goroutine serving the request and must
// not be shared with goroutines that outlive it. CORS preflights are
// answered before the address limiter, so they are not rate limited (they
// are cheap and constant). Route labels come from Info.Route, which the
// router sets; a request the router does not match is labelled "unmatched",
// which keeps metric cardinality bounded whatever paths clients send.
package middleware
