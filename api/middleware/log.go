package middleware

import (
	"log/slog"
	"net/http"
	"time"
)

// Log returns a middleware that writes one line per request when the
// response is done: at Info, or at Error for 5xx. It logs the path and never
// the query string, which may carry secrets. Place it inside RequestInfo;
// alone it creates the Info itself, without proxy support.
func Log(logger *slog.Logger) func(http.Handler) http.Handler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w, r, info := begin(w, r, Proxy{})
			// Deferred so that a request whose handler panicked past
			// Recover (an aborted response) is still logged.
			defer logRequest(logger, r, info)
			next.ServeHTTP(w, r)
		})
	}
}

func logRequest(logger *slog.Logger, r *http.Request, info *Info) {
	status := info.Status
	if status == 0 {
		// Nothing was written: net/http sends an empty 200.
		status = http.StatusOK
	}
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	ctx := r.Context()
	if !logger.Enabled(ctx, level) {
		return
	}
	// The record is built by hand with no caller PC: the source line of an
	// access log is always this one, and capturing it costs a stack walk.
	end := time.Now()
	rec := slog.NewRecord(end, level, "request", 0)
	rec.AddAttrs(
		slog.String("request_id", info.ID),
		slog.String("method", r.Method),
		slog.String("route", info.RouteLabel()),
		slog.String("path", r.URL.Path),
		slog.Int("status", status),
		slog.Int64("bytes", info.Bytes),
		slog.Float64("duration_ms", float64(end.Sub(info.Start).Microseconds())/1000),
		slog.String("key_id", info.KeyID),
		slog.String("remote_addr", info.Client),
	)
	_ = logger.Handler().Handle(ctx, rec)
}
