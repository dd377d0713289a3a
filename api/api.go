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
	// Images draws the pictures of products whose image_url starts with
	// ImagePrefix (the demo shop's, made by shelf itself); nil serves none.
	Images      func(p store.Product) []byte
	ImagePrefix string
	// ShopifyWebhookSecret verifies Shopify's webhooks (webhooks.go); empty
	// turns their routes off.
	ShopifyWebhookSecret string
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
	// ids signs the recommendation ids of the lists served.
	ids *recIDs
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
	ids := &recIDs{key: au.RecommendationKey(), now: eng.Now}
	return &Server{st: st, eng: eng, auth: au, ui: ui, log: log, cfg: cfg, lists: lists, ids: ids}
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
	// Every route answers with and without its trailing slash, as the
	// original API did.
	for _, rt := range s.routes() {
		fn := s.guard(rt)
		r.Handle(rt.method, rt.path, fn)
		r.Handle(rt.method, rt.path+"/", fn)
	}
	plain := func(path string, h http.Handler) {
		r.Handler(http.MethodGet, path, http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			middleware.InfoFrom(req.Context()).SetRoute(path)
			h.ServeHTTP(w, req)
		}))
	}
	if s.cfg.Images != nil && s.cfg.ImagePrefix != "" {
		plain(s.cfg.ImagePrefix+":file", http.HandlerFunc(s.productImage))
	}
	plain("/healthz", middleware.Healthz())
	plain("/readyz", middleware.Readyz(map[string]func(context.Context) error{
		"database": func(context.Context) error { return s.st.Ping() },
		"model":    func(context.Context) error { return s.eng.Ready() },
	}))
	return r
}

// handlerFunc is a route's handler: it returns the error to answer with.
type handlerFunc func(http.ResponseWriter, *http.Request, httprouter.Params) error

// route is one entry of the routing table: who may call it, and how.
type route struct {
	level  auth.Level
	method string
	path   string
	h      handlerFunc
}

// The levels and methods of the routing table, short so that each route
// is one line (and routes stays within the size limit of a function).
const (
	public  = auth.Public
	shop    = auth.Shop
	private = auth.Private
	admin   = auth.AdminOnly
	get     = http.MethodGet
	post    = http.MethodPost
)

// routes is the one routing table.
func (s *Server) routes() []route {
	rs := []route{
		{shop, get, "/api/products", s.listProducts},
		{private, post, "/api/products", s.createProduct},
		{shop, get, "/api/products/:id", s.getProduct},
		{private, http.MethodPut, "/api/products/:id", s.replaceProduct},
		{private, http.MethodPatch, "/api/products/:id", s.patchProduct},
		{private, http.MethodDelete, "/api/products/:id", s.deleteProduct},
		{shop, get, "/api/categories", s.listCategories},
		{shop, get, "/api/popular", s.popular},

		{private, get, "/api/users", s.listUsers},
		{private, post, "/api/users", s.createUser},
		{private, get, "/api/users/:id", s.getUser},
		{private, http.MethodPatch, "/api/users/:id", s.patchUser},
		{private, http.MethodDelete, "/api/users/:id", s.deleteUser},
		{shop, get, "/api/users/:id/interactions", s.userInteractions},
		{private, get, "/api/users/:id/profile", s.userProfile},

		{shop, post, "/api/interaction", s.recordInteraction},
		{private, post, "/api/shopper-tokens", s.createShopperToken},
		{shop, post, "/api/sessions", s.createSession},
		{shop, post, "/api/sessions/:session_id/merge", s.mergeSession},
		{private, get, "/api/interactions", s.listInteractions},
		{private, post, "/api/interactions/import", s.importInteractions},
		{private, post, "/api/import/:kind", s.importKind},
		{private, get, "/api/export/:kind", s.exportKind},

		{shop, get, "/api/recommendations/:user_id", s.recommendations},
		{shop, get, "/api/recommendations/:user_id/:session_id", s.sessionRecommendations},
		{shop, get, "/api/products/:id/similar", s.related(s.eng.Similar, "similar", "similar")},
		{shop, get, "/api/products/:id/bought-together", s.related(s.eng.BoughtTogether, "products", "bought-together")},
		{shop, get, "/api/search", s.search},

		{private, get, "/api/placements", s.listPlacements},
		{private, get, "/api/placements/:name", s.getPlacement},
		{private, http.MethodPut, "/api/placements/:name", s.putPlacement},
		{private, http.MethodDelete, "/api/placements/:name", s.deletePlacement},

		{private, get, "/api/model", s.modelStatus},
		{private, post, "/api/model/train", s.trainModel},
		{private, post, "/api/model/restore", s.restoreModel},
		{private, post, "/api/model/publish-held", s.publishHeldModel},
		{private, http.MethodPut, "/api/model/settings", s.putSettings},

		{public, post, "/api/auth/login", s.login},
		{public, get, "/api/auth/me", s.me},
		{public, post, "/api/auth/logout", s.logout},
		{public, get, "/api/openapi.json", s.openapi},
		{private, get, "/api/admin/stats", s.adminStats},
		{private, get, "/api/analytics", s.analytics},
		{shop, get, "/api/shop", s.getShop},
		{private, http.MethodPut, "/api/shop", s.putShop},
		{private, post, "/api/refunds", s.refund},
		{private, get, "/api/experiments", s.listExperiments},
		{private, post, "/api/experiments", s.createExperiment},
		{private, get, "/api/experiments/:id", s.getExperiment},
		{private, http.MethodPatch, "/api/experiments/:id", s.patchExperiment},
		{private, http.MethodDelete, "/api/experiments/:id", s.deleteExperiment},
		{private, get, "/api/admin/backup", s.backup},
		{admin, get, "/api/admin/keys", s.listKeys},
		{admin, post, "/api/admin/keys", s.createKey},
		{admin, http.MethodDelete, "/api/admin/keys/:id", s.deleteKey},
		{public, post, "/api/webhooks/shopify/orders", s.shopifyWebhook(s.shopifyOrder)},
		{public, post, "/api/webhooks/shopify/orders-cancelled", s.shopifyWebhook(s.shopifyOrderCancelled)},
		{public, post, "/api/webhooks/shopify/products", s.shopifyWebhook(s.shopifyProduct)},
		{public, post, "/api/webhooks/shopify/inventory", s.shopifyWebhook(s.shopifyInventory)},
	}
	if s.cfg.Metrics != nil {
		// Metrics show the shop's volumes: operators only.
		rs = append(rs, route{private, get, "/metrics", func(w http.ResponseWriter, req *http.Request, _ httprouter.Params) error {
			s.cfg.Metrics.Handler().ServeHTTP(w, req)
			return nil
		}})
	}
	return rs
}

// guard wraps a route's handler: it names the route for the logs and
// metrics, identifies the caller, applies the caller's key limit and checks
// that the caller may call the route, then answers the handler's error.
func (s *Server) guard(rt route) httprouter.Handle {
	return func(w http.ResponseWriter, req *http.Request, ps httprouter.Params) {
		info := middleware.InfoFrom(req.Context())
		info.SetRoute(rt.path)
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
			err = s.auth.Authorize(p, rt.level, req)
		}
		if err == nil {
			err = rt.h(w, req.WithContext(withPrincipal(req.Context(), p)), ps)
		}
		if err != nil {
			s.writeError(w, req, err)
		}
	}
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
