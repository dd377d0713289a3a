package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/julienschmidt/httprouter"

	"shelf/engine"
	"shelf/store"
)

// interactionInput is the body of POST /api/interaction/.
type interactionInput struct {
	UserID    *uint64                `json:"user_id"`
	ProductID *uint64                `json:"product_id"`
	Type      *store.InteractionType `json:"interaction_type"`
	Rating    *float64               `json:"rating"`
	SessionID *string                `json:"session_id"`
	Timestamp *time.Time             `json:"timestamp"`
	// RecommendationID is the list a click came from; Value the amount of
	// a cart or purchase line; EventID the client's id of the event.
	RecommendationID *string      `json:"recommendation_id"`
	Value            *store.Price `json:"value"`
	EventID          *string      `json:"event_id"`
}

func (s *Server) recordInteraction(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	var in interactionInput
	if err := decodeJSON(w, r, maxJSONBody, &in); err != nil {
		return err
	}
	var it store.Interaction
	details := map[string]string{}
	if in.ProductID == nil {
		details["product_id"] = "is required"
	} else {
		it.ProductID = *in.ProductID
	}
	if in.Type == nil {
		details["interaction_type"] = "is required: one of view, like, cart, purchase"
	} else {
		it.Type = *in.Type
	}
	if in.UserID != nil {
		it.UserID = *in.UserID
		if it.UserID == 0 {
			details["user_id"] = "must be a positive integer"
		}
	}
	if in.SessionID != nil {
		it.SessionID = *in.SessionID
	}
	if in.UserID == nil && it.SessionID == "" {
		details["user_id"] = "is required (or give session_id for a guest)"
	}
	it.Rating = in.Rating
	if in.Timestamp != nil {
		it.Timestamp = *in.Timestamp // the store checks its range
		if it.Timestamp.IsZero() {
			details["timestamp"] = "must not be before 1970-01-01T00:00:00Z (leave it out for now)"
		}
	}
	it.Value = in.Value
	if in.EventID != nil {
		if it.EventID = *in.EventID; it.EventID == "" {
			details["event_id"] = "must not be empty (leave it out instead)"
		}
	}
	if len(details) > 0 {
		return invalid(details)
	}
	if err := s.bindEvent(r, &it); err != nil {
		return err
	}
	if in.RecommendationID != nil {
		if err := s.checkRecommendationID(*in.RecommendationID, &it); err != nil {
			return err
		}
	}
	if isBot(r) {
		// Known bots are left out of clicks, attribution and training.
		writeJSON(w, http.StatusAccepted, map[string]any{"message": "Not recorded: the user agent is a known bot's", "recorded": false})
		return nil
	}
	outcome, err := s.eng.RecordInteraction(&it)
	var dup *store.DuplicateEventError
	if errors.As(err, &dup) {
		writeJSON(w, http.StatusOK, map[string]any{"message": "Already recorded: a retry of event_id " + strconv.Quote(dup.EventID), "id": dup.ID, "duplicate": true})
		return nil
	}
	if err != nil {
		return err
	}
	if s.cfg.Metrics != nil {
		s.cfg.Metrics.AddInteractions(1)
	}
	body := map[string]any{"message": "Interaction recorded successfully", "id": it.ID}
	if outcome != engine.OutcomeNone {
		body["recommendation"] = outcome
	}
	writeJSON(w, http.StatusCreated, body)
	return nil
}

// checkRecommendationID checks that a recommendation id is one shelf
// issued to the event's shopper (its user or its session) or to nobody
// in particular, and keeps it with the event.
func (s *Server) checkRecommendationID(id string, it *store.Interaction) error {
	if id == "" {
		return badRequest("recommendation_id", "must not be empty (leave it out instead)")
	}
	keys := []string{""}
	if it.UserID != 0 {
		keys = append(keys, engine.ShopperKey(it.UserID, ""))
	}
	if it.SessionID != "" {
		keys = append(keys, engine.ShopperKey(0, it.SessionID))
	}
	for _, k := range keys {
		if _, ok := s.ids.parse(id, k); ok {
			it.RecommendationID = id
			return nil
		}
	}
	return badRequest("recommendation_id", "is not a recommendation id that shelf gave this shopper: send the recommendation_id of the list the product was clicked in, for the same user_id or session_id")
}

// bindEvent checks that the caller may record an event for its user and
// session: a public caller needs the user's shopper token and a session
// that shelf issued.
func (s *Server) bindEvent(r *http.Request, it *store.Interaction) error {
	p := principal(r)
	if it.UserID != 0 {
		if err := s.auth.BindUser(p, r, it.UserID); err != nil {
			return err
		}
	}
	if it.SessionID != "" {
		return s.auth.BindSession(p, it.SessionID)
	}
	return nil
}
