package dataio

import (
	"io"

	"shelf/store"
)

// DecodeProducts reads products from CSV (columns name, category and price,
// and optionally id, description, created_at, image_url, url, brand, tags
// (separated by ';'), stock, active, attributes (name=value pairs
// separated by ';') and skus (separated by ';')) or NDJSON (objects with
// those fields; price may be a number or a string, tags and skus lists and
// attributes an object). A price has at most two decimals. An empty created_at is the zero time, for the caller to fill.
// Every returned product has passed Validate. Any problem returns an
// *Errors and no products.
func DecodeProducts(r io.Reader, f Format) ([]store.Product, error) {
	return decode(r, f, productSchema(), nil)
}

func productSchema() *schema[store.Product] {
	return &schema[store.Product]{
		fields: []field[store.Product]{
			{name: "id", set: func(p *store.Product, v value) (err error) {
				p.ID, err = v.id()
				return err
			}},
			{name: "name", header: true, set: func(p *store.Product, v value) (err error) {
				p.Name, err = v.str()
				return err
			}},
			{name: "description", set: func(p *store.Product, v value) (err error) {
				p.Description, err = v.str()
				return err
			}},
			{name: "category", header: true, set: func(p *store.Product, v value) (err error) {
				p.Category, err = v.str()
				return err
			}},
			{name: "price", header: true, required: true, set: func(p *store.Product, v value) (err error) {
				p.Price, err = v.price()
				return err
			}},
			{name: "created_at", set: func(p *store.Product, v value) (err error) {
				p.CreatedAt, err = v.time()
				return err
			}},
			{name: "image_url", set: func(p *store.Product, v value) (err error) {
				p.ImageURL, err = v.str()
				return err
			}},
			{name: "url", set: func(p *store.Product, v value) (err error) {
				p.URL, err = v.str()
				return err
			}},
			{name: "brand", set: func(p *store.Product, v value) (err error) {
				p.Brand, err = v.str()
				return err
			}},
			{name: "tags", set: func(p *store.Product, v value) (err error) {
				p.Tags, err = v.tags()
				return err
			}},
			{name: "stock", set: func(p *store.Product, v value) (err error) {
				p.Stock, err = v.stock()
				return err
			}},
			{name: "active", set: func(p *store.Product, v value) error {
				active, err := v.active()
				p.SetActive(active)
				return err
			}},
			{name: "attributes", set: func(p *store.Product, v value) (err error) {
				p.Attributes, err = v.attributes()
				return err
			}},
			{name: "skus", set: func(p *store.Product, v value) (err error) {
				p.SKUs, err = v.tags() // a list, or text separated by ';' as tags are
				return err
			}},
		},
		validate: func(p *store.Product) error { return p.Validate() },
	}
}
