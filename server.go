package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"strings"
	"time"

	"shelf/api"
	"shelf/api/auth"
	"shelf/api/middleware"
	"shelf/demo"
	"shelf/engine"
	"shelf/store"
)

// Config is everything the command line and environment say to shelf serve.
type Config struct {
	Addr            string
	DB              string
	Demo            bool
	RetrainInterval time.Duration
	// FullTrainInterval: see engine.Config.
	FullTrainInterval time.Duration
	// TrainWorkers bounds the CPUs a training computes on (see
	// model.SetTrainingWorkers); shelf serve sets it, NewMain does not.
	TrainWorkers   int
	CacheMB        int
	LogFormat      string
	LogLevel       string
	CORSOrigins    string
	TrustProxy     bool
	RatePerAddress float64
	RatePerKey     float64
	TLSCert        string
	TLSKey         string
	HeaderTimeout  time.Duration
	DebugAddr      string
	// CompactDelay is how long after an erasure the file is compacted
	// (see compactLoop); zero means DefaultCompactDelay. At most
	// MaxCompactDelay.
	CompactDelay time.Duration
	// ShopifyWebhookSecret verifies Shopify's webhooks; empty turns them off.
	ShopifyWebhookSecret string
}

// DefaultCompactDelay is how long after a user's erasure shelf serve
// rewrites the file without their bytes: erasures in a burst share one
// compaction, which holds writers back while it copies the file.
const DefaultCompactDelay = time.Hour

// MaxCompactDelay keeps an erased customer's bytes in the file well under
// a day, with room for failed compactions to be retried (compactRetry).
const MaxCompactDelay = 12 * time.Hour

// compactRetry is how long a failed compaction waits for its next try.
const compactRetry = 10 * time.Minute

// shutdownTimeout bounds how long Run waits for the requests in flight
// when its context ends.
const shutdownTimeout = 10 * time.Second

// Main is the program shelf serve runs: Open opens the store, the engine
// and the listeners in order, Run serves until its context ends, and Close
// closes everything in reverse order. Tests run it in process on port 0.
type Main struct {
	Config Config
	Log    *slog.Logger

	// Store, Engine and Server are set by Open.
	Store  *store.Store
	Engine *engine.Engine
	Server *http.Server

	api     *api.Server
	erased  chan struct{} // a user was erased: see compactLoop
	ln      net.Listener  // the public port
	debugLn net.Listener  // the profiler's port, when -debug-addr is set
	debug   *http.Server
}

// NewMain returns a Main for cfg that logs to log.
func NewMain(cfg Config, log *slog.Logger) *Main {
	return &Main{Config: cfg, Log: log}
}

// Open opens the store (filling it with the demo shop under -demo), starts
// the engine, makes sure there is an admin, and listens on the public and
// profiler addresses. Call Close afterwards even when Open fails.
func (m *Main) Open(ctx context.Context) error {
	cfg := m.Config
	if cfg.CompactDelay < 0 || cfg.CompactDelay > MaxCompactDelay {
		return fmt.Errorf("the compaction delay must be from 0 to %s (got %s)", MaxCompactDelay, cfg.CompactDelay)
	}
	m.erased = make(chan struct{}, 1)
	st, err := openStore(cfg.DB, store.Options{AfterErasure: m.noticeErasure})
	if err != nil {
		return err
	}
	m.Store = st
	if st.UndidImport() {
		m.Log.Warn("an import that did not finish (the process stopped during it) was undone; run it again", "db", cfg.DB)
	}
	if cfg.Demo {
		if err := loadDemo(st, m.Log); err != nil {
			return err
		}
	}
	metrics := middleware.NewMetrics()
	if m.Engine, err = engine.New(ctx, st, m.engineConfig(metrics), m.Log); err != nil {
		return err
	}
	au, err := m.openAuth()
	if err != nil {
		return err
	}
	if m.ln, err = net.Listen("tcp", cfg.Addr); err != nil {
		return err
	}
	eng := m.Engine
	if err := metrics.RegisterCache(
		func() uint64 { h, _ := eng.CacheStats(); return h },
		func() uint64 { _, m := eng.CacheStats(); return m }); err != nil {
		return err
	}
	m.Server = m.httpServer(metrics, au)
	if cfg.DebugAddr != "" {
		if m.debugLn, err = net.Listen("tcp", cfg.DebugAddr); err != nil {
			return fmt.Errorf("-debug-addr: %w", err)
		}
		m.debug = profiler()
	}
	return nil
}

