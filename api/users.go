package api

import (
	"net/http"
	"time"

	"github.com/julienschmidt/httprouter"

	"shelf/store"
)

// userInput is the body of a user create or patch.
type userInput struct {
	ID       *uint64    `json:"id"`
	Username *string    `json:"username"`
	Email    *string    `json:"email"`
	JoinedAt *time.Time `json:"date_joined"`
}

func (in *userInput) apply(u *store.User) {
	if in.Username != nil {
		u.Username = *in.Username
	}
	if in.Email != nil {
		u.Email = *in.Email
	}
	if in.JoinedAt != nil {
		u.JoinedAt = *in.JoinedAt
	}
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	q := newQuery(r)
	uq := store.UserQuery{Prefix: q.str("q", store.MaxUsernameLen)}
	page, size := q.page(20)
	if err := q.err(); err != nil {
		return err
	}
	uq.Offset, uq.Limit = (page-1)*size, size
	users, total, err := s.st.ListUsers(uq)
	if err != nil {
		return err
	}
	return writePage(w, r, users, page, size, total)
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	var in userInput
	if err := decodeJSON(w, r, maxJSONBody, &in); err != nil {
		return err
	}
	if in.Username == nil {
		return badRequest("username", "is required")
	}
	var u store.User
	in.apply(&u)
	if in.ID != nil {
		if *in.ID == 0 {
			return badRequest("id", "must be a positive integer")
		}
		u.ID = *in.ID
	}
	if err := s.st.CreateUser(&u); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/users/"+itoa(u.ID)+"/")
	writeJSON(w, http.StatusCreated, u)
	return nil
}

func (s *Server) getUser(w http.ResponseWriter, _ *http.Request, ps httprouter.Params) error {
	id, err := pathID("id", ps.ByName("id"))
	if err != nil {
		return err
	}
	u, err := s.st.User(id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, u)
	return nil
}

func (s *Server) patchUser(w http.ResponseWriter, r *http.Request, ps httprouter.Params) error {
	id, err := pathID("id", ps.ByName("id"))
	if err != nil {
		return err
	}
	var in userInput
	if err := decodeJSON(w, r, maxJSONBody, &in); err != nil {
		return err
	}
	if in.ID != nil && *in.ID != id {
		return badRequest("id", "does not match the id in the path (%d)", id)
	}
	u, err := s.st.UpdateUser(id, func(u *store.User) error { in.apply(u); return nil })
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, u)
	return nil
}

func (s *Server) deleteUser(w http.ResponseWriter, _ *http.Request, ps httprouter.Params) error {
	id, err := pathID("id", ps.ByName("id"))
	if err != nil {
		return err
	}
	if err := s.eng.DeleteUser(id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// userInteractions lists one user's interactions, newest first, optionally
// of one product and one type. It is a shop-level read so that a
// storefront can show what its shopper did (a like stays liked): a
// publishable key needs that shopper's token, as the other shop routes do.
func (s *Server) userInteractions(w http.ResponseWriter, r *http.Request, ps httprouter.Params) error {
	id, err := pathID("id", ps.ByName("id"))
	if err != nil {
		return err
	}
	if err := s.auth.BindUser(principal(r), r, id); err != nil {
		return err
	}
	q := newQuery(r)
	iq := store.InteractionQuery{UserID: id, ProductID: q.id("product_id")}
	if t := q.v.Get("type"); t != "" {
		if iq.Type, err = store.ParseInteractionType(t); err != nil {
			q.fail("type", "%s", err.Error())
		}
	}
	page, size := q.page(20)
	if err := q.err(); err != nil {
		return err
	}
	iq.Offset, iq.Limit = (page-1)*size, size
	var events []store.Interaction
	var total int
	if iq.ProductID == 0 && iq.Type == 0 {
		events, total, err = s.st.UserInteractions(id, iq.Offset, iq.Limit)
	} else {
		events, total, err = s.st.ListInteractions(iq)
	}
	if err != nil {
		return err
	}
	return writePage(w, r, events, page, size, total)
}
