package client_test

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"shelf/api/middleware"
	"shelf/client"
	"shelf/store"
)

// The tests of this file drive a real shelf (newShelf) through the client,
// for the routes this tree serves.

// asError returns err's *client.Error, failing the test without one.
func asError(t *testing.T, err error) *client.Error {
	t.Helper()
	var ce *client.Error
	if !errors.As(err, &ce) {
		t.Fatalf("want a *client.Error, got %T %v", err, err)
	}
	return ce
}

// TestCatalog pages through the catalog and reads prices as the store
// holds them, in cents.
func TestCatalog(t *testing.T) {
	s := newShelf(t, middleware.LimitConfig{})
	ctx := t.Context()
	var all []client.Product
	for page := 1; ; page++ {
		p, err := s.publishable.Products(ctx, client.ProductQuery{Page: page, PageSize: 50})
		if err != nil {
			t.Fatal(err)
		}
		if p.Count != 120 || (p.Next == nil) != (page == 3) || (p.Previous == nil) != (page == 1) {
			t.Fatalf("page %d: count %d, next %v, previous %v", page, p.Count, p.Next, p.Previous)
		}
		all = append(all, p.Results...)
		if p.Next == nil {
			break
		}
	}
	if len(all) != 120 {
		t.Fatalf("%d products on three pages", len(all))
	}
	for _, p := range all[:10] {
		stored, err := s.st.Product(p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if int64(p.Price) != int64(stored.Price) || p.Name != stored.Name || p.Category != stored.Category || !p.CreatedAt.Equal(stored.CreatedAt) {
			t.Errorf("product %d: client %+v, store %+v", p.ID, p, stored)
		}
	}
	lo, hi := client.Price(1000), client.Price(5000)
	cat := all[0].Category
	p, err := s.publishable.Products(ctx, client.ProductQuery{Category: cat, MinPrice: &lo, MaxPrice: &hi, Sort: "price", PageSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Results) == 0 {
		t.Fatalf("no %s between 10 and 50", cat)
	}
	for i, r := range p.Results {
		if r.Category != cat || r.Price < lo || r.Price > hi || (i > 0 && r.Price < p.Results[i-1].Price) {
			t.Errorf("product %d (%s, %s) out of the query or order", r.ID, r.Category, r.Price)
		}
	}
}

// TestGuestJourney: a guest gets a signed session, a list for it, records
// a view and a purchase under it, and the store holds them.
func TestGuestJourney(t *testing.T) {
	s := newShelf(t, middleware.LimitConfig{})
	ctx := t.Context()
	sess, err := s.publishable.CreateSession(ctx)
	if err != nil || !strings.HasPrefix(sess, "s1.") {
		t.Fatalf("session %q, %v", sess, err)
	}
	list, err := s.publishable.SessionRecommendations(ctx, sess, &client.ListOptions{Count: 5})
	if err != nil {
		t.Fatal(err)
	}
	if list.SessionID != sess || len(list.Items) != 5 || list.RecommendationID == "" || list.Page != 1 || list.Items[0].Position != 1 {
		t.Fatalf("session list: %+v", list)
	}
	item := list.Items[0]
	if item.ProductID == 0 || item.ProductName == "" || item.Price <= 0 {
		t.Fatalf("item %+v", item)
	}
	view, err := s.publishable.RecordInteraction(ctx, client.Interaction{SessionID: sess, ProductID: item.ProductID, Type: client.View})
	if err != nil {
		t.Fatal(err)
	}
	rating := 4.0
	bought, err := s.publishable.RecordInteraction(ctx, client.Interaction{SessionID: sess, ProductID: item.ProductID, Type: client.Purchase,
		Rating: &rating, Timestamp: now.Add(-time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if view.ID == 0 || bought.ID <= view.ID || view.Message == "" || view.Duplicate {
		t.Fatalf("recorded %+v and %+v", view, bought)
	}
	stored, err := s.st.SessionInteractions(sess, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != 2 {
		t.Fatalf("the store holds %d events of the session", len(stored))
	}
	got, err := s.st.Interaction(bought.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Type != store.Purchase || got.Rating == nil || *got.Rating != 4 || !got.Timestamp.Equal(now.Add(-time.Minute)) || got.SessionID != sess {
		t.Errorf("stored purchase %+v", got)
	}
	// A session shelf did not sign is refused to a publishable key.
	_, err = s.publishable.SessionRecommendations(ctx, "made-up", nil)
	if ce := asError(t, err); ce.StatusCode/100 != 4 {
		t.Errorf("a made-up session: %v", err)
	}
}

// TestShopperTokens: a publishable key reads a customer's list with the
// customer's token, and without it gets the 401 that says what to send.
func TestShopperTokens(t *testing.T) {
	s := newShelf(t, middleware.LimitConfig{})
	ctx := t.Context()
	tok, err := s.secret.CreateShopperToken(ctx, 1, 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if tok.UserID != 1 || tok.Header != client.ShopperHeader || !tok.ExpiresAt.Equal(now.Add(10*time.Minute)) {
		t.Fatalf("token %+v", tok)
	}
	ana := s.publishable.ForShopper(tok.Token)
	list, err := ana.Recommendations(ctx, 1, &client.ListOptions{Count: 3})
	if err != nil {
		t.Fatal(err)
	}
	if list.UserID != 1 || len(list.Items) != 3 || list.RecommendationID == "" {
		t.Fatalf("ana's list %+v", list)
	}
	if _, err := s.publishable.Recommendations(ctx, 1, nil); asError(t, err).StatusCode != 401 || asError(t, err).Details[client.ShopperHeader] != "missing" {
		t.Errorf("without the token: %v", err)
	}
	if _, err := ana.Recommendations(ctx, 2, nil); asError(t, err).StatusCode != 403 {
		t.Errorf("ana's token for user 2: %v", err)
	}
	// ForShopper left the client it was made from as it was.
	if _, err := s.publishable.Recommendations(ctx, 1, nil); err == nil {
		t.Error("ForShopper changed the original client")
	}
	// The default lifetime is an hour.
	if tok, err := s.secret.CreateShopperToken(ctx, 2, 0); err != nil || !tok.ExpiresAt.Equal(now.Add(time.Hour)) {
		t.Errorf("default token: %+v %v", tok, err)
	}
}

// TestErrors: shelf's error body becomes a *client.Error with the status,
// the message and the fields at fault.
func TestErrors(t *testing.T) {
	s := newShelf(t, middleware.LimitConfig{})
	ctx := t.Context()
	_, err := s.secret.RecordInteraction(ctx, client.Interaction{UserID: 1, ProductID: 1, Type: "buy"})
	ce := asError(t, err)
	if ce.StatusCode != 400 || !strings.Contains(ce.Details["interaction_type"], "view, like, cart, purchase") {
		t.Errorf("a bad type: %+v", ce)
	}
	if !strings.Contains(err.Error(), "400") || !strings.Contains(err.Error(), "interaction_type: must be one of") {
		t.Errorf("message %q names neither the status nor the field", err)
	}
	_, err = s.secret.CreateShopperToken(ctx, 1, time.Second*5)
	if ce := asError(t, err); ce.StatusCode != 400 || ce.Details["ttl_seconds"] == "" {
		t.Errorf("a 5 s token: %+v", ce)
	}
	_, err = s.publishable.Similar(ctx, 999999, nil)
	if ce := asError(t, err); ce.StatusCode != 404 {
		t.Errorf("similar to a missing product: %+v", ce)
	}
	_, err = s.publishable.PutPlacement(ctx, client.Placement{Name: "home", Strategy: "personal"})
	if ce := asError(t, err); ce.StatusCode != 403 || !strings.Contains(ce.Message, "secret") {
		t.Errorf("a placement with a publishable key: %+v", ce)
	}
	_, err = client.New(s.base, "shelf_sk_wrong").Products(ctx, client.ProductQuery{})
	if ce := asError(t, err); ce.StatusCode != 401 || ce.Message != "unknown or revoked API key" {
		t.Errorf("a wrong key: %+v", ce)
	}
	_, err = client.New(s.base, "").Products(ctx, client.ProductQuery{})
	if ce := asError(t, err); ce.StatusCode != 401 || !strings.Contains(ce.Message, "Bearer") {
		t.Errorf("no key: %+v", ce)
	}
	_, err = client.New("http://127.0.0.1:1", "").Popular(ctx, nil)
	var ce2 *client.Error
	if err == nil || errors.As(err, &ce2) {
		t.Errorf("a closed port: %v", err)
	}
}

// TestRateLimited: a 429 carries how long to wait.
func TestRateLimited(t *testing.T) {
	s := newShelf(t, middleware.LimitConfig{PerKey: middleware.Rate{PerSecond: 0.001, Burst: 1}})
	ctx := t.Context()
	if _, err := s.publishable.Popular(ctx, nil); err != nil {
		t.Fatal(err)
	}
	_, err := s.publishable.Popular(ctx, nil)
	if ce := asError(t, err); ce.StatusCode != http.StatusTooManyRequests || ce.RetryAfter < time.Minute {
		t.Errorf("over the limit: %+v", ce)
	}
}

// TestListOptions: every list option reaches shelf and shapes the list.
func TestListOptions(t *testing.T) {
	s := newShelf(t, middleware.LimitConfig{})
	ctx := t.Context()
	tok, err := s.secret.CreateShopperToken(ctx, 3, 0)
	if err != nil {
		t.Fatal(err)
	}
	shopper := s.publishable.ForShopper(tok.Token)
	first, err := shopper.Recommendations(ctx, 3, &client.ListOptions{Count: 4})
	if err != nil {
		t.Fatal(err)
	}
	second, err := shopper.Recommendations(ctx, 3, &client.ListOptions{Count: 4, Page: 2})
	if err != nil {
		t.Fatal(err)
	}
	if second.Page != 2 || len(second.Items) != 4 || second.Items[0].Position != 5 || slices.ContainsFunc(first.Items, func(r client.Recommendation) bool { return r.ProductID == second.Items[0].ProductID }) {
		t.Errorf("page 2: %+v after %+v", second, first)
	}
	excluded := first.Items[0].ProductID
	lo, hi := client.Price(500), client.Price(20000)
	cat := first.Items[0].Category
	opts := &client.ListOptions{Count: 20, Exclude: []uint64{excluded}, Filters: client.Filters{Category: cat, MinPrice: &lo, MaxPrice: &hi}}
	filtered, err := shopper.Recommendations(ctx, 3, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(filtered.Items) == 0 {
		t.Fatalf("nothing in %s from 5 to 200", cat)
	}
	for _, r := range filtered.Items {
		if r.ProductID == excluded || r.Category != cat || r.Price < lo || r.Price > hi {
			t.Errorf("item %d (%s, %s) does not match %+v", r.ProductID, r.Category, r.Price, opts)
		}
	}
	// exclude_shown on a popular list needs to know who: the session.
	sess, err := s.publishable.CreateSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	shown, err := s.publishable.Popular(ctx, &client.ListOptions{Count: 5, SessionID: sess, ExcludeShown: true})
	if err != nil {
		t.Fatal(err)
	}
	next, err := s.publishable.Popular(ctx, &client.ListOptions{Count: 5, SessionID: sess, ExcludeShown: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range next.Items {
		if slices.ContainsFunc(shown.Items, func(o client.Recommendation) bool { return o.ProductID == r.ProductID }) {
			t.Errorf("product %d shown twice to one session with exclude_shown", r.ProductID)
		}
	}
	if _, err := s.publishable.Popular(ctx, &client.ListOptions{ExcludeShown: true}); asError(t, err).Details["exclude_shown"] == "" {
		t.Errorf("exclude_shown without a shopper: %v", err)
	}
	// Popular lists without a placement have products, in the product
	// shape; the client gives them as every list's items.
	if it := shown.Items[0]; it.ProductID == 0 || it.ProductName == "" || it.Position != 1 || it.PopularityScore <= 0 {
		t.Errorf("popular item %+v", it)
	}
	// A user id reaches a popular list too: the token's own is accepted,
	// another's is not.
	if _, err := shopper.Popular(ctx, &client.ListOptions{UserID: 3, ExcludeShown: true}); err != nil {
		t.Errorf("popular for the token's user: %v", err)
	}
	if _, err := shopper.Popular(ctx, &client.ListOptions{UserID: 4, ExcludeShown: true}); asError(t, err).StatusCode != 403 {
		t.Errorf("popular for another user: %v", err)
	}
}

// TestPlacements: a placement put through the client shapes the lists of
// its kind, says so, and reads back as saved.
func TestPlacements(t *testing.T) {
	s := newShelf(t, middleware.LimitConfig{})
	ctx := t.Context()
	floor := client.Price(100)
	saved, err := s.secret.PutPlacement(ctx, client.Placement{Name: "home", Strategy: "personal", Count: 6, MaxPerCategory: 3,
		Filters: &client.PlacementFilters{MinPrice: &floor},
		Rules:   []client.Rule{{Type: "pin", ProductID: 7, Position: 1}, {Type: "boost", Factor: 2, When: &client.Condition{NewerThanDays: 30}}}})
	if err != nil {
		t.Fatal(err)
	}
	if saved.Name != "home" || saved.Count != 6 || saved.UpdatedAt.IsZero() || len(saved.Rules) != 2 {
		t.Fatalf("saved %+v", saved)
	}
	got, err := s.secret.Placement(ctx, "home")
	if err != nil {
		t.Fatal(err)
	}
	if got.Strategy != "personal" || *got.Filters.MinPrice != floor || got.Rules[0].ProductID != 7 || got.Rules[1].When.NewerThanDays != 30 || !got.UpdatedAt.Equal(saved.UpdatedAt) {
		t.Errorf("read back %+v", got)
	}
	sess, err := s.publishable.CreateSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.publishable.SessionRecommendations(ctx, sess, &client.ListOptions{Placement: "home"})
	if err != nil {
		t.Fatal(err)
	}
	if list.Placement != "home" || len(list.Items) != 6 || list.Items[0].ProductID != 7 ||
		!slices.Contains(list.Items[0].Rules, client.AppliedRule{Rule: 0, Type: "pin"}) || list.Items[0].Reason != "Featured by the shop" {
		t.Errorf("the home list: %+v", list)
	}
	if _, err := s.secret.PutPlacement(ctx, client.Placement{Name: "trend", Strategy: "trending", Count: 4}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.secret.PutPlacement(ctx, client.Placement{Name: "pdp", Strategy: "similar", Count: 3}); err != nil {
		t.Fatal(err)
	}
	for name, get := range map[string]func() (*client.List, error){
		"trend": func() (*client.List, error) {
			return s.publishable.Popular(ctx, &client.ListOptions{Placement: "trend", SessionID: sess})
		},
		"pdp": func() (*client.List, error) {
			return s.publishable.Similar(ctx, 7, &client.ListOptions{Placement: "pdp"})
		},
	} {
		l, err := get()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if l.Placement != name || len(l.Items) == 0 || l.Items[0].ProductID == 0 || l.Items[0].ProductName == "" || l.RecommendationID == "" {
			t.Errorf("%s: %+v", name, l)
		}
	}
	// A placement asked for where its kind of list is not is a 400 that
	// names it.
	_, err = s.publishable.BoughtTogether(ctx, 7, &client.ListOptions{Placement: "home"})
	if ce := asError(t, err); ce.StatusCode != 400 || ce.Details["placement"] == "" {
		t.Errorf("home on bought-together: %+v", ce)
	}
	bt, err := s.publishable.BoughtTogether(ctx, 7, &client.ListOptions{Count: 3})
	if err != nil || bt.ProductID != 7 || bt.RecommendationID == "" {
		t.Errorf("bought together: %+v %v", bt, err)
	}
	if _, err := s.secret.Placement(ctx, "nowhere"); asError(t, err).StatusCode != 404 {
		t.Errorf("a missing placement: %v", err)
	}
}

// TestAnalyticsAndOptions: lists served through the client are counted
// per kind and placement, except a bot's (WithUserAgent), and every
// request goes through the http.Client given (WithHTTPClient).
func TestAnalyticsAndOptions(t *testing.T) {
	s := newShelf(t, middleware.LimitConfig{})
	ctx := t.Context()
	var sent atomic.Int64
	counting := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		sent.Add(1)
		return http.DefaultTransport.RoundTrip(r)
	})}
	c := client.New(s.base, s.pubKey, client.WithHTTPClient(counting))
	bot := client.New(s.base, s.pubKey, client.WithUserAgent("examplebot/1.0"))
	for range 3 {
		if _, err := c.Popular(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := bot.Popular(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
	if sent.Load() != 3 {
		t.Errorf("%d requests through the given http.Client, want 3", sent.Load())
	}
	a, err := s.secret.Analytics(ctx, client.AnalyticsQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Days) != 30 || a.To != now.Format(time.DateOnly) || a.Days[29].Date != a.To || a.Total.Impressions != 3 || a.Days[29].Impressions != 3 {
		t.Fatalf("analytics %+v", a)
	}
	if len(a.Lists) != 1 || a.Lists[0].Strategy != "trending" || a.Lists[0].Impressions != 3 {
		t.Errorf("lists %+v", a.Lists)
	}
	day := now.Format(time.DateOnly)
	one, err := s.secret.Analytics(ctx, client.AnalyticsQuery{From: day, To: day, Placement: "home"})
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Days) != 1 || one.Placement != "home" || one.Total.Impressions != 0 {
		t.Errorf("today on home: %+v", one)
	}
	if _, err := s.publishable.Analytics(ctx, client.AnalyticsQuery{}); asError(t, err).StatusCode != 403 {
		t.Errorf("analytics with a publishable key: %v", err)
	}
}

// roundTripFunc is an http.RoundTripper of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
