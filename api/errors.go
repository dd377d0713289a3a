package api

import (
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"

	"shelf/api/auth"
	"shelf/store"
)

// Error is an error with an HTTP status, a message for the client and
// per-field details.
type Error struct {
	Status  int
	Message string
	Details map[string]string
}

func (e *Error) Error() string { return e.Message }

// errorBody is the one JSON shape of every error response.
type errorBody struct {
	Error   string            `json:"error"`
	Details map[string]string `json:"details,omitempty"`
}

func badRequest(field, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Status: http.StatusBadRequest, Message: "invalid " + field + ": " + msg, Details: map[string]string{field: msg}}
}

func invalid(details map[string]string) *Error {
	return &Error{Status: http.StatusBadRequest, Message: "invalid input", Details: details}
}

// toError maps any error to what the client sees. This is the one table
// from domain errors to statuses; anything it does not know is a 500 whose
// details go to the log only.
func toError(err error) (*Error, bool) {
	var (
		apiErr *Error
		ve     *store.ValidationError
		nf     *store.NotFoundError
		ce     *store.ConflictError
		mbe    *http.MaxBytesError
		ae     *auth.Error
	)
	switch {
	case errors.As(err, &apiErr):
		return apiErr, false
	case errors.As(err, &ae):
		return &Error{Status: ae.Status, Message: ae.Message}, false
	case errors.As(err, &ve):
		return invalid(ve.Fields), false
	case errors.As(err, &nf):
		e := &Error{Status: http.StatusNotFound, Message: nf.Error()}
		if nf.Field != "" {
			e.Details = map[string]string{nf.Field: nf.Error()}
		}
		return e, false
	case errors.As(err, &ce):
		return &Error{Status: http.StatusConflict, Message: ce.Message, Details: map[string]string{ce.Field: ce.Message}}, false
	case errors.As(err, &mbe):
		return &Error{Status: http.StatusRequestEntityTooLarge, Message: fmt.Sprintf("request body too large: at most %d bytes", mbe.Limit)}, false
	}
	return &Error{Status: http.StatusInternalServerError, Message: "internal server error"}, true
}

// writeError sends err as JSON. Internal errors are logged with the request
// and answered with a generic message.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e, internal := toError(err)
	if internal {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeJSON(w, e.Status, errorBody{Error: e.Message, Details: e.Details})
}

func (s *Server) logPanic(w http.ResponseWriter, r *http.Request, v any) {
	if v == http.ErrAbortHandler {
		panic(v) // a deliberately cut stream: let net/http close the connection
	}
	s.log.Error("panic serving request", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
	writeJSON(w, http.StatusInternalServerError, errorBody{Error: "internal server error"})
}
