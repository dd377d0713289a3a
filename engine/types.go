package engine

import (
	"shelf/model"
	"shelf/store"
)

// modelTypes maps the store's interaction types to the model's event types:
// the one conversion between the two numberings (the model is pure and
// cannot import the store's type).
var modelTypes = [...]model.EventType{
	store.View: model.View, store.Like: model.Like, store.Cart: model.Cart, store.Purchase: model.Purchase,
}

// modelType converts an interaction type to the model's event type; an
// invalid type converts to 0, which the model ignores.
func modelType(t store.InteractionType) model.EventType {
	if !t.Valid() {
		return 0
	}
	return modelTypes[t]
}
