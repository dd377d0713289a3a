package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"shelf/store"
	"shelf/store/dataio"
)

// randomText draws short strings from an alphabet of what breaks naive
// codecs: separators, quotes, formula starts, controls, apostrophes,
// non-ASCII and line separators.
func randomText(r *rand.Rand) string {
	parts := []string{"a", "Z", " ", ",", `"`, "'", "=", "+", "-", "@", "\t", "\r", "\n", "\x00", "\x1b", "é", "☕", "\u2028", ";", "\\", "1e3"}
	var b strings.Builder
	for range r.IntN(6) {
		b.WriteString(parts[r.IntN(len(parts))])
	}
	return b.String()
}

// randomTime draws from the whole range a client might send, far outside
// what shelf accepts too.
func randomTime(r *rand.Rand) time.Time {
	switch r.IntN(4) {
	case 0:
		return time.Date(1+r.IntN(9998), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), 0, 0, r.IntN(1e9), time.UTC)
	case 1:
		return time.Unix(r.Int64N(4e9)-2e9, r.Int64N(1e9)).UTC()
	default:
		return now.Add(-time.Duration(r.Int64N(int64(400 * 24 * time.Hour)))).Add(time.Duration(r.IntN(2e9)))
	}
}

// TestWhatTheAPIAcceptsRoundTrips: whatever POST /api/interaction/ and
// POST /api/products/ accept, an export (CSV and NDJSON) imports back into
// an empty store unchanged.
func TestWhatTheAPIAcceptsRoundTrips(t *testing.T) {
	srv, st := newServer(t)
	r := rand.New(rand.NewPCG(1, 2))
	accepted := 0
	for range 300 {
		body := map[string]any{"product_id": 1 + r.IntN(5), "interaction_type": []string{"view", "like", "cart", "purchase"}[r.IntN(4)]}
		if r.IntN(4) > 0 {
			body["user_id"] = 1 + r.IntN(2)
		}
		if r.IntN(2) == 0 {
			body["session_id"] = randomText(r)
		}
		if r.IntN(3) > 0 {
			body["timestamp"] = randomTime(r).Format(time.RFC3339Nano)
		}
		if r.IntN(2) == 0 {
			body["rating"] = r.Float64() * 6
		}
		b, _ := json.Marshal(body)
		resp, err := http.Post(srv.URL+"/api/interaction/", "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusCreated {
			accepted++
		} else if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("%s: status %d", b, resp.StatusCode)
		}
		p := map[string]any{"name": "p" + randomText(r), "category": "c" + randomText(r), "description": randomText(r), "price": r.IntN(100000)}
		if r.IntN(2) == 0 {
			p["created_at"] = randomTime(r).Format(time.RFC3339Nano)
		}
		b, _ = json.Marshal(p)
		resp, err = http.Post(srv.URL+"/api/products/", "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if accepted < 50 {
		t.Fatalf("only %d of 300 events were accepted: the test checks too little", accepted)
	}
	for _, format := range []string{"csv", "ndjson"} {
		fresh, err := store.Open(filepath.Join(t.TempDir(), format+".db"), store.Options{Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		defer fresh.Close()
		f, _ := dataio.ParseFormat(format)
		for _, kind := range []string{"products", "users", "interactions"} {
			resp, err := http.Get(srv.URL + "/api/export/" + kind + "?format=" + format)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			batch, err := dataio.DecodeBatch(kind, f, data)
			if err == nil {
				_, err = fresh.Import(batch, store.ImportOptions{})
			}
			if err != nil {
				t.Fatalf("%s %s export does not import back: %v", format, kind, err)
			}
		}
		if a, b := dump(t, st), dump(t, fresh); a != b {
			t.Fatalf("%s: the imported copy differs from what the API stored", format)
		}
	}
}

// dump lists every product and interaction of st as text, in id order.
func dump(t *testing.T, st *store.Store) string {
	t.Helper()
	var lines []string
	if err := st.ForEachProduct(func(p store.Product) error {
		lines = append(lines, fmt.Sprintf("p %d %q %q %q %d %s", p.ID, p.Name, p.Description, p.Category, p.Price, p.CreatedAt.Format(time.RFC3339Nano)))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := st.ForEachInteraction(func(it *store.Interaction) error {
		rating := "-"
		if it.Rating != nil {
			rating = fmt.Sprint(*it.Rating)
		}
		lines = append(lines, fmt.Sprintf("i %d %d %d %s %s %s %q", it.ID, it.UserID, it.ProductID, it.Type, rating, it.Timestamp.Format(time.RFC3339Nano), it.SessionID))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
