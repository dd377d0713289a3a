package api

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/julienschmidt/httprouter"

	"shelf/api/auth"
	"shelf/api/httperr"
	"shelf/api/middleware"
	"shelf/store"
)

type principalKey struct{}

func withPrincipal(ctx context.Context, p auth.Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// principal returns the caller that the router identified.
func principal(r *http.Request) auth.Principal {
	p, _ := r.Context().Value(principalKey{}).(auth.Principal)
	return p
}

// loginInput is the body of POST /api/auth/login.
type loginInput struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

func (s *Server) login(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	var in loginInput
	if err := decodeJSON(w, r, 4<<10, &in); err != nil {
		return err
	}
	if in.Username == "" || in.Password == "" {
		return invalid(map[string]string{"username": "username and password are required"})
	}
	csrf, err := s.auth.Login(r.Context(), w, clientAddr(r), in.Username, in.Password)
	if err != nil {
		if e, ok := httperr.As(err); ok && e.Code == httperr.Unauthorized {
			s.log.Warn("failed admin login", "username", in.Username, "remote", r.RemoteAddr)
		}
		return err
	}
	s.log.Info("admin logged in", "username", in.Username, "remote", r.RemoteAddr)
	writeJSON(w, http.StatusOK, map[string]string{"username": in.Username, "csrf_token": csrf})
	return nil
}

func (s *Server) me(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	p := principal(r)
	if p.Kind != auth.Admin {
		return httperr.New(httperr.Unauthorized, "not logged in")
	}
	// demo tells the dashboard to warn that the API is open to anyone
	// who can reach the port.
	writeJSON(w, http.StatusOK, map[string]any{"username": p.Name, "csrf_token": p.CSRFToken(), "demo": s.auth.Relaxed()})
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	p := principal(r)
	if p.Kind == auth.Admin {
		// Logging out is a write: the CSRF check keeps other sites from
		// logging an admin out.
		if err := s.auth.Authorize(p, auth.AdminOnly, r); err != nil {
			return err
		}
	}
	if err := s.auth.Logout(w, p); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) adminStats(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	q := newQuery(r)
	days := q.int("days", 30, 1, 366)
	top := q.int("top", 10, 1, 100)
	if err := q.err(); err != nil {
		return err
	}
	st, err := s.st.Stats(days, top)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

// backup streams a consistent copy of the database while serving goes on.
func (s *Server) backup(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	name := "shelf-" + time.Now().UTC().Format("20060102-150405") + ".db"
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", "attachment; filename="+strconv.Quote(name))
	w.Header().Set("Cache-Control", "no-store")
	// A secret key (a cron job's) gets the shop's data, not the admins'
	// password hashes and sessions.
	if _, err := s.st.Backup(w, store.BackupOptions{OmitAdminSecrets: principal(r).Kind != auth.Admin}); err != nil {
		// The status is sent: cut the stream so the client sees a failure.
		s.log.Error("backup failed", "err", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}

func (s *Server) listKeys(w http.ResponseWriter, _ *http.Request, _ httprouter.Params) error {
	keys, err := s.st.APIKeys()
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"keys": keys})
	return nil
}

// keyInput is the body of POST /api/admin/keys.
type keyInput struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// keyCreated is a new key with its secret, shown this once.
type keyCreated struct {
	store.APIKey
	Key string `json:"key"`
}

func (s *Server) createKey(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	var in keyInput
	if err := decodeJSON(w, r, 4<<10, &in); err != nil {
		return err
	}
	secret, k, err := s.auth.CreateKey(in.Name, in.Kind)
	if err != nil {
		return err
	}
	s.log.Info("api key created", "key_id", k.ID, "kind", k.Kind, "by", principal(r).KeyID)
	writeJSON(w, http.StatusCreated, keyCreated{APIKey: k, Key: secret})
	return nil
}

func (s *Server) deleteKey(w http.ResponseWriter, r *http.Request, ps httprouter.Params) error {
	id, err := pathID("id", ps.ByName("id"))
	if err != nil {
		return err
	}
	if err := s.st.DeleteAPIKey(id); err != nil {
		return err
	}
	s.log.Info("api key revoked", "key_id", id, "by", principal(r).KeyID)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) listInteractions(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	q := newQuery(r)
	iq := store.InteractionQuery{UserID: q.id("user_id"), ProductID: q.id("product_id")}
	if t := q.v.Get("type"); t != "" {
		var err error
		if iq.Type, err = store.ParseInteractionType(t); err != nil {
			q.fail("type", "%s", err.Error())
		}
	}
	iq.Since = q.time("since")
	iq.Until = q.time("until")
	page, size := q.page(50)
	if err := q.err(); err != nil {
		return err
	}
	iq.Offset, iq.Limit = (page-1)*size, size
	events, total, err := s.st.ListInteractions(iq)
	if err != nil {
		return err
	}
	return writePage(w, r, events, page, size, total)
}

func (s *Server) userProfile(w http.ResponseWriter, _ *http.Request, ps httprouter.Params) error {
	id, err := pathID("id", ps.ByName("id"))
	if err != nil {
		return err
	}
	if _, err := s.st.User(id); err != nil {
		return err
	}
	p, err := s.st.Profile(id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// clientAddr is the caller's address as the middleware found it (behind a
// trusted proxy, the forwarded one), or the connection's host without it.
func clientAddr(r *http.Request) string {
	if info := middleware.InfoFrom(r.Context()); info != nil && info.Client != "" {
		return info.Client
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
