package client_test

import (
	"strings"
	"testing"

	"shelf/api/middleware"
	"shelf/client"
)

// TestAttributionJourney: through the client against a real shelf, a
// guest clicks an item of a placement's list, buys it (a retry of the
// purchase is recorded once), the analytics credit the list, and a refund
// takes the revenue back.
func TestAttributionJourney(t *testing.T) {
	s := newShelf(t, middleware.LimitConfig{})
	ctx := t.Context()
	if _, err := s.secret.PutPlacement(ctx, client.Placement{Name: "home", Strategy: "personal", Count: 5}); err != nil {
		t.Fatal(err)
	}
	session, err := s.publishable.CreateSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	l, err := s.publishable.SessionRecommendations(ctx, session, &client.ListOptions{Placement: "home"})
	if err != nil || len(l.Items) == 0 || l.RecommendationID == "" {
		t.Fatalf("list %+v, %v", l, err)
	}
	p := l.Items[0].ProductID
	rec, err := s.publishable.RecordInteraction(ctx, client.Interaction{SessionID: session, ProductID: p, Type: client.View, RecommendationID: l.RecommendationID})
	if err != nil || rec.Recommendation != "click" {
		t.Fatalf("click: %+v, %v", rec, err)
	}
	value := client.Price(1999)
	buy := client.Interaction{SessionID: session, ProductID: p, Type: client.Purchase, Value: &value, EventID: "order-1"}
	first, err := s.publishable.RecordInteraction(ctx, buy)
	if err != nil || first.Recommendation != "attributed" || first.Duplicate {
		t.Fatalf("purchase: %+v, %v", first, err)
	}
	again, err := s.publishable.RecordInteraction(ctx, buy)
	if err != nil || !again.Duplicate || again.ID != first.ID {
		t.Fatalf("retry: %+v, %v", again, err)
	}
	// The signature is the id's second part from the end.
	parts := strings.Split(l.RecommendationID, ".")
	parts[len(parts)-2] = "AAAAAAAAAAAAAAAA"
	_, err = s.publishable.RecordInteraction(ctx, client.Interaction{SessionID: session, ProductID: p, Type: client.View, RecommendationID: strings.Join(parts, ".")})
	if ce := asError(t, err); ce.StatusCode != 400 || ce.Details["recommendation_id"] == "" {
		t.Errorf("a forged id: %+v", ce)
	}
	a, err := s.secret.Analytics(ctx, client.AnalyticsQuery{Placement: "home"})
	if err != nil {
		t.Fatal(err)
	}
	if f := a.Total.Funnel; f.Impressions != 1 || f.Clicks != 1 || f.ClickedLists != 1 || f.CTR != 1 || f.Purchases != 1 || f.Revenue != value || a.Total.TotalRevenue != value || a.Total.RevenueShare != 1 {
		t.Errorf("analytics %+v", a.Total)
	}
	if len(a.Days) != 30 || !a.Days[29].Partial {
		t.Errorf("%d days, the last partial: %v", len(a.Days), len(a.Days) > 0 && a.Days[len(a.Days)-1].Partial)
	}
	ref, err := s.secret.Refund(ctx, client.RefundRequest{EventID: "order-1"})
	if err != nil || !ref.Refunded || ref.Value != value || ref.ID != first.ID {
		t.Fatalf("refund %+v, %v", ref, err)
	}
	if _, err := s.secret.Refund(ctx, client.RefundRequest{InteractionID: first.ID}); asError(t, err).StatusCode != 409 {
		t.Errorf("a second refund: %v", err)
	}
	if _, err := s.publishable.Refund(ctx, client.RefundRequest{InteractionID: first.ID}); asError(t, err).StatusCode != 403 {
		t.Errorf("a refund with a publishable key: %v", err)
	}
	if a, err = s.secret.Analytics(ctx, client.AnalyticsQuery{}); err != nil || a.Total.Revenue != 0 || a.Total.TotalRevenue != 0 {
		t.Errorf("after the refund %+v, %v", a.Total, err)
	}
}

