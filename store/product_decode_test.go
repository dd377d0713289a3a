package store

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestDecodeProductAgreesWithEncodingJSON: decodeProduct (JSON v2) reads
// back every product json.Marshal writes exactly as encoding/json does:
// all the optional fields, HTML characters, quotes, control characters,
// text that is not UTF-8, and times of any zone.
func TestDecodeProductAgreesWithEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "Zoë", "<b>&", `"`, `\`, "\n\t", "\x01", "\xff\xfe", "日本", "😀", " ", "\u2028"}
	text := func() string {
		var b strings.Builder
		for range r.IntN(6) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		return b.String()
	}
	zones := []*time.Location{time.UTC, time.FixedZone("", 5*3600+1800), time.FixedZone("", -8*3600)}
	for i := range 2000 {
		p := Product{ID: uint64(i + 1), Name: text(), Description: text(), Category: text(),
			Price:     Price(r.Int64N(1e9)),
			CreatedAt: time.Unix(r.Int64N(4e9), r.Int64N(1e9)).In(zones[r.IntN(len(zones))]),
			ImageURL:  text(), URL: text(), Brand: text()}
		if r.IntN(2) == 0 {
			for range r.IntN(4) + 1 {
				p.Tags = append(p.Tags, text())
			}
			p.SKUs = []string{text()}
		}
		if r.IntN(2) == 0 {
			stock := r.Int64N(100) - 10
			p.Stock = &stock
		}
		if r.IntN(3) == 0 {
			p.SetActive(false)
		}
		if r.IntN(2) == 0 {
			p.Attributes = map[string]string{text() + "k": text(), "colour": text()}
		}
		data, err := json.Marshal(&p)
		if err != nil {
			t.Fatal(err)
		}
		var want Product
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatal(err)
		}
		want.normalise()
		got, err := decodeProduct(data)
		if err != nil {
			t.Fatalf("%s: %v", data, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s:\n got %+v\nwant %+v", data, got, want)
		}
	}
}

// TestDecodeProductRejectsCorruptRecords: what is not a product's JSON is
// an error, never a product.
func TestDecodeProductRejectsCorruptRecords(t *testing.T) {
	for _, v := range []string{``, `{`, `[]`, `null x`, `{"id":"one"}`, `{"price":true}`, `{"created_at":"yesterday"}`,
		`{"tags":"a"}`, `{"stock":1.5}`, `{"id":1}{"id":2}`, "{\"name\":\"\xff\"}", `{"id":1,"id":2}`} {
		if p, err := decodeProduct([]byte(v)); err == nil {
			t.Errorf("%q decoded as %+v, want an error", v, p)
		}
	}
}
