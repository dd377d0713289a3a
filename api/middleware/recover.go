package middleware

import (
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"

	"shelf/api/httperr"
)

// Recover returns a middleware that turns a panic into a 500
// {"error":"internal server error"} and logs it with the stack. When the
// response has already begun, the status cannot change; the panic is then
// logged and the connection aborted (http.ErrAbortHandler), so the client
// sees a broken response rather than a truncated one that looks whole.
// http.ErrAbortHandler itself passes through unlogged, as net/http intends.
func Recover(logger *slog.Logger) func(http.Handler) http.Handler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
					panic(v)
				}
				info := InfoFrom(r.Context())
				id := ""
				if info != nil {
					info.Panicked = true
					id = info.ID
				}
				logger.LogAttrs(r.Context(), slog.LevelError, "panic serving request",
					slog.String("request_id", id),
					slog.String("method", r.Method),
					slog.String("path", r.URL.Path),
					slog.Any("panic", v),
					slog.String("stack", string(debug.Stack())),
				)
				if info != nil && info.written() {
					panic(http.ErrAbortHandler)
				}
				// Headers describing the body that never came would
				// contradict the error body; the security headers stay.
				h := w.Header()
				for _, k := range []string{"Content-Length", "Content-Encoding", "Content-Disposition", "Etag", "Last-Modified"} {
					delete(h, k)
				}
				httperr.Write(w, httperr.New(httperr.Internal, "internal server error"))
			}()
			next.ServeHTTP(w, r)
		})
	}
}
