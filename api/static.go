package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
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
// never cached, so a new binary's UI is picked up at once.
func (s *Server) serveUI(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if name != "" && name != "index.html" {
		if data, err := fs.ReadFile(s.ui, name); err == nil {
			if name == widgetFile {
				serveWidget(w, r, data)
				return
			}
			if strings.HasPrefix(name, "assets/") {
				w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			} else {
				w.Header().Set("Cache-Control", "no-cache")
			}
			if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
				w.Header().Set("Content-Type", ct)
			}
			http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
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
	f, err := s.ui.Open("index.html")
	if err != nil {
		httperr.Write(w, httperr.New(httperr.NotFound, "the UI is not built into this binary"))
		return
	}
	defer f.Close()
	// The page's own API calls are authorised by this cookie.
	s.auth.IssueStorefront(w, r)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = io.Copy(w, f)
	}
}

// serveWidget serves the storefront widget. Its name has no hash (shops link
// to it), so it is never immutable: browsers and CDNs keep it five minutes
// and then revalidate it by its ETag, the hash of its bytes, and a new
// binary's widget reaches every shop within minutes. Other origins' pages
// load it (with a plain script tag, which needs no CORS), including pages
// that demand Cross-Origin-Resource-Policy of what they embed. The hash is
// taken per request: a SHA-256 of the ~13 kB script costs microseconds,
// and at most once per browser per five minutes.
func serveWidget(w http.ResponseWriter, r *http.Request, data []byte) {
	sum := sha256.Sum256(data)
	h := w.Header()
	h.Set("ETag", `"`+hex.EncodeToString(sum[:12])+`"`)
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	// ServeContent answers If-None-Match with a 304 and HEAD without a body.
	http.ServeContent(w, r, widgetFile, time.Time{}, bytes.NewReader(data))
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
