package api

import (
	"bytes"
	"errors"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"

	"github.com/julienschmidt/httprouter"

	"shelf/api/httperr"
	"shelf/engine"
	"shelf/store"
	"shelf/store/dataio"
)

// recommendationOut is one recommendation as the original API shaped it,
// with every model's score and the reason added.
type recommendationOut struct {
	ProductID uint64 `json:"product_id"`
	// Position is the item's place in the list, from 1 (across pages).
	Position        int         `json:"position"`
	ProductName     string      `json:"product_name"`
	Category        string      `json:"category"`
	Price           store.Price `json:"price"`
	ImageURL        string      `json:"image_url,omitempty"`
	URL             string      `json:"url,omitempty"`
	Brand           string      `json:"brand,omitempty"`
	ConfidenceScore float64     `json:"confidence_score"`
	CFScore         float64     `json:"cf_score"`
	MFScore         float64     `json:"mf_score"`
	Scores          scoreMap    `json:"scores"`
	Reason          string      `json:"reason"`
	// Because names the user's own interaction that the reason refers to.
	Because *becauseOut `json:"because,omitempty"`
	// Rules names the placement's rules that moved the item.
	Rules []engine.Applied `json:"rules,omitempty"`
}

// becauseOut is the interaction behind a reason.
type becauseOut struct {
	ProductID   uint64 `json:"product_id"`
	ProductName string `json:"product_name"`
	// InteractionType is what the user did, when it is among the
	// interactions read (their newest); absent otherwise.
	InteractionType *store.InteractionType `json:"interaction_type,omitempty"`
}

// scoreMap is each model's score; it encodes itself in key order without
// the reflection and sorting encoding/json spends on maps (recommendations
// are the hottest response).
type scoreMap map[string]float64

// MarshalJSON writes the scores as an object with sorted keys.
func (m scoreMap) MarshalJSON() ([]byte, error) { return m.appendJSON(nil), nil }

// appendJSON appends the scores as an object with sorted keys.
func (m scoreMap) appendJSON(b []byte) []byte {
	var arr [8]string
	keys := arr[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = dataio.AppendJSONString(b, k)
		b = append(b, ':')
		v := m[k]
		if math.IsNaN(v) || math.IsInf(v, 0) {
			v = 0
		}
		b = strconv.AppendFloat(b, v, 'f', -1, 64)
	}
	return append(b, '}')
}

// recommendationsOut shapes recs, the items of a list from position
// offset+1.
func recommendationsOut(recs []engine.Recommendation, offset int) []recommendationOut {
	out := make([]recommendationOut, len(recs))
	for i, r := range recs {
		scores := make(scoreMap, len(r.Scores))
		for k, v := range r.Scores {
			scores[k] = round4(v)
		}
		out[i] = recommendationOut{
			ProductID: r.Product.ID, Position: offset + i + 1, ProductName: r.Product.Name, Category: r.Product.Category, Price: r.Product.Price,
			ImageURL: r.Product.ImageURL, URL: r.Product.URL, Brand: r.Product.Brand,
			ConfidenceScore: round4(r.Confidence), CFScore: scores["cf"], MFScore: scores["mf"], Scores: scores, Reason: r.Reason,
			Rules: r.Rules,
		}
		if r.Because != nil {
			out[i].Because = &becauseOut{ProductID: r.Because.ID, ProductName: r.Because.Name}
			if t := r.BecauseType; t.Valid() {
				out[i].Because.InteractionType = &t
			}
		}
	}
	return out
}