// engineConfig is the engine's configuration, with each training reported
// to the metrics.
func (m *Main) engineConfig(metrics *middleware.Metrics) engine.Config {
	ecfg := engine.DefaultConfig()
	ecfg.RetrainInterval = m.Config.RetrainInterval
	ecfg.FullTrainInterval = m.Config.FullTrainInterval
	// Half of the cache's memory for the lists, half for their encodings
	// (the API's cache): the entries of the two are of about equal size.
	ecfg.CacheBytes = int64(m.Config.CacheMB) << 19
	ecfg.OnTrain = func(st engine.TrainStatus, err error) {
		if err != nil {
			metrics.ObserveTraining("failed", 0)
			return
		}
		metrics.ObserveTraining("published", st.Duration)
		for name, m := range st.Validation {
			metrics.SetModelMetric(name, "precision_at_10", m.Precision)
			metrics.SetModelMetric(name, "recall_at_10", m.Recall)
			metrics.SetModelMetric(name, "ndcg_at_10", m.NDCG)
			metrics.SetModelMetric(name, "hit_rate_at_10", m.HitRate)
		}
	}
	return ecfg
}

// openAuth sets up authentication and, on the first run, creates the admin
// account and prints its password.
func (m *Main) openAuth() (*auth.Auth, error) {
	au, err := auth.New(m.Store, auth.Config{Relaxed: m.Config.Demo, SecureCookies: m.Config.TLSCert != ""})
	if err != nil {
		return nil, err
	}
	if m.Config.Demo {
		m.Log.Warn("DEMO MODE: anyone who can reach this port may read and change all data without an API key. " +
			"Never run -demo on a public address.")
	}
	user, password, err := auth.EnsureAdmin(m.Store)
	if err != nil {
		return nil, err
	}
	if password != "" {
		// Logged once, as one record (a warning, so that -log-level warn
		// shows it too): only its hash is stored.
		m.Log.Warn("first run: created an admin account; log in at /admin with this password and keep it safe, it is not shown again (reset it with shelf admin create -username "+user+")",
			"username", user, "password", password)
	}
	return au, nil
}

// httpServer is the public server: the API and the UI behind the
// middleware chain.
func (m *Main) httpServer(metrics *middleware.Metrics, au *auth.Auth) *http.Server {
	cfg := m.Config
	var origins []string
	for _, o := range strings.Split(cfg.CORSOrigins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			origins = append(origins, o)
		}
	}
	chain := middleware.New(middleware.Config{
		Logger: m.Log, Metrics: metrics, CORSOrigins: origins,
		Proxy: middleware.Proxy{Trust: cfg.TrustProxy},
		Limits: middleware.LimitConfig{
			PerAddress: middleware.Rate{PerSecond: cfg.RatePerAddress, Burst: int(2 * cfg.RatePerAddress)},
			PerKey:     middleware.Rate{PerSecond: cfg.RatePerKey, Burst: int(2 * cfg.RatePerKey)},
		},
	})
	m.api = api.New(api.Config{Limiter: chain.Limiter, Metrics: metrics, ListCacheBytes: int64(cfg.CacheMB) << 19,
		Images: demoImage, ImagePrefix: demo.ImagePathPrefix, ShopifyWebhookSecret: cfg.ShopifyWebhookSecret}, m.Store, m.Engine, au, uiFS(), m.Log)
	return &http.Server{
		Handler:           chain.Wrap(m.api.Handler()),
		ReadHeaderTimeout: cfg.HeaderTimeout,
		ReadTimeout:       5 * time.Minute, // bulk imports can be large
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(m.Log.Handler(), slog.LevelWarn),
	}
}

// profiler serves Go's profiler. It gets its own listener so that it is
// never reachable through the public port.
func profiler() *http.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
}

// URL is the address Open listens on, as a base URL for clients; it is
// only known between Open and Close.
func (m *Main) URL() string {
	scheme := "http"
	if m.Config.TLSCert != "" {
		scheme = "https"
	}
	return scheme + "://" + displayAddr(m.ln.Addr())
}

