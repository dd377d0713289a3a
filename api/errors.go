package api

import (
	"errors"
	"net/http"
	"runtime/debug"

	"shelf/api/httperr"
	"shelf/store"
)

// badRequest is a 400 about one field.
func badRequest(field, format string, args ...any) *httperr.Error {
	return httperr.Field(field, format, args...)
}

// invalid is a 400 about several fields.
func invalid(details map[string]string) *httperr.Error { return httperr.Fields(details) }

// toError maps any error to what the client sees: errors that carry a code
// keep it, the store's errors get theirs here, and anything else is
// Internal, whose details go to the log only. The statuses of the codes are
// httperr's one table.
func toError(err error) (*httperr.Error, bool) {
	var (
		ve  *store.ValidationError
		nf  *store.NotFoundError
		ce  *store.ConflictError
		mbe *http.MaxBytesError
	)
	if e, ok := httperr.As(err); ok {
		return e, false
	}
	switch {
	case errors.As(err, &ve):
		return invalid(ve.Fields), false
	case errors.As(err, &nf):
		e := &httperr.Error{Code: httperr.NotFound, Message: nf.Error()}
		if nf.Field != "" {
			e.Details = map[string]string{nf.Field: nf.Error()}
		}
		return e, false
	case errors.As(err, &ce):
		return &httperr.Error{Code: httperr.Conflict, Message: ce.Message, Details: map[string]string{ce.Field: ce.Message}}, false
	case errors.As(err, &mbe):
		return httperr.New(httperr.TooLarge, "request body too large: at most %d bytes", mbe.Limit), false
	}
	return httperr.New(httperr.Internal, "internal server error"), true
}

// writeError sends err as JSON. Internal errors are logged with the request
// and answered with a generic message.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e, internal := toError(err)
	if internal {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	httperr.Write(w, e)
}

func (s *Server) logPanic(w http.ResponseWriter, r *http.Request, v any) {
	if v == http.ErrAbortHandler {
		panic(v) // a deliberately cut stream: let net/http close the connection
	}
	s.log.Error("panic serving request", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
	httperr.Write(w, httperr.New(httperr.Internal, "internal server error"))
}
