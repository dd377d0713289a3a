// Package seed loads a generated demo shop (package demo) into the store.
//
// The generator lives outside the store, with plain records of its own, so
// that the pure model packages can generate shops in their tests without
// importing the store; this package is the one place that knows both
// sides. demo.EventType is numbered as store.InteractionType, so event
// types convert as they are.
package seed

import (
	"maps"
	"slices"

	"shelf/demo"
	"shelf/store"
)

// Batch converts shop into a store import batch. It copies every record,
// ratings, stock counts, tags and attributes included, so that Import
// (which trims and normalises records in place) leaves shop as it was.
func Batch(shop *demo.Shop) *store.ImportBatch {
	b := &store.ImportBatch{
		Products:     products(shop.Products),
		Users:        make([]store.User, len(shop.Users)),
		Interactions: make([]store.Interaction, len(shop.Interactions)),
	}
	for i, u := range shop.Users {
		b.Users[i] = store.User{ID: u.ID, Username: u.Username, Email: u.Email, JoinedAt: u.JoinedAt}
	}
	nRated := 0
	for i := range shop.Interactions {
		if shop.Interactions[i].Rating != nil {
			nRated++
		}
	}
	// One backing array for every rating instead of one allocation each.
	ratings := make([]float64, 0, nRated)
	for i, it := range shop.Interactions {
		b.Interactions[i] = store.Interaction{ID: it.ID, UserID: it.UserID, ProductID: it.ProductID,
			Type: store.InteractionType(it.Type), Timestamp: it.Timestamp, SessionID: it.SessionID}
		if it.Rating != nil {
			ratings = append(ratings, *it.Rating)
			b.Interactions[i].Rating = &ratings[len(ratings)-1]
		}
	}
	return b
}

// products converts the shop's products, copying their stock counts, tags
// and attributes.
func products(ps []demo.Product) []store.Product {
	// One backing array for every stock count, as for ratings in Batch.
	nStocked := 0
	for i := range ps {
		if ps[i].Stock != nil {
			nStocked++
		}
	}
	stocks := make([]int64, 0, nStocked)
	out := make([]store.Product, len(ps))
	for i, p := range ps {
		out[i] = store.Product{ID: p.ID, Name: p.Name, Description: p.Description, Category: p.Category,
			Price: store.Price(p.Price), CreatedAt: p.CreatedAt, ImageURL: p.ImageURL, URL: p.URL, Brand: p.Brand,
			Tags: slices.Clone(p.Tags), Attributes: maps.Clone(p.Attributes)}
		out[i].SetActive(p.Active)
		if p.Stock != nil {
			stocks = append(stocks, *p.Stock)
			out[i].Stock = &stocks[len(stocks)-1]
		}
	}
	return out
}

// Load imports shop into st, with default import options: the ids of the
// shop are kept, and every interaction refers to a product and a user of
// the same batch.
func Load(st *store.Store, shop *demo.Shop) (store.ImportResult, error) {
	return st.Import(Batch(shop), store.ImportOptions{})
}
