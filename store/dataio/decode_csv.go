package dataio

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// decodeCSV reads a CSV file with a header into records of schema s.
func decodeCSV[T any](r io.Reader, s *schema[T], dst []T) ([]T, error) {
	cr := csv.NewReader(r)
	// One record slice for the whole file; the cells of a record share one
	// string, so a line costs one allocation.
	cr.ReuseRecord = true
	var errs Errors
	header, err := cr.Read()
	if err == io.EOF {
		errs.add(1, "", "the file is empty: a header line naming the columns is required (%s)", s.known())
		return nil, &errs
	}
	if err != nil {
		if !addCSVError(&errs, err) {
			return nil, err
		}
		return nil, &errs
	}
	cols := s.mapHeader(header, &errs)
	if errs.Total > 0 {
		return nil, &errs
	}
	out := collector[T]{cur: dst[:0]}
	// One scratch record for the whole file: a record handed through the
	// setters' func values escapes, and would cost an allocation per line.
	t := new(T)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			if !addCSVError(&errs, err) {
				return nil, err
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		var zero T
		*t = zero
		bad := false
		for i, cell := range rec {
			f := &s.fields[cols[i]]
			if err := f.set(t, value{kind: kindText, text: cell}); err != nil {
				errs.add(line, f.name, "%s", err.Error())
				bad = true
			}
		}
		if !bad {
			if err := s.validate(t); err != nil {
				errs.addValidation(line, err)
				bad = true
			}
		}
		// After the first problem the records are dropped: the result will
		// not be returned, and scanning goes on only to list problems.
		if !bad && errs.Total == 0 {
			out.add(t)
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return out.result(), nil
}

// addCSVError records a CSV syntax error and reports true, or reports false
// for an error of the underlying reader, which ends decoding.
func addCSVError(errs *Errors, err error) bool {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return false
	}
	switch {
	case errors.Is(pe.Err, csv.ErrFieldCount):
		errs.add(pe.StartLine, "", "has a different number of fields than the header")
	case errors.Is(pe.Err, csv.ErrBareQuote):
		errs.add(pe.Line, "", "a quote in an unquoted field (byte %d of the line): quote the whole field and double the quote inside", pe.Column)
	case errors.Is(pe.Err, csv.ErrQuote):
		errs.add(pe.Line, "", "a quoted field is not closed properly (byte %d of the line)", pe.Column)
	default:
		errs.add(pe.Line, "", "%s", fmt.Sprint(pe.Err))
	}
	return true
}
