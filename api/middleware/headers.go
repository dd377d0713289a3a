package middleware

import "net/http"

// ContentSecurityPolicy fits the embedded Vite React build: everything from
// the same origin, inline styles allowed because React and recharts set
// style attributes, data: images for the inline SVG favicon, no plugins,
// no framing and no foreign form targets.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: https:; connect-src 'self'; font-src 'self'; object-src 'none'; " +
	"base-uri 'self'; frame-ancestors 'none'; form-action 'self'"

// hstsValue asks browsers to use HTTPS for a year. It is only sent over TLS:
// browsers ignore it on plain HTTP, and shelf often runs on plain localhost.
const hstsValue = "max-age=31536000; includeSubDomains"

// SecurityHeaders returns a middleware that sets the security headers on
// every response, before the handler runs, so that errors written by other
// middlewares carry them too. A handler may still override one.
func SecurityHeaders() func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			// One allocation for all values; each header gets its own
			// one-element, full-capacity slice, so an Add on one of them
			// copies instead of writing into its neighbour.
			v := make([]string, 5, 6)
			v[0] = ContentSecurityPolicy
			v[1] = "nosniff"
			v[2] = "strict-origin-when-cross-origin"
			v[3] = "DENY"
			v[4] = "same-origin"
			h["Content-Security-Policy"] = v[0:1:1]
			h["X-Content-Type-Options"] = v[1:2:2]
			h["Referrer-Policy"] = v[2:3:3]
			h["X-Frame-Options"] = v[3:4:4]
			h["Cross-Origin-Opener-Policy"] = v[4:5:5]
			if r.TLS != nil {
				v = v[:6]
				v[5] = hstsValue
				h["Strict-Transport-Security"] = v[5:6:6]
			}
			next.ServeHTTP(w, r)
		})
	}
}
