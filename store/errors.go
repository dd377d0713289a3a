package store

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
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
}

// Error names the missing thing and its id.
func (e *NotFoundError) Error() string { return fmt.Sprintf("%s %d not found", e.Kind, e.ID) }

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