// sessionRecommendations serves /api/recommendations/session/{id}/: the
// router shares the first segment with /api/recommendations/{user_id}/.
func (s *Server) sessionRecommendations(w http.ResponseWriter, r *http.Request, ps httprouter.Params) error {
	if ps.ByName("user_id") != "session" {
		return httperr.New(httperr.NotFound, "no such endpoint: %s %s", r.Method, r.URL.Path)
	}
	session := ps.ByName("session_id")
	if err := checkSessionID(session); err != nil {
		return err
	}
	if err := s.auth.BindSession(principal(r), session); err != nil {
		return err
	}
	q := newQuery(r)
	lp := listQuery(q)
	if err := q.err(); err != nil {
		return err
	}
	shopper := engine.ShopperKey(0, session)
	if lp.placement != "" {
		return s.placementList(w, r, q, lp, "personal", engine.PlacementContext{Session: session}, shopper, "recommendations",
			map[string]any{"session_id": session})
	}
	if err := s.excludeShown(&lp, shopper); err != nil {
		return err
	}
	recs, err := s.eng.SessionRecommend(session, lp.want(), lp.f)
	if err != nil {
		return err
	}
	recs = pageOf(recs, lp)
	s.recordShown(shopper, recs)
	out := recommendationsOut(recs, lp.offset())
	writeJSON(w, http.StatusOK, withPage(map[string]any{"session_id": session, "recommendations": out, "count": len(out),
		"recommendation_id": s.served(r, engine.ListKind{Strategy: "personal"}, shopper)}, lp))
	return nil
}

// related serves the item-to-item lists of a product.
func (s *Server) related(list func(id uint64, n int, f engine.Filter) ([]engine.Recommendation, error), key, strategy string) func(http.ResponseWriter, *http.Request, httprouter.Params) error {
	return func(w http.ResponseWriter, r *http.Request, ps httprouter.Params) error {
		id, err := pathID("id", ps.ByName("id"))
		if err != nil {
			return err
		}
		q := newQuery(r)
		lp := listQuery(q)
		shopper, err := s.shopperParams(r, q)
		if err != nil {
			return err
		}
		if lp.placement != "" {
			return s.placementList(w, r, q, lp, strategy, engine.PlacementContext{Product: id}, shopper, key, map[string]any{"product_id": id})
		}
		if err := s.excludeShown(&lp, shopper); err != nil {
			return err
		}
		recs, err := list(id, lp.want(), lp.f)
		if err != nil {
			return err
		}
		recs = pageOf(recs, lp)
		s.recordShown(shopper, recs)
		out := recommendationsOut(recs, lp.offset())
		writeJSON(w, http.StatusOK, withPage(map[string]any{"product_id": id, key: out, "count": len(out),
			"recommendation_id": s.served(r, engine.ListKind{Strategy: strategy}, shopper)}, lp))
		return nil
	}
}

