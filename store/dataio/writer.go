package dataio

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode/utf8"
)

// recordWriter streams records of one kind, one line at a time.
type recordWriter[T any] struct {
	bw          *bufio.Writer
	format      Format
	header      string // the CSV header line, with its newline
	wroteHeader bool
	buf         []byte // the line being built, reused
	// The row functions take records by value: a pointer passed through a
	// func value escapes, which would cost an allocation per record.
	csvRow  func(b []byte, t T) ([]byte, error)
	jsonRow func(b []byte, t T) ([]byte, error)
	err     error // the first write error: the output is broken after it
}

func (w *recordWriter[T]) write(t T) error {
	if w.err != nil {
		return w.err
	}
	if !w.format.valid() {
		return fmt.Errorf("dataio: unknown format %d", int(w.format))
	}
	if err := w.writeHeader(); err != nil {
		return err
	}
	var err error
	if w.format == CSV {
		w.buf, err = w.csvRow(w.buf[:0], t)
	} else {
		w.buf, err = w.jsonRow(w.buf[:0], t)
	}
	if err != nil {
		return err // nothing was written; the record is skipped
	}
	w.buf = append(w.buf, '\n')
	_, w.err = w.bw.Write(w.buf)
	return w.err
}

// writeHeader writes the CSV header once, even for an empty export.
func (w *recordWriter[T]) writeHeader() error {
	if w.format != CSV || w.wroteHeader {
		return nil
	}
	w.wroteHeader = true
	_, w.err = w.bw.WriteString(w.header)
	return w.err
}

func (w *recordWriter[T]) flush() error {
	if w.err != nil {
		return w.err
	}
	if !w.format.valid() {
		return fmt.Errorf("dataio: unknown format %d", int(w.format))
	}
	if err := w.writeHeader(); err != nil {
		return err
	}
	w.err = w.bw.Flush()
	return w.err
}

// appendCSV writes one CSV text cell, neutralised against formula
// injection (see neutralise), and quoted when it holds a separator, a
// quote, a line end or leading space (which some readers trim).
func appendCSV(b []byte, s string) []byte {
	s = neutralise(s)
	quote := s != "" && (s[0] == ' ' || s[0] == '\t')
	for i := 0; i < len(s) && !quote; i++ {
		switch s[i] {
		case ',', '"', '\r', '\n':
			quote = true
		}
	}
	if !quote {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// AppendJSONString appends s quoted as encoding/json writes it with HTML
// escaping off: short escapes for \b \f \n \r \t, \u00XX for other control
// bytes, \ufffd for invalid UTF-8, and U+2028 and U+2029 escaped (NDJSON is
// not embedded in pages, and the API's hand-written answers match
// encoding/json byte for byte).
func AppendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendKey writes `"name":`, after a comma unless it opens the object.
func appendKey(b []byte, name string) []byte {
	if b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, name...)
	return append(b, '"', ':')
}

// appendRating writes the shortest text that reads back as the same float.
func appendRating(b []byte, r float64) ([]byte, error) {
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return b, errors.New("dataio: rating is not a finite number")
	}
	return strconv.AppendFloat(b, r, 'g', -1, 64), nil
}

// bufferedWriter wraps w in a buffer unless it already is one.
func bufferedWriter(w io.Writer) *bufio.Writer {
	if bw, ok := w.(*bufio.Writer); ok {
		return bw
	}
	return bufio.NewWriterSize(w, 64<<10)
}
