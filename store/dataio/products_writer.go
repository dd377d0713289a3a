package dataio

import (
	"io"
	"strconv"

	"shelf/store"
)

// productHeader is the CSV header ProductWriter writes.
const productHeader = "id,name,description,category,price,created_at\n"

// ProductWriter streams products as CSV or NDJSON, one line per product, in
// the layout DecodeProducts reads. It buffers; call Flush at the end.
type ProductWriter struct{ w recordWriter[store.Product] }

// NewProductWriter returns a writer of products in format f to w.
func NewProductWriter(w io.Writer, f Format) *ProductWriter {
	return &ProductWriter{w: recordWriter[store.Product]{
		bw: bufferedWriter(w), format: f, header: productHeader,
		csvRow: productCSV, jsonRow: productJSON,
	}}
}

// Write writes one product; an error of the underlying writer is returned
// by every later call.
func (pw *ProductWriter) Write(p store.Product) error { return pw.w.write(p) }

// Flush writes buffered data, and the CSV header if no product was written.
func (pw *ProductWriter) Flush() error { return pw.w.flush() }

func productCSV(b []byte, p store.Product) ([]byte, error) {
	b = strconv.AppendUint(b, p.ID, 10)
	b = append(b, ',')
	b = appendCSV(b, p.Name)
	b = append(b, ',')
	b = appendCSV(b, p.Description)
	b = append(b, ',')
	b = appendCSV(b, p.Category)
	b = append(b, ',')
	b = p.Price.Append(b)
	b = append(b, ',')
	return appendTime(b, p.CreatedAt), nil
}

func productJSON(b []byte, p store.Product) ([]byte, error) {
	b = append(b, '{')
	b = appendKey(b, "id")
	b = strconv.AppendUint(b, p.ID, 10)
	b = appendKey(b, "name")
	b = AppendJSONString(b, p.Name)
	b = appendKey(b, "description")
	b = AppendJSONString(b, p.Description)
	b = appendKey(b, "category")
	b = AppendJSONString(b, p.Category)
	b = appendKey(b, "price")
	b = p.Price.Append(b)
	if !p.CreatedAt.IsZero() {
		b = appendKey(b, "created_at")
		b = append(b, '"')
		b = appendTime(b, p.CreatedAt)
		b = append(b, '"')
	}
	return append(b, '}'), nil
}
