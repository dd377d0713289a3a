package api

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"net/http"
	"time"

	"github.com/julienschmidt/httprouter"
)

// openapiDoc is the OpenAPI 3.1 document of the whole API, written by
// hand beside the handlers. TestOpenAPIRoutes holds it to the routing
// table, and TestOpenAPIAnswersMatch to what the handlers answer.
//
//go:embed openapi.json
var openapiDoc []byte

// openapiETag names the document of this build: it changes only with the
// binary, so it is computed once.
var openapiETag = func() string {
	sum := sha256.Sum256(openapiDoc)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}()

// openapi serves the document to anyone. It is cached briefly and then
// revalidated by its ETag, so that a new binary's document is picked up
// within minutes.
func (s *Server) openapi(w http.ResponseWriter, r *http.Request, _ httprouter.Params) error {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("ETag", openapiETag)
	// ServeContent answers If-None-Match with a 304, and HEAD and ranges.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(openapiDoc))
	return nil
}
