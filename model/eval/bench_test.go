package eval

import (
	"context"
	"os"
	"testing"

	"shelf/model"
)

// movieLensSplit loads and splits MovieLens 100K once per benchmark.
func movieLensSplit(b *testing.B) *split {
	f, err := os.Open(movieLensPath(b))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	events, err := loadMovieLens(f, 4)
	if err != nil {
		b.Fatal(err)
	}
	return holdout(events)
}

func benchmarkTrainMovieLens(b *testing.B, rows []string) {
	s := movieLensSplit(b)
	for b.Loop() {
		if _, err := trainModel(context.Background(), s, rows, model.DefaultConfig()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTrainMovieLensSVD(b *testing.B)      { benchmarkTrainMovieLens(b, []string{"svd"}) }
func BenchmarkTrainMovieLensALS(b *testing.B)      { benchmarkTrainMovieLens(b, []string{"als"}) }
func BenchmarkTrainMovieLensBPR(b *testing.B)      { benchmarkTrainMovieLens(b, []string{"bpr"}) }
func BenchmarkTrainMovieLensEnsemble(b *testing.B) { benchmarkTrainMovieLens(b, []string{"ensemble"}) }

// BenchmarkRecommendMovieLens scores and ranks one user with every component.
func BenchmarkRecommendMovieLens(b *testing.B) {
	s := movieLensSplit(b)
	m, err := trainModel(context.Background(), s, []string{"ensemble"}, model.DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		m.Recommend(42, 10, model.Filter{})
	}
}
