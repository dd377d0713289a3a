// Package api serves shelf's JSON API under /api/ and the embedded React UI
// from one router.
//
// Handlers are thin: decode, validate, call the store or the engine,
// respond. Every error goes through one table (errors.go) that turns domain
// errors into statuses and a JSON body {"error", "details"}; internal errors
// are logged and answered with a generic message.
package api

import (
	"io/fs"
	"log/slog"
	"net/http"
	"strings"

	"github.com/julienschmidt/httprouter"

	"shelf/api/engine"
	"shelf/store"
)

// Limits on what a client may ask for.
const (
	maxPageSize   = 100
	maxCount      = 100
	maxJSONBody   = 1 << 20   // one product, user or interaction
	maxImportBody = 256 << 20 // a bulk import file
	maxQueryLen   = 200
)

// Config tunes the API.
type Config struct {
	// MaxImportBytes bounds an import body; 0 means 256 MiB.
	MaxImportBytes int64
}

// Server is the HTTP face of a store and its engine.
type Server struct {
	st  *store.Store
	eng *engine.Engine
	ui  fs.FS
	log *slog.Logger
	cfg Config
}

// New returns a server. ui holds the built React app (index.html at its
// root); it may be nil, and then non-API paths are JSON 404s.
func New(cfg Config, st *store.Store, eng *engine.Engine, ui fs.FS, log *slog.Logger) *Server {
	if cfg.MaxImportBytes == 0 {
		cfg.MaxImportBytes = maxImportBody
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Server{st: st, eng: eng, ui: ui, log: log, cfg: cfg}
}

// Handler returns the router with every route.
func (s *Server) Handler() http.Handler {
	r := httprouter.New()
	r.RedirectTrailingSlash = false
	r.RedirectFixedPath = false
	r.HandleMethodNotAllowed = true
	r.PanicHandler = s.logPanic
	r.MethodNotAllowed = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		writeJSON(w, http.StatusMethodNotAllowed, errorBody{Error: "method " + req.Method + " not allowed; allowed: " + w.Header().Get("Allow")})
	})
	r.NotFound = http.HandlerFunc(s.notFound)

	// handle registers a route with and without its trailing slash, as the
	// original API answered both.
	handle := func(method, path string, h func(http.ResponseWriter, *http.Request, httprouter.Params) error) {
		fn := func(w http.ResponseWriter, req *http.Request, ps httprouter.Params) {
			if err := h(w, req, ps); err != nil {
				s.writeError(w, req, err)
			}
		}
		r.Handle(method, path, fn)
		r.Handle(method, path+"/", fn)
	}

	handle(http.MethodGet, "/api/products", s.listProducts)
	handle(http.MethodPost, "/api/products", s.createProduct)
	handle(http.MethodGet, "/api/products/:id", s.getProduct)
	handle(http.MethodPut, "/api/products/:id", s.replaceProduct)
	handle(http.MethodPatch, "/api/products/:id", s.patchProduct)
	handle(http.MethodDelete, "/api/products/:id", s.deleteProduct)
	handle(http.MethodGet, "/api/categories", s.listCategories)
	handle(http.MethodGet, "/api/popular", s.popular)

	handle(http.MethodGet, "/api/users", s.listUsers)
	handle(http.MethodPost, "/api/users", s.createUser)
	handle(http.MethodGet, "/api/users/:id", s.getUser)
	handle(http.MethodPatch, "/api/users/:id", s.patchUser)
	handle(http.MethodDelete, "/api/users/:id", s.deleteUser)
	handle(http.MethodGet, "/api/users/:id/interactions", s.userInteractions)

	handle(http.MethodPost, "/api/interaction", s.recordInteraction)
	handle(http.MethodPost, "/api/interactions/import", s.importInteractions)
	handle(http.MethodPost, "/api/import/:kind", s.importKind)
	handle(http.MethodGet, "/api/export/:kind", s.exportKind)

	handle(http.MethodGet, "/api/recommendations/:user_id", s.recommendations)
	handle(http.MethodGet, "/api/search", s.search)

	handle(http.MethodGet, "/api/model", s.modelStatus)
	handle(http.MethodPost, "/api/model/train", s.trainModel)
	return r
}

// notFound answers unknown API paths with a JSON 404 and everything else
// with the UI: a file of the build when one matches, otherwise index.html
// so that the app's own router can show the page.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/api" || s.ui == nil {
		writeJSON(w, http.StatusNotFound, errorBody{Error: "no such endpoint: " + r.Method + " " + r.URL.Path})
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeJSON(w, http.StatusMethodNotAllowed, errorBody{Error: "method " + r.Method + " not allowed; allowed: GET, HEAD"})
		return
	}
	s.serveUI(w, r)
}