func (s *Server) recommendations(w http.ResponseWriter, r *http.Request, ps httprouter.Params) error {
	id, err := pathID("user_id", ps.ByName("user_id"))
	if err != nil {
		return err
	}
	// Before anything reads the user: the answer to a caller that may not
	// act for this shopper must not tell whether the id exists.
	if err := s.auth.BindUser(principal(r), r, id); err != nil {
		return err
	}
	q := newQuery(r)
	lp := listQuery(q)
	if err := q.err(); err != nil {
		return err
	}
	shopper := engine.ShopperKey(id, "")
	if lp.placement != "" {
		return s.placementList(w, r, q, lp, "personal", engine.PlacementContext{User: id}, shopper, "recommendations",
			map[string]any{"user_id": id})
	}
	if err := s.excludeShown(&lp, shopper); err != nil {
		return err
	}
	// A page encoded before under the key the engine would give its list
	// now, while the same products were available, is served as it is,
	// without asking the engine for the list.
	key := s.eng.ListKey(id, lp.want(), lp.f)
	if lp.page > 1 {
		key += "|page " + strconv.Itoa(lp.page)
	}
	today := s.ids.today()
	list, ok := s.lists.get(key)
	if !ok || list.availGen != s.eng.AvailabilityGeneration() {
		l, err := s.eng.RecommendList(id, lp.want(), lp.f)
		if err != nil {
			return err
		}
		list = s.lists.encode(key, pageOf(l.Recs, lp), lp.offset(), l.AvailGen, today, s.ids.prefix(today, engine.ListKind{Strategy: "personal"}, shopper))
	}
	// The signed part of the list's ids is kept with it; a list cached
	// since yesterday gets today's.
	idPrefix := list.idPrefix
	if list.idDay != today {
		idPrefix = s.ids.prefix(today, engine.ListKind{Strategy: "personal"}, shopper)
	}
	s.eng.RecordShown(shopper, list.ids)
	// The answer is {"count":N,"page":P,"recommendation_id":ID,"recommendations":[...],"user_id":ID},
	// as encoding/json writes it (page only after the first); the list is
	// encoded once per cache entry, and its id is its kept signed part and
	// a serial.
	buf := bufPool.Get().(*bytes.Buffer)
	defer putBuf(buf)
	buf.WriteString(`{"count":`)
	buf.WriteString(strconv.Itoa(list.count))
	if lp.page > 1 {
		buf.WriteString(`,"page":`)
		buf.WriteString(strconv.Itoa(lp.page))
	}
	buf.WriteString(`,"recommendation_id":"`)
	buf.WriteString(s.ids.next(idPrefix))
	s.countImpression(r, engine.ListKind{Strategy: "personal"}, shopper)
	buf.WriteString(`","recommendations":`)
	buf.Write(list.json)
	buf.WriteString(`,"user_id":`)
	buf.WriteString(strconv.FormatUint(id, 10))
	buf.WriteString("}\n")
	writeRaw(w, http.StatusOK, buf.Bytes())
	return nil
}

func (s *Server) modelStatus(w http.ResponseWriter, _ *http.Request, _ httprouter.Params) error {
	st := s.eng.Status()
	hits, misses := s.eng.CacheStats()
	writeJSON(w, http.StatusOK, map[string]any{
		"status": st, "history": s.eng.History(), "settings": s.eng.Settings(),
		"cache": map[string]uint64{"hits": hits, "misses": misses},
		// What exclude_shown remembers: products recorded as shown since
		// start, and the shoppers it holds (at most 100,000).
		"shown": map[string]uint64{"impressions": s.eng.Impressions(), "shoppers": uint64(s.eng.ShownShoppers())},
	})
	return nil
}

// putSettings changes the settings the body names: a field left out
// keeps its value (the body is decoded over a copy of the current
// settings, so a weight or exclusion left out of its map keeps its own).
func (s *Server) putSettings(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	in := s.eng.Settings()
	in.Weights, in.Exclude = maps.Clone(in.Weights), maps.Clone(in.Exclude)
	if err := decodeJSON(w, r, 4<<10, &in); err != nil {
		return err
	}
	out, err := s.eng.SetSettings(in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) trainModel(w http.ResponseWriter, _ *http.Request, _ httprouter.Params) error {
	queued := s.eng.RequestTrain()
	msg := "training started"
	if !queued {
		msg = "a training is already queued"
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"message": msg, "status": s.eng.Status()})
	return nil
}

// restoreModel brings back the model that served before the current one.
func (s *Server) restoreModel(w http.ResponseWriter, _ *http.Request, _ httprouter.Params) error {
	st, err := s.eng.RestorePrevious()
	if errors.Is(err, engine.ErrNoModel) {
		return httperr.New(httperr.Conflict, "there is no previous model to restore")
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"message": "the previous model serves again", "status": st})
	return nil
}

// publishHeldModel publishes a model the guard held back for scoring
// clearly below the serving one.
func (s *Server) publishHeldModel(w http.ResponseWriter, _ *http.Request, _ httprouter.Params) error {
	st, err := s.eng.PublishHeldBack()
	if errors.Is(err, engine.ErrNoModel) {
		return httperr.New(httperr.Conflict, "no trained model is held back")
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"message": "the held-back model is published", "status": st})
	return nil
}

func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

func itoa(id uint64) string { return strconv.FormatUint(id, 10) }
