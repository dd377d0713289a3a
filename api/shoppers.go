package api

import (
	"net/http"
	"time"

	"github.com/julienschmidt/httprouter"

	"shelf/api/auth"
	"shelf/store"
)

// shopperTokenInput is the body of POST /api/shopper-tokens.
type shopperTokenInput struct {
	UserID     *uint64 `json:"user_id"`
	TTLSeconds *int64  `json:"ttl_seconds"`
}

// createShopperToken issues a shopper token for a customer of the shop: the
// shop's server calls it (with a secret key) when the customer logs in and
// hands the token to the customer's browser.
func (s *Server) createShopperToken(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	var in shopperTokenInput
	if err := decodeJSON(w, r, 4<<10, &in); err != nil {
		return err
	}
	details := map[string]string{}
	switch {
	case in.UserID == nil:
		details["user_id"] = "is required"
	case *in.UserID == 0 || *in.UserID > store.MaxID:
		details["user_id"] = "must be an integer from 1 to 2^53-1"
	}
	ttl := auth.DefaultShopperTTL
	if in.TTLSeconds != nil {
		maxTTL := int64(auth.MaxShopperTTL / time.Second)
		if *in.TTLSeconds < 60 || *in.TTLSeconds > maxTTL {
			details["ttl_seconds"] = "must be from 60 to 86400"
		} else {
			ttl = time.Duration(*in.TTLSeconds) * time.Second
		}
	}
	if len(details) > 0 {
		return invalid(details)
	}
	if _, err := s.st.User(*in.UserID); err != nil {
		return err
	}
	tok, exp := s.auth.MintShopper(*in.UserID, ttl)
	writeJSON(w, http.StatusCreated, map[string]any{"token": tok, "user_id": *in.UserID, "expires_at": exp.UTC(), "header": auth.ShopperHeader})
	return nil
}

// createSession issues a signed guest session id. Nothing is stored: the
// id is checked by its signature.
func (s *Server) createSession(w http.ResponseWriter, _ *http.Request, _ httprouter.Params) error {
	writeJSON(w, http.StatusCreated, map[string]any{"session_id": s.auth.NewGuestSession()})
	return nil
}

// mergeInput is the body of POST /api/sessions/{session_id}/merge.
type mergeInput struct {
	UserID *uint64 `json:"user_id"`
}

// mergeSession gives a guest session's events to the customer it logged in
// as. A public caller needs the session and the customer's shopper token.
func (s *Server) mergeSession(w http.ResponseWriter, r *http.Request, ps httprouter.Params) error {
	session := ps.ByName("session_id")
	if err := checkSessionID(session); err != nil {
		return err
	}
	var in mergeInput
	if err := decodeJSON(w, r, 4<<10, &in); err != nil {
		return err
	}
	if in.UserID == nil || *in.UserID == 0 || *in.UserID > store.MaxID {
		return badRequest("user_id", "is required: an integer from 1 to 2^53-1")
	}
	p := principal(r)
	if err := s.auth.BindSession(p, session); err != nil {
		return err
	}
	if err := s.auth.BindUser(p, r, *in.UserID); err != nil {
		return err
	}
	n, err := s.eng.MergeSession(session, *in.UserID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"session_id": session, "user_id": *in.UserID, "merged": n})
	return nil
}

// checkSessionID checks a session id given in a path.
func checkSessionID(session string) error {
	if session == "" || len(session) > store.MaxSessionIDLen {
		return badRequest("session_id", "must be 1 to %d characters", store.MaxSessionIDLen)
	}
	return nil
}
