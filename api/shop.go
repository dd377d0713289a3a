package api

import (
	"net/http"

	"github.com/julienschmidt/httprouter"

	"shelf/engine"
	"shelf/store"
)

func (s *Server) getShop(w http.ResponseWriter, _ *http.Request, _ httprouter.Params) error {
	writeJSON(w, http.StatusOK, s.eng.Shop())
	return nil
}

// putShop changes the shop's settings; fields left out keep their value.
func (s *Server) putShop(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	var in engine.Shop
	if err := decodeJSON(w, r, maxJSONBody, &in); err != nil {
		return err
	}
	out, err := s.eng.SetShop(in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// refundInput is the body of POST /api/refunds: one of the two ids.
type refundInput struct {
	InteractionID *uint64 `json:"interaction_id"`
	EventID       *string `json:"event_id"`
}

// refund marks a purchase refunded or cancelled: its value leaves the
// revenue, attributed and total, of the day it was bought on.
func (s *Server) refund(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	var in refundInput
	if err := decodeJSON(w, r, maxJSONBody, &in); err != nil {
		return err
	}
	var bought store.Interaction
	var err error
	switch {
	case (in.InteractionID == nil) == (in.EventID == nil):
		return badRequest("interaction_id", "give the purchase's interaction_id or its event_id (one of the two)")
	case in.InteractionID != nil:
		bought, err = s.eng.Refund(*in.InteractionID)
	default:
		bought, err = s.eng.RefundEvent(*in.EventID)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": bought.ID, "refunded": true, "value": bought.Value})
	return nil
}
