package store

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Sentinel errors. The api package maps them to HTTP statuses in one table.
var (
	ErrNotFound = errors.New("not found")
	// ErrUnfinishedImport is a read-only open of a file whose last import
	// did not finish: opening it read-write (shelf check, shelf serve)
	// undoes that import first.
	ErrUnfinishedImport = errors.New("an import into this file did not finish; open it read-write once (for example with shelf check) to undo it")
	ErrConflict         = errors.New("conflict")
	ErrNewerSchema      = errors.New("database was written by a newer shelf")
)

// NotFoundError says which kind of thing with which id is missing. It
// matches ErrNotFound with errors.Is.
type NotFoundError struct {
	Kind string // "product", "user", "interaction", "profile"
	ID   uint64
	// Field names the input field that referred to the missing thing, if any.
	Field string
	// Name names a thing that has a name rather than an id (a placement).
	Name string
}

// Error names the missing thing and its id or name.
func (e *NotFoundError) Error() string {
	if e.Name != "" {
		return fmt.Sprintf("%s %q not found", e.Kind, e.Name)
	}
	return fmt.Sprintf("%s %d not found", e.Kind, e.ID)
}

// Is makes errors.Is(err, ErrNotFound) true.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// ConflictError says what clashes with what is stored. It matches ErrConflict.
type ConflictError struct {
	Field   string
	Message string
}

// Error names the field and the clash.
func (e *ConflictError) Error() string { return e.Field + ": " + e.Message }

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// ValidationError lists what is wrong with an input, field by field.
type ValidationError struct {
	Fields map[string]string
}

// Add records a problem with a field; the first problem of a field wins.
func (e *ValidationError) Add(field, format string, args ...any) {
	if e.Fields == nil {
		e.Fields = map[string]string{}
	}
	if _, ok := e.Fields[field]; !ok {
		e.Fields[field] = fmt.Sprintf(format, args...)
	}
}

// Err returns a copy of e when it holds any problem, and nil otherwise.
// Returning a copy keeps a ValidationError declared on the caller's stack
// from escaping to the heap on the common, valid path.
func (e *ValidationError) Err() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	out := *e
	return &out
}

// Error lists every field's problem, by field name.
func (e *ValidationError) Error() string {
	keys := slices.Sorted(maps.Keys(e.Fields))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k]
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// CorruptError is a stored record that cannot be decoded: the file is
// damaged (a disk fault, an edit by another tool). It names the bucket and
// the key, so that shelf check's report and the log agree on the record.
type CorruptError struct {
	Bucket string // the bucket's name, e.g. "users"
	Key    string // the key as keyString shows it
	Err    error  // what is wrong with the value
}

// Error names the record and says what to do.
func (e *CorruptError) Error() string {
	return fmt.Sprintf("record %s of bucket %s cannot be read (%v): the file is damaged; restore a backup (shelf check lists every damaged record)", e.Key, e.Bucket, e.Err)
}

// Unwrap returns the decoding error.
func (e *CorruptError) Unwrap() error { return e.Err }

// corrupt is the CorruptError of the record under key k of bucket b.
func corrupt(b, k []byte, err error) error {
	return &CorruptError{Bucket: string(b), Key: keyString(b, k), Err: err}
}

// keyString shows a key of a bucket as a person reads it: ids in decimal,
// names quoted, index keys by their parts, hashes and anything malformed in
// hex.
func keyString(b, k []byte) string {
	be := binary.BigEndian
	switch string(b) {
	case string(bProducts), string(bUsers), string(bEvents), string(bProfiles), string(bKeys):
		if len(k) == 8 {
			return strconv.FormatUint(be.Uint64(k), 10)
		}
	case string(bMeta), string(bUserName), string(bAdmins), string(bBlobs), string(bJournal):
		if utf8.Valid(k) {
			return strconv.Quote(string(k))
		}
	case string(bProdPrice):
		if len(k) == 16 {
			return fmt.Sprintf("price %s, product %d", Price(be.Uint64(k)), be.Uint64(k[8:]))
		}
	case string(bProdCat):
		if n := len(k); n >= 17 && k[n-17] == 0 {
			return fmt.Sprintf("category %q, price %s, product %d", k[:n-17], Price(be.Uint64(k[n-16:])), be.Uint64(k[n-8:]))
		}
	case string(bEventsUser):
		if len(k) == 24 {
			return fmt.Sprintf("user %d, time %s, interaction %d", be.Uint64(k), time.UnixMicro(int64(be.Uint64(k[8:]))).UTC().Format(time.RFC3339Nano), be.Uint64(k[16:]))
		}
	case string(bEventsSess):
		if n := len(k); n >= 9 && k[n-9] == 0 {
			return fmt.Sprintf("session %q, interaction %d", k[:n-9], be.Uint64(k[n-8:]))
		}
	}
	return "0x" + hex.EncodeToString(k)
}
