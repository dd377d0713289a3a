package model

import (
	"context"
	"testing"
)

// benchInput is a larger planted shop for benchmarks.
func benchInput() Input { return synthInput(42) }

func benchmarkTrain(b *testing.B, models []string) {
	in := benchInput()
	cfg := DefaultConfig()
	cfg.Models = models
	for b.Loop() {
		if _, err := Train(context.Background(), in, cfg); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTrainPopularity(b *testing.B) { benchmarkTrain(b, []string{}) }
func BenchmarkTrainCF(b *testing.B)         { benchmarkTrain(b, []string{CF}) }
func BenchmarkTrainMF(b *testing.B)         { benchmarkTrain(b, []string{MF}) }

func BenchmarkRecommend(b *testing.B) {
	m, err := Train(context.Background(), benchInput(), DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		m.Recommend(7, 10, Filter{})
	}
}
