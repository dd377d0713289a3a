package store_test

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"shelf/store"
)

// TestProductFieldsStored: the optional fields are stored and read back
// as given (tidied), and a product stored before they existed is active.
func TestProductFieldsStored(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	zero := int64(0)
	p := store.Product{Name: "Lamp", Category: "Home", Price: 2490, CreatedAt: time.Unix(1700000000, 0).UTC(),
		ImageURL: " /demo/images/1.svg ", URL: "https://shop.example/lamp", Brand: "Lumo",
		Tags: []string{" desk ", "LED", "led", ""}, Stock: &zero, Attributes: map[string]string{"colour": "white"}}
	if err := st.CreateProduct(&p); err != nil {
		t.Fatal(err)
	}
	got, err := st.Product(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ImageURL != "/demo/images/1.svg" || !reflect.DeepEqual(got.Tags, []string{"desk", "LED"}) || !reflect.DeepEqual(got, p) {
		t.Fatalf("stored %+v\nread   %+v", p, got)
	}
	if got.Available() {
		t.Error("a product with stock 0 is available")
	}
	b, _ := json.Marshal(got)
	if strings.Contains(string(b), `"active"`) || !strings.Contains(string(b), `"stock":0`) {
		t.Errorf("JSON %s", b)
	}
	var legacy store.Product
	if err := json.Unmarshal([]byte(`{"id":1,"name":"Old","category":"c","price":"1.00"}`), &legacy); err != nil || !legacy.IsActive() || !legacy.Available() {
		t.Errorf("a record without the new fields: %+v %v", legacy, err)
	}
	var off store.Product
	if err := json.Unmarshal([]byte(`{"id":1,"name":"Off","category":"c","price":1,"active":false}`), &off); err != nil || off.Available() {
		t.Errorf("an inactive record: %+v %v", off, err)
	}
}

// TestProductFieldsValidated: each bad optional field is a 400 naming it.
func TestProductFieldsValidated(t *testing.T) {
	big := int64(store.MaxStock + 1)
	base := func() store.Product { return store.Product{Name: "A", Category: "c", Price: 1} }
	for field, mod := range map[string]func(*store.Product){
		"image_url":  func(p *store.Product) { p.ImageURL = "javascript:alert(1)" },
		"url":        func(p *store.Product) { p.URL = "data:text/html,<script>" },
		"brand":      func(p *store.Product) { p.Brand = "a\x00b" },
		"tags":       func(p *store.Product) { p.Tags = []string{strings.Repeat("x", store.MaxTagLen+1)} },
		"stock":      func(p *store.Product) { p.Stock = &big },
		"attributes": func(p *store.Product) { p.Attributes = map[string]string{"": "x"} },
	} {
		p := base()
		mod(&p)
		err := p.Validate()
		var ve *store.ValidationError
		if err == nil || !errors.As(err, &ve) || ve.Fields[field] == "" {
			t.Errorf("%s: %v", field, err)
		}
	}
}
