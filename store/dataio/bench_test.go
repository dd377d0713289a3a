package dataio

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"shelf/store"
)

// benchEvents makes n realistic events with a fixed pattern: a third rated,
// a tenth from guest sessions, times a minute apart.
func benchEvents(n int) []store.Interaction {
	base := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)
	out := make([]store.Interaction, n)
	for i := range out {
		it := store.Interaction{
			ID:        uint64(i + 1),
			UserID:    uint64(i%943 + 1),
			ProductID: uint64(i*7%1682 + 1),
			Type:      store.InteractionTypes[i%4],
			Timestamp: base.Add(time.Duration(i) * time.Minute),
		}
		if i%3 == 0 {
			r := float64(i%5 + 1)
			it.Rating = &r
		}
		if i%10 == 0 {
			it.UserID = 0
			it.SessionID = fmt.Sprintf("sess-%d", i%5000)
		}
		out[i] = it
	}
	return out
}

func encodeEvents(tb testing.TB, events []store.Interaction, f Format) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w := NewEventWriter(&buf, f)
	for _, it := range events {
		if err := w.Write(it); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func benchmarkDecodeEvents(b *testing.B, f Format, decode func([]byte, Format) ([]store.Interaction, error)) {
	const lines = 1_000_000
	data := encodeEvents(b, benchEvents(lines), f)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		got, err := decode(data, f)
		if err != nil || len(got) != lines {
			b.Fatalf("got %d events, err %v", len(got), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*lines), "ns/line")
}

func serialDecode(data []byte, f Format) ([]store.Interaction, error) {
	return DecodeEvents(bytes.NewReader(data), f)
}

// The decoding of 1,000,000 events, on one processor and in parallel parts.
func BenchmarkDecodeEventsCSV(b *testing.B)         { benchmarkDecodeEvents(b, CSV, serialDecode) }
func BenchmarkDecodeEventsNDJSON(b *testing.B)      { benchmarkDecodeEvents(b, NDJSON, serialDecode) }
func BenchmarkDecodeEventsCSVParallel(b *testing.B) { benchmarkDecodeEvents(b, CSV, DecodeEventsBytes) }
func BenchmarkDecodeEventsNDJSONParallel(b *testing.B) {
	benchmarkDecodeEvents(b, NDJSON, DecodeEventsBytes)
}

func benchmarkEventWriter(b *testing.B, f Format) {
	const lines = 100_000
	events := benchEvents(lines)
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		w := NewEventWriter(&buf, f)
		for _, it := range events {
			if err := w.Write(it); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*lines), "ns/line")
}

func BenchmarkEventWriterCSV(b *testing.B)    { benchmarkEventWriter(b, CSV) }
func BenchmarkEventWriterNDJSON(b *testing.B) { benchmarkEventWriter(b, NDJSON) }

func BenchmarkParseTime(b *testing.B) {
	for _, s := range []string{"2024-03-01T08:00:00Z", "2024-03-01T08:00:00.123+02:00", "1709280000"} {
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := parseTime(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
