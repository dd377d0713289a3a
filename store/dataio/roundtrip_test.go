package dataio

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"shelf/store"
)

var formats = []Format{CSV, NDJSON}

func TestRoundTripEvents(t *testing.T) {
	at := mustTime(t, "2024-05-01T12:30:00.123456789Z")
	events := []store.Interaction{
		{ID: 1, UserID: 1, ProductID: 2, Type: store.View, Timestamp: at},
		{ID: 2, UserID: 1, ProductID: 3, Type: store.Purchase, Timestamp: at.Add(time.Hour), Rating: ratingOf(4.5)},
		{ID: 3, ProductID: 3, Type: store.Cart, Timestamp: at, SessionID: `gäst, "quoted"`},
		{ID: 4, UserID: 9, ProductID: 3, Type: store.Like, Timestamp: time.Unix(0, 0).UTC(), Rating: ratingOf(0), SessionID: " lead"},
		{ID: 5, UserID: store.MaxID, ProductID: 1, Type: store.Like, Timestamp: mustTime(t, "2026-01-31T23:59:59Z"), Rating: ratingOf(1.0 / 3)},
		{ID: 6, UserID: 2, ProductID: 1, Type: store.Purchase, Timestamp: at, Value: priceOf(1250), EventID: "order-7/1",
			RecommendationID: "r1.kx.p.home.3/1.abcdefghijklmnop.2", Refunded: true},
		{ID: 7, ProductID: 1, Type: store.View, Timestamp: at, SessionID: "s", Value: priceOf(0), RecommendationID: "r1.kx.t.-.-.q.1"},
	}
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			data := encodeEvents(t, events, f)
			got, err := DecodeEvents(bytes.NewReader(data), f)
			if err != nil {
				t.Fatalf("%v\n%s", err, data)
			}
			if !reflect.DeepEqual(got, events) {
				t.Errorf("got  %+v\nwant %+v\n%s", got, events, data)
			}
		})
	}
}

func TestRoundTripProducts(t *testing.T) {
	products := []store.Product{
		{ID: 1, Name: "Mug", Category: "kitchen", Price: 5},
		{ID: 2, Name: "Café crème ☕", Description: "Rich,\n\"creamy\"\tcoffee\r, with a lone CR", Category: "drinks", Price: 123450, CreatedAt: mustTime(t, "2023-01-02T03:04:05Z")},
		{ID: 3, Name: "Big, \"bold\"", Description: " leading space, trailing space ", Category: "x", Price: store.MaxPriceCents},
		{ID: 4, Name: "日本語の名前", Description: "no controls, \u2028 separators", Category: "misc", Price: 0},
		{ID: 5, Name: "Headphones", Category: "audio", Price: 9900, ImageURL: "https://cdn.example/h.png?w=200&h=200",
			URL: "/products/5", Brand: "Sonic, \"Pro\"", Tags: []string{"wireless", "-sale", "=odd", "Noise cancelling"},
			Stock: stockOf(0), Active: new(false), Attributes: map[string]string{"colour": "black", "size": "=L", "note": "a, \"b\""}},
		{ID: 6, Name: "Backorder", Category: "audio", Price: 100, Stock: stockOf(-3), Attributes: map[string]string{"k": ""}},
		{ID: 7, Name: "Tee", Category: "apparel", Price: 1500, SKUs: []string{"-TEE-S", "TEE, M", `TEE "L"`, "Tシャツ-XL"}},
	}
	for i := range products {
		if err := products[i].Validate(); err != nil { // fills in the defaults, as decoding does
			t.Fatal(err)
		}
	}
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			w := NewProductWriter(&buf, f)
			for _, p := range products {
				if err := w.Write(p); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			got, err := DecodeProducts(&buf, f)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, products) {
				t.Errorf("got  %+v\nwant %+v", got, products)
			}
		})
	}
}

func stockOf(n int64) *int64 { return &n }

