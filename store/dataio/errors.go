package dataio

import (
	"fmt"
	"sort"
	"strings"

	"shelf/store"
)

// MaxErrors is how many problems an *Errors keeps; Total counts them all.
const MaxErrors = 100

// LineError is one problem of an input file.
type LineError struct {
	// Line is the 1-based line of the input file; a CSV header is line 1 and
	// a CSV record spanning lines is reported at its first line.
	Line int `json:"line"`
	// Field names the column or JSON field at fault; it is empty when the
	// whole line is (a syntax error, say).
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// Error formats the problem as "line N: field: message".
func (e LineError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Message)
	}
	return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Message)
}

// Errors lists the problems of a rejected input, in line order.
type Errors struct {
	// Errors holds the first MaxErrors problems.
	Errors []LineError `json:"errors"`
	// Total counts every problem found, kept or not.
	Total int `json:"total"`
}

// Error summarises the first few problems on one line.
func (e *Errors) Error() string {
	const shown = 3
	var b strings.Builder
	fmt.Fprintf(&b, "%d problem(s) in input", e.Total)
	for i, le := range e.Errors {
		if i == shown {
			fmt.Fprintf(&b, "; and %d more", e.Total-shown)
			break
		}
		b.WriteString("; ")
		b.WriteString(le.Error())
	}
	return b.String()
}

// add records a problem, keeping at most MaxErrors.
func (e *Errors) add(line int, field, format string, args ...any) {
	e.Total++
	if len(e.Errors) < MaxErrors {
		e.Errors = append(e.Errors, LineError{Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
	}
}

// addValidation records each field of a validation error, in field order so
// that reports are stable.
func (e *Errors) addValidation(line int, err error) {
	ve, ok := err.(*store.ValidationError)
	if !ok {
		e.add(line, "", "%v", err)
		return
	}
	fields := make([]string, 0, len(ve.Fields))
	for f := range ve.Fields {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		e.add(line, f, "%s", ve.Fields[f])
	}
}

// err returns e when it holds a problem, and nil otherwise.
func (e *Errors) err() error {
	if e.Total == 0 {
		return nil
	}
	return e
}
