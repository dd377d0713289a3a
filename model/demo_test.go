package model_test

import (
	"time"

	"shelf/demo"
	"shelf/model"
)

// demoInput converts a generated demo shop to model input, as the engine
// converts stored records: products carry their name and description as
// Text, and demo's event types are numbered as the model's.
func demoInput(shop *demo.Shop, now time.Time) model.Input {
	in := model.Input{Now: now.Unix(), Items: make([]model.ItemInfo, len(shop.Products)), Events: make([]model.Event, len(shop.Interactions))}
	for i, p := range shop.Products {
		in.Items[i] = model.ItemInfo{ID: p.ID, Category: p.Category, Price: p.Price, Created: p.CreatedAt.Unix(), Text: p.Name + " " + p.Description}
	}
	for i, it := range shop.Interactions {
		e := model.Event{User: it.UserID, Item: it.ProductID, Type: model.EventType(it.Type), Rating: -1, Time: it.Timestamp.Unix(), Session: model.SessionKey(it.SessionID)}
		if it.Rating != nil {
			e.Rating = float32(*it.Rating)
		}
		in.Events[i] = e
	}
	return in
}
