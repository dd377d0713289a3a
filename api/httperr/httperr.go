// Package httperr is the one table from error codes to HTTP statuses and
// the one JSON shape of an error response, shared by the API's handlers,
// its authentication and its middleware (WTF Dial's codes map).
//
// Handlers, auth and middleware say what went wrong with a Code; only this
// package knows which status a code is. Errors that are not an *Error are
// the API's to classify (package api maps the store's errors to codes);
// anything unknown is Internal, answered with a generic message.
package httperr

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Code says what kind of failure an error is.
type Code string

// The codes, one per status a client can get.
const (
	Invalid      Code = "invalid"      // 400: bad input, with per-field details
	Unauthorized Code = "unauthorized" // 401: no or unknown credentials
	Forbidden    Code = "forbidden"    // 403: credentials that are not enough
	NotFound     Code = "not_found"    // 404: a missing record or endpoint
	NotAllowed   Code = "not_allowed"  // 405: a method the path does not take
	Conflict     Code = "conflict"     // 409: an id or name that is taken
	TooLarge     Code = "too_large"    // 413: a body over the limit
	RateLimited  Code = "rate_limited" // 429: too many requests
	Unavailable  Code = "unavailable"  // 503: not ready or overloaded
	Internal     Code = "internal"     // 500: shelf's own fault
)

// statuses is the one table from codes to HTTP statuses.
var statuses = map[Code]int{
	Invalid:      http.StatusBadRequest,
	Unauthorized: http.StatusUnauthorized,
	Forbidden:    http.StatusForbidden,
	NotFound:     http.StatusNotFound,
	NotAllowed:   http.StatusMethodNotAllowed,
	Conflict:     http.StatusConflict,
	TooLarge:     http.StatusRequestEntityTooLarge,
	RateLimited:  http.StatusTooManyRequests,
	Unavailable:  http.StatusServiceUnavailable,
	Internal:     http.StatusInternalServerError,
}

// Status is the HTTP status of a code; an unknown code is a 500.
func Status(c Code) int {
	if s, ok := statuses[c]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Error is an error a client may see: a code, a message in words and, for
// bad input, what is wrong with each field.
type Error struct {
	Code    Code
	Message string
	Details map[string]string
	// RetryAfter, when positive, is sent as the Retry-After header.
	RetryAfter time.Duration
}

func (e *Error) Error() string { return e.Message }

// New returns an error with a code and a formatted message.
func New(c Code, format string, args ...any) *Error {
	return &Error{Code: c, Message: fmt.Sprintf(format, args...)}
}

// Field is a 400 about one field.
func Field(field, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Code: Invalid, Message: "invalid " + field + ": " + msg, Details: map[string]string{field: msg}}
}

// Fields is a 400 about several fields.
func Fields(details map[string]string) *Error {
	return &Error{Code: Invalid, Message: "invalid input", Details: details}
}

// As returns err's *Error, if it has one.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Body is the one JSON shape of every error response.
type Body struct {
	Error   string            `json:"error"`
	Details map[string]string `json:"details,omitempty"`
}

// Write sends e as JSON with its status (and Retry-After), not cached.
func Write(w http.ResponseWriter, e *Error) {
	h := w.Header()
	if e.RetryAfter > 0 {
		secs := int64((e.RetryAfter + time.Second - 1) / time.Second)
		h.Set("Retry-After", strconv.FormatInt(secs, 10))
	}
	buf, err := json.Marshal(Body{Error: e.Message, Details: e.Details})
	if err != nil { // only a map of strings and a string: cannot happen
		buf = []byte(`{"error":"internal server error"}`)
	}
	buf = append(buf, '\n')
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(buf)))
	w.WriteHeader(Status(e.Code))
	_, _ = w.Write(buf)
}