// TestShopSettingsAndExperiments: the shop's settings and an experiment's
// life through the client against a real shelf.
func TestShopSettingsAndExperiments(t *testing.T) {
	s := newShelf(t, middleware.LimitConfig{})
	ctx := t.Context()
	got, err := s.publishable.ShopSettings(ctx)
	if err != nil || *got != (client.ShopSettings{TimeZone: "UTC", Currency: "USD", AttributionWindowDays: 7}) {
		t.Fatalf("defaults %+v, %v", got, err)
	}
	tz, cur, bad := "Europe/Berlin", "EUR", "euro"
	if got, err = s.secret.UpdateShopSettings(ctx, client.ShopSettingsUpdate{TimeZone: &tz, Currency: &cur}); err != nil || got.TimeZone != tz || got.Currency != cur || got.AttributionWindowDays != 7 {
		t.Fatalf("update %+v, %v", got, err)
	}
	if _, err := s.secret.UpdateShopSettings(ctx, client.ShopSettingsUpdate{Currency: &bad}); asError(t, err).Details["currency"] == "" {
		t.Errorf("a bad currency: %v", err)
	}
	if _, err := s.secret.PutPlacement(ctx, client.Placement{Name: "home", Strategy: "personal"}); err != nil {
		t.Fatal(err)
	}
	x, err := s.secret.CreateExperiment(ctx, client.NewExperiment{Name: "blend vs trending", Placement: "home",
		Variants: []client.Variant{{Name: "blend", Share: 0.5}, {Name: "trending", Share: 0.5, Strategy: "trending"}}})
	if err != nil || x.Status != "draft" || x.ID == 0 {
		t.Fatalf("create %+v, %v", x, err)
	}
	if _, err := s.secret.CreateExperiment(ctx, client.NewExperiment{Name: "bad", Placement: "home",
		Variants: []client.Variant{{Name: "a", Share: 0.7}, {Name: "b", Share: 0.7}}}); asError(t, err).Details["variants"] == "" {
		t.Errorf("shares over 1: %v", err)
	}
	if err := s.secret.UpdateExperiment(ctx, x.ID, client.ActionStart, ""); err != nil {
		t.Fatal(err)
	}
	session, err := s.publishable.CreateSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	l, err := s.publishable.SessionRecommendations(ctx, session, &client.ListOptions{Placement: "home"})
	if err != nil || l.Experiment != x.ID || (l.Variant != "blend" && l.Variant != "trending") {
		t.Fatalf("a list of the experiment: %+v, %v", l, err)
	}
	list, err := s.secret.Experiments(ctx)
	if err != nil || len(list) != 1 || list[0].Status != "running" {
		t.Fatalf("experiments %+v, %v", list, err)
	}
	one, err := s.secret.Experiment(ctx, x.ID)
	if err != nil || one.Results == nil || one.Results.Winner != nil || len(one.Results.Variants) != 2 || one.Results.Summary == "" {
		t.Fatalf("results %+v, %v", one, err)
	}
	if err := s.secret.UpdateExperiment(ctx, x.ID, client.ActionShip, l.Variant); err != nil {
		t.Fatal(err)
	}
	if err := s.secret.DeleteExperiment(ctx, x.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.secret.Experiment(ctx, x.ID); asError(t, err).StatusCode != 404 {
		t.Errorf("a deleted experiment: %v", err)
	}
}

// TestUsersCategoriesAndCache: the listings shelf bench discovers the shop
// with, against a real shelf.
func TestUsersCategoriesAndCache(t *testing.T) {
	s := newShelf(t, middleware.LimitConfig{})
	ctx := t.Context()
	first, err := s.secret.Users(ctx, client.UserQuery{PageSize: 7})
	if err != nil || len(first.Results) != 7 || first.Count != 40 || first.Next == nil {
		t.Fatalf("users: %+v, %v", first, err)
	}
	second, err := s.secret.Users(ctx, client.UserQuery{Page: 2, PageSize: 7})
	if err != nil || len(second.Results) != 7 || second.Results[0].ID == first.Results[0].ID {
		t.Fatalf("the second page: %+v, %v", second, err)
	}
	prefix := first.Results[0].Username[:3]
	some, err := s.secret.Users(ctx, client.UserQuery{Prefix: prefix})
	if err != nil || len(some.Results) == 0 {
		t.Fatalf("users starting %q: %+v, %v", prefix, some, err)
	}
	for _, u := range some.Results {
		if !strings.HasPrefix(u.Username, prefix) {
			t.Errorf("user %q does not start with %q", u.Username, prefix)
		}
	}
	if _, err := s.publishable.Users(ctx, client.UserQuery{}); asError(t, err).StatusCode != 403 {
		t.Errorf("users with a publishable key: %v", err)
	}
	cats, err := s.publishable.Categories(ctx)
	total := 0
	for _, c := range cats {
		total += c.ProductCount
	}
	if err != nil || len(cats) != 6 || total != 120 {
		t.Errorf("categories %+v (%d products), %v", cats, total, err)
	}
	cache, err := s.secret.ModelCache(ctx)
	if err != nil || cache == nil {
		t.Errorf("cache counters %+v, %v", cache, err)
	}
}
