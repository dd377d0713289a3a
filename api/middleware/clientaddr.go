package middleware

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxy says whether shelf runs behind reverse proxies whose
// X-Forwarded-For header can be believed.
type Proxy struct {
	// Trust enables X-Forwarded-For. Leave it off when clients connect
	// directly: anyone can send the header, and believing it would let a
	// client pick its own rate-limit bucket.
	Trust bool
	// Trusted lists the proxies' own addresses. Empty means exactly one
	// proxy: the direct peer, whose right-most X-Forwarded-For entry is the
	// client. When set, the header is only read if the peer is in the list,
	// and hops in the list are skipped from the right.
	Trusted []netip.Prefix
}

// ClientAddr returns the client's IP address. Without Trust it is the host
// of r.RemoteAddr. With Trust it walks X-Forwarded-For from the right (the
// entry added by the nearest proxy) and returns the right-most hop that is
// not a trusted proxy: entries further left were written by the client and
// may be forged. An entry that is not an IP address stops the walk at the
// hop to its right. The result is a canonical IP string, or RemoteAddr as is
// when that has no parsable host (as with some test transports).
func (p Proxy) ClientAddr(r *http.Request) string {
	peer := remoteHost(r.RemoteAddr)
	if !p.Trust {
		return peer
	}
	xff := r.Header.Values("X-Forwarded-For")
	if len(xff) == 0 {
		return peer
	}
	if len(p.Trusted) > 0 {
		ip, err := netip.ParseAddr(peer)
		if err != nil || !p.trusted(ip) {
			return peer
		}
	}
	client := peer
	for i := len(xff) - 1; i >= 0; i-- {
		rest := xff[i]
		for rest != "" {
			var hop string
			if j := strings.LastIndexByte(rest, ','); j >= 0 {
				hop, rest = rest[j+1:], rest[:j]
			} else {
				hop, rest = rest, ""
			}
			hop = strings.TrimSpace(hop)
			if hop == "" {
				continue
			}
			ip, ok := parseHop(hop)
			if !ok {
				return client
			}
			client = ip.String()
			if len(p.Trusted) == 0 || !p.trusted(ip) {
				return client
			}
		}
	}
	return client
}

func (p Proxy) trusted(ip netip.Addr) bool {
	ip = ip.Unmap()
	for _, pr := range p.Trusted {
		if pr.Contains(ip) {
			return true
		}
	}
	return false
}

// parseHop reads one X-Forwarded-For entry: an IP address, optionally with a
// port ("1.2.3.4:80", "[::1]:80"), as some proxies write them.
func parseHop(s string) (netip.Addr, bool) {
	if ip, err := netip.ParseAddr(s); err == nil {
		return ip.Unmap().WithZone(""), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	return netip.Addr{}, false
}

// remoteHost strips the port from r.RemoteAddr.
func remoteHost(addr string) string {
	if host, _, err := net.SplitHostPort(addr); err == nil {
		return host
	}
	return addr
}

// limitKey is the rate-limit bucket of a client address: IPv6 clients are
// grouped by /64, since one host usually holds a whole /64 and could
// otherwise take a fresh bucket per request.
func limitKey(addr string) string {
	if strings.IndexByte(addr, ':') < 0 {
		return addr // IPv4 or unparsable: as is, without allocating
	}
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is4() {
		return ip.String()
	}
	pfx, _ := ip.Prefix(64)
	return pfx.String()
}
