package model_test

import (
	"context"
	"fmt"

	"shelf/model"
)

// Train on a handful of events, then ask for the shop's trending items and
// for items similar to one product.
func Example() {
	now := int64(1_700_000_000)
	in := model.Input{
		Now: now,
		Items: []model.ItemInfo{
			{ID: 1, Category: "tea", Price: 450},
			{ID: 2, Category: "tea", Price: 900},
			{ID: 3, Category: "cups", Price: 1200},
		},
		Events: []model.Event{
			{User: 7, Item: 1, Type: model.Purchase, Rating: -1, Time: now},
			{User: 7, Item: 3, Type: model.View, Rating: -1, Time: now},
			{User: 8, Item: 1, Type: model.Like, Rating: -1, Time: now},
			{User: 8, Item: 3, Type: model.Cart, Rating: -1, Time: now},
			{User: 9, Item: 2, Type: model.View, Rating: -1, Time: now},
		},
	}
	m, err := model.Train(context.Background(), in, model.DefaultConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range m.Popular(3, model.Filter{}) {
		fmt.Printf("popular %d (%.2f) %s\n", r.Item, r.Confidence, r.Reason)
	}
	for _, r := range m.Similar(1, 1, model.Filter{}) {
		fmt.Printf("similar to 1: %d\n", r.Item)
	}
	// Output:
	// popular 1 (1.00) Trending now
	// popular 3 (0.57) Trending now
	// popular 2 (0.14) Trending now
	// similar to 1: 3
}
