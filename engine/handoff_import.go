package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/parquet-go/parquet-go"

	"shelf/model"
	"shelf/store"
)

// ImportFactors serves user and item factors trained elsewhere on the last
// signal export: usersDir and itemsDir hold Parquet part files of rows
// (id int, features array<float>), as Spark MLlib's ALS writes its
// userFactors and itemFactors, whose ids are the export's dense indexes.
// Every id must be an index of that export, once; every vector must have
// one length. The factors replace the serving model's MF component (see
// model.WithFactors), and the model is published and stored as a trained
// one is: the cache is cleared, and a restart serves it. The next training
// replaces it with factors shelf learns itself.
func (e *Engine) ImportFactors(usersDir, itemsDir string) (model.FactorImport, error) {
	var rep model.FactorImport
	blob, err := e.st.Blob(blobHandoffIDs)
	if errors.Is(err, store.ErrNotFound) {
		return rep, errors.New("no signal export on record: factors are matched to the numbering of `shelf export -kind signal`, so export first")
	}
	if err != nil {
		return rep, err
	}
	userIDs, itemIDs, err := decodeIDs(blob)
	if err != nil {
		return rep, err
	}
	users, err := readFactors(usersDir, "user", userIDs)
	if err != nil {
		return rep, err
	}
	items, err := readFactors(itemsDir, "item", itemIDs)
	if err != nil {
		return rep, err
	}
	e.trainMu.Lock() // not beside a training, whose publish would race this one
	defer e.trainMu.Unlock()
	p := e.cur.Load()
	if p == nil {
		return rep, errors.New("no model is serving: train once, so that the factors have a history and a catalog to serve")
	}
	m, rep, err := p.m.WithFactors(users, items)
	if err != nil {
		return rep, err
	}
	e.publish(m, p.dataVersion, m.Weights(), true)
	return rep, nil
}

// readFactors reads every Parquet part file in dir (Spark's part-*; files
// whose names start with _ or ., such as _SUCCESS, are not data) and maps
// each row's dense id to shelf's id by ids.
func readFactors(dir, what string, ids []uint64) (map[uint64][]float32, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("%s factors: %w", what, err)
	}
	out := map[uint64][]float32{}
	files := 0
	for _, ent := range ents {
		name := ent.Name()
		if ent.IsDir() || strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".parquet") {
			continue
		}
		files++
		path := filepath.Join(dir, name)
		rows, err := parquet.ReadFile[factorRow](path)
		if err != nil {
			return nil, fmt.Errorf("%s factors: %s: %w", what, name, err)
		}
		for _, r := range rows {
			if r.ID < 0 || int(r.ID) >= len(ids) {
				return nil, fmt.Errorf("%s factors: %s: id %d is no %s index of the last signal export (0 to %d)", what, name, r.ID, what, len(ids)-1)
			}
			id := ids[r.ID]
			if _, dup := out[id]; dup {
				return nil, fmt.Errorf("%s factors: %s: id %d appears twice", what, name, r.ID)
			}
			out[id] = slices.Clip(r.Features)
		}
	}
	if files == 0 {
		return nil, fmt.Errorf("%s factors: no .parquet files in %s", what, dir)
	}
	return out, nil
}
