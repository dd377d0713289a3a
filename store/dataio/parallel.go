package dataio

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"sync"

	"shelf/store"
)

// parallelMin is the smallest input that DecodeEventsBytes splits into
// parts decoded at the same time (a variable so that tests can lower it).
var parallelMin = 4 << 20

// DecodeEventsBytes is DecodeEvents over an input held in memory. A large
// input is cut at record boundaries into one part per processor, decoded
// at the same time; the result, and the first problem of a bad file, are
// the same as DecodeEvents gives.
func DecodeEventsBytes(body []byte, f Format) ([]store.Interaction, error) {
	return decodeBytes(body, f, eventSchema)
}

func decodeBytes[T any](body []byte, f Format, newSchema func() *schema[T]) ([]T, error) {
	n := runtime.GOMAXPROCS(0)
	head, rest, bounds, ok := splitRecords(body, f, n, newSchema)
	if !ok || n < 2 {
		return decode(bytes.NewReader(body), f, newSchema(), nil)
	}
	parts := len(bounds) - 1
	// A part holds at most one record per line: all parts decode into one
	// slice, each from its own offset, and are closed up at the end. On a
	// large file the memory, first touched here, costs more than decoding.
	lines := make([]int, parts+1)
	for k := range parts {
		lines[k+1] = lines[k] + bytes.Count(rest[bounds[k]:bounds[k+1]], []byte{'\n'}) + 1
	}
	whole := make([]T, lines[parts])
	out := make([][]T, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for k := range parts {
		wg.Go(func() {
			r := io.MultiReader(bytes.NewReader(head), bytes.NewReader(rest[bounds[k]:bounds[k+1]]))
			out[k], errs[k] = decode(r, f, newSchema(), whole[lines[k]:lines[k]:lines[k+1]])
		})
	}
	wg.Wait()

	if err := partErrors(errs, head, rest, bounds); err != nil {
		return nil, err
	}
	// Close up: each part starts at or after the end of those before it.
	n = 0
	for _, p := range out {
		n += copy(whole[n:], p)
	}
	if n == 0 {
		return nil, nil
	}
	return whole[:n:n], nil
}

// splitRecords cuts a large input at record boundaries into about parts
// parts of rest, after a CSV file's header (head, which goes in front of
// every part). ok is false for an input too small to split, or one whose
// header is bad (decoding it whole reports that the usual way).
func splitRecords[T any](body []byte, f Format, parts int, newSchema func() *schema[T]) (head, rest []byte, bounds []int, ok bool) {
	if len(body) < parallelMin || parts < 1 || !f.valid() {
		return nil, nil, nil, false
	}
	rest = body
	if f == CSV {
		end := recordEnd(body, 0, f)
		if end <= 0 || end == len(body) {
			return nil, nil, nil, false
		}
		head, rest = body[:end], body[end:]
		if _, err := decodeCSV(bytes.NewReader(head), newSchema(), nil); err != nil {
			return nil, nil, nil, false
		}
	}
	bounds = []int{0}
	for k := 1; k < parts; k++ {
		at := recordEnd(rest, k*len(rest)/parts, f)
		if at > bounds[len(bounds)-1] && at < len(rest) {
			bounds = append(bounds, at)
		}
	}
	bounds = append(bounds, len(rest))
	return head, rest, bounds, true
}

// partBytes is about how much of the input DecodeEventsParts decodes into
// one part (a variable so that tests can lower it).
var partBytes = 8 << 20

// DecodeEventsParts decodes a large input as DecodeEventsBytes does, but
// hands the events to add a part at a time, in order, and keeps no more
// than one part per processor: ten million events are 1.4 GB as
// Interactions, a part of 8 MB of input about 16 MB. add may keep
// nothing of a part (its memory is reused). When the input is bad, add is
// not called after the first bad part, every part is still decoded, and
// the error is the one DecodeEventsBytes gives.
func DecodeEventsParts(body []byte, f Format, add func([]store.Interaction)) error {
	head, rest, bounds, ok := splitRecords(body, f, len(body)/partBytes+1, eventSchema)
	if !ok {
		events, err := DecodeEventsBytes(body, f)
		if err == nil && len(events) > 0 {
			add(events)
		}
		return err
	}
	parts, n := len(bounds)-1, runtime.GOMAXPROCS(0)
	errs := make([]error, parts)
	out := make([][]store.Interaction, n)
	failed := false
	for lo := 0; lo < parts; lo += n {
		hi := min(lo+n, parts)
		var wg sync.WaitGroup
		for k := lo; k < hi; k++ {
			wg.Go(func() {
				r := io.MultiReader(bytes.NewReader(head), bytes.NewReader(rest[bounds[k]:bounds[k+1]]))
				out[k-lo], errs[k] = decode(r, f, eventSchema(), out[k-lo][:0])
			})
		}
		wg.Wait()
		for k := lo; k < hi && !failed; k++ {
			if failed = errs[k] != nil; !failed && len(out[k-lo]) > 0 {
				add(out[k-lo])
			}
		}
	}
	return partErrors(errs, head, rest, bounds)
}

// partErrors joins the parts' problems, numbered with the lines of the
// whole file: a part's reader counts its header's lines, then its own. An
// error that is not about lines is returned as it is.
func partErrors(errs []error, head, rest []byte, bounds []int) error {
	headLines := bytes.Count(head, []byte{'\n'})
	var all Errors
	before := headLines
	for k, err := range errs {
		var pe *Errors
		switch {
		case err == nil:
		case errors.As(err, &pe):
			for _, le := range pe.Errors {
				if len(all.Errors) < MaxErrors {
					le.Line += before - headLines
					all.Errors = append(all.Errors, le)
				}
			}
			all.Total += pe.Total
		default:
			return err
		}
		before += bytes.Count(rest[bounds[k]:bounds[k+1]], []byte{'\n'})
	}
	if all.Total > 0 {
		return &all
	}
	return nil
}

// recordEnd returns the position just after the first line end at or after
// from that ends a record, or -1 when there is none. In CSV a line end
// inside a quoted field does not: the count of quotes before it is odd (a
// quote inside a field is doubled). An NDJSON line that starts with a byte
// order mark is not a place to cut: the mark is only skipped on line 1.
func recordEnd(b []byte, from int, f Format) int {
	inQuote := f == CSV && bytes.Count(b[:from], []byte{'"'})%2 == 1
	for i := from; i < len(b); i++ {
		switch b[i] {
		case '"':
			if f == CSV {
				inQuote = !inQuote
			}
		case '\n':
			if !inQuote && !bytes.HasPrefix(b[i+1:], []byte(utf8BOM)) {
				return i + 1
			}
		}
	}
	return -1
}
