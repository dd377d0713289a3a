// Package api serves shelf's JSON API under /api/ and the embedded React UI
// from one router.
//
// Handlers are thin: decode, validate, call the store or the engine,
// respond. Every error goes through one table (errors.go) that turns domain
// errors into statuses and a JSON body {"error", "details"}; internal errors
// are logged and answered with a generic message.
package api

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"

	"github.com/julienschmidt/httprouter"

	"shelf/api/auth"
	"shelf/api/httperr"
	"shelf/api/middleware"
	"shelf/engine"
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
	// Limiter applies the per-key rate limit after authentication; nil
	// disables it. (The per-address limit is the middleware's.)
	Limiter *middleware.Limiter
	// Metrics receives shelf's own metrics and serves GET /metrics; nil
	// disables both.
	Metrics *middleware.Metrics
	// ListCacheBytes bounds the memory of the cache of encoded
	// recommendation lists; 0 disables it.
	ListCacheBytes int64
}

// Server is the HTTP face of a store and its engine.
type Server struct {
	st   *store.Store
	eng  *engine.Engine
	auth *auth.Auth
	ui   fs.FS
	log  *slog.Logger
	cfg  Config
	// lists caches encoded recommendation lists (see listCache).
	lists *listCache
}

// New returns a server. ui holds the built React app (index.html at its
// root); it may be nil, and then non-API paths are JSON 404s. Close
// releases what it holds.
func New(cfg Config, st *store.Store, eng *engine.Engine, au *auth.Auth, ui fs.FS, log *slog.Logger) *Server {
	if cfg.MaxImportBytes == 0 {
		cfg.MaxImportBytes = maxImportBody
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	lists, err := newListCache(cfg.ListCacheBytes)
	if err != nil {
		// Only a non-positive size fails, and newListCache turns that off.
		panic(err)
	}
	return &Server{st: st, eng: eng, auth: au, ui: ui, log: log, cfg: cfg, lists: lists}
}

// Close releases the server's cache.
func (s *Server) Close() { s.lists.close() }

// Handler returns the router with every route.
func (s *Server) Handler() http.Handler {
	r := httprouter.New()
	r.RedirectTrailingSlash = false
	r.RedirectFixedPath = false
	r.HandleMethodNotAllowed = true
	r.PanicHandler = s.logPanic
	r.MethodNotAllowed = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		httperr.Write(w, httperr.New(httperr.NotAllowed, "method %s not allowed; allowed: %s", req.Method, w.Header().Get("Allow")))
	})
	r.NotFound = http.HandlerFunc(s.notFound)

	// handle registers a route with and without its trailing slash, as the
	// original API answered both, behind the check of who may call it.
	handle := func(level auth.Level, method, path string, h func(http.ResponseWriter, *http.Request, httprouter.Params) error) {
		fn := func(w http.ResponseWriter, req *http.Request, ps httprouter.Params) {
			info := middleware.InfoFrom(req.Context())
			info.SetRoute(path)
			p, err := s.auth.Identify(req)
			info.SetKeyID(p.KeyID)
			if err == nil && s.cfg.Limiter != nil && strings.HasPrefix(p.KeyID, "key:") {
				// Keys are limited each on its own; shop visitors share
				// their addresses' limits instead.
				if ok, wait := s.cfg.Limiter.AllowKey(p.KeyID); !ok {
					middleware.WriteRateLimited(w, wait, "too many requests for this API key")
					return
				}
			}
			if err == nil {
				err = s.auth.Authorize(p, level, req)
			}
			if err == nil {
				err = h(w, req.WithContext(withPrincipal(req.Context(), p)), ps)
			}
			if err != nil {
				s.writeError(w, req, err)
			}
		}
		r.Handle(method, path, fn)
		r.Handle(method, path+"/", fn)
	}
	const (
		public  = auth.Public
		shop    = auth.Shop
		private = auth.Private
		admin   = auth.AdminOnly
	)

	handle(shop, http.MethodGet, "/api/products", s.listProducts)
	handle(private, http.MethodPost, "/api/products", s.createProduct)
	handle(shop, http.MethodGet, "/api/products/:id", s.getProduct)
	handle(private, http.MethodPut, "/api/products/:id", s.replaceProduct)
	handle(private, http.MethodPatch, "/api/products/:id", s.patchProduct)
	handle(private, http.MethodDelete, "/api/products/:id", s.deleteProduct)
	handle(shop, http.MethodGet, "/api/categories", s.listCategories)
	handle(shop, http.MethodGet, "/api/popular", s.popular)

	handle(private, http.MethodGet, "/api/users", s.listUsers)
	handle(private, http.MethodPost, "/api/users", s.createUser)
	handle(private, http.MethodGet, "/api/users/:id", s.getUser)
	handle(private, http.MethodPatch, "/api/users/:id", s.patchUser)
	handle(private, http.MethodDelete, "/api/users/:id", s.deleteUser)
	handle(private, http.MethodGet, "/api/users/:id/interactions", s.userInteractions)

	handle(shop, http.MethodPost, "/api/interaction", s.recordInteraction)
	handle(private, http.MethodPost, "/api/interactions/import", s.importInteractions)
	handle(private, http.MethodPost, "/api/import/:kind", s.importKind)
	handle(private, http.MethodGet, "/api/export/:kind", s.exportKind)

	handle(shop, http.MethodGet, "/api/recommendations/:user_id", s.recommendations)
	handle(shop, http.MethodGet, "/api/recommendations/:user_id/:session_id", s.sessionRecommendations)
	handle(shop, http.MethodGet, "/api/products/:id/similar", s.related(s.eng.Similar, "similar"))
	handle(shop, http.MethodGet, "/api/products/:id/bought-together", s.related(s.eng.BoughtTogether, "products"))
	handle(shop, http.MethodGet, "/api/search", s.search)

	handle(private, http.MethodGet, "/api/model", s.modelStatus)
	handle(private, http.MethodPost, "/api/model/train", s.trainModel)
	handle(private, http.MethodPut, "/api/model/settings", s.putSettings)

	handle(public, http.MethodPost, "/api/auth/login", s.login)
	handle(public, http.MethodGet, "/api/auth/me", s.me)
	handle(public, http.MethodPost, "/api/auth/logout", s.logout)
	handle(private, http.MethodGet, "/api/admin/stats", s.adminStats)
	handle(private, http.MethodGet, "/api/admin/backup", s.backup)
	handle(admin, http.MethodGet, "/api/admin/keys", s.listKeys)
	handle(admin, http.MethodPost, "/api/admin/keys", s.createKey)
	handle(admin, http.MethodDelete, "/api/admin/keys/:id", s.deleteKey)
	handle(private, http.MethodGet, "/api/interactions", s.listInteractions)
	handle(private, http.MethodGet, "/api/users/:id/profile", s.userProfile)

	plain := func(path string, h http.Handler) {
		r.Handler(http.MethodGet, path, http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			middleware.InfoFrom(req.Context()).SetRoute(path)
			h.ServeHTTP(w, req)
		}))
	}
	plain("/healthz", middleware.Healthz())
	plain("/readyz", middleware.Readyz(map[string]func(context.Context) error{
		"database": func(context.Context) error { return s.st.Ping() },
		"model":    func(context.Context) error { return s.eng.Ready() },
	}))
	if s.cfg.Metrics != nil {
		// Metrics show the shop's volumes: operators only.
		handle(private, http.MethodGet, "/metrics", func(w http.ResponseWriter, req *http.Request, _ httprouter.Params) error {
			s.cfg.Metrics.Handler().ServeHTTP(w, req)
			return nil
		})
	}
	return r
}

// notFound answers unknown API paths with a JSON 404 and everything else
// with the UI: a file of the build when one matches, otherwise index.html
// so that the app's own router can show the page.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	middleware.InfoFrom(r.Context()).SetRoute("ui")
	if strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/api" || s.ui == nil {
		middleware.InfoFrom(r.Context()).SetRoute(middleware.Unmatched)
		httperr.Write(w, httperr.New(httperr.NotFound, "no such endpoint: %s %s", r.Method, r.URL.Path))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		httperr.Write(w, httperr.New(httperr.NotAllowed, "method %s not allowed; allowed: GET, HEAD", r.Method))
		return
	}
	s.serveUI(w, r)
}
