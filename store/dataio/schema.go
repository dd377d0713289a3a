package dataio

import (
	"strings"
)

// field is one column of a CSV file and one member of an NDJSON object.
type field[T any] struct {
	name string
	// header means a CSV file must have this column. (A JSON object may
	// leave out a field whose zero value Validate accepts or rejects itself.)
	header bool
	// required means a JSON object must hold the field, and not as null:
	// for fields whose zero value Validate would accept.
	required bool
	// reject, when set, refuses the column or field with this message.
	reject string
	set    func(rec *T, v value) error
}

// schema describes one kind of record.
type schema[T any] struct {
	fields   []field[T]
	validate func(rec *T) error
}

// lookup returns the index of the named field, or -1.
func (s *schema[T]) lookup(name string) int {
	for i := range s.fields {
		if s.fields[i].name == name {
			return i
		}
	}
	return -1
}

// known lists the accepted field names for error messages.
func (s *schema[T]) known() string {
	names := make([]string, 0, len(s.fields))
	for _, f := range s.fields {
		if f.reject == "" {
			names = append(names, f.name)
		}
	}
	return strings.Join(names, ", ")
}

// mapHeader maps each CSV column to its field, reporting unknown, refused,
// repeated and missing columns on line 1.
func (s *schema[T]) mapHeader(header []string, errs *Errors) []int {
	cols := make([]int, len(header))
	seen := make([]bool, len(s.fields))
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, utf8BOM)
		}
		name := strings.ToLower(strings.TrimSpace(h))
		j := s.lookup(name)
		switch {
		case name == "":
			errs.add(1, "", "column %d has no name", i+1)
		case j < 0:
			errs.add(1, clip(name), "unknown column (known: %s)", s.known())
		case s.fields[j].reject != "":
			errs.add(1, name, "%s", s.fields[j].reject)
		case seen[j]:
			errs.add(1, name, "column appears twice")
		default:
			seen[j] = true
		}
		cols[i] = j
	}
	for j, f := range s.fields {
		if f.header && !seen[j] {
			errs.add(1, f.name, "column is required")
		}
	}
	return cols
}
