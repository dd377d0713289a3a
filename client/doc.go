// Package client is a Go client of shelf's REST API: recommendations,
// the catalog, guest sessions and shopper tokens, interactions, refunds,
// shop settings, analytics, experiments and placements.
//
// It uses only the standard library and imports nothing of shelf, so a
// shop's server (or a test, or a load generator) can import it alone. Its
// types mirror the JSON of the API field for field; money is a Price,
// whole cents, never a float.
//
// A client is made with a base URL and an API key:
//
//	c := client.New("http://127.0.0.1:8080", "shelf_pk_...")
//	sess, err := c.CreateSession(ctx)
//	list, err := c.SessionRecommendations(ctx, sess, &client.ListOptions{Placement: "home"})
//
// The key is sent as "Authorization: Bearer KEY": a secret key (for a
// shop's server) may call everything, a publishable key (safe in a
// storefront) reads the catalog and lists and records events. A call with
// a publishable key that names a logged-in customer needs that customer's
// shopper token: ForShopper returns a client that sends it in the
// X-Shelf-Shopper header. Guests need no token; their session ids come
// from CreateSession and are signed by shelf.
//
// Every failed call returns an error; an answer of shelf's with a status
// other than 2xx is an *Error with the status, shelf's message and the
// fields at fault. A Client is safe for concurrent use.
//
// Caveats: the client follows shelf's HTTP contract as documented in its
// README; it does not retry, so a retried RecordInteraction should reuse
// its EventID, which shelf records once.
package client
