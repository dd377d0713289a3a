package dataio

import (
	"bufio"
	"io"
	"strings"
	"unicode/utf8"
)

// MaxLineBytes bounds one NDJSON line: ample for the longest product (5,000
// characters of description, each escaped as \uXXXX), small enough that a
// file without newlines cannot exhaust memory.
const MaxLineBytes = 1 << 20

// decodeNDJSON reads one JSON object per line into records of schema s.
// Blank lines are skipped.
func decodeNDJSON[T any](r io.Reader, s *schema[T], dst []T) ([]T, error) {
	lr := lineReader{br: bufio.NewReaderSize(r, 64<<10)}
	var errs Errors
	out := collector[T]{cur: dst[:0]}
	seen := make([]bool, len(s.fields))
	t := new(T) // one scratch record, as in decodeCSV
	for {
		text, tooLong, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		line := lr.line
		if line == 1 {
			text = strings.TrimPrefix(text, utf8BOM)
		}
		switch {
		case tooLong:
			errs.add(line, "", "line is longer than %d bytes", MaxLineBytes)
			continue
		case isBlank(text):
			continue
		case !utf8.ValidString(text):
			errs.add(line, "", "line is not valid UTF-8")
			continue
		}
		var zero T
		*t = zero
		if decodeObject(text, s, t, seen, line, &errs) {
			if err := s.validate(t); err != nil {
				errs.addValidation(line, err)
			} else if errs.Total == 0 {
				out.add(t)
			}
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return out.result(), nil
}

// decodeObject fills t from one line and reports whether it had no problem.
// seen is scratch space, one flag per field.
func decodeObject[T any](text string, s *schema[T], t *T, seen []bool, line int, errs *Errors) bool {
	clear(seen)
	o := object{s: text}
	if err := o.open(); err != nil {
		errs.add(line, "", "%s", err.Error())
		return false
	}
	ok := true
	for !o.done {
		key, v, err := o.member()
		if err != nil {
			errs.add(line, "", "%s", err.Error())
			return false
		}
		j := s.lookup(key)
		switch {
		case j < 0:
			errs.add(line, clip(key), "unknown field (known: %s)", s.known())
			ok = false
		case s.fields[j].reject != "":
			errs.add(line, key, "%s", s.fields[j].reject)
			ok = false
		case seen[j]:
			errs.add(line, key, "field appears twice")
			ok = false
		default:
			seen[j] = true
			f := &s.fields[j]
			if f.required && v.kind == kindNull {
				errs.add(line, f.name, "is required")
				ok = false
			} else if err := f.set(t, v); err != nil {
				errs.add(line, f.name, "%s", err.Error())
				ok = false
			}
		}
	}
	if err := o.close(); err != nil {
		errs.add(line, "", "%s", err.Error())
		return false
	}
	for j, f := range s.fields {
		if f.required && !seen[j] {
			errs.add(line, f.name, "is required")
			ok = false
		}
	}
	return ok
}

func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
		default:
			return false
		}
	}
	return true
}

// lineReader splits input into lines, counting them, without a size limit
// that would end the whole file: an overlong line is reported and skipped.
type lineReader struct {
	br   *bufio.Reader
	long []byte // holds a line longer than br's buffer
	line int
}

// next returns the next line without its line end, as a string that the
// caller may keep. It returns io.EOF after the last line.
func (lr *lineReader) next() (text string, tooLong bool, err error) {
	b, err := lr.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		lr.long = append(lr.long[:0], b...)
		for err == bufio.ErrBufferFull {
			b, err = lr.br.ReadSlice('\n')
			if len(lr.long)+len(b) > MaxLineBytes {
				tooLong = true
				lr.long = lr.long[:0] // keep draining the line, not storing it
			} else if !tooLong {
				lr.long = append(lr.long, b...)
			}
		}
		b = lr.long
	}
	if err != nil && err != io.EOF {
		return "", false, err
	}
	if err == io.EOF && len(b) == 0 && !tooLong {
		return "", false, io.EOF
	}
	lr.line++
	if tooLong {
		return "", true, nil
	}
	b = trimLineEnd(b)
	return string(b), false, nil
}

func trimLineEnd(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}
