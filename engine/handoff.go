package engine

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/parquet-go/parquet-go"

	"shelf/store"
)

// The hand-off to a distributed trainer: ExportSignal writes what a
// trainer such as Spark MLlib's ALS needs, and ImportFactors serves the
// factors it learns. Spark takes 32-bit ids, so the export numbers users
// and items densely from 0 (in the order of their ids) and keeps that
// numbering, both in the export's _shelf folder and in the store
// (blobHandoffIDs), where ImportFactors reads it back.

// blobHandoffIDs holds the numbering of the last signal export.
const blobHandoffIDs = "engine/handoff-ids"

// signalRow is one row of the signal: a user's strongest event with an
// item on one day (UTC), its confidence as the model weighs it (the event
// type's weight, the rating's if any, decayed by the settings' half-life
// from the day's last event to the time of the export), how many events
// the pair had that day, and the time of the last.
type signalRow struct {
	User       int32     `parquet:"user"`
	Item       int32     `parquet:"item"`
	Confidence float32   `parquet:"confidence"`
	Events     int32     `parquet:"events"`
	Time       time.Time `parquet:"time,timestamp(millisecond)"`
}

// idRow maps a dense index of the export to shelf's id.
type idRow struct {
	Index int32 `parquet:"index"`
	ID    int64 `parquet:"id"`
}

// factorRow is one row of Spark MLlib's ALS userFactors or itemFactors.
type factorRow struct {
	ID       int32     `parquet:"id"`
	Features []float32 `parquet:"features,list"`
}

// SignalExport says what ExportSignal wrote.
type SignalExport struct {
	Days   int `json:"days"`   // day folders
	Rows   int `json:"rows"`   // signal rows, one per user, item and day
	Users  int `json:"users"`  // users numbered (those with events)
	Items  int `json:"items"`  // items numbered (the whole catalog)
	Events int `json:"events"` // events read
}

// dayEvent is one event reduced to what the signal needs.
type dayEvent struct {
	day, item int32
	weight    float32 // undecayed
	user      uint64  // shelf's id: the numbering keeps its order
	time      int64
}

// ExportSignal writes the signal into dir, which must not exist or be
// empty: one folder per day, dir/day=YYYY-MM-DD/part-00000.parquet (the
// Hive layout Spark reads, with day as a column), and the numbering in
// dir/_shelf/users.parquet and items.parquet (a folder Spark skips). It
// writes into a temporary folder beside dir and renames it, so dir is
// either complete or absent.
func (e *Engine) ExportSignal(dir string) (SignalExport, error) {
	var rep SignalExport
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return rep, fmt.Errorf("%s is not empty: export into a new folder", dir)
	}
	var items []uint64
	if err := e.st.ForEachProduct(func(p store.Product) error { items = append(items, p.ID); return nil }); err != nil {
		return rep, err
	}
	slices.Sort(items)
	itemIndex := make(map[uint64]int32, len(items))
	for i, id := range items {
		itemIndex[id] = int32(i)
	}
	sig := e.modelConfig().Signals
	decay := sig.HalfLifeDays
	sig.HalfLifeDays = 0
	userIndex := map[uint64]int32{}
	var evs []dayEvent
	err := e.st.ForEachInteraction(func(it *store.Interaction) error {
		rep.Events++
		i, ok := itemIndex[it.ProductID]
		ev := toEvent(it)
		if !ok || it.UserID == 0 || !ev.Type.Valid() {
			return nil
		}
		if _, ok := userIndex[it.UserID]; !ok {
			userIndex[it.UserID] = 0 // numbered below, in the order of ids
		}
		evs = append(evs, dayEvent{day: int32(ev.Time / 86400), item: i, weight: float32(sig.Weight(ev, 0)), user: it.UserID, time: ev.Time})
		return nil
	})
	if err != nil {
		return rep, err
	}
	users := make([]uint64, 0, len(userIndex))
	for id := range userIndex {
		users = append(users, id)
	}
	slices.Sort(users)
	if len(users) > math.MaxInt32 || len(items) > math.MaxInt32 {
		return rep, errors.New("more than 2^31 users or items: a 32-bit numbering cannot hold them")
	}
	for i, id := range users {
		userIndex[id] = int32(i)
	}
	rep.Users, rep.Items = len(users), len(items)
	tmp, err := os.MkdirTemp(filepath.Dir(filepath.Clean(dir)), ".signal-*")
	if err != nil {
		return rep, err
	}
	defer os.RemoveAll(tmp)
	if err := e.writeSignalDays(tmp, evs, userIndex, decay, &rep); err != nil {
		return rep, err
	}
	if err := writeIDs(tmp, users, items); err != nil {
		return rep, err
	}
	if err := e.st.PutBlob(blobHandoffIDs, encodeIDs(users, items)); err != nil {
		return rep, err
	}
	os.Remove(dir) // an empty folder gives way
	return rep, os.Rename(tmp, dir)
}

