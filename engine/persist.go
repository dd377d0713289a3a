package engine

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"shelf/model"
	"shelf/store"
)

// Blob names in the store.
//
// The model is stored in one of two slots, and blobModelSlot names the one
// that serves; a new model goes into the other slot, so that the model that
// served before it stays in the file (RestorePrevious brings it back after
// a restart too) and publishing never copies a model.
const (
	blobModel     = "engine/model"      // slot 0: header + model.MarshalBinary
	blobModel1    = "engine/model-1"    // slot 1, the same layout
	blobModelSlot = "engine/model-slot" // one byte, 0 or 1; absent means 0
	blobHistory   = "engine/history"    // JSON []RunRecord
	blobSettings  = "engine/settings"   // JSON Settings
	maxHistory    = 50
)

// slotBlob is the blob name of a model slot.
func slotBlob(slot byte) string {
	if slot == 1 {
		return blobModel1
	}
	return blobModel
}

// servingSlot reads which slot serves.
func (e *Engine) servingSlot() byte {
	if b, err := e.st.Blob(blobModelSlot); err == nil && len(b) == 1 && b[0] == 1 {
		return 1
	}
	return 0
}

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
	meta, err := json.Marshal(st)
	if err != nil {
		return err
	}
	buf := make([]byte, 0, 20+len(meta))
	buf = binary.BigEndian.AppendUint64(buf, p.version)
	buf = binary.BigEndian.AppendUint64(buf, p.dataVersion)
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(meta)))
	// The model is encoded behind the header, not copied there: at 10M
	// events it is over 600 MB.
	if buf, err = p.m.AppendBinary(append(buf, meta...)); err != nil {
		return err
	}
	// The new model goes into the slot that does not serve, then becomes
	// the serving one. A crash between the two writes leaves the old model
	// serving, and the newer one is not taken for the previous (loadModel
	// compares versions). The slot holds the model of two trainings ago
	// until the write starts, and none until it ends (PutLargeBlob
	// replaces in place): a crash during the write leaves no previous
	// model to restore.
	slot := 1 - e.servingSlot()
	// In chunks: the shop's events are written between them (see
	// store.PutLargeBlob).
	if err := e.st.PutLargeBlob(slotBlob(slot), buf); err != nil {
		return err
	}
	if err := e.st.PutBlob(blobModelSlot, []byte{slot}); err != nil {
		return err
	}
	return e.appendHistory(st)
}

// loadModel publishes the stored model, if any. It reports whether one was
// loaded; a damaged or outdated one is logged and ignored (the trainer
// builds a new one).
func (e *Engine) loadModel() bool {
	// Decoded straight from the file: the model keeps nothing of buf.
	slot := e.servingSlot()
	p, st, err := e.readSlot(slot)
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
	// The previous model stays on disk until it is asked for: decoding it
	// now would cost start-up time and memory for a rare restore.
	e.prevSlot.Store(-1)
	if v, ok := e.slotVersion(1 - slot); ok && v < p.version {
		e.prevSlot.Store(int32(1 - slot))
	}
	e.log.Info("stored model loaded", "version", p.version, "trained_at", st.TrainedAt, "events", st.Events)
	return true
}

// readSlot decodes the model stored in a slot.
func (e *Engine) readSlot(slot byte) (*published, TrainStatus, error) {
	// Decoded straight from the file: the model keeps nothing of buf.
	var p *published
	var st TrainStatus
	err := e.st.ViewBlob(slotBlob(slot), func(buf []byte) error {
		var err error
		p, st, err = decodeStored(buf)
		return err
	})
	return p, st, err
}

// slotVersion reads the version of the model in a slot without decoding
// the model.
func (e *Engine) slotVersion(slot byte) (uint64, bool) {
	buf, err := e.st.BlobHead(slotBlob(slot), 8)
	if err != nil || len(buf) < 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(buf), true
}

// previous returns the model that served before the current one: in
// memory since it was replaced, or decoded from its slot after a restart.
func (e *Engine) previous() (*published, error) {
	if p := e.prev.Load(); p != nil {
		return p, nil
	}
	slot := e.prevSlot.Load()
	if slot < 0 {
		return nil, ErrNoModel
	}
	p, _, err := e.readSlot(byte(slot))
	if err != nil {
		return nil, fmt.Errorf("the previous model in the file: %w", err)
	}
	return p, nil
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
// newly trained model: every user's after a full training, only the users
// a refresh solved again after a refresh.
func (e *Engine) refreshProfiles(m *model.Model) error {
	var profiles []store.Profile
	now := e.cfg.Now().UTC()
	add := func(id uint64) {
		emb, top, ok := m.Profile(id)
		if !ok {
			return
		}
		prefs := make(map[string]float64, len(top))
		for i, c := range top {
			prefs[c] = 1 / float64(i+1) // rank weight: the favourite 1, the next 1/2, ...
		}
		profiles = append(profiles, store.Profile{UserID: id, Embedding: emb, TopCategories: top, Preferences: prefs, UpdatedAt: now})
	}
	if ids := m.RefreshedUsers(); m.Info().Refreshed != nil && ids != nil {
		// A refresh changed the profiles of the users it solved again only.
		for _, id := range ids {
			add(id)
		}
		return e.st.PutProfiles(profiles)
	}
	// The model's own shoppers, not every account in the file: reading a
	// million users to find the 570,000 with events took 3 s of a CPU as
	// a 10M-event shop's training published. PutProfiles skips those
	// erased since.
	for _, id := range m.Users() {
		add(id)
	}
	return e.st.PutProfiles(profiles)
}

// VerifyBlob checks one of the engine's blobs as stored: the model decodes
// whole (its header, its status and every section), the history and the
// settings are valid JSON. Other blobs are not the engine's and pass. It
// is what shelf check calls for each blob (see store.VerifyOptions).
func VerifyBlob(name string, data []byte) error {
	if strings.HasPrefix(name, counterBlobPrefix) {
		var c map[string]Counts
		return json.Unmarshal(data, &c)
	}
	switch name {
	case blobModel, blobModel1:
		_, _, err := decodeStored(data)
		return err
	case blobModelSlot:
		if len(data) != 1 || data[0] > 1 {
			return errors.New("not a model slot (0 or 1)")
		}
	case blobHistory, blobSettings, placementsBlob:
		if !json.Valid(data) {
			return errors.New("not valid JSON")
		}
	}
	return nil
}
