package dataio

import "testing"

func TestParseID(t *testing.T) {
	tests := []struct {
		in   string
		want uint64
		ok   bool
	}{
		{"1", 1, true},
		{"007", 7, true},
		{"9999999999999999999", 9999999999999999999, true},
		{"18446744073709551615", 18446744073709551615, true},
		{"18446744073709551616", 0, false},
		{"00000000000000000000042", 42, true},
		{"", 0, false},
		{"-1", 0, false},
		{"+1", 0, false},
		{"1.0", 0, false},
		{"1_000", 0, false},
		{"0x10", 0, false},
	}
	for _, tc := range tests {
		got, err := parseID(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseID(%q) = %d, %v; want %d, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}
