package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"shelf/demo"
	"shelf/engine"
	"shelf/store"
	"shelf/store/seed"
)

// TestSignalAndFactorsCommands runs shelf export -kind signal and shelf
// import -kind factors on a trained shop's file, and their refusals.
func TestSignalAndFactorsCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "shop.db")
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := demo.DefaultConfig(time.Now())
	cfg.Products, cfg.Users, cfg.Interactions = 120, 40, 3000
	if _, err := seed.Load(st, demo.Generate(cfg)); err != nil {
		t.Fatal(err)
	}
	ecfg := engine.DefaultConfig()
	ecfg.RetrainInterval = 0
	eng, err := engine.New(context.Background(), st, ecfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Train(context.Background()); err != nil {
		t.Fatal(err)
	}
	eng.Close()
	st.Close()

	shelf := func(args ...string) (string, error) {
		var out strings.Builder
		err := run(t.Context(), args, strings.NewReader(""), &out, &out)
		return out.String(), err
	}
	signal := filepath.Join(dir, "signal")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "-db", db, "-kind", "signal", "-o", signal}, "written as parquet"},
		{[]string{"export", "-db", db, "-kind", "signal", "-format", "parquet"}, "needs a new folder"},
		{[]string{"import", "-db", db, "-kind", "factors", "-users", dir}, "needs both folders"},
		{[]string{"import", "-db", db, "-kind", "factors", "-users", dir, "-items", dir, "extra"}, "not a FILE"},
		{[]string{"import", "-db", db, "-kind", "factors", "-users", dir, "-items", dir}, "export first"},
	} {
		if out, err := shelf(c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("shelf %v: %v %s, want %q", c.args, err, out, c.want)
		}
	}
	out, err := shelf("export", "-db", db, "-kind", "signal", "-format", "parquet", "-o", signal)
	var rows, users, items int
	if err != nil {
		t.Fatalf("export: %v %s", err, out)
	}
	if _, err := fmt.Sscanf(out, "wrote %d signal rows (%d users, %d items)", &rows, &users, &items); err != nil || users < 20 || items != 120 {
		t.Fatalf("export: %v %s", err, out)
	}
	type row struct {
		ID       int32     `parquet:"id"`
		Features []float32 `parquet:"features,list"`
	}
	for name, n := range map[string]int{"userFactors": users, "itemFactors": items} {
		rows := make([]row, n)
		for k := range rows {
			rows[k] = row{ID: int32(k), Features: []float32{1, float32(k%5) / 5}}
		}
		if err := os.Mkdir(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := parquet.WriteFile(filepath.Join(dir, name, "part-00000.parquet"), rows); err != nil {
			t.Fatal(err)
		}
	}
	out, err = shelf("import", "-db", db, "-kind", "factors", "-users", filepath.Join(dir, "userFactors"), "-items", filepath.Join(dir, "itemFactors"))
	if want := fmt.Sprintf("serving 2 imported factors for %d users and 120 items (model version ", users); err != nil || !strings.Contains(out, want) {
		t.Fatalf("import: %v %s", err, out)
	}
}
