package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"shelf/api/httperr"
	"shelf/store"
)

// bufPool recycles response buffers: most answers are a few kilobytes.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeJSON sends v with the given status. The body is encoded first and
// sent with its Content-Length in one write, instead of a chunked stream.
func writeJSON(w http.ResponseWriter, status int, v any) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer putBuf(buf)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		buf.Reset()
		status = http.StatusInternalServerError
		buf.WriteString(`{"error":"internal server error"}` + "\n")
	}
	writeRaw(w, status, buf.Bytes())
}

// writeRaw sends body, JSON already encoded, with its length in one write.
func writeRaw(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// putBuf returns a buffer to bufPool, unless it grew huge.
func putBuf(buf *bytes.Buffer) {
	if buf.Cap() <= 1<<20 {
		buf.Reset()
		bufPool.Put(buf)
	}
}

// readBody reads a request body of at most limit bytes.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.ContentLength > limit {
		// Refused before reading: the client said how much it would send.
		return nil, httperr.New(httperr.TooLarge, "request body too large: at most %d bytes", limit)
	}
	return io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
}

// decodeJSON reads one JSON object into dst, a pointer to a struct, field by
// field, so that every problem names its field: unknown fields, wrong types
// and bad values are 400s with details; trailing data and anything that is
// not an object are 400s too.
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, dst any) error {
	body, err := readBody(w, r, limit)
	if err != nil {
		return err
	}
	return decodeObject(body, dst)
}

func decodeObject(body []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	var raw map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			return &httperr.Error{Code: httperr.Invalid, Message: "request body is empty: send a JSON object"}
		case errors.As(err, &se):
			return &httperr.Error{Code: httperr.Invalid, Message: fmt.Sprintf("malformed JSON at byte %d: %v", se.Offset, se)}
		case errors.As(err, &te):
			return &httperr.Error{Code: httperr.Invalid, Message: "request body must be a JSON object"}
		default:
			return &httperr.Error{Code: httperr.Invalid, Message: "malformed JSON: " + err.Error()}
		}
	}
	if raw == nil {
		return &httperr.Error{Code: httperr.Invalid, Message: "request body must be a JSON object, not null"}
	}
	if _, err := dec.Token(); err != io.EOF {
		return &httperr.Error{Code: httperr.Invalid, Message: "unexpected data after the JSON object"}
	}
	// encoding/json keeps the last of two equal keys; a body that says two
	// things about one field is refused instead, naming it.
	if field := duplicateKey(body); field != "" {
		return badRequest(field, "is given more than once")
	}
	v := reflect.ValueOf(dst).Elem()
	fields := jsonFields(v.Type())
	details := map[string]string{}
	for name, msg := range raw {
		i, ok := fields[name]
		if !ok {
			details[name] = "unknown field"
			continue
		}
		// Nested objects (a placement's rules) refuse unknown fields too.
		fd := json.NewDecoder(bytes.NewReader(msg))
		fd.DisallowUnknownFields()
		if err := fd.Decode(v.Field(i).Addr().Interface()); err != nil {
			details[name] = fieldMessage(err)
		}
	}
	if len(details) > 0 {
		return invalid(details)
	}
	return nil
}

// duplicateKey returns the path (such as "weights.view") of the first key
// that occurs twice in one object of body, a well-formed JSON value, or "".
func duplicateKey(body []byte) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	var walk func(path string) string
	walk = func(path string) string {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return ""
				}
				key := k.(string)
				name := key
				if path != "" {
					name = path + "." + key
				}
				if seen[key] {
					return name
				}
				seen[key] = true
				if d := walk(name); d != "" {
					return d
				}
			}
			_, _ = dec.Token() // '}'
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if d := walk(path + "[" + strconv.Itoa(i) + "]"); d != "" {
					return d
				}
			}
			_, _ = dec.Token() // ']'
		}
		return ""
	}
	return walk("")
}

// jsonFields maps the JSON names of a struct's exported fields to their
// index.
func jsonFields(t reflect.Type) map[string]int {
	out := make(map[string]int, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = i
	}
	return out
}

// fieldMessage turns a decoding error of one field into words for a person.
func fieldMessage(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		t := te.Type
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			return "must be a positive integer"
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return "must be an integer"
		case reflect.Float32, reflect.Float64:
			return "must be a number"
		case reflect.String:
			return "must be a string"
		case reflect.Bool:
			return "must be true or false"
		case reflect.Slice:
			return "must be a list"
		case reflect.Map, reflect.Struct:
			if t.String() == "time.Time" {
				return "must be an RFC 3339 time such as 2026-01-02T15:04:05Z"
			}
			return "must be an object"
		}
		return "has the wrong type"
	}
	var pe *time.ParseError
	if errors.As(err, &pe) {
		return "must be an RFC 3339 time such as 2026-01-02T15:04:05Z"
	}
	return err.Error()
}

// query reads URL query parameters and collects their problems by name.
type query struct {
	v       url.Values
	details map[string]string
}

