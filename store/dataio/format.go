package dataio

import (
	"bytes"
	"fmt"
	"mime"
	"path/filepath"
	"strings"
)

// Format is the layout of a bulk file.
type Format int

// The supported formats. The zero value is invalid so that a forgotten
// format is caught rather than read as CSV.
const (
	CSV Format = iota + 1
	NDJSON
)

// String returns the format's name as used on the command line.
func (f Format) String() string {
	switch f {
	case CSV:
		return "csv"
	case NDJSON:
		return "ndjson"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// ContentType returns the MIME type to send with a file of this format.
func (f Format) ContentType() string {
	if f == NDJSON {
		return "application/x-ndjson"
	}
	return "text/csv; charset=utf-8"
}

// ParseFormat parses a format name: "csv", "ndjson" or its aliases "jsonl"
// and "json".
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "csv":
		return CSV, nil
	case "ndjson", "jsonl", "json":
		return NDJSON, nil
	}
	return 0, fmt.Errorf("unknown format %q: use csv or ndjson", s)
}

func (f Format) valid() bool { return f == CSV || f == NDJSON }

// DetectFormat tells the format of a file from, in this order, its content
// type, its name's extension and its first bytes. Generic content types
// (text/plain, application/octet-stream) and unknown extensions are skipped.
// head need only hold the first few hundred bytes.
func DetectFormat(name, contentType string, head []byte) (Format, error) {
	if contentType != "" {
		mt, _, err := mime.ParseMediaType(contentType)
		if err == nil {
			switch mt {
			case "text/csv", "application/csv":
				return CSV, nil
			case "application/x-ndjson", "application/ndjson", "application/jsonl",
				"application/x-jsonlines", "application/jsonlines", "application/json":
				return NDJSON, nil
			}
		}
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return CSV, nil
	case ".ndjson", ".jsonl", ".json":
		return NDJSON, nil
	}
	head = bytes.TrimPrefix(head, []byte(utf8BOM))
	head = bytes.TrimLeft(head, " \t\r\n")
	if len(head) == 0 {
		return 0, fmt.Errorf("cannot tell the format of an empty file: name it .csv or .ndjson")
	}
	if head[0] == '{' {
		return NDJSON, nil
	}
	// A CSV file starts with its header: a column name, perhaps quoted.
	if c := head[0]; c == '"' || c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') {
		return CSV, nil
	}
	return 0, fmt.Errorf("cannot tell the format: expected a CSV header or a JSON object per line")
}

// utf8BOM is the byte order mark some spreadsheets put before a CSV header.
const utf8BOM = "\xEF\xBB\xBF"
