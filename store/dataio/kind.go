package dataio

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"shelf/store"
)

// CheckKind accepts the kinds of data that import and export handle.
func CheckKind(kind string) error {
	if kind != "products" && kind != "users" && kind != "interactions" {
		return fmt.Errorf("must be products, users or interactions (got %q)", kind)
	}
	return nil
}

// DecodeBatch decodes a file of one kind into an import batch.
func DecodeBatch(kind string, f Format, body []byte) (*store.ImportBatch, error) {
	b := &store.ImportBatch{}
	var err error
	switch kind {
	case "products":
		b.Products, err = DecodeProducts(bytes.NewReader(body), f)
	case "users":
		b.Users, err = DecodeUsers(bytes.NewReader(body), f)
	default:
		b.Interactions, err = DecodeEventsBytes(body, f)
	}
	if err != nil {
		return nil, err
	}
	return b, nil
}

// RecordLines returns the line number of each record of a well-formed
// file, so that errors about records can name lines: a CSV record that
// spans lines starts where its quotes say; NDJSON has one per non-blank
// line. Only failed imports need it.
func RecordLines(body []byte, f Format) []int {
	var lines []int
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 64*1024), len(body)+1)
	n := 0
	inQuote := false
	for sc.Scan() {
		n++
		line := sc.Bytes()
		startsRecord := !inQuote
		if f == CSV {
			inQuote = inQuote != (bytes.Count(line, []byte{'"'})%2 == 1)
			if n == 1 {
				continue // the header
			}
		}
		if startsRecord && len(bytes.TrimSpace(line)) > 0 {
			lines = append(lines, n)
		}
	}
	return lines
}

// ImportLineErrors names the line of each problem the store found in a
// decoded batch of body.
func ImportLineErrors(ie *store.ImportError, body []byte, f Format) []LineError {
	lines := RecordLines(body, f)
	out := make([]LineError, len(ie.Problems))
	for i, p := range ie.Problems {
		line := 0
		if p.Index < len(lines) {
			line = lines[p.Index]
		}
		out[i] = LineError{Line: line, Field: p.Field, Message: p.Message}
	}
	return out
}

// Export writes every record of a kind (products, users or interactions)
// from the store to w in the given format, one record at a time, in the
// layout that import reads back. Interactions are read in bounded
// transactions (store.WalkInteractions): an export taken while events are
// recorded is not one snapshot.
func Export(st *store.Store, kind string, f Format, w io.Writer) error {
	switch kind {
	case "products":
		pw := NewProductWriter(w, f)
		if err := st.ForEachProduct(pw.Write); err != nil {
			return err
		}
		return pw.Flush()
	case "users":
		uw := NewUserWriter(w, f)
		if err := st.ForEachUser(uw.Write); err != nil {
			return err
		}
		return uw.Flush()
	default:
		ew := NewEventWriter(w, f)
		// In bounded transactions, so that a slow reader does not slow the
		// writers (see WalkInteractions): not one snapshot.
		if err := st.WalkInteractions(func(it *store.Interaction) error { return ew.Write(*it) }); err != nil {
			return err
		}
		return ew.Flush()
	}
}
