package engine

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"shelf/model"
	"shelf/store"
)

// Blob names in the store.
const (
	blobModel    = "engine/model"    // header + model.MarshalBinary
	blobHistory  = "engine/history"  // JSON []RunRecord
	blobSettings = "engine/settings" // JSON Settings
	maxHistory   = 50
)

// RunRecord is one training run, kept for the dashboard's history.
type RunRecord struct {
	ModelVersion uint64                   `json:"model_version"`
	TrainedAt    time.Time                `json:"trained_at"`
	DurationMS   float64                  `json:"duration_ms"`
	Events       int                      `json:"events"`
	Users        int                      `json:"users"`
	Items        int                      `json:"items"`
	Validation   map[string]model.Metrics `json:"validation,omitempty"`
}

// saveModel stores the published model so that a restart serves at once.
// The header holds the version, the data version and the status as JSON.
func (e *Engine) saveModel(p *published, st TrainStatus) error {
	data, err := p.m.MarshalBinary()
	if err != nil {
		return err
	}
	meta, err := json.Marshal(st)
	if err != nil {
		return err
	}
	buf := make([]byte, 0, 20+len(meta)+len(data))
	buf = binary.BigEndian.AppendUint64(buf, p.version)
	buf = binary.BigEndian.AppendUint64(buf, p.dataVersion)
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(meta)))
	buf = append(append(buf, meta...), data...)
	if err := e.st.PutBlob(blobModel, buf); err != nil {
		return err
	}
	return e.appendHistory(st)
}

// loadModel publishes the stored model, if any. It reports whether one was
// loaded; a damaged or outdated one is logged and ignored (the trainer
// builds a new one).
func (e *Engine) loadModel() bool {
	// Decoded straight from the file: the model keeps nothing of buf.
	var p *published
	var st TrainStatus
	err := e.st.ViewBlob(blobModel, func(buf []byte) error {
		var err error
		p, st, err = decodeStored(buf)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return false
	}
	if err != nil {
		e.log.Warn("stored model not used; retraining", "err", err)
		return false
	}
	e.cur.Store(p)
	st.State, st.Phase, st.Progress = "idle", "", 0
	e.status.Store(&st)
	e.log.Info("stored model loaded", "version", p.version, "trained_at", st.TrainedAt, "events", st.Events)
	return true
}

func decodeStored(buf []byte) (*published, TrainStatus, error) {
	var st TrainStatus
	if len(buf) < 20 {
		return nil, st, fmt.Errorf("stored model too short")
	}
	version, dataVersion := binary.BigEndian.Uint64(buf), binary.BigEndian.Uint64(buf[8:])
	n := int(binary.BigEndian.Uint32(buf[16:]))
	if len(buf) < 20+n {
		return nil, st, fmt.Errorf("stored model truncated")
	}
	if err := json.Unmarshal(buf[20:20+n], &st); err != nil {
		return nil, st, err
	}
	m, err := model.UnmarshalModel(buf[20+n:])
	if err != nil {
		return nil, st, err
	}
	return &published{m: m, version: version, dataVersion: dataVersion}, st, nil
}

func (e *Engine) appendHistory(st TrainStatus) error {
	var h []RunRecord
	if buf, err := e.st.Blob(blobHistory); err == nil {
		_ = json.Unmarshal(buf, &h) // a damaged history starts over
	}
	h = append(h, RunRecord{ModelVersion: st.ModelVersion, TrainedAt: st.TrainedAt, DurationMS: st.DurationMS,
		Events: st.Events, Users: st.Users, Items: st.Items, Validation: st.Validation})
	if len(h) > maxHistory {
		h = h[len(h)-maxHistory:]
	}
	buf, err := json.Marshal(h)
	if err != nil {
		return err
	}
	return e.st.PutBlob(blobHistory, buf)
}

// History returns the recorded training runs, oldest first.
func (e *Engine) History() []RunRecord {
	h := []RunRecord{}
	if buf, err := e.st.Blob(blobHistory); err == nil {
		_ = json.Unmarshal(buf, &h)
	}
	return h
}

// refreshProfiles stores each user's embedding and top categories from a
// newly trained model.
func (e *Engine) refreshProfiles(m *model.Model) error {
	var profiles []store.Profile
	now := e.cfg.Now().UTC()
	err := e.st.ForEachUser(func(u store.User) error {
		emb, top, ok := m.Profile(u.ID)
		if !ok {
			return nil
		}
		prefs := make(map[string]float64, len(top))
		for i, c := range top {
			prefs[c] = 1 / float64(i+1) // rank weight: the favourite 1, the next 1/2, ...
		}
		profiles = append(profiles, store.Profile{UserID: u.ID, Embedding: emb, TopCategories: top, Preferences: prefs, UpdatedAt: now})
		return nil
	})
	if err != nil {
		return err
	}
	return e.st.PutProfiles(profiles)
}

// VerifyBlob checks one of the engine's blobs as stored: the model decodes
// whole (its header, its status and every section), the history and the
// settings are valid JSON. Other blobs are not the engine's and pass. It
// is what shelf check calls for each blob (see store.VerifyOptions).
func VerifyBlob(name string, data []byte) error {
	switch name {
	case blobModel:
		_, _, err := decodeStored(data)
		return err
	case blobHistory, blobSettings:
		if !json.Valid(data) {
			return errors.New("not valid JSON")
		}
	}
	return nil
}