// writeSignalDays sorts evs by day, user and item and writes one file per
// day with one row per pair, numbering users by userIndex. A row's
// confidence is its strongest event's weight decayed over halfLife days
// from the pair's last event of the day to now.
func (e *Engine) writeSignalDays(dir string, evs []dayEvent, userIndex map[uint64]int32, halfLife float64, rep *SignalExport) error {
	now := e.cfg.Now().Unix()
	slices.SortFunc(evs, func(a, b dayEvent) int {
		return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.user, b.user), cmp.Compare(a.item, b.item))
	})
	var rows []signalRow
	var last []int64 // per row, its last event's time
	flush := func(day int32) error {
		for k := range rows {
			rows[k].Time = time.Unix(last[k], 0).UTC()
			if halfLife > 0 {
				age := float64(max(now-last[k], 0)) / 86400
				rows[k].Confidence *= float32(math.Exp2(-age / halfLife))
			}
		}
		name := filepath.Join(dir, "day="+time.Unix(int64(day)*86400, 0).UTC().Format(time.DateOnly))
		if err := os.Mkdir(name, 0o755); err != nil {
			return err
		}
		if err := writeParquet(filepath.Join(name, "part-00000.parquet"), rows); err != nil {
			return err
		}
		rep.Days++
		rep.Rows += len(rows)
		rows, last = rows[:0], last[:0]
		return nil
	}
	for k, ev := range evs {
		same := k > 0 && evs[k-1].day == ev.day
		if k > 0 && !same {
			if err := flush(evs[k-1].day); err != nil {
				return err
			}
		}
		if n := len(rows) - 1; same && evs[k-1].user == ev.user && evs[k-1].item == ev.item {
			rows[n].Confidence = max(rows[n].Confidence, ev.weight)
			rows[n].Events++
			last[n] = max(last[n], ev.time)
			continue
		}
		rows = append(rows, signalRow{User: userIndex[ev.user], Item: ev.item, Confidence: ev.weight, Events: 1})
		last = append(last, ev.time)
	}
	if len(rows) > 0 {
		return flush(evs[len(evs)-1].day)
	}
	return nil
}

// writeIDs writes the numbering into dir/_shelf.
func writeIDs(dir string, users, items []uint64) error {
	sub := filepath.Join(dir, "_shelf")
	if err := os.Mkdir(sub, 0o755); err != nil {
		return err
	}
	for name, ids := range map[string][]uint64{"users.parquet": users, "items.parquet": items} {
		rows := make([]idRow, len(ids))
		for i, id := range ids {
			rows[i] = idRow{Index: int32(i), ID: int64(id)}
		}
		if err := writeParquet(filepath.Join(sub, name), rows); err != nil {
			return err
		}
	}
	return nil
}

// writeParquet writes rows as one Snappy-compressed Parquet file.
func writeParquet[T any](path string, rows []T) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := parquet.Write(f, rows, parquet.Compression(&parquet.Snappy)); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// encodeIDs packs the numbering: the count and the ids' gaps of users,
// then of items, as uvarints.
func encodeIDs(users, items []uint64) []byte {
	var b []byte
	for _, ids := range [][]uint64{users, items} {
		b = binary.AppendUvarint(b, uint64(len(ids)))
		var prev uint64
		for _, id := range ids {
			b = binary.AppendUvarint(b, id-prev)
			prev = id
		}
	}
	return b
}

// decodeIDs reverses encodeIDs.
func decodeIDs(b []byte) (users, items []uint64, err error) {
	var lists [2][]uint64
	for k := range lists {
		n, w := binary.Uvarint(b)
		if w <= 0 || n > uint64(len(b)) {
			return nil, nil, errors.New("the numbering of the signal export is damaged")
		}
		b = b[w:]
		ids := make([]uint64, n)
		var prev uint64
		for i := range ids {
			gap, w := binary.Uvarint(b)
			if w <= 0 {
				return nil, nil, errors.New("the numbering of the signal export is damaged")
			}
			b = b[w:]
			prev += gap
			ids[i] = prev
		}
		lists[k] = ids
	}
	return lists[0], lists[1], nil
}
