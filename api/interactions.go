package api

import (
	"net/http"
	"time"

	"github.com/julienschmidt/httprouter"

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
	if len(details) > 0 {
		return invalid(details)
	}
	if err := s.bindEvent(r, &it); err != nil {
		return err
	}
	if err := s.eng.RecordInteraction(&it); err != nil {
		return err
	}
	if s.cfg.Metrics != nil {
		s.cfg.Metrics.AddInteractions(1)
	}
	writeJSON(w, http.StatusCreated, map[string]any{"message": "Interaction recorded successfully", "id": it.ID})
	return nil
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