// TestProductFieldsFromText: CSV cells and NDJSON values of the optional
// product fields, in the forms a shop's export has them.
func TestProductFieldsFromText(t *testing.T) {
	csv := "name,category,price,tags,attributes,stock,active,skus\n" +
		"A,c,1, red ; blue;red;,colour=red;size=M,12,no, A-1 ;;A-2\n"
	got, err := DecodeProducts(strings.NewReader(csv), CSV)
	if err != nil {
		t.Fatal(err)
	}
	want := store.Product{Name: "A", Category: "c", Price: 100, Tags: []string{"red", "blue"},
		Attributes: map[string]string{"colour": "red", "size": "M"}, Stock: stockOf(12), Active: new(false), SKUs: []string{"A-1", "A-2"}}
	if !reflect.DeepEqual(got[0], want) {
		t.Errorf("got %+v\nwant %+v", got[0], want)
	}
	nd := `{"name":"A","category":"c","price":1,"tags":"red;blue","attributes":{"colour":"red","size":"M"},"stock":"12","active":false,"skus":["A-1","A-2"]}` + "\n"
	got, err = DecodeProducts(strings.NewReader(nd), NDJSON)
	if err != nil || !reflect.DeepEqual(got[0], want) {
		t.Errorf("NDJSON: %+v %v", got, err)
	}
	for _, bad := range []string{
		`{"name":"A","category":"c","price":1,"tags":[1,2]}`,
		`{"name":"A","category":"c","price":1,"attributes":["a"]}`,
		`{"name":"A","category":"c","price":1,"attributes":{"a":1}}`,
		`{"name":"A","category":"c","price":1,"name":["x"]}`,
		`{"name":"A","category":"c","price":1,"stock":1.5}`,
		`{"name":"A","category":"c","price":1,"active":"maybe"}`,
		`{"name":"A","category":"c","price":1,"url":"javascript:alert(1)"}`,
		`{"name":"A","category":"c","price":1,"image_url":"//evil.example/x.png"}`,
		`{"name":"A","category":"c","price":1,"tags":["a;b"]}`,
		`{"name":"A","category":"c","price":1,"attributes":{"a=b":"c"}}`,
		`{"name":"A","category":"c","price":1,"tags":"` + strings.Repeat("t;", 30) + `a;b;c;d;e;f;g;h;i;j;k;l;m;n;o;p;q;r;s;u;v;w"}`,
		`{"name":"A","category":"c","price":1,"tags":["x"`,
		`{"name":"A","category":"c","price":1,"skus":["a;b"]}`,
		`{"name":"A","category":"c","price":1,"skus":["a","a"]}`,
		`{"name":"A","category":"c","price":1,"skus":[1]}`,
	} {
		if _, err := DecodeProducts(strings.NewReader(bad+"\n"), NDJSON); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

func TestRoundTripUsers(t *testing.T) {
	users := []store.User{
		{ID: 1, Username: "ana", Email: "ana@example.com", PasswordHash: "$2a$10$secret", JoinedAt: mustTime(t, "2022-06-01T00:00:00Z")},
		{ID: 2, Username: "zoë"},
		{ID: 3, Username: "o'neil,jr", Email: "o.neil+shop@example.com"},
	}
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			w := NewUserWriter(&buf, f)
			for _, u := range users {
				if err := w.Write(u); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(buf.String(), "secret") || strings.Contains(buf.String(), "password") {
				t.Fatalf("export holds a password:\n%s", buf.String())
			}
			got, err := DecodeUsers(&buf, f)
			if err != nil {
				t.Fatal(err)
			}
			want := make([]store.User, len(users))
			for i, u := range users {
				u.PasswordHash = ""
				want[i] = u
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

// TestWriterOutput pins the exact layout, which other tools read.
func TestWriterOutput(t *testing.T) {
	at := mustTime(t, "2024-05-01T12:30:00Z")
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
		want  string
	}{
		{"empty events csv has a header", func(b *bytes.Buffer) error { return NewEventWriter(b, CSV).Flush() },
			"id,user_id,product_id,interaction_type,timestamp,rating,session_id,value,event_id,recommendation_id,refunded\n"},
		{"empty events ndjson is empty", func(b *bytes.Buffer) error { return NewEventWriter(b, NDJSON).Flush() }, ""},
		{"event csv", func(b *bytes.Buffer) error {
			w := NewEventWriter(b, CSV)
			if err := w.Write(store.Interaction{ID: 1, ProductID: 2, Type: store.Cart, Timestamp: at, Rating: ratingOf(2.5), SessionID: "a,b"}); err != nil {
				return err
			}
			return w.Flush()
		}, "id,user_id,product_id,interaction_type,timestamp,rating,session_id,value,event_id,recommendation_id,refunded\n1,,2,cart,2024-05-01T12:30:00Z,2.5,\"a,b\",,,,\n"},
		{"event ndjson", func(b *bytes.Buffer) error {
			w := NewEventWriter(b, NDJSON)
			if err := w.Write(store.Interaction{ID: 1, UserID: 3, ProductID: 2, Type: store.View, Timestamp: at}); err != nil {
				return err
			}
			return w.Flush()
		}, `{"id":1,"user_id":3,"product_id":2,"interaction_type":"view","timestamp":"2024-05-01T12:30:00Z"}` + "\n"},
		{"product ndjson", func(b *bytes.Buffer) error {
			w := NewProductWriter(b, NDJSON)
			if err := w.Write(store.Product{ID: 1, Name: "<Mug>", Category: "k", Price: 1990}); err != nil {
				return err
			}
			return w.Flush()
		}, `{"id":1,"name":"<Mug>","description":"","category":"k","price":19.90}` + "\n"},
		{"user csv", func(b *bytes.Buffer) error {
			w := NewUserWriter(b, CSV)
			if err := w.Write(store.User{ID: 1, Username: "ana", PasswordHash: "h", JoinedAt: at}); err != nil {
				return err
			}
			return w.Flush()
		}, "id,username,email,date_joined\n1,ana,,2024-05-01T12:30:00Z\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.write(&buf); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tc.want {
				t.Errorf("got  %q\nwant %q", buf.String(), tc.want)
			}
		})
	}
}

func TestEventWriterRefusesInvalid(t *testing.T) {
	at := mustTime(t, "2024-05-01T12:30:00Z")
	for _, f := range formats {
		var buf bytes.Buffer
		w := NewEventWriter(&buf, f)
		if err := w.Write(store.Interaction{ID: 1, UserID: 1, ProductID: 1, Timestamp: at}); err == nil {
			t.Errorf("%v: no error for a missing type", f)
		}
		nan := 0.0
		nan /= nan
		if err := w.Write(store.Interaction{ID: 1, UserID: 1, ProductID: 1, Type: store.View, Timestamp: at, Rating: &nan}); err == nil {
			t.Errorf("%v: no error for a NaN rating", f)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		got, err := DecodeEvents(&buf, f)
		if err != nil || len(got) != 0 {
			t.Errorf("%v: refused events left output behind: %d events, %v", f, len(got), err)
		}
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	w.n++
	return 0, errors.New("disk full")
}

// TestWriterErrorSticks checks that a failed write is reported and not
// retried, so a broken export is never silently half written.
func TestWriterErrorSticks(t *testing.T) {
	fw := &failWriter{}
	w := NewUserWriter(fw, CSV)
	if err := w.Write(store.User{ID: 1, Username: "ana"}); err != nil {
		t.Fatal(err) // still buffered
	}
	if err := w.Flush(); err == nil {
		t.Fatal("Flush: no error")
	}
	if err := w.Write(store.User{ID: 2, Username: "bo"}); err == nil {
		t.Fatal("Write after a failure: no error")
	}
	if fw.n != 1 {
		t.Errorf("underlying writer called %d times, want 1", fw.n)
	}
}

func priceOf(p store.Price) *store.Price { return &p }