func newQuery(r *http.Request) *query {
	return &query{v: r.URL.Query(), details: map[string]string{}}
}

func (q *query) fail(name, format string, args ...any) {
	if _, ok := q.details[name]; !ok {
		q.details[name] = fmt.Sprintf(format, args...)
	}
}

// int reads an integer in [lo, hi], or def when absent.
func (q *query) int(name string, def, lo, hi int) int {
	s := q.v.Get(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		q.fail(name, "must be an integer")
		return def
	}
	if n < lo || n > hi {
		q.fail(name, "must be between %d and %d", lo, hi)
		return def
	}
	return n
}

// id reads an optional positive id; 0 when absent.
func (q *query) id(name string) uint64 {
	s := q.v.Get(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 {
		q.fail(name, "must be a positive integer")
		return 0
	}
	return n
}

// date reads an optional YYYY-MM-DD day (UTC); def when absent.
func (q *query) date(name string, def time.Time) time.Time {
	s := q.v.Get(name)
	if s == "" {
		return def
	}
	d, err := time.Parse(dayLayout, s)
	if err != nil || d.Year() < 1970 || d.Year() > 9999 {
		q.fail(name, "must be a day such as 2026-11-30")
		return def
	}
	return d
}

// bool reads an optional true or false; false when absent.
func (q *query) bool(name string) bool {
	switch q.v.Get(name) {
	case "", "false", "0":
		return false
	case "true", "1":
		return true
	}
	q.fail(name, "must be true or false")
	return false
}

// ids reads an optional comma-separated list of at most max ids.
func (q *query) ids(name string, max int) []uint64 {
	s := q.v.Get(name)
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	if len(parts) > max {
		q.fail(name, "at most %d ids", max)
		return nil
	}
	out := make([]uint64, 0, len(parts))
	for _, p := range parts {
		n, err := strconv.ParseUint(strings.TrimSpace(p), 10, 64)
		if err != nil || n == 0 || n > store.MaxID {
			q.fail(name, "must be ids from 1 to 2^53-1 separated by commas (got %q)", clipText(p))
			return nil
		}
		out = append(out, n)
	}
	return out
}

// price reads an optional price; def when absent.
func (q *query) price(name string, def store.Price) store.Price {
	s := q.v.Get(name)
	if s == "" {
		return def
	}
	p, err := store.ParsePrice(s)
	if err != nil {
		q.fail(name, "%s", err.Error())
		return def
	}
	return p
}

// time reads an optional RFC 3339 time; zero when absent.
func (q *query) time(name string) time.Time {
	s := q.v.Get(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		q.fail(name, "must be an RFC 3339 time such as 2026-01-02T15:04:05Z")
	}
	return t
}

// str reads a string of at most max bytes.
func (q *query) str(name string, max int) string {
	s := q.v.Get(name)
	if len(s) > max {
		q.fail(name, "must be at most %d characters", max)
		return ""
	}
	return s
}

// err returns the collected problems as a 400, or nil.
func (q *query) err() error {
	if len(q.details) == 0 {
		return nil
	}
	return invalid(q.details)
}

// page reads page and page_size (at most maxPageSize) into an offset and a
// limit.
func (q *query) page(defSize int) (page, size int) {
	page = q.int("page", 1, 1, 1_000_000)
	size = q.int("page_size", defSize, 1, maxPageSize)
	return page, size
}

// pageLink is the URL of another page of the same listing, or nil.
func pageLink(r *http.Request, page int) *string {
	u := *r.URL
	v := u.Query()
	v.Set("page", strconv.Itoa(page))
	u.RawQuery = v.Encode()
	s := u.RequestURI()
	return &s
}

// pageLinks returns the next and previous links of a listing.
func pageLinks(r *http.Request, page, size, total int) (next, prev *string) {
	if page*size < total {
		next = pageLink(r, page+1)
	}
	if page > 1 {
		prev = pageLink(r, page-1)
	}
	return next, prev
}

// listPage is the shape of every paginated listing.
type listPage[T any] struct {
	Results  []T     `json:"results"`
	Count    int     `json:"count"`
	Next     *string `json:"next"`
	Previous *string `json:"previous"`
}

// writePage sends one page of a listing with its total and the links to
// the pages around it.
func writePage[T any](w http.ResponseWriter, r *http.Request, results []T, page, size, total int) error {
	if results == nil {
		results = []T{} // an empty page is [], not null
	}
	next, prev := pageLinks(r, page, size, total)
	writeJSON(w, http.StatusOK, listPage[T]{Results: results, Count: total, Next: next, Previous: prev})
	return nil
}

// pathID parses a positive id from the URL path.
func pathID(name, s string) (uint64, error) {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 || n > store.MaxID {
		return 0, badRequest(name, "must be an integer from 1 to %d (got %q)", uint64(store.MaxID), s)
	}
	return n, nil
}

// clipText shortens input quoted back in an error message.
func clipText(s string) string {
	if len(s) > 30 {
		return s[:30] + "…"
	}
	return s
}
