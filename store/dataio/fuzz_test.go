package dataio

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"shelf/store"
)

// fuzzCodec is what the decoder fuzzers need of one record kind.
type fuzzCodec[T any] struct {
	decode   func(io.Reader, Format) ([]T, error)
	encode   func(testing.TB, []T, Format) []byte
	validate func(*T) error
	hasCR    func(*T) bool // text holding '\r', which CSV does not keep
}

// fuzzDecode checks one input: no panic; a rejection is a well-formed
// *Errors; an acceptance holds only valid records, every NDJSON line of it
// is valid JSON, and it round-trips through both formats.
func fuzzDecode[T any](t *testing.T, c fuzzCodec[T], data []byte, ndjson bool) {
	f := CSV
	if ndjson {
		f = NDJSON
	}
	got, err := c.decode(bytes.NewReader(data), f)
	if err != nil {
		var errs *Errors
		if !errors.As(err, &errs) {
			t.Fatalf("error %v is %T, want *Errors", err, err)
		}
		if errs.Total < len(errs.Errors) || len(errs.Errors) == 0 || len(errs.Errors) > MaxErrors {
			t.Fatalf("malformed Errors: total %d, kept %d", errs.Total, len(errs.Errors))
		}
		for _, le := range errs.Errors {
			if le.Line < 1 || le.Message == "" {
				t.Fatalf("malformed problem %+v", le)
			}
		}
		if got != nil {
			t.Fatal("records returned with an error")
		}
		return
	}
	if f == NDJSON {
		for line := range strings.SplitSeq(string(data), "\n") {
			if !isBlank(line) && !json.Valid([]byte(strings.TrimPrefix(line, utf8BOM))) {
				t.Fatalf("accepted a line that encoding/json rejects: %q", line)
			}
		}
	}
	for i := range got {
		r := got[i]
		if err := c.validate(&r); err != nil {
			t.Fatalf("accepted an invalid record %+v: %v", got[i], err)
		}
		if !reflect.DeepEqual(r, got[i]) {
			t.Fatalf("accepted a record Validate changes: %+v", got[i])
		}
	}
	for _, out := range formats {
		if out != f && f == NDJSON && anyCR(got, c.hasCR) {
			continue
		}
		enc := c.encode(t, got, out)
		again, err := c.decode(bytes.NewReader(enc), out)
		if err != nil {
			t.Fatalf("re-reading %v output: %v\n%s", out, err, enc)
		}
		if !reflect.DeepEqual(again, got) {
			t.Fatalf("%v round trip:\n got %+v\nwant %+v\n%s", out, again, got, enc)
		}
	}
}

func anyCR[T any](recs []T, hasCR func(*T) bool) bool {
	for i := range recs {
		if hasCR(&recs[i]) {
			return true
		}
	}
	return false
}

func addSeeds(f *testing.F, csv, ndjson []string) {
	for _, s := range csv {
		f.Add([]byte(s), false)
	}
	for _, s := range ndjson {
		f.Add([]byte(s), true)
	}
}

func FuzzDecodeEvents(f *testing.F) {
	addSeeds(f, []string{
		"user_id,product_id,interaction_type,timestamp,rating\n1,2,view,2024-05-01T12:30:00Z,4.5\n",
		"id,session_id,user_id,product_id,interaction_type,timestamp\n7,\"a,\"\"b\",,2,cart,1714566600\n",
	}, []string{
		`{"user_id":1,"product_id":2,"interaction_type":"like","timestamp":"2024-05-01T12:30:00+02:00","rating":null}` + "\n",
		`{"session_id":"g\u00e9st\n","product_id":2,"interaction_type":"purchase","timestamp":1714566600,"rating":0.5e1}`,
	})
	c := fuzzCodec[store.Interaction]{
		decode:   DecodeEvents,
		encode:   encodeEvents,
		validate: func(it *store.Interaction) error { return it.Validate() },
		hasCR:    func(it *store.Interaction) bool { return strings.ContainsRune(it.SessionID, '\r') },
	}
	f.Fuzz(func(t *testing.T, data []byte, ndjson bool) { fuzzDecode(t, c, data, ndjson) })
}

func FuzzDecodeProducts(f *testing.F) {
	addSeeds(f, []string{
		"name,category,price,description,created_at,id\nMug,kitchen,0.05,\"Big\nmug\",2023-01-02T03:04:05Z,3\n",
	}, []string{
		`{"name":"Café","category":"drinks","price":"1234.50","description":"a\tb","created_at":null}`,
		`{"id":1,"name":"x","category":"y","price":19.9}` + "\n\n",
	})
	c := fuzzCodec[store.Product]{
		decode: DecodeProducts,
		encode: func(tb testing.TB, ps []store.Product, f Format) []byte {
			var buf bytes.Buffer
			w := NewProductWriter(&buf, f)
			for _, p := range ps {
				if err := w.Write(p); err != nil {
					tb.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				tb.Fatal(err)
			}
			return buf.Bytes()
		},
		validate: func(p *store.Product) error { return p.Validate() },
		hasCR: func(p *store.Product) bool {
			return strings.ContainsRune(p.Name+p.Description+p.Category, '\r')
		},
	}
	f.Fuzz(func(t *testing.T, data []byte, ndjson bool) { fuzzDecode(t, c, data, ndjson) })
}

func FuzzDecodeUsers(f *testing.F) {
	addSeeds(f, []string{
		"id,username,email,date_joined\n1,ana,ana@example.com,2022-06-01T00:00:00Z\n",
		"username,password\nana,x\n",
	}, []string{
		`{"username":"zoë","email":"z@example.com","date_joined":1654041600}`,
	})
	c := fuzzCodec[store.User]{
		decode: DecodeUsers,
		encode: func(tb testing.TB, us []store.User, f Format) []byte {
			var buf bytes.Buffer
			w := NewUserWriter(&buf, f)
			for _, u := range us {
				if err := w.Write(u); err != nil {
					tb.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				tb.Fatal(err)
			}
			return buf.Bytes()
		},
		validate: func(u *store.User) error { return u.Validate() },
		hasCR:    func(u *store.User) bool { return strings.ContainsRune(u.Username+u.Email, '\r') },
	}
	f.Fuzz(func(t *testing.T, data []byte, ndjson bool) { fuzzDecode(t, c, data, ndjson) })
}
