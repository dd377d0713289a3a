package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"shelf/api/httperr"
	"shelf/store"
)

// widgetFile is the storefront widget's script in the built UI: shops load
// it by this name from their own pages (see serveWidget).
const widgetFile = "widget.js"

// serveUI serves a file of the built app, or index.html for any other path
// so that the app's client-side router decides what to show. Hashed assets
// (under assets/) never change and are cached for a year; index.html is
// never cached without revalidation, so a new binary's UI is picked up at
// once. Each is sent precompressed when the build made a smaller copy and
// the browser takes it (see serveFile).
func (s *Server) serveUI(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if name != "" && name != "index.html" {
		if data, err := fs.ReadFile(s.ui, name); err == nil {
			switch {
			case name == widgetFile:
				serveWidget(w, r, s.ui, data)
			case strings.HasPrefix(name, "assets/"):
				serveFile(w, r, s.ui, name, data, "public, max-age=31536000, immutable", "")
			default:
				serveFile(w, r, s.ui, name, data, "no-cache", "")
			}
			return
		}
		if strings.HasPrefix(name, "assets/") || name == widgetFile {
			// A missing asset is a real 404, not the app: a stale page
			// asking for an old bundle must fail visibly, and a shop's
			// script tag must not run the app's page as JavaScript.
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
	}
	data, err := fs.ReadFile(s.ui, "index.html")
	if err != nil {
		httperr.Write(w, httperr.New(httperr.NotFound, "the UI is not built into this binary"))
		return
	}
	// The page's own API calls are authorised by this cookie; a 304 carries
	// it too, so a revalidated page still renews an expired one.
	s.auth.IssueStorefront(w, r)
	serveFile(w, r, s.ui, "index.html", data, "no-cache", "text/html; charset=utf-8")
}

// serveWidget serves the storefront widget. Its name has no hash (shops link
// to it), so it is never immutable: browsers and CDNs keep it five minutes
// and then revalidate it by its ETag, and a new binary's widget reaches
// every shop within minutes. Other origins' pages load it (with a plain
// script tag, which needs no CORS), including pages that demand
// Cross-Origin-Resource-Policy of what they embed.
func serveWidget(w http.ResponseWriter, r *http.Request, ui fs.FS, data []byte) {
	w.Header().Set("Cross-Origin-Resource-Policy", "cross-origin")
	serveFile(w, r, ui, widgetFile, data, "public, max-age=300", "text/javascript; charset=utf-8")
}

// contentCoding is a compression the build may have stored beside a file
// (ui/scripts/precompress.mjs): ext names the sibling, and tag marks its
// representation's ETag.
type contentCoding struct{ name, ext, tag string }

// precompressed lists the codings shelf sends, best first: the build's
// brotli files are 13-17% smaller than its gzip ones (the storefront's
// script: 77 kB against 89 kB), at the same cost to serve, as both are made
// once, at build time.
var precompressed = [...]contentCoding{
	{name: "br", ext: ".br", tag: "-br"},
	{name: "gzip", ext: ".gz", tag: "-gz"},
}

// serveFile answers with the file name of ui, whose bytes are data, in the
// representation the request's Accept-Encoding prefers among the original
// and its precompressed siblings. Every answer for a file with siblings says
// Vary: Accept-Encoding, and each representation has its own strong ETag
// (the original's hash, with -br or -gz for a sibling), so caches keep them
// apart and If-None-Match gives a 304 for each (HEAD alike). A compressed
// representation is always sent whole: a Range header is ignored, as
// ranges of compressed bytes help no client, and Accept-Ranges says none.
// When the request refuses every representation there is (identity;q=0 or
// *;q=0 with nothing else it takes), the answer is a 406.
//
// The ETag is hashed per request: a SHA-256 of the largest file (the admin
// chunk, ~650 kB) costs well under a millisecond, and a browser asks for a
// hashed asset once.
func serveFile(w http.ResponseWriter, r *http.Request, ui fs.FS, name string, data []byte, cacheControl, contentType string) {
	h := w.Header()
	var offered []contentCoding
	for _, c := range precompressed {
		if _, err := fs.Stat(ui, name+c.ext); err == nil {
			offered = append(offered, c)
		}
	}
	if len(offered) > 0 {
		h.Add("Vary", "Accept-Encoding")
	}
	coding, ok := negotiateEncoding(r.Header.Values("Accept-Encoding"), offered)
	if !ok {
		if len(offered) == 0 {
			h.Add("Vary", "Accept-Encoding")
		}
		http.Error(w, "none of the content codings this file is sent in is acceptable", http.StatusNotAcceptable)
		return
	}
	if contentType == "" {
		contentType = mime.TypeByExtension(path.Ext(name))
	}
	if contentType == "" {
		contentType = http.DetectContentType(data)
	}
	sum := sha256.Sum256(data)
	etag := hex.EncodeToString(sum[:12])
	body := data
	if coding != nil {
		packed, err := fs.ReadFile(ui, name+coding.ext)
		if err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		body = packed
		etag += coding.tag
		h.Set("Content-Encoding", coding.name)
		// ServeContent leaves Content-Length out once Content-Encoding is
		// set (it guards against writers that compress on the fly); these
		// bytes are the answer, so their length is known.
		h.Set("Content-Length", strconv.Itoa(len(body)))
		if r.Header.Get("Range") != "" {
			r = r.Clone(r.Context())
			r.Header.Del("Range")
		}
		w = wholeBody{w}
	}
	h.Set("ETag", `"`+etag+`"`)
	h.Set("Cache-Control", cacheControl)
	h.Set("Content-Type", contentType)
	// ServeContent answers If-None-Match with a 304, HEAD without a body,
	// and a Range on the original with a 206.
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
}

// wholeBody is the writer of a compressed representation: ServeContent says
// Accept-Ranges: bytes of everything it sends, but serveFile sends these
// whole.
type wholeBody struct{ http.ResponseWriter }

func (w wholeBody) WriteHeader(code int) {
	w.Header().Set("Accept-Ranges", "none")
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the server's writer.
func (w wholeBody) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// negotiateEncoding picks the representation to send from the request's
// Accept-Encoding lines (RFC 9110, section 12.5.3) among the identity and
// offered, which is in shelf's order of preference: the acceptable one with
// the highest q-value, shelf's preference breaking ties, and the identity
// last among equals. It returns nil for the identity, and false when
// nothing offered is acceptable. Without the header, or with an empty one,
// the answer is the identity: a client that says nothing may not decode.
func negotiateEncoding(lines []string, offered []contentCoding) (*contentCoding, bool) {
	if len(lines) == 0 {
		return nil, true
	}
	q := parseAcceptEncoding(lines)
	identity := q.weight("identity")
	if identity < 0 {
		// Not named, and no "*": acceptable, but only when nothing else is.
		identity = 1
	}
	var best *contentCoding
	bestQ := identity
	for i := range offered {
		if w := q.weight(offered[i].name); w > bestQ || (w == bestQ && w > 0 && best == nil) {
			best, bestQ = &offered[i], w
		}
	}
	return best, bestQ > 0
}

// acceptedCodings holds an Accept-Encoding header's q-values in thousandths
// (0 to 1000) for the codings shelf cares about, -1 where one is not named.
type acceptedCodings struct{ br, gzip, identity, any int }

// weight is coding's q-value: its own, else the "*" one's, else -1. For the
// identity, -1 means acceptable when nothing else is; for a compression,
// not acceptable.
func (a acceptedCodings) weight(coding string) int {
	q := -1
	switch coding {
	case "br":
		q = a.br
	case "gzip":
		q = a.gzip
	case "identity":
		q = a.identity
	}
	if q < 0 {
		q = a.any
	}
	return q
}

// parseAcceptEncoding reads comma-separated codings, each with an optional
// ";q=" weight; names are case-insensitive and x-gzip is gzip. An element
// with a malformed q-value is skipped, as are unknown codings and other
// parameters; when a coding is named twice, the first one counts.
func parseAcceptEncoding(lines []string) acceptedCodings {
	a := acceptedCodings{-1, -1, -1, -1}
	for _, line := range lines {
		for elem := range strings.SplitSeq(line, ",") {
			name, params, _ := strings.Cut(elem, ";")
			name = strings.ToLower(strings.TrimSpace(name))
			q, ok := 1000, true
			for p := range strings.SplitSeq(params, ";") {
				p = strings.TrimSpace(p)
				if len(p) >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=' {
					q, ok = parseQValue(p[2:])
				}
			}
			if !ok {
				continue
			}
			var slot *int
			switch name {
			case "br":
				slot = &a.br
			case "gzip", "x-gzip":
				slot = &a.gzip
			case "identity":
				slot = &a.identity
			case "*":
				slot = &a.any
			default:
				continue
			}
			if *slot < 0 {
				*slot = q
			}
		}
	}
	return a
}

// parseQValue reads a qvalue ("0", "0.5", "1.000"; at most three decimals,
// at most 1) in thousandths.
func parseQValue(s string) (int, bool) {
	if len(s) == 0 || len(s) > 5 || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	q := int(s[0]-'0') * 1000
	if len(s) > 1 {
		if s[1] != '.' {
			return 0, false
		}
		scale := 100
		for _, c := range s[2:] {
			if c < '0' || c > '9' {
				return 0, false
			}
			q += int(c-'0') * scale
			scale /= 10
		}
	}
	return q, q <= 1000
}

// productImage serves the picture shelf draws for a product whose
// image_url names it (the demo shop's). Anyone may fetch it, as a shop's
// pictures are public; a product's picture changes with its name, so it is
// cached for an hour and revalidated by its ETag.
func (s *Server) productImage(w http.ResponseWriter, r *http.Request) {
	file := strings.TrimPrefix(r.URL.Path, s.cfg.ImagePrefix)
	id, err := strconv.ParseUint(strings.TrimSuffix(file, ".svg"), 10, 64)
	if err != nil || !strings.HasSuffix(file, ".svg") || id == 0 || id > store.MaxID {
		httperr.Write(w, httperr.New(httperr.NotFound, "no such image: %s", r.URL.Path))
		return
	}
	p, err := s.st.Product(id)
	if err != nil || p.ImageURL != r.URL.Path {
		httperr.Write(w, httperr.New(httperr.NotFound, "no such image: %s", r.URL.Path))
		return
	}
	svg := s.cfg.Images(p)
	sum := sha256.Sum256(svg)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	// An SVG opened on its own could run script if it held any; shelf's
	// hold none, and this forbids it anyway.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	w.Write(svg) //nolint:errcheck // the client went away
}
