package dataio

import (
	"reflect"
	"strings"
	"testing"

	"shelf/store"
)

func TestDecodeProducts(t *testing.T) {
	at := mustTime(t, "2023-01-02T03:04:05Z")
	tests := []struct {
		name   string
		format Format
		in     string
		want   []store.Product
		errs   []LineError
	}{
		{
			name:   "csv",
			format: CSV,
			in: "name,category,price,description,created_at,id\n" +
				"  Mug ,kitchen,0.05,\"Big, \"\"blue\"\"\nmug\",,\n" +
				"Café crème,drinks,1234.5,,2023-01-02T03:04:05Z,42\n" +
				"Free,misc,0,,,\n",
			want: []store.Product{
				{Name: "Mug", Category: "kitchen", Price: 5, Description: "Big, \"blue\"\nmug"},
				{ID: 42, Name: "Café crème", Category: "drinks", Price: 123450, CreatedAt: at},
				{Name: "Free", Category: "misc", Price: 0},
			},
		},
		{
			name:   "csv price problems",
			format: CSV,
			in: "name,category,price\n" +
				"a,b,19.999\n" +
				"a,b,-1\n" +
				"a,b,\n" +
				"a,b,1e3\n" +
				"a,b,1000000000000\n" +
				",,1\n",
			errs: []LineError{
				{Line: 2, Field: "price", Message: "two decimal places"},
				{Line: 3, Field: "price", Message: "negative"},
				{Line: 4, Field: "price", Message: "decimal number"},
				{Line: 5, Field: "price", Message: "decimal number"},
				{Line: 6, Field: "price", Message: "too large"},
				{Line: 7, Field: "category", Message: "required"},
				{Line: 7, Field: "name", Message: "required"},
			},
		},
		{
			name:   "csv missing price column",
			format: CSV,
			in:     "name,category\na,b\n",
			errs:   []LineError{{Line: 1, Field: "price", Message: "required"}},
		},
		{
			name:   "ndjson price as number or string",
			format: NDJSON,
			in: `{"name":"Mug","category":"kitchen","price":19.9,"description":"tab\there"}` + "\n" +
				`{"id":42,"name":"Café crème","category":"drinks","price":"1234.50","created_at":"2023-01-02T05:04:05+02:00"}` + "\n" +
				`{"name":"x","category":"y","price":1,"created_at":null,"description":null}` + "\n",
			want: []store.Product{
				{Name: "Mug", Category: "kitchen", Price: 1990, Description: "tab\there"},
				{ID: 42, Name: "Café crème", Category: "drinks", Price: 123450, CreatedAt: at},
				{Name: "x", Category: "y", Price: 100},
			},
		},
		{
			name:   "ndjson problems",
			format: NDJSON,
			in: `{"name":"Mug","category":"kitchen"}` + "\n" +
				`{"name":"Mug","category":"kitchen","price":null}` + "\n" +
				`{"name":"Mug","category":"kitchen","price":true}` + "\n" +
				`{"name":"Mug","category":"kitchen","price":1.234}` + "\n" +
				`{"name":7,"category":"kitchen","price":1}` + "\n" +
				`{"name":"` + strings.Repeat("é", store.MaxNameLen+1) + `","category":"kitchen","price":1}` + "\n" +
				`{"name":"Mug","category":"kitchen","price":1,"created_at":"yesterday"}` + "\n",
			errs: []LineError{
				{Line: 1, Field: "price", Message: "required"},
				{Line: 2, Field: "price", Message: "required"},
				{Line: 3, Field: "price", Message: "not a boolean"},
				{Line: 4, Field: "price", Message: "two decimal places"},
				{Line: 5, Field: "name", Message: "must be a string, not a number"},
				{Line: 6, Field: "name", Message: "at most 200 characters"},
				{Line: 7, Field: "created_at", Message: "RFC 3339"},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeProducts(strings.NewReader(tc.in), tc.format)
			if tc.errs != nil {
				if got != nil {
					t.Errorf("got %d products with an error, want none", len(got))
				}
				checkErrors(t, err, tc.errs)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}
