package middleware

import (
	"net/http"
	"strings"

	"shelf/api/httperr"
)

// CORS answers: which methods and headers a cross-origin caller may use,
// what its script may read, and how long a browser may cache a preflight
// (Chromium caps this at two hours).
const (
	corsAllowMethods  = "GET, HEAD, POST, PUT, PATCH, DELETE"
	corsAllowHeaders  = "Authorization, Content-Type, X-CSRF-Token, X-Request-ID, X-Shelf-Shopper"
	corsExposeHeaders = "Retry-After, X-Request-ID"
	corsMaxAge        = "7200"
)

// CORS returns a middleware that lets the listed origins call the API from
// a browser. An origin is "scheme://host[:port]" and matches exactly
// (case-insensitively, a trailing slash ignored). A listed origin is
// answered with itself and with credentials allowed; "*" admits any other
// origin, answered with "*" and never with credentials, as browsers demand.
// Requests from other origins get no CORS headers (the browser then hides
// the response from the script), and their preflights a 403. Preflights
// (OPTIONS with Access-Control-Request-Method) are answered here with 204,
// before the router, whose automatic OPTIONS reply knows nothing of CORS.
// With no origins, the middleware changes nothing.
func CORS(origins []string) func(http.Handler) http.Handler {
	allowed := make(map[string]bool, len(origins))
	wildcard := false
	for _, o := range origins {
		if o == "*" {
			wildcard = true
			continue
		}
		allowed[normalizeOrigin(o)] = true
	}
	if len(allowed) == 0 && !wildcard {
		return func(next http.Handler) http.Handler { return next }
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// Header keys are written in canonical form directly, and the
			// values share one allocation: this runs on every request.
			h := w.Header()
			origin := ""
			if v := r.Header["Origin"]; len(v) > 0 {
				origin = v[0]
			}
			preflight := r.Method == http.MethodOptions && len(r.Header["Access-Control-Request-Method"]) > 0
			if len(allowed) > 0 {
				// The answer depends on Origin, so caches must key on it,
				// even for requests that came without one.
				h["Vary"] = append(h["Vary"], "Origin")
			}
			if preflight {
				h["Vary"] = append(h["Vary"], "Access-Control-Request-Method", "Access-Control-Request-Headers")
			}
			if origin == "" {
				next.ServeHTTP(w, r)
				return
			}
			credentials := allowed[normalizeOrigin(origin)]
			if !credentials && !wildcard {
				if preflight {
					httperr.Write(w, httperr.New(httperr.Forbidden, "origin not allowed: %s", origin))
					return
				}
				next.ServeHTTP(w, r)
				return
			}
			v := make([]string, 5)
			v[0], v[1] = "*", "true"
			if credentials {
				v[0] = origin
				h["Access-Control-Allow-Credentials"] = v[1:2:2]
			}
			h["Access-Control-Allow-Origin"] = v[0:1:1]
			if !preflight {
				v[2] = corsExposeHeaders
				h["Access-Control-Expose-Headers"] = v[2:3:3]
				next.ServeHTTP(w, r)
				return
			}
			v[2], v[3], v[4] = corsAllowMethods, corsAllowHeaders, corsMaxAge
			h["Access-Control-Allow-Methods"] = v[2:3:3]
			h["Access-Control-Allow-Headers"] = v[3:4:4]
			h["Access-Control-Max-Age"] = v[4:5:5]
			w.WriteHeader(http.StatusNoContent)
		})
	}
}

// normalizeOrigin lowercases an origin and drops a trailing slash, so that a
// configured "https://Shop.example/" matches the browser's
// "https://shop.example". Allocates only when there is something to change.
func normalizeOrigin(o string) string {
	o = strings.TrimSuffix(o, "/")
	for i := 0; i < len(o); i++ {
		if 'A' <= o[i] && o[i] <= 'Z' {
			return strings.ToLower(o)
		}
	}
	return o
}
