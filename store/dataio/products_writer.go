package dataio

import (
	"io"
	"sort"
	"strconv"
	"strings"

	"shelf/store"
)

// productHeader is the CSV header ProductWriter writes.
const productHeader = "id,name,description,category,price,created_at,image_url,url,brand,tags,stock,active,attributes,skus\n"

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
	b = appendTime(b, p.CreatedAt)
	for _, s := range [...]string{p.ImageURL, p.URL, p.Brand, strings.Join(p.Tags, ";")} {
		b = append(b, ',')
		b = appendCSV(b, s)
	}
	b = append(b, ',')
	if p.Stock != nil {
		b = strconv.AppendInt(b, *p.Stock, 10)
	}
	b = append(b, ',')
	b = strconv.AppendBool(b, p.IsActive())
	b = append(b, ',')
	var attrs []byte
	for i, k := range sortedKeys(p.Attributes) {
		if i > 0 {
			attrs = append(attrs, ';')
		}
		attrs = append(append(append(attrs, k...), '='), p.Attributes[k]...)
	}
	b = appendCSV(b, string(attrs))
	b = append(b, ',')
	return appendCSV(b, strings.Join(p.SKUs, ";")), nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
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
	for _, f := range [...]struct{ key, val string }{{"image_url", p.ImageURL}, {"url", p.URL}, {"brand", p.Brand}} {
		if f.val != "" {
			b = appendKey(b, f.key)
			b = AppendJSONString(b, f.val)
		}
	}
	if len(p.Tags) > 0 {
		b = appendKey(b, "tags")
		for i, t := range p.Tags {
			b = append(b, "[,"[min(i, 1)])
			b = AppendJSONString(b, t)
		}
		b = append(b, ']')
	}
	if p.Stock != nil {
		b = appendKey(b, "stock")
		b = strconv.AppendInt(b, *p.Stock, 10)
	}
	if !p.IsActive() {
		b = appendKey(b, "active")
		b = append(b, "false"...)
	}
	if len(p.Attributes) > 0 {
		b = appendKey(b, "attributes")
		for i, k := range sortedKeys(p.Attributes) {
			b = append(b, "{,"[min(i, 1)])
			b = AppendJSONString(b, k)
			b = append(b, ':')
			b = AppendJSONString(b, p.Attributes[k])
		}
		b = append(b, '}')
	}
	if len(p.SKUs) > 0 {
		b = appendKey(b, "skus")
		for i, s := range p.SKUs {
			b = append(b, "[,"[min(i, 1)])
			b = AppendJSONString(b, s)
		}
		b = append(b, ']')
	}
	return append(b, '}'), nil
}