// Run trains in the background and serves until ctx ends, then lets the
// requests in flight finish (for at most shutdownTimeout) and stops the
// trainer. It returns early if the server fails.
func (m *Main) Run(ctx context.Context) error {
	trainCtx, cancelTrain := context.WithCancel(ctx)
	trainerDone := make(chan struct{})
	go func() {
		defer close(trainerDone)
		m.Engine.Run(trainCtx)
	}()
	defer func() { cancelTrain(); <-trainerDone }()
	compactorDone := make(chan struct{})
	go func() {
		defer close(compactorDone)
		m.compactLoop(trainCtx)
	}()
	defer func() { cancelTrain(); <-compactorDone }()
	if m.debug != nil {
		go m.debug.Serve(m.debugLn) //nolint:errcheck // ends when Close closes it
		m.Log.Warn("profiler listening", "addr", m.debugLn.Addr().String())
	}
	serveErr := make(chan error, 1)
	go func() {
		if m.Config.TLSCert != "" {
			serveErr <- m.Server.ServeTLS(m.ln, m.Config.TLSCert, m.Config.TLSKey)
		} else {
			serveErr <- m.Server.Serve(m.ln)
		}
	}()
	m.Log.Info("shelf listening", "addr", m.ln.Addr().String(), "url", m.URL(), "db", m.Config.DB, "version", buildVersion())

	var err error
	select {
	case err = <-serveErr:
	case <-ctx.Done():
		m.Log.Info("shutting down")
		shutCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		err = m.Server.Shutdown(shutCtx)
		cancel()
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// noticeErasure wakes compactLoop; the store calls it after each erasure.
func (m *Main) noticeErasure() {
	select {
	case m.erased <- struct{}{}:
	default: // a wake-up is pending already
	}
}

// compactLoop rewrites the file without the erased users' bytes (see
// store.Compact) while an erasure is pending: CompactDelay after the first
// erasure since the last compaction, so that a burst shares one, and at
// once at start-up, when a previous run stopped before compacting. A
// failed compaction is retried after compactRetry. It returns when ctx
// ends.
func (m *Main) compactLoop(ctx context.Context) {
	delay := m.Config.CompactDelay
	if delay == 0 {
		delay = DefaultCompactDelay
	}
	var notBefore time.Time // after a failure
	for startup := true; ; startup = false {
		var due <-chan time.Time
		since, pending, err := m.Store.ErasurePending()
		if err != nil {
			m.Log.Error("compaction: cannot tell whether an erasure is pending", "err", err)
			notBefore = time.Now().Add(compactRetry)
		}
		if pending || err != nil {
			wait := min(time.Until(since.Add(delay)), delay) // a clock set back waits no longer
			if startup {
				wait = 0
			}
			due = time.After(max(wait, time.Until(notBefore), 0))
		}
		select {
		case <-ctx.Done():
			return
		case <-m.erased:
			continue
		case <-due:
		}
		if !pending {
			continue
		}
		res, err := m.Store.Compact()
		if err != nil {
			notBefore = time.Now().Add(compactRetry)
			m.Log.Error("compaction failed: the file serves as before, and erased users stay in its freed pages until the next try",
				"err", err, "retry_in", compactRetry.String())
			continue
		}
		m.Log.Info("compacted the database: erased users are gone from the file",
			"bytes_before", res.Before, "bytes_after", res.After, "duration", res.Duration.String(), "erasure_pending_since", since)
	}
}

// Close closes what Open opened, in reverse order: the listeners, the API's
// cache, the engine, the store. It may be called after a failed Open, and
// again.
func (m *Main) Close() error {
	var errs []error
	if m.debug != nil {
		errs = append(errs, m.debug.Close())
		m.debug = nil
	}
	if m.debugLn != nil {
		errs = append(errs, ignoreClosed(m.debugLn.Close()))
		m.debugLn = nil
	}
	if m.Server != nil {
		errs = append(errs, m.Server.Close())
		m.Server = nil
	}
	if m.ln != nil {
		errs = append(errs, ignoreClosed(m.ln.Close())) // Serve closes it too
		m.ln = nil
	}
	if m.api != nil {
		m.api.Close()
		m.api = nil
	}
	if m.Engine != nil {
		m.Engine.Close()
		m.Engine = nil
	}
	if m.Store != nil {
		errs = append(errs, m.Store.Close())
		m.Store = nil
	}
	return errors.Join(errs...)
}

func ignoreClosed(err error) error {
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

// displayAddr is a listener's address as a browser would be pointed at it:
// localhost for an unspecified IP.
func displayAddr(a net.Addr) string {
	if ta, ok := a.(*net.TCPAddr); ok && ta.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", ta.Port)
	}
	return a.String()
}
