package api

import (
	"bytes"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"shelf/api/httperr"
)

// serveUI serves a file of the built app, or index.html for any other path
// so that the app's client-side router decides what to show. Hashed assets
// (under assets/) never change and are cached for a year; index.html is
// never cached, so a new binary's UI is picked up at once.
func (s *Server) serveUI(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if name != "" && name != "index.html" {
		if data, err := fs.ReadFile(s.ui, name); err == nil {
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
		if strings.HasPrefix(name, "assets/") {
			// A missing asset is a real 404, not the app: a stale page
			// asking for an old bundle must fail visibly.
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
