package client

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Error is an answer of shelf's with a status other than 2xx: 400 for bad
// input (with the fields at fault in Details), 401 without the credentials
// a route needs, 403 with credentials that are not enough, 404, 405, 409
// for a conflict, 413, 429 when rate limited (with RetryAfter), 500 and
// 503.
type Error struct {
	// StatusCode is the HTTP status.
	StatusCode int
	// Message is shelf's message in words, or the status text when the
	// answer was not shelf's JSON error body (a proxy's page, say).
	Message string
	// Details holds, for bad input, what is wrong with each field.
	Details map[string]string
	// RetryAfter is how long to wait before trying again, when the answer
	// said (429 and 503).
	RetryAfter time.Duration
}

// Error formats the status, the message and the fields at fault in field
// order.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "shelf: %d %s", e.StatusCode, e.Message)
	for _, k := range slices.Sorted(maps.Keys(e.Details)) {
		if !strings.Contains(e.Message, e.Details[k]) {
			fmt.Fprintf(&b, "; %s: %s", k, e.Details[k])
		}
	}
	return b.String()
}

// errorBody is shelf's one error shape, {"error", "details"}.
type errorBody struct {
	Error   string            `json:"error"`
	Details map[string]string `json:"details"`
}

// newError decodes an answer that is not a success.
func newError(resp *http.Response, data []byte) *Error {
	e := &Error{StatusCode: resp.StatusCode}
	var body errorBody
	if err := json.Unmarshal(data, &body); err == nil && body.Error != "" {
		e.Message, e.Details = body.Error, body.Details
	} else {
		e.Message = http.StatusText(resp.StatusCode)
		if text := strings.TrimSpace(string(data)); text != "" && len(text) <= 200 && !strings.ContainsAny(text, "<{") {
			e.Message += ": " + text
		}
	}
	if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && secs >= 0 {
		e.RetryAfter = time.Duration(secs) * time.Second
	}
	return e
}
