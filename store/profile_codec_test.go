package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// randomProfile draws a profile with empty and full fields, odd floats and
// times far from now.
func randomProfile(r *rand.Rand) Profile {
	p := Profile{
		UserID:        r.Uint64N(1 << uint(r.IntN(64))),
		UpdatedAt:     time.Unix(r.Int64N(1<<40)-1<<39, r.Int64N(1e9)).UTC(),
		Embedding:     make([]float32, r.IntN(130)),
		TopCategories: make([]string, r.IntN(6)),
		Preferences:   map[string]float64{},
	}
	for i := range p.Embedding {
		p.Embedding[i] = float32(r.NormFloat64())
	}
	if len(p.Embedding) > 2 {
		p.Embedding[0], p.Embedding[1] = float32(math.Inf(-1)), float32(math.Copysign(0, -1))
	}
	for i := range p.TopCategories {
		c := fmt.Sprintf("Cat é %d", r.IntN(1000))
		if i == 0 {
			c = ""
		}
		p.TopCategories[i] = c
		p.Preferences[c] = 1 / float64(i+1)
	}
	return p
}

// Every profile reads back as written.
func TestProfileEncodingRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 5000 {
		want := randomProfile(r)
		var got Profile
		if err := decodeProfile(encodeProfile(&want), &got); err != nil {
			t.Fatalf("%+v: %v", want, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("read back\n%+v, want\n%+v", got, want)
		}
	}
	// nil fields come back empty, as the JSON of an empty profile read.
	var got Profile
	if err := decodeProfile(encodeProfile(&Profile{UserID: 3}), &got); err != nil {
		t.Fatal(err)
	}
	if got.UserID != 3 || got.Embedding == nil || got.TopCategories == nil || got.Preferences == nil || !got.UpdatedAt.Equal(time.Time{}) {
		t.Fatalf("read back %+v", got)
	}
}

// The binary form is what makes a training's profile writes cheap: about
// a third of the JSON's bytes for a typical embedding.
func TestProfileEncodingIsSmallerThanJSON(t *testing.T) {
	p := randomProfile(rand.New(rand.NewPCG(7, 8)))
	p.Embedding = make([]float32, 64)
	for i := range p.Embedding {
		p.Embedding[i] = float32(i)*0.0123456 - 0.4
	}
	js, _ := json.Marshal(&p)
	if bin := encodeProfile(&p); 2*len(bin) > len(js) {
		t.Fatalf("binary %d bytes, JSON %d", len(bin), len(js))
	}
}

// Damaged records are refused, never read as something else: every
// truncation, a wrong tag, trailing bytes, a length beyond the record, a
// string that is not UTF-8 and nanoseconds past a second.
func TestProfileDecodingRefusesDamage(t *testing.T) {
	p := randomProfile(rand.New(rand.NewPCG(9, 10)))
	p.Embedding, p.TopCategories = []float32{1, 2, 3}, []string{"a", "b"}
	p.Preferences = map[string]float64{"a": 1, "b": 0.5}
	good := encodeProfile(&p)
	var got Profile
	for n := range len(good) {
		if decodeProfile(good[:n], &got) == nil {
			t.Fatalf("a record cut to %d of %d bytes decoded", n, len(good))
		}
	}
	bad := map[string][]byte{
		"tag":       append([]byte{2}, good[1:]...),
		"trailing":  append(append([]byte{}, good...), 0),
		"huge list": append(binary.AppendUvarint([]byte{profileBinary, 1, 0, 0}, 1<<60), 0, 0, 0, 0),
		"not utf-8": {profileBinary, 1, 0, 0, 0, 1, 1, 0xff, 0},
		"nanos":     binary.AppendUvarint([]byte{profileBinary, 1, 0}, 1e9),
	}
	for name, b := range bad {
		if err := decodeProfile(b, &got); err == nil {
			t.Errorf("%s: decoded %+v", name, got)
		}
	}
	// The same records, well formed, decode: the cases above fail for the
	// reason named.
	if err := decodeProfile([]byte{profileBinary, 1, 0, 0, 0, 1, 1, 'x', 0}, &got); err != nil {
		t.Fatal(err)
	}
}

// A file written by schema version 3 holds JSON profiles: they read, check
// clean with the file's verifier, and are replaced by binary ones when
// written again.
func TestProfilesOfVersion3Read(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v3.db")
	s := journalShop(t, path)
	old := Profile{UserID: 2, Preferences: map[string]float64{"C": 1}, TopCategories: []string{"C"},
		Embedding: []float32{0.25, -1}, UpdatedAt: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)}
	js, err := json.Marshal(&old)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bProfiles).Put(u64(2), js); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put(keySchema, u64(3))
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Profile(2)
	if err != nil || !reflect.DeepEqual(got, old) {
		t.Fatalf("read %+v, %v; want %+v", got, err, old)
	}
	if r, err := s.Verify(VerifyOptions{}); err != nil || !r.OK() || r.Counts.Profiles != 1 {
		t.Fatalf("verify: %+v, %v", r, err)
	}
	old.Embedding = []float32{3}
	if err := s.PutProfiles([]Profile{old}); err != nil {
		t.Fatal(err)
	}
	err = s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bProfiles).Get(u64(2)); len(v) == 0 || v[0] != profileBinary {
			return fmt.Errorf("rewritten as %q", v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.Profile(2); err != nil || !reflect.DeepEqual(got, old) {
		t.Fatalf("read %+v, %v; want %+v", got, err, old)
	}
}

// A damaged profile is a CorruptError naming its record, and the file's
// verifier reports it.
func TestDamagedProfileIsReported(t *testing.T) {
	s := journalShop(t, filepath.Join(t.TempDir(), "p.db"))
	if err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bProfiles).Put(u64(3), []byte{profileBinary, 3})
	}); err != nil {
		t.Fatal(err)
	}
	var ce *CorruptError
	if _, err := s.Profile(3); !errors.As(err, &ce) || ce.Bucket != string(bProfiles) {
		t.Fatalf("read: %v", err)
	}
	if r, err := s.Verify(VerifyOptions{}); err != nil || r.ProblemCount != 1 {
		t.Fatalf("verify: %+v, %v", r, err)
	}
}

// Arbitrary bytes never panic the decoder, and a binary profile it reads
// encodes back to a record that reads the same (compared encoded: NaN
// embeddings are not equal to themselves).
func FuzzDecodeProfile(f *testing.F) {
	r := rand.New(rand.NewPCG(11, 12))
	for range 6 {
		p := randomProfile(r)
		f.Add(encodeProfile(&p))
	}
	f.Add([]byte(`{"user_id":1,"embedding":[1]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var p Profile
		if decodeProfile(b, &p) != nil || (len(b) > 0 && b[0] == '{') {
			return
		}
		var again Profile
		if err := decodeProfile(encodeProfile(&p), &again); err != nil {
			t.Fatalf("re-encoded %+v: %v", p, err)
		}
		if !bytes.Equal(encodeProfile(&again), encodeProfile(&p)) {
			t.Fatalf("re-read %+v, want %+v", again, p)
		}
	})
}
