package platform

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"strings"

	"shelf/store/dataio"
)

// table is a CSV export read whole: its rows with the line each starts
// on, and its columns found by name. A platform's export has dozens of
// columns shelf does not read; they are ignored.
type table struct {
	cols map[string]int // the header's names, trimmed and in lower case
	rows []row
}

// row is one record of a table.
type row struct {
	line  int
	cells []string
}

// readTable parses body, a CSV file with a header line. Syntax errors go
// to probs; false means the file cannot be read at all.
func readTable(body []byte, probs *problems) (*table, bool) {
	body = bytes.TrimPrefix(body, []byte("\uFEFF"))
	cr := csv.NewReader(bytes.NewReader(body))
	cr.FieldsPerRecord = -1 // a short row reads as empty cells
	header, err := cr.Read()
	if err != nil {
		probs.add(1, "", "the file has no header line naming its columns")
		return nil, false
	}
	t := &table{cols: map[string]int{}}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if _, dup := t.cols[name]; !dup && name != "" {
			t.cols[name] = i
		}
	}
	for {
		rec, err := cr.Read()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				probs.add(pe.StartLine, "", "%s", csvProblem(pe))
				return t, false // encoding/csv does not resynchronise reliably
			}
			break // io.EOF: a bytes.Reader fails no other way
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		t.rows = append(t.rows, row{line: line, cells: rec})
	}
	return t, true
}

func csvProblem(pe *csv.ParseError) string {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return fmt.Sprintf("a quote in an unquoted field (line %d, byte %d): quote the whole field and double the quote inside", pe.Line, pe.Column)
	case errors.Is(pe.Err, csv.ErrQuote):
		return fmt.Sprintf("a quoted field is not closed properly (line %d, byte %d)", pe.Line, pe.Column)
	}
	return pe.Err.Error()
}

// has reports whether the table has a column.
func (t *table) has(name string) bool {
	_, ok := t.cols[strings.ToLower(name)]
	return ok
}

// column returns the index of a column, or -1 when the file has none of
// that name.
func (t *table) column(name string) int {
	if i, ok := t.cols[strings.ToLower(name)]; ok {
		return i
	}
	return -1
}

// require reports each missing column on line 1 and returns false when
// any is missing.
func (t *table) require(probs *problems, what string, names ...string) bool {
	ok := true
	for _, n := range names {
		if !t.has(n) {
			probs.add(1, n, "column is required in %s (it has %s)", what, strings.Join(names, ", "))
			ok = false
		}
	}
	return ok
}

// cell returns the trimmed value of column c (an index from column) of
// the row, "" when the file has no such column.
func (r row) cell(c int) string {
	if c < 0 || c >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[c])
}

// raw is cell without the trimming, for text whose spaces count (HTML).
func (r row) raw(c int) string {
	if c < 0 || c >= len(r.cells) {
		return ""
	}
	return r.cells[c]
}

// problems collects the problems of a file as shelf's other imports
// report them (a *dataio.Errors, in line order).
type problems struct{ list []dataio.LineError }

func (p *problems) add(line int, field, format string, args ...any) {
	p.list = append(p.list, dataio.LineError{Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

// err returns the problems as a *dataio.Errors, or nil when there are
// none: sorted by line (stably, so a line's problems keep their order)
// and at most dataio.MaxErrors of them.
func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	slices.SortStableFunc(p.list, func(a, b dataio.LineError) int { return a.Line - b.Line })
	return &dataio.Errors{Errors: p.list[:min(len(p.list), dataio.MaxErrors)], Total: len(p.list)}
}
