package dataio

import (
	"io"
	"strconv"

	"shelf/store"
)

// userHeader is the CSV header UserWriter writes. It has no password
// column, by design.
const userHeader = "id,username,email,date_joined\n"

// UserWriter streams users as CSV or NDJSON, one line per user, in the
// layout DecodeUsers reads. Password hashes are never written. It buffers;
// call Flush at the end.
type UserWriter struct{ w recordWriter[store.User] }

// NewUserWriter returns a writer of users in format f to w.
func NewUserWriter(w io.Writer, f Format) *UserWriter {
	return &UserWriter{w: recordWriter[store.User]{
		bw: bufferedWriter(w), format: f, header: userHeader,
		csvRow: userCSV, jsonRow: userJSON,
	}}
}

// Write writes one user; an error of the underlying writer is returned by
// every later call.
func (uw *UserWriter) Write(u store.User) error { return uw.w.write(u) }

// Flush writes buffered data, and the CSV header if no user was written.
func (uw *UserWriter) Flush() error { return uw.w.flush() }

func userCSV(b []byte, u store.User) ([]byte, error) {
	b = strconv.AppendUint(b, u.ID, 10)
	b = append(b, ',')
	b = appendCSV(b, u.Username)
	b = append(b, ',')
	b = appendCSV(b, u.Email)
	b = append(b, ',')
	return appendTime(b, u.JoinedAt), nil
}

func userJSON(b []byte, u store.User) ([]byte, error) {
	b = append(b, '{')
	b = appendKey(b, "id")
	b = strconv.AppendUint(b, u.ID, 10)
	b = appendKey(b, "username")
	b = AppendJSONString(b, u.Username)
	b = appendKey(b, "email")
	b = AppendJSONString(b, u.Email)
	if !u.JoinedAt.IsZero() {
		b = appendKey(b, "date_joined")
		b = append(b, '"')
		b = appendTime(b, u.JoinedAt)
		b = append(b, '"')
	}
	return append(b, '}'), nil
}
