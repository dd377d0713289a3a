package main

import (
	"fmt"
	"log/slog"
	"time"

	"shelf/demo"
	"shelf/store"
	"shelf/store/seed"
)

// loadDemo fills an empty store with the demo shop (serve -demo); a store
// that holds data is left as it is.
func loadDemo(st *store.Store, log *slog.Logger) error {
	empty, err := st.Empty()
	if err != nil {
		return err
	}
	if !empty {
		log.Info("demo: the database is not empty, serving what is there")
		return nil
	}
	start := time.Now()
	shop := demo.Generate(demo.DefaultConfig(time.Now()))
	res, err := seed.Load(st, shop)
	if err != nil {
		return fmt.Errorf("load demo shop: %w", err)
	}
	log.Info("demo shop loaded", "products", res.Products, "users", res.Users, "interactions", res.Interactions, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// demoImage draws the picture of a demo product (see demo.ProductImage):
// products whose image_url shelf made for them get their picture from the
// same drawing, wherever they came from.
func demoImage(p store.Product) []byte {
	return demo.ProductImage(demo.Product{ID: p.ID, Name: p.Name, Category: p.Category, Brand: p.Brand})
}
