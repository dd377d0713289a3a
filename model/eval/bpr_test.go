package eval

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"shelf/model"
)

// TestBPRChoice measures the bpr row on a validation split carved from the
// MovieLens 100K training pairs (never the test pairs) for a grid of
// settings around model.DefaultBPRConfig, one knob at a time. It runs with
// SHELF_BPR=1 (SHELF_BPR_EPOCHS="10,20,40" overrides the epochs tried);
// the chosen figures are in the doc of model.DefaultBPRConfig.
func TestBPRChoice(t *testing.T) {
	if os.Getenv("SHELF_BPR") == "" {
		t.Skip("set SHELF_BPR=1 to measure BPR settings on a validation split of MovieLens 100K")
	}
	f, err := os.Open(movieLensPath(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	events, err := loadMovieLens(f, 4)
	if err != nil {
		t.Fatal(err)
	}
	val := validation(holdout(events))
	epochs := []float64{10, 20, 40, 80}
	if s := os.Getenv("SHELF_BPR_EPOCHS"); s != "" {
		epochs = nil
		for _, p := range strings.Split(s, ",") {
			v, err := strconv.ParseFloat(p, 64)
			if err != nil {
				t.Fatal(err)
			}
			epochs = append(epochs, v)
		}
	}
	knobs := []struct {
		name   string
		values []float64
		set    func(*model.BPRConfig, float64)
	}{
		{"learn rate", []float64{0.01, 0.02, 0.05, 0.1}, func(c *model.BPRConfig, v float64) { c.LearnRate = v }},
		{"reg", []float64{0.001, 0.003, 0.01, 0.03}, func(c *model.BPRConfig, v float64) { c.Reg = v }},
		{"factors", []float64{32, 64, 128}, func(c *model.BPRConfig, v float64) { c.Factors = int(v) }},
		{"epochs", epochs, func(c *model.BPRConfig, v float64) { c.Epochs = int(v) }},
	}
	base := model.DefaultConfig()
	for _, k := range knobs {
		for _, v := range k.values {
			cfg := cloneConfig(base)
			k.set(&cfg.BPR, v)
			start := time.Now()
			ndcg, err := validate(context.Background(), val, "bpr", cfg, 10)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s %g: validation NDCG@10 %.4f (%s)", k.name, v, ndcg, time.Since(start).Round(time.Millisecond))
		}
	}
}
