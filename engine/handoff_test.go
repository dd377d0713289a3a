package engine_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	xwriter "github.com/xitongsys/parquet-go/writer"

	"shelf/engine"
	"shelf/store"
)

// The rows of the export as a reader of it (Spark) sees them.
type exportedSignal struct {
	User       int32     `parquet:"user"`
	Item       int32     `parquet:"item"`
	Confidence float32   `parquet:"confidence"`
	Events     int32     `parquet:"events"`
	Time       time.Time `parquet:"time,timestamp(millisecond)"`
}

type exportedID struct {
	Index int32 `parquet:"index"`
	ID    int64 `parquet:"id"`
}

// sparkFactor is a row of Spark MLlib's ALS userFactors and itemFactors,
// written by a second Parquet library (xitongsys/parquet-go), so that the
// import is held to files shelf's own library did not write. The schema is
// Spark's: required int32 id; optional group features (LIST) { repeated
// group list { required float element } } (a nullable array column whose
// elements are not null).
type sparkFactor struct {
	ID       int32      `parquet:"name=id, type=INT32, repetitiontype=REQUIRED"`
	Features *[]float32 `parquet:"name=features, type=LIST, repetitiontype=OPTIONAL, valuetype=FLOAT, valuerepetitiontype=REQUIRED"`
}

func vec(v ...float32) *[]float32 { return &v }

