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

// TestReimportUpdatesTheCatalog: loading a catalog export again updates
// the products it names, keeps the creation time of those that do not
// give one, and adds the new ones.
func TestReimportUpdatesTheCatalog(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	created := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	first := &store.ImportBatch{Products: []store.Product{
		{ID: 1, Name: "Lamp", Category: "Home", Price: 2000, CreatedAt: created},
		{ID: 2, Name: "Mug", Category: "Kitchen", Price: 500, CreatedAt: created},
	}}
	if _, err := st.Import(first, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	five := int64(5)
	again := &store.ImportBatch{Products: []store.Product{
		{ID: 1, Name: "Lamp", Category: "Lighting", Price: 1800, Stock: &five},
		{ID: 3, Name: "Kettle", Category: "Kitchen", Price: 3000},
	}}
	if _, err := st.Import(again, store.ImportOptions{}); err != nil {
		t.Fatalf("a second load of the catalog: %v", err)
	}
	lamp, _ := st.Product(1)
	if lamp.Category != "Lighting" || lamp.Price != 1800 || lamp.Stock == nil || !lamp.CreatedAt.Equal(created) {
		t.Errorf("the updated lamp: %+v", lamp)
	}
	if mug, err := st.Product(2); err != nil || mug.Name != "Mug" {
		t.Errorf("a product the second load does not name: %+v %v", mug, err)
	}
	if kettle, err := st.Product(3); err != nil || kettle.CreatedAt.IsZero() {
		t.Errorf("a new product: %+v %v", kettle, err)
	}
	if err := st.Check(); err != nil {
		t.Fatal(err)
	}
}

// TestProductSKUs: SKUs are trimmed, empty ones dropped, and each must be
// printable, short, without ';' and given once; at most MaxSKUs.
func TestProductSKUs(t *testing.T) {
	p := store.Product{Name: "Tee", Category: "c", Price: 1, SKUs: []string{" TEE-S ", "", "TEE M", "tee-s"}}
	if err := p.Validate(); err != nil || !reflect.DeepEqual(p.SKUs, []string{"TEE-S", "TEE M", "tee-s"}) {
		t.Errorf("tidied %q, %v", p.SKUs, err)
	}
	blank := store.Product{Name: "Tee", Category: "c", Price: 1, SKUs: []string{" ", ""}}
	if err := blank.Validate(); err != nil || blank.SKUs != nil {
		t.Errorf("blank SKUs: %q, %v", blank.SKUs, err)
	}
	many := make([]string, store.MaxSKUs+1)
	for i := range many {
		many[i] = "S" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + string(rune('0'+i/26))
	}
	for name, skus := range map[string][]string{
		"twice":     {"A", "B", "A"},
		"separator": {"A;B"},
		"control":   {"A\tB"},
		"long":      {strings.Repeat("é", store.MaxSKULen+1)},
		"invalid":   {"\xff"},
		"too many":  many,
	} {
		p := store.Product{Name: "Tee", Category: "c", Price: 1, SKUs: skus}
		var ve *store.ValidationError
		if err := p.Validate(); !errors.As(err, &ve) || ve.Fields["skus"] == "" {
			t.Errorf("%s: %v", name, err)
		}
	}
	ok := store.Product{Name: "Tee", Category: "c", Price: 1, SKUs: many[:store.MaxSKUs]}
	if err := ok.Validate(); err != nil {
		t.Errorf("%d distinct SKUs: %v", store.MaxSKUs, err)
	}
	b, _ := json.Marshal(store.Product{Name: "Tee", Category: "c", SKUs: []string{"A"}})
	if !strings.Contains(string(b), `"skus":["A"]`) {
		t.Errorf("JSON %s", b)
	}
}
