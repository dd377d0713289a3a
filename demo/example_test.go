package demo_test

import (
	"fmt"
	"strings"
	"time"

	"shelf/demo"
)

// With one product per category, a session that visits two products of
// its focus category comes back to the same one; views of one product
// repeat, within a session and across sessions, as in a real shop's log.
func ExampleGenerate() {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	shop := demo.Generate(demo.Config{Seed: 1, Products: 3, Users: 2, Interactions: 6, Categories: 3, Days: 7, Now: now})
	for _, p := range shop.Products {
		fmt.Printf("%d %s | %s | %d.%02d\n", p.ID, p.Name, p.Category, p.Price/100, p.Price%100)
	}
	for _, u := range shop.Users {
		fmt.Println(u.ID, u.Username, u.Email)
	}
	for _, it := range shop.Interactions {
		fmt.Println(it.ID, it.Timestamp.Format(time.DateTime), it.UserID, it.ProductID, it.Type, it.SessionID)
	}
	// Output:
	// 1 Dishwasher-Safe Enamel Teapot, Set of 6 | Home & Kitchen | 15.00
	// 2 Silent Quanta Keyboard | Electronics | 40.99
	// 3 A Practical Handbook of Baking | Books | 18.00
	// 1 haruto.i haruto.i@example.com
	// 2 olivia.mensah olivia.mensah@example.org
	// 1 2026-02-23 14:27:45 1 2 view s-1-1
	// 2 2026-02-23 14:29:28 1 2 view s-1-1
	// 3 2026-02-23 14:32:38 1 2 view s-1-1
	// 4 2026-02-23 14:36:15 1 2 view s-1-1
	// 5 2026-02-27 19:53:30 1 2 view s-1-2
	// 6 2026-02-27 19:56:32 1 2 view s-1-2
}

// A product's picture is served by shelf at its ImageURL; the storefront
// shows the product's page at its URL.
func ExampleProductImage() {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	p := demo.Generate(demo.Config{Seed: 1, Products: 3, Users: 0, Categories: 3, Days: 7, Now: now}).Products[1]
	fmt.Println(p.Name, "|", p.Brand, "|", p.Tags)
	fmt.Println(p.ImageURL, p.URL, p.ImageURL == demo.ImagePath(p.ID))
	img := demo.ProductImage(p)
	fmt.Println(string(img[:strings.IndexByte(string(img), '>')+1]))
	// Output:
	// Silent Quanta Keyboard | Quanta | [keyboard computer accessories silent]
	// /images/demo/2.svg /products/2 true
	// <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" role="img" color="#587d1c">
}