func writeSparkFactors(t *testing.T, dir string, rows []sparkFactor) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// Spark writes part files and a _SUCCESS marker.
	if err := os.WriteFile(filepath.Join(dir, "_SUCCESS"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	half := len(rows) / 2
	for k, part := range [][]sparkFactor{rows[:half], rows[half:]} {
		f, err := os.Create(filepath.Join(dir, "part-0000"+string(rune('0'+k))+"-c000.snappy.parquet"))
		if err != nil {
			t.Fatal(err)
		}
		w, err := xwriter.NewParquetWriterFromWriter(f, new(sparkFactor), 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range part {
			if err := w.Write(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.WriteStop(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func readIDs(t *testing.T, path string) []int64 {
	t.Helper()
	rows, err := parquet.ReadFile[exportedID](path)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]int64, len(rows))
	for i, r := range rows {
		if int(r.Index) != i {
			t.Fatalf("%s: row %d has index %d", path, i, r.Index)
		}
		out[i] = r.ID
	}
	return out
}

func TestExportSignal(t *testing.T) {
	e, st := newEngine(t)
	dir := filepath.Join(t.TempDir(), "signal")
	rep, err := e.ExportSignal(dir)
	if err != nil {
		t.Fatal(err)
	}
	users := readIDs(t, filepath.Join(dir, "_shelf", "users.parquet"))
	items := readIDs(t, filepath.Join(dir, "_shelf", "items.parquet"))
	if !slices.IsSorted(users) || !slices.IsSorted(items) || len(users) != rep.Users || len(items) != rep.Items || len(items) != 200 {
		t.Fatalf("numbering: %d users, %d items (report %+v)", len(users), len(items), rep)
	}
	// Every event of a user with a catalog item is in exactly one row.
	want := map[[3]int64]int32{} // day, user, item -> events
	err = st.ForEachInteraction(func(it *store.Interaction) error {
		if it.UserID != 0 {
			u, _ := slices.BinarySearch(users, int64(it.UserID))
			i, _ := slices.BinarySearch(items, int64(it.ProductID))
			want[[3]int64{it.Timestamp.Unix() / 86400, int64(u), int64(i)}]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	days, err := filepath.Glob(filepath.Join(dir, "day=*", "part-00000.parquet"))
	if err != nil || len(days) != rep.Days || rep.Days < 30 {
		t.Fatalf("%d day files, report %+v, %v", len(days), rep, err)
	}
	got := map[[3]int64]int32{}
	for _, path := range days {
		rows, err := parquet.ReadFile[exportedSignal](path)
		if err != nil {
			t.Fatal(err)
		}
		day := strings.TrimPrefix(filepath.Base(filepath.Dir(path)), "day=")
		for _, r := range rows {
			if r.Time.UTC().Format(time.DateOnly) != day || r.Confidence <= 0 || r.Confidence > 10 || math.IsNaN(float64(r.Confidence)) {
				t.Fatalf("%s: row %+v", day, r)
			}
			k := [3]int64{r.Time.Unix() / 86400, int64(r.User), int64(r.Item)}
			if _, dup := got[k]; dup {
				t.Fatalf("%s: pair %v twice", day, k)
			}
			got[k] = r.Events
		}
	}
	if len(got) != len(want) || len(got) != rep.Rows {
		t.Fatalf("%d rows, want %d (report %d)", len(got), len(want), rep.Rows)
	}
	for k, n := range want {
		if got[k] != n {
			t.Fatalf("pair %v: %d events, want %d", k, got[k], n)
		}
	}
	// A folder that holds something is left alone.
	if _, err := e.ExportSignal(dir); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("export into a full folder: %v", err)
	}
}

func TestImportFactors(t *testing.T) {
	st, ecfg := shopFile(t, filepath.Join(t.TempDir(), "f.db"))
	t.Cleanup(func() { st.Close() })
	e, err := engine.New(context.Background(), st, ecfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	if _, err := e.ImportFactors(work, work); err == nil || !strings.Contains(err.Error(), "export first") {
		t.Fatalf("import before an export: %v", err)
	}
	if err := e.Train(context.Background()); err != nil {
		t.Fatal(err)
	}
	signal := filepath.Join(work, "signal")
	if _, err := e.ExportSignal(signal); err != nil {
		t.Fatal(err)
	}
	users := readIDs(t, filepath.Join(signal, "_shelf", "users.parquet"))
	items := readIDs(t, filepath.Join(signal, "_shelf", "items.parquet"))

	// Planted factors: an item's vector is its category, one-hot, and user
	// k's is category k mod the number of categories, so MF must score
	// exactly the items of that category 1 and the rest 0.
	var cats []string
	catOf := map[int64]int{}
	for _, id := range items {
		p, err := st.Product(uint64(id))
		if err != nil {
			t.Fatal(err)
		}
		k := slices.Index(cats, p.Category)
		if k < 0 {
			k = len(cats)
			cats = append(cats, p.Category)
		}
		catOf[id] = k
	}
	oneHot := func(k int) *[]float32 { v := make([]float32, len(cats)); v[k] = 1; return &v }
	var ur, ir []sparkFactor
	for i, id := range items {
		ir = append(ir, sparkFactor{ID: int32(i), Features: oneHot(catOf[id])})
	}
	for u := range users {
		ur = append(ur, sparkFactor{ID: int32(u), Features: oneHot(u % len(cats))})
	}
	writeSparkFactors(t, filepath.Join(work, "userFactors"), ur)
	writeSparkFactors(t, filepath.Join(work, "itemFactors"), ir)
	before := e.Status().ModelVersion
	rep, err := e.ImportFactors(filepath.Join(work, "userFactors"), filepath.Join(work, "itemFactors"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Factors != len(cats) || rep.Users != len(users) || rep.Items != len(items) || rep.SkippedUsers+rep.SkippedItems != 0 {
		t.Errorf("report %+v", rep)
	}
	check := func(e *engine.Engine) {
		t.Helper()
		if st := e.Status(); st.ModelVersion != before+1 || st.ImportedFactors == nil || st.ImportedFactors.Factors != len(cats) {
			t.Errorf("status after the import: version %d (want %d), imported %+v", st.ModelVersion, before+1, st.ImportedFactors)
		}
		for u := range 10 {
			recs, err := e.Recommend(uint64(users[u]), 10, engine.Filter{MaxPrice: -1})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				want := 0.0
				if catOf[int64(r.Product.ID)] == u%len(cats) {
					want = 1
				}
				if got, ok := r.Scores["mf"]; !ok || math.Abs(got-want) > 1e-6 {
					t.Fatalf("user %d, product %d (%s): mf score %v, want %v", users[u], r.Product.ID, r.Product.Category, got, want)
				}
			}
		}
	}
	check(e)
	// A restart serves the imported factors.
	e.Close()
	if e, err = engine.New(context.Background(), st, ecfg, nil); err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	check(e)

	// Bad files are refused, and the model serving stays.
	bad := filepath.Join(work, "bad")
	writeSparkFactors(t, filepath.Join(bad, "range"), []sparkFactor{{ID: 0, Features: oneHot(0)}, {ID: int32(len(users)), Features: oneHot(0)}})
	writeSparkFactors(t, filepath.Join(bad, "twice"), []sparkFactor{{ID: 3, Features: oneHot(0)}, {ID: 3, Features: oneHot(1)}})
	writeSparkFactors(t, filepath.Join(bad, "short"), append(slices.Clone(ur[:4]), sparkFactor{ID: 4, Features: vec(1)}))
	writeSparkFactors(t, filepath.Join(bad, "null"), append(slices.Clone(ur[:4]), sparkFactor{ID: 4}))
	if err := os.MkdirAll(filepath.Join(bad, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	itemsDir := filepath.Join(work, "itemFactors")
	for _, c := range []struct{ dir, want string }{
		{"range", "is no user index of the last signal export"},
		{"twice", "id 3 appears twice"},
		{"short", "1 factors, but the others have"},
		{"null", "0 factors, but the others have"},
		{"empty", "no .parquet files"},
	} {
		if _, err := e.ImportFactors(filepath.Join(bad, c.dir), itemsDir); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.dir, err, c.want)
		}
	}
	check(e)
}

// TestFactorsRoundTrip writes factors with shelf's own Parquet library and
// imports them back.
func TestFactorsRoundTrip(t *testing.T) {
	e, _ := newEngine(t)
	if err := e.Train(context.Background()); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	signal := filepath.Join(dir, "signal")
	rep, err := e.ExportSignal(signal)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		ID       int32     `parquet:"id"`
		Features []float32 `parquet:"features,list"`
	}
	for name, n := range map[string]int{"u": rep.Users, "i": rep.Items} {
		rows := make([]row, n)
		for k := range rows {
			rows[k] = row{ID: int32(k), Features: []float32{float32(k % 7), 1, -0.5}}
		}
		if err := os.Mkdir(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := parquet.WriteFile(filepath.Join(dir, name, "part-00000.parquet"), rows); err != nil {
			t.Fatal(err)
		}
	}
	got, err := e.ImportFactors(filepath.Join(dir, "u"), filepath.Join(dir, "i"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Factors != 3 || got.Users != rep.Users || got.Items != rep.Items {
		t.Errorf("imported %+v, exported %+v", got, rep)
	}
}
