package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// Row is the quality of one model.
type Row struct {
	Model     string  `json:"model"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	NDCG      float64 `json:"ndcg"`
	// NDCGCI95 is the half width of the 95% confidence interval of NDCG
	// over the test users (normal approximation).
	NDCGCI95  float64       `json:"ndcg_ci95"`
	HitRate   float64       `json:"hit_rate"`
	Coverage  float64       `json:"coverage"`
	TrainTime time.Duration `json:"train_time_ns"`
	// Settings are the settings the row's model trained with, as chosen on
	// validation ("cell=binary lambda=400"; the blend weights for the
	// ensemble).
	Settings string `json:"settings,omitempty"`
	// Blend, on the ensemble row, names the components the served blend
	// is made of ("ease+mf", or one name when a single component won); on
	// a component row it is "in" when the served blend uses it.
	Blend string `json:"blend,omitempty"`
	// Weight is a blended component's weight in the served blend.
	Weight float64 `json:"weight,omitempty"`
	// ValidationNDCG is the NDCG@10 measured on the validation split that
	// chose the settings (0 when the row was not validated).
	ValidationNDCG float64 `json:"validation_ndcg,omitempty"`
}

// Report is the outcome of one evaluation run.
type Report struct {
	Protocol   string `json:"protocol"`
	Format     string `json:"format"`
	K          int    `json:"k"`
	Users      int    `json:"users"`
	Items      int    `json:"items"`
	TrainPairs int    `json:"train_pairs"`
	TestUsers  int    `json:"test_users"`
	TestPairs  int    `json:"test_pairs"`
	Rows       []Row  `json:"rows"`
	// Tuning is the validation search, when Options.Tune asked for one.
	Tuning *Tuning `json:"tuning,omitempty"`
	// TuneLog is the served model's own settings search on its validation
	// split (model.Info.TuneLog).
	TuneLog []string `json:"tune_log,omitempty"`
}

// WriteText writes the report as an aligned table.
func (r *Report) WriteText(w io.Writer) error {
	if _, err := fmt.Fprintf(w, "protocol %s, %s: %d users, %d items, %d training pairs, %d test users, %d test pairs\n",
		r.Protocol, r.Format, r.Users, r.Items, r.TrainPairs, r.TestUsers, r.TestPairs); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "model\tprecision@%d\trecall@%d\tNDCG@%d\t±95%%\thit@%d\tcoverage\ttrain time\tvalidation\t\n", r.K, r.K, r.K, r.K)
	for _, row := range r.Rows {
		val := "-"
		if row.ValidationNDCG > 0 {
			val = fmt.Sprintf("%.4f", row.ValidationNDCG)
		}
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%s\t%s\t\n", row.Model, row.Precision, row.Recall,
			row.NDCG, row.NDCGCI95, row.HitRate, row.Coverage, row.TrainTime.Round(time.Millisecond), val)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, row := range r.Rows {
		if row.Settings == "" {
			continue
		}
		line := fmt.Sprintf("  %s: %s", row.Model, row.Settings)
		switch {
		case row.Model == "ensemble":
			line += ", served: " + row.Blend
		case row.Blend == "in":
			line += fmt.Sprintf(", blended with weight %g", row.Weight)
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	if r.Tuning != nil {
		fmt.Fprintf(w, "settings tuned on a validation split of the training pairs in %s:\n", r.Tuning.Took.Round(time.Millisecond))
		for _, l := range r.Tuning.Log {
			if _, err := fmt.Fprintln(w, "  "+l); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteJSON writes the report as indented JSON; train times are in nanoseconds.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
