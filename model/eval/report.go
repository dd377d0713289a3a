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
	Model     string        `json:"model"`
	Precision float64       `json:"precision"`
	Recall    float64       `json:"recall"`
	NDCG      float64       `json:"ndcg"`
	HitRate   float64       `json:"hit_rate"`
	Coverage  float64       `json:"coverage"`
	TrainTime time.Duration `json:"train_time_ns"`
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
}

// WriteText writes the report as an aligned table.
func (r *Report) WriteText(w io.Writer) error {
	if _, err := fmt.Fprintf(w, "protocol %s, %s: %d users, %d items, %d training pairs, %d test users, %d test pairs\n",
		r.Protocol, r.Format, r.Users, r.Items, r.TrainPairs, r.TestUsers, r.TestPairs); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "model\tprecision@%d\trecall@%d\tNDCG@%d\thit@%d\tcoverage\ttrain time\t\n", r.K, r.K, r.K, r.K)
	for _, row := range r.Rows {
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%s\t\n", row.Model, row.Precision, row.Recall,
			row.NDCG, row.HitRate, row.Coverage, row.TrainTime.Round(time.Millisecond))
	}
	if err := tw.Flush(); err != nil {
		return err
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
