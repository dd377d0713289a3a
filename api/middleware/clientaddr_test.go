package middleware

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientAddr(t *testing.T) {
	lan := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32")}
	tests := []struct {
		name   string
		proxy  Proxy
		remote string
		xff    []string
		want   string
	}{
		{"direct", Proxy{}, "203.0.113.5:4000", nil, "203.0.113.5"},
		{"direct ignores xff", Proxy{}, "203.0.113.5:4000", []string{"1.2.3.4"}, "203.0.113.5"},
		{"direct ipv6", Proxy{}, "[2001:db8::1]:4000", nil, "2001:db8::1"},
		{"one proxy, no xff", Proxy{Trust: true}, "10.0.0.2:80", nil, "10.0.0.2"},
		{"one proxy", Proxy{Trust: true}, "10.0.0.2:80", []string{"198.51.100.7"}, "198.51.100.7"},
		{"one proxy, forged left", Proxy{Trust: true}, "10.0.0.2:80", []string{"6.6.6.6, 198.51.100.7"}, "198.51.100.7"},
		{"one proxy, lines", Proxy{Trust: true}, "10.0.0.2:80", []string{"6.6.6.6", "198.51.100.7"}, "198.51.100.7"},
		{"one proxy, spaces and empties", Proxy{Trust: true}, "10.0.0.2:80", []string{" 198.51.100.7 , ,"}, "198.51.100.7"},
		{"one proxy, port", Proxy{Trust: true}, "10.0.0.2:80", []string{"198.51.100.7:5555"}, "198.51.100.7"},
		{"one proxy, ipv6 port", Proxy{Trust: true}, "10.0.0.2:80", []string{"[2001:db8::7]:5555"}, "2001:db8::7"},
		{"one proxy, mapped", Proxy{Trust: true}, "10.0.0.2:80", []string{"::ffff:198.51.100.7"}, "198.51.100.7"},
		{"one proxy, garbage", Proxy{Trust: true}, "10.0.0.2:80", []string{"unknown"}, "10.0.0.2"},
		{"one proxy, garbage left", Proxy{Trust: true}, "10.0.0.2:80", []string{"junk, 198.51.100.7"}, "198.51.100.7"},
		{"chain skips trusted", Proxy{Trust: true, Trusted: lan}, "127.0.0.1:80", []string{"6.6.6.6, 198.51.100.7, 10.1.1.1"}, "198.51.100.7"},
		{"chain all trusted", Proxy{Trust: true, Trusted: lan}, "127.0.0.1:80", []string{"10.9.9.9, 10.1.1.1"}, "10.9.9.9"},
		{"chain garbage after trusted", Proxy{Trust: true, Trusted: lan}, "127.0.0.1:80", []string{"bad, 10.1.1.1"}, "10.1.1.1"},
		{"untrusted peer", Proxy{Trust: true, Trusted: lan}, "203.0.113.5:80", []string{"1.2.3.4"}, "203.0.113.5"},
		{"no port", Proxy{}, "pipe", nil, "pipe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				req.Header.Add("X-Forwarded-For", v)
			}
			if got := tt.proxy.ClientAddr(req); got != tt.want {
				t.Fatalf("ClientAddr = %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzClientAddr: whatever the header, the result is the peer or a
// canonical IP address, never something the client chose freely.
func FuzzClientAddr(f *testing.F) {
	for _, s := range []string{"", "1.2.3.4", "a, b, 1.2.3.4", "[::1]:80", ",,,", "10.0.0.1, 2001:db8::1%eth0", "::ffff:1.2.3.4"} {
		f.Add(s, true)
	}
	lan := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	f.Fuzz(func(t *testing.T, xff string, chain bool) {
		p := Proxy{Trust: true}
		if chain {
			p.Trusted = lan
		}
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.RemoteAddr = "10.0.0.2:80"
		req.Header["X-Forwarded-For"] = []string{xff}
		got := p.ClientAddr(req)
		if got == "10.0.0.2" {
			return
		}
		ip, err := netip.ParseAddr(got)
		if err != nil || ip.String() != got || ip.Zone() != "" || ip.Is4In6() {
			t.Fatalf("ClientAddr(%q) = %q, not a canonical IP", xff, got)
		}
		_ = limitKey(got)
	})
}

// FuzzRequestID: a kept id is safe to log and echo; anything else is
// replaced by a fresh one.
func FuzzRequestID(f *testing.F) {
	for _, s := range []string{"", "abc", "a b", "x\r\nSet-Cookie: a=b", "ü", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0"} {
		f.Add(s)
	}
	h := RequestInfo(Proxy{})(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	f.Fuzz(func(t *testing.T, id string) {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header["X-Request-Id"] = []string{id}
		got := do(h, req).Header().Get("X-Request-ID")
		if got == id {
			if !ValidRequestID(id) {
				t.Fatalf("kept invalid id %q", id)
			}
			return
		}
		if ValidRequestID(id) || !hexID.MatchString(got) {
			t.Fatalf("id %q became %q", id, got)
		}
	})
}
