package loadtest

import (
	"bufio"
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// conn is one client's keep-alive HTTP/1.1 connection. The load goes
// through it rather than through http.Client because the client hands every
// request between three goroutines (caller, read loop, write loop), and on
// a machine the server shares that runtime traffic made the generator cost
// twice what wrk costs per request. Here one goroutine writes the request
// and reads the answer with net/http's own parser (http.ReadResponse), so
// status lines, chunking and Connection: close are handled by the standard
// library. It is not safe for concurrent use.
type conn struct {
	addr    string // host:port to dial
	host    string // the Host header
	tls     *tls.Config
	timeout time.Duration
	auth    string // "Bearer ..." or ""

	c    net.Conn
	br   *bufio.Reader
	bw   *bufio.Writer
	stop func() bool // undoes the close-on-cancel hook of c
}

// newConn returns an unconnected conn to opt.BaseURL, which withDefaults
// has checked.
func newConn(opt Options) *conn {
	u, _ := url.Parse(opt.BaseURL)
	cn := &conn{addr: u.Host, host: u.Host, timeout: opt.Timeout}
	if u.Port() == "" {
		port := "80"
		if u.Scheme == "https" {
			port = "443"
		}
		cn.addr = net.JoinHostPort(u.Hostname(), port)
	}
	if u.Scheme == "https" {
		cn.tls = &tls.Config{ServerName: u.Hostname()}
	}
	if opt.APIKey != "" {
		cn.auth = "Bearer " + opt.APIKey
	}
	return cn
}

// dial connects, and arranges for ctx's cancellation to close the
// connection so that a blocked read returns at once.
func (cn *conn) dial(ctx context.Context) error {
	d := net.Dialer{Timeout: min(cn.timeout, 5*time.Second), KeepAlive: 30 * time.Second}
	var c net.Conn
	var err error
	if cn.tls != nil {
		td := tls.Dialer{NetDialer: &d, Config: cn.tls}
		c, err = td.DialContext(ctx, "tcp", cn.addr)
	} else {
		c, err = d.DialContext(ctx, "tcp", cn.addr)
	}
	if err != nil {
		return err
	}
	cn.c = c
	cn.stop = context.AfterFunc(ctx, func() { c.Close() })
	if cn.br == nil {
		// 64 KB: a page of recommendations (about 4 KB, chunked) is read in
		// one syscall.
		cn.br = bufio.NewReaderSize(c, 64<<10)
		cn.bw = bufio.NewWriterSize(c, 4<<10)
	} else {
		cn.br.Reset(c)
		cn.bw.Reset(c)
	}
	return nil
}

// close drops the connection; the next request dials again.
func (cn *conn) close() {
	if cn.c != nil {
		cn.stop()
		cn.c.Close()
		cn.c = nil
	}
}

// do sends r and reads its whole answer, returning the status. A failure
// on a reused connection (the server may have closed it while idle) is
// retried once on a fresh one, as net/http does for idempotent requests;
// a POST is not retried, since the server may have recorded it.
func (cn *conn) do(ctx context.Context, r request) (int, error) {
	reused := cn.c != nil
	status, err := cn.roundTrip(ctx, r)
	if err != nil && reused && ctx.Err() == nil && r.method == http.MethodGet {
		status, err = cn.roundTrip(ctx, r)
	}
	return status, err
}

func (cn *conn) roundTrip(ctx context.Context, r request) (int, error) {
	if cn.c == nil {
		if err := cn.dial(ctx); err != nil {
			return 0, err
		}
	}
	if err := cn.c.SetDeadline(time.Now().Add(cn.timeout)); err != nil {
		cn.close()
		return 0, err
	}
	cn.writeRequest(r)
	if err := cn.bw.Flush(); err != nil {
		cn.close()
		return 0, err
	}
	resp, err := http.ReadResponse(cn.br, nil)
	if err != nil {
		cn.close()
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil || resp.Close {
		cn.close()
	}
	return resp.StatusCode, err
}

// writeRequest writes r's request line, headers and body into the buffer.
// Errors surface at Flush.
func (cn *conn) writeRequest(r request) {
	w := cn.bw
	w.WriteString(r.method)
	w.WriteByte(' ')
	w.WriteString(r.path)
	w.WriteString(" HTTP/1.1\r\nHost: ")
	w.WriteString(cn.host)
	w.WriteString("\r\nUser-Agent: shelf-bench\r\n")
	if cn.auth != "" {
		w.WriteString("Authorization: ")
		w.WriteString(cn.auth)
		w.WriteString("\r\n")
	}
	if r.body != nil {
		w.WriteString("Content-Type: application/json\r\nContent-Length: ")
		var num [20]byte
		w.Write(strconv.AppendInt(num[:0], int64(len(r.body)), 10))
		w.WriteString("\r\n\r\n")
		w.Write(r.body)
		return
	}
	w.WriteString("\r\n")
}
