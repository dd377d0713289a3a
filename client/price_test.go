package client_test

import (
	"encoding/json"
	"testing"

	"shelf/client"
	"shelf/store"
)

func TestPrice(t *testing.T) {
	for _, tc := range []struct {
		json string
		want client.Price
	}{
		{`19.9`, 1990}, {`19.90`, 1990}, {`"19.90"`, 1990}, {`20`, 2000}, {`0.05`, 5},
		{`100.0`, 10000}, {`100.000`, 10000}, {`-0.05`, -5}, {`"12.50"`, 1250},
	} {
		var p client.Price
		if err := json.Unmarshal([]byte(tc.json), &p); err != nil || p != tc.want {
			t.Errorf("%s: %d, %v; want %d", tc.json, p, err, tc.want)
		}
	}
	for _, bad := range []string{`19.999`, `1e3`, `"abc"`, `true`, `{}`, `[]`, `"19.9.9"`, `.5`, `5.`, `--1`, `"1234567890123456"`} {
		var p client.Price
		if err := json.Unmarshal([]byte(bad), &p); err == nil {
			t.Errorf("%s: accepted as %d", bad, p)
		}
	}
	// null leaves a price as it was, as for any number.
	p := client.Price(7)
	if err := json.Unmarshal([]byte(`null`), &p); err != nil || p != 7 {
		t.Errorf("null: %d %v", p, err)
	}
	for p, want := range map[client.Price]string{1990: "19.90", 5: "0.05", 0: "0.00", -5: "-0.05", 123456: "1234.56"} {
		if b, _ := json.Marshal(p); string(b) != want || p.String() != want {
			t.Errorf("%d: %s, %s; want %s", p, b, p, want)
		}
	}
}

// FuzzPrice: every price shelf's own parser accepts, the client reads to
// the same cents and writes back as shelf does.
func FuzzPrice(f *testing.F) {
	for _, s := range []string{"19.9", "19.90", "0", "0.05", "100000000.00", "-1", "1e3", "12.345", " 7 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, werr := store.ParsePrice(s)
		got, gerr := client.ParsePrice(s)
		if werr == nil && (gerr != nil || int64(got) != int64(want) || got.String() != want.String()) {
			t.Fatalf("%q: shelf reads %s, the client %s (%v)", s, want, got, gerr)
		}
		if gerr == nil {
			back, err := client.ParsePrice(got.String())
			if err != nil || back != got {
				t.Fatalf("%q: %s reads back as %s (%v)", s, got, back, err)
			}
		}
	})
}
