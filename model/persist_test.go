package model

import (
	"bytes"
	"context"
	"encoding/binary"
	"reflect"
	"strings"
	"testing"
)

// trainAll trains every component on the planted shop, small settings.
func trainAll(t testing.TB, seed uint64) *Model {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Models = Components()
	cfg.SVD.Components, cfg.ALS.Factors = 8, 8
	cfg.EASE.Recency, cfg.KNN.Recency = 6, 3
	m, err := Train(context.Background(), synthInput(seed), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// marshal encodes m.
func marshal(t testing.TB, m *Model) []byte {
	t.Helper()
	data, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// roundTrip encodes m and decodes what it wrote.
func roundTrip(t testing.TB, m *Model) *Model {
	t.Helper()
	got, err := UnmarshalModel(marshal(t, m))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestMarshalRoundTrip(t *testing.T) {
	m := trainAll(t, 5)
	data, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	got, err := UnmarshalModel(data)
	if err != nil {
		t.Fatal(err)
	}
	// The server decodes straight from the database file's memory, valid
	// only during a read transaction: the model must keep nothing of it.
	orig := bytes.Clone(data)
	for i := range data {
		data[i] = 0xA5
	}
	filters := []Filter{{}, {Category: "a"}, {MinPrice: 1000, MaxPrice: 5000}, {IncludeSeen: true}}
	for u := uint64(0); u <= synthUsers+2; u++ {
		for _, f := range filters {
			if a, b := m.Recommend(u, 10, f), got.Recommend(u, 10, f); !reflect.DeepEqual(a, b) {
				t.Fatalf("user %d filter %+v: Recommend differs after round trip:\n%v\n%v", u, f, a, b)
			}
		}
		if a, b := m.Similar(u, 10, Filter{}), got.Similar(u, 10, Filter{}); !reflect.DeepEqual(a, b) {
			t.Fatalf("item %d: Similar differs after round trip", u)
		}
	}
	h := []Event{{User: 3, Item: 7, Type: Purchase, Rating: -1, Time: testNow}}
	if a, b := m.RecommendFor(m.FoldIn(3, h, testNow), 10, Filter{}), got.RecommendFor(got.FoldIn(3, h, testNow), 10, Filter{}); !reflect.DeepEqual(a, b) {
		t.Fatalf("RecommendFor differs after round trip")
	}
	// Fold-in's gram is read from the file, and equals what a file
	// without it (from before it) computes.
	if !reflect.DeepEqual(m.alsGram, got.alsGram) {
		t.Error("the ALS gram differs after a round trip")
	}
	stored := got.alsGram
	got.alsGram = dense{}
	if got.ready(); !reflect.DeepEqual(stored, got.alsGram) {
		t.Error("the stored ALS gram differs from the computed one")
	}
	if !reflect.DeepEqual(m.Info(), got.Info()) {
		t.Errorf("Info differs: %+v vs %+v", m.Info(), got.Info())
	}
	again, err := got.MarshalBinary()
	if err != nil || !bytes.Equal(again, orig) {
		t.Errorf("re-encoding the decoded model changed the bytes (err %v)", err)
	}
	// AppendBinary writes the same bytes behind what the buffer holds.
	head := []byte("header")
	if appended, err := got.AppendBinary(head); err != nil || !bytes.Equal(appended[:6], head) || !bytes.Equal(appended[6:], orig) {
		t.Errorf("AppendBinary: %d bytes, %v; want the header and the %d bytes MarshalBinary gives", len(appended), err, len(orig))
	}
	t.Logf("model file: %d bytes", len(data))
}

// BenchmarkMarshal encodes a model of 20,000 products and 50,000 users
// with 64 factors per component: the arrays dominate, as at any size.
func BenchmarkMarshal(b *testing.B) {
	m := trainAll(b, 5)
	// Factors as large as a shop's of that size.
	const products, users = 20_000, 50_000
	for _, t := range m.comps {
		if c, ok := t.c.(*alsModel); ok {
			c.x = dense32{Rows: users, Cols: 64, Stride: 64, Data: make([]float32, users*64)}
			c.y = dense32{Rows: products, Cols: 64, Stride: 64, Data: make([]float32, products*64)}
		}
	}
	for b.Loop() {
		if _, err := m.MarshalBinary(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestUnmarshalRejects(t *testing.T) {
	data, err := trainAll(t, 6).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	future := append([]byte(fileMagic), binary.AppendUvarint(nil, formatVersion+1)...)
	future = append(future, data[len(fileMagic)+1:]...)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not a shelf model"},
		{"other file", []byte("PK\x03\x04 a zip file"), "not a shelf model"},
		{"future version", future, "version 2 is not supported"},
		{"magic only", []byte(fileMagic), "corrupt"},
		{"truncated meta", data[:len(fileMagic)+5], "corrupt"},
		{"truncated sections", data[:len(data)/2], "corrupt"},
		{"one byte short", data[:len(data)-1], "corrupt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := UnmarshalModel(tt.data)
			if err == nil || m != nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("UnmarshalModel = %v, %v; want an error containing %q", m, err, tt.want)
			}
		})
	}
}

// FuzzUnmarshalModel checks that no input makes the decoder panic, and
// that what it accepts can be served from.
func FuzzUnmarshalModel(f *testing.F) {
	// A tiny model keeps the seed small: the fuzzer slows down a lot on
	// inputs of many kilobytes.
	cfg := DefaultConfig()
	cfg.Models = Components()
	cfg.SVD.Components, cfg.ALS.Factors = 2, 2
	m, err := Train(context.Background(), shopInput(), cfg)
	if err != nil {
		f.Fatal(err)
	}
	data, err := m.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add(data[:len(data)/3])
	f.Add([]byte(fileMagic + "\x01\x02{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := UnmarshalModel(data)
		if err != nil {
			return
		}
		for _, u := range []uint64{0, 1, 2, 9} {
			m.Recommend(u, 5, Filter{})
			m.Similar(u, 5, Filter{})
			m.RecommendFor(m.FoldIn(u, []Event{{User: u, Item: 3, Type: View, Rating: -1}}, 0), 5, Filter{})
		}
	})
}

func TestMarshalRoundTripSparseEASE(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Models, cfg.Weights = []string{EASE}, map[string]float64{EASE: 1}
	cfg.Validate, cfg.EASE.MaxItems, cfg.EASE.Neighbours, cfg.EASE.Recency = false, 50, 20, 6
	m, err := Train(context.Background(), synthInput(6), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m.comps[0].c.(*sparseEASE); !ok {
		t.Fatalf("EASE above MaxItems is %T, want sparse", m.comps[0].c)
	}
	data, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	got, err := UnmarshalModel(data)
	if err != nil {
		t.Fatal(err)
	}
	for u := uint64(0); u <= synthUsers; u++ {
		if a, b := m.Recommend(u, 10, Filter{}), got.Recommend(u, 10, Filter{}); !reflect.DeepEqual(a, b) {
			t.Fatalf("user %d: Recommend differs after round trip:\n%v\n%v", u, a, b)
		}
	}
	if again, err := got.MarshalBinary(); err != nil || !bytes.Equal(again, data) {
		t.Errorf("re-encoding the decoded model changed the bytes (err %v)", err)
	}
}
