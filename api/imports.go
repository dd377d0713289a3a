package api

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/julienschmidt/httprouter"

	"shelf/store"
	"shelf/store/dataio"
)

// importErrorBody is the answer to a rejected import: nothing was stored,
// and each bad line is listed (at most 100; error_count counts them all).
type importErrorBody struct {
	Error      string             `json:"error"`
	Errors     []dataio.LineError `json:"errors"`
	ErrorCount int                `json:"error_count"`
}

func (s *Server) importInteractions(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	return s.importFile(w, r, "interactions")
}

func (s *Server) importKind(w http.ResponseWriter, r *http.Request, ps httprouter.Params) error {
	return s.importFile(w, r, ps.ByName("kind"))
}

// importFile reads a CSV or NDJSON body of products, users or interactions
// and stores it in one transaction. ?create_missing=true creates users and
// products that events refer to but that do not exist.
func (s *Server) importFile(w http.ResponseWriter, r *http.Request, kind string) error {
	q := newQuery(r)
	createMissing := q.v.Get("create_missing") == "true" || q.v.Get("create_missing") == "1"
	formatName := q.v.Get("format")
	if err := dataio.CheckKind(kind); err != nil {
		return badRequest("kind", "%s", err.Error())
	}
	body, err := readBody(w, r, s.cfg.MaxImportBytes)
	if err != nil {
		return err
	}
	var format dataio.Format
	if formatName != "" {
		format, err = dataio.ParseFormat(formatName)
	} else {
		format, err = dataio.DetectFormat("", r.Header.Get("Content-Type"), body[:min(len(body), 512)])
	}
	if err != nil {
		return badRequest("format", "%s", err.Error())
	}
	var res store.ImportResult
	batch, err := dataio.DecodeBatch(kind, format, body)
	if err == nil {
		res, err = s.eng.Import(batch, store.ImportOptions{CreateMissing: createMissing})
	}
	if err != nil {
		return importRejected(w, err, body, format)
	}
	if s.cfg.Metrics != nil {
		s.cfg.Metrics.AddInteractions(res.Interactions)
	}
	writeJSON(w, http.StatusCreated, map[string]any{"message": "import complete", "imported": res})
	return nil
}

// importRejected answers a failed import of body with its line errors.
func importRejected(w http.ResponseWriter, err error, body []byte, f dataio.Format) error {
	var de *dataio.Errors
	var ie *store.ImportError
	switch {
	case errors.As(err, &de):
		writeJSON(w, http.StatusBadRequest, importErrorBody{Error: "the file has errors; nothing was imported", Errors: de.Errors, ErrorCount: de.Total})
		return nil
	case errors.As(err, &ie):
		out := dataio.ImportLineErrors(ie, body, f)
		writeJSON(w, http.StatusBadRequest, importErrorBody{Error: "the file has errors; nothing was imported", Errors: out, ErrorCount: ie.Total})
		return nil
	}
	return err
}

// exportKind streams every product, user or interaction as CSV (default) or
// NDJSON (?format=ndjson).
func (s *Server) exportKind(w http.ResponseWriter, r *http.Request, ps httprouter.Params) error {
	kind := ps.ByName("kind")
	format := dataio.CSV
	if name := r.URL.Query().Get("format"); name != "" {
		var err error
		if format, err = dataio.ParseFormat(name); err != nil {
			return badRequest("format", "%s", err.Error())
		}
	}
	if err := dataio.CheckKind(kind); err != nil {
		return badRequest("kind", "%s", err.Error())
	}
	w.Header().Set("Content-Type", format.ContentType())
	w.Header().Set("Content-Disposition", "attachment; filename="+strconv.Quote(kind+"."+format.String()))
	if err := dataio.Export(s.st, kind, format, w); err != nil {
		// Headers are sent: the best we can do is log and cut the stream.
		s.log.Error("export failed", "kind", kind, "err", err)
	}
	return nil
}
