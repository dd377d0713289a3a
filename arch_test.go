package main

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The layout is the architecture (docs/ARCHITECTURE.md): these tests keep
// the arrows between the parts and the size limits true.

// goPackage is what `go list -json` says of a package.
type goPackage struct {
	ImportPath   string
	Imports      []string
	TestImports  []string
	XTestImports []string
	Deps         []string
}

// listPackages runs go list over the module, with -deps -test when deps.
func listPackages(t *testing.T, deps bool, patterns ...string) []goPackage {
	t.Helper()
	args := []string{"list", "-json"}
	if deps {
		args = append(args, "-deps", "-test")
	}
	out, err := exec.Command("go", append(args, patterns...)...).Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []goPackage
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p goPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// part is the top-level part a package of the module belongs to.
func part(path string) string {
	rest, ok := strings.CutPrefix(path, "shelf/")
	if !ok {
		if path == "shelf" {
			return "main"
		}
		return "" // not ours
	}
	return strings.SplitN(rest, "/", 2)[0]
}

// allowed lists, for each part, the parts its code (tests included) may
// import besides itself: Main→{API, Engine, Store, Model, Client},
// API→{Engine, Store}, Engine→{Store, Model}; the demo generator imports
// nothing of the project. The client's tests run a real shelf, so they
// reach the API, the engine and the store; its code reaches nothing of
// shelf (TestClientStandsAlone).
var allowed = map[string][]string{
	"main":   {"api", "engine", "store", "model", "demo", "client"},
	"client": {"api", "engine", "store", "demo"},
	"api":    {"engine", "store", "demo"},
	"engine": {"store", "model", "demo"},
	"store":  {"demo"},
	"model":  {"demo"},
	"demo":   {},
}

func TestImportGraph(t *testing.T) {
	for _, p := range listPackages(t, false, "./...") {
		from := part(p.ImportPath)
		ok, known := allowed[from]
		if !known {
			t.Errorf("%s: a package outside the documented parts", p.ImportPath)
			continue
		}
		for _, imp := range slices.Concat(p.Imports, p.TestImports, p.XTestImports) {
			to := part(imp)
			if to == "" || to == from || to == "main" && from == "main" {
				continue
			}
			if !slices.Contains(ok, to) {
				t.Errorf("%s imports %s: %s may not depend on %s", p.ImportPath, imp, from, to)
			}
		}
	}
}

// TestClientStandsAlone: the client's code, its tests aside, builds on the
// standard library alone, so that a shop can import it without shelf.
func TestClientStandsAlone(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "./client").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	if deps := strings.Fields(string(out)); !slices.Equal(deps, []string{"shelf/client"}) {
		t.Errorf("shelf/client builds on %v; want itself and the standard library only", deps)
	}
}

// TestModelIsPure: nothing model/ builds, its tests included, reaches the
// store, the engine or the API through any package, nor bbolt or HTTP.
func TestModelIsPure(t *testing.T) {
	for _, p := range listPackages(t, true, "./model/...") {
		if part(p.ImportPath) != "model" || strings.HasSuffix(p.ImportPath, ".test") {
			continue
		}
		for _, d := range p.Deps {
			if slices.Contains([]string{"store", "engine", "api", "main"}, part(d)) || d == "go.etcd.io/bbolt" || d == "net/http" {
				t.Errorf("%s depends on %s", p.ImportPath, d)
			}
		}
	}
}

// storeWrites are the store's methods whose writes have derived state in
// the engine; the API must call the engine's instead.
var storeWrites = []string{"CreateProduct", "UpdateProduct", "DeleteProduct", "DeleteUser", "Import", "AddInteraction"}

func TestHandlersWriteThroughTheEngine(t *testing.T) {
	files, _ := filepath.Glob("api/*.go")
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok || !slices.Contains(storeWrites, sel.Sel.Name) {
				return true
			}
			if inner, ok := sel.X.(*ast.SelectorExpr); ok && inner.Sel.Name == "st" {
				t.Errorf("%s: calls the store's %s directly; call the engine's", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
}

// Size limits of production code.
const (
	maxFuncLines = 80
	maxFileLines = 600
)

func TestCodeSize(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		if lines := fset.File(f.Pos()).LineCount(); lines > maxFileLines {
			t.Errorf("%s: %d lines (at most %d)", path, lines, maxFileLines)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			start, end := fset.Position(fn.Pos()).Line, fset.Position(fn.End()).Line
			if n := end - start + 1; n > maxFuncLines {
				t.Errorf("%s:%d: %s is %d lines (at most %d)", path, start, fn.Name.Name, n, maxFuncLines)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
