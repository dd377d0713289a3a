package client

import (
	"context"
	"net/http"
	"time"
)

// Experiment splits the shoppers of one placement between variants.
type Experiment struct {
	ID        uint64    `json:"id"`
	Name      string    `json:"name"`
	Placement string    `json:"placement"`
	Variants  []Variant `json:"variants"`
	// Status is draft, running, stopped or shipped.
	Status    string     `json:"status"`
	CreatedAt time.Time  `json:"created_at"`
	StartedAt *time.Time `json:"started_at"`
	StoppedAt *time.Time `json:"stopped_at"`
	// ShippedVariant is the variant every shopper gets once shipped.
	ShippedVariant string `json:"shipped_variant"`
	// Results are the variants' figures; only Experiment returns them.
	Results *ExperimentResults `json:"results,omitempty"`
}

// Variant is one arm of an experiment. Exactly one variant of an
// experiment overrides nothing: the control.
type Variant struct {
	Name string `json:"name"`
	// Share is the part of the shoppers it gets; the shares sum to 1.
	Share float64 `json:"share"`
	// Strategy is "blend" (the placement's own list) or "trending".
	Strategy string           `json:"strategy,omitempty"`
	Settings *VariantSettings `json:"settings,omitempty"`
}

// VariantSettings override the placement's settings for a variant.
type VariantSettings struct {
	// Rules false turns the placement's rules off.
	Rules *bool `json:"rules,omitempty"`
}

// NewExperiment is what CreateExperiment needs: 2 to 8 variants.
type NewExperiment struct {
	Name      string    `json:"name"`
	Placement string    `json:"placement"`
	Variants  []Variant `json:"variants"`
}

// ExperimentResults are an experiment's figures per variant.
type ExperimentResults struct {
	Variants []VariantResult `json:"variants"`
	// Winner is the name of the variant that wins, nil while none does.
	Winner *string `json:"winner"`
	// Summary says the outcome in one sentence.
	Summary string `json:"summary"`
}

// VariantResult is one variant's figures, with 95% intervals.
type VariantResult struct {
	Name                string     `json:"name"`
	Control             bool       `json:"control"`
	Shoppers            uint64     `json:"shoppers"`
	Impressions         uint64     `json:"impressions"`
	Clicks              uint64     `json:"clicks"`
	ClickedLists        uint64     `json:"clicked_lists"`
	CTR                 float64    `json:"ctr"`
	CTRCI               [2]float64 `json:"ctr_ci"`
	Conversions         uint64     `json:"conversions"`
	ConversionRate      float64    `json:"conversion_rate"`
	ConversionCI        [2]float64 `json:"conversion_ci"`
	Revenue             Price      `json:"revenue"`
	RevenuePerShopper   float64    `json:"revenue_per_shopper"`
	RevenuePerShopperCI [2]float64 `json:"revenue_per_shopper_ci"`
	// VsControl compares the variant with the control; nil for the
	// control itself.
	VsControl *Comparison `json:"vs_control"`
}

// Comparison is a variant against the control, metric by metric.
type Comparison struct {
	CTR               Difference `json:"ctr"`
	ConversionRate    Difference `json:"conversion_rate"`
	RevenuePerShopper Difference `json:"revenue_per_shopper"`
}

// Difference is one metric of a variant against the control's.
type Difference struct {
	Difference float64 `json:"difference"`
	// Relative is Difference over the control's value, with its interval.
	Relative   float64    `json:"relative"`
	RelativeCI [2]float64 `json:"relative_ci"`
	PValue     float64    `json:"p_value"`
	// Significant is true when the difference is significant at 5%.
	Significant bool `json:"significant"`
	// NeededPerVariant is how many shoppers per variant would show a
	// difference of this size.
	NeededPerVariant int64 `json:"needed_per_variant"`
}

// The actions of UpdateExperiment.
const (
	ActionStart = "start"
	ActionStop  = "stop"
	ActionShip  = "ship"
)

// CreateExperiment creates an experiment in draft (POST /api/experiments,
// secret key).
func (c *Client) CreateExperiment(ctx context.Context, e NewExperiment) (*Experiment, error) {
	var out Experiment
	return result(&out, c.call(ctx, http.MethodPost, "/api/experiments", nil, e, &out))
}

// Experiments lists the experiments, newest first (GET /api/experiments).
func (c *Client) Experiments(ctx context.Context) ([]Experiment, error) {
	var out struct {
		Experiments []Experiment `json:"experiments"`
	}
	if err := c.get(ctx, "/api/experiments", nil, &out); err != nil {
		return nil, err
	}
	return out.Experiments, nil
}

// Experiment returns an experiment with its results
// (GET /api/experiments/{id}).
func (c *Client) Experiment(ctx context.Context, id uint64) (*Experiment, error) {
	var out Experiment
	return result(&out, c.get(ctx, idPath("/api/experiments", id, ""), nil, &out))
}

// UpdateExperiment starts, stops or ships an experiment (PATCH
// /api/experiments/{id}, secret key); variant names the variant to ship
// and is empty for the other actions. One experiment per placement may run
// at a time (409 otherwise). Experiment reads the experiment after.
func (c *Client) UpdateExperiment(ctx context.Context, id uint64, action, variant string) error {
	in := struct {
		Action  string `json:"action"`
		Variant string `json:"variant,omitempty"`
	}{action, variant}
	return c.call(ctx, http.MethodPatch, idPath("/api/experiments", id, ""), nil, in, nil)
}

// DeleteExperiment deletes an experiment (DELETE /api/experiments/{id}).
func (c *Client) DeleteExperiment(ctx context.Context, id uint64) error {
	return c.call(ctx, http.MethodDelete, idPath("/api/experiments", id, ""), nil, nil, nil)
}
