package middleware

import "net/http"

// recorder is the ResponseWriter inner handlers see: it notes the status and
// the body size in the request's Info. Unwrap lets http.ResponseController
// reach the server's writer for Flush, Hijack and deadlines.
type recorder struct {
	http.ResponseWriter
	info *Info
}

// WriteHeader records the first final status. 1xx informational replies
// (other than 101 Switching Protocols) are passed on but not recorded, as
// the final status follows them.
func (w *recorder) WriteHeader(code int) {
	if w.info.Status == 0 && (code >= 200 || code == http.StatusSwitchingProtocols) {
		w.info.Status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write records an implicit 200 and counts the bytes.
func (w *recorder) Write(b []byte) (int, error) {
	if w.info.Status == 0 {
		w.info.Status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.info.Bytes += int64(n)
	return n, err
}

// Flush passes a flush on when the server's writer supports it; a flush
// sends the header, so a missing status becomes 200.
func (w *recorder) Flush() {
	if w.info.Status == 0 {
		w.info.Status = http.StatusOK
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap returns the server's writer for http.ResponseController.
func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// written reports whether the response header has gone out.
func (i *Info) written() bool { return i.Status != 0 }
