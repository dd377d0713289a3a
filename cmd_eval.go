package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"shelf/model/eval"
)

// runEval is shelf eval: the offline evaluation protocol on a data file.
func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval", stderr)
	format := fs.String("format", "movielens", "input format: movielens (u.data) or events (CSV)")
	minRating := fs.Float64("min-rating", 4, "movielens: the lowest rating that counts as a positive")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	models := fs.String("models", "", "comma-separated models to evaluate (default: all)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("eval takes one FILE (got %d arguments)", fs.NArg())
	}
	opt := eval.Options{Format: *format, Path: fs.Arg(0), MinRating: *minRating, K: 10}
	if *models != "" {
		opt.Models = strings.Split(*models, ",")
	}
	rep, err := eval.Run(ctx, opt)
	if err != nil {
		return err
	}
	if *asJSON {
		return rep.WriteJSON(stdout)
	}
	return rep.WriteText(stdout)
}
