package handlers

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"
	"unicode"
)

// maxHandlerFields is the most fields an area's handler struct may have:
// an area that needs more is two areas (STYLE.md, "small structs per
// area"; miniflux's handler has four).
const maxHandlerFields = 6

// TestHandlerStructure keeps the HTTP layer shaped as STYLE.md asks
// (conventions 2 and 3), read from the package's source:
//   - every area struct (a name ending in "Handler") is small, embeds
//     nothing, and is made by its constructor new<Name>;
//   - nothing but Options holds the concrete *models.DB;
//   - every interface a struct holds is declared in that struct's file
//     (the consumer declares what it needs), and every method of it is
//     called through that field by the struct's own methods, so a store
//     interface never lists more than its area uses.
func TestHandlerStructure(t *testing.T) {
	pkg := parsePackage(t)
	areas := 0
	for name, st := range pkg.structs {
		if name == "Options" || name == "areas" {
			continue // the wiring: Options is what main passes, areas what routes reads
		}
		for _, f := range st.fields.List {
			if isModelsDB(f.Type) {
				t.Errorf("%s (%s) holds *models.DB: declare the store interface it uses instead", name, st.file)
			}
		}
		if strings.HasSuffix(name, "Handler") {
			areas++
			if n := st.fields.NumFields(); n > maxHandlerFields {
				t.Errorf("%s (%s) has %d fields, more than %d: split the area", name, st.file, n, maxHandlerFields)
			}
			for _, f := range st.fields.List {
				if len(f.Names) == 0 {
					t.Errorf("%s (%s) embeds %s: give it a named field", name, st.file, types(f.Type))
				}
			}
			if ctor := "new" + string(unicode.ToUpper(rune(name[0]))) + name[1:]; !pkg.funcs[ctor] {
				t.Errorf("%s (%s) has no constructor %s", name, st.file, ctor)
			}
		}
		for _, f := range st.fields.List {
			id, ok := f.Type.(*ast.Ident)
			if !ok {
				continue
			}
			iface, ok := pkg.ifaces[id.Name]
			if !ok {
				continue
			}
			if iface.file != st.file {
				t.Errorf("%s (%s) holds %s, declared in %s: declare it beside its consumer", name, st.file, id.Name, iface.file)
			}
			for _, field := range f.Names {
				used := pkg.calledThrough(name, field.Name)
				for _, m := range iface.methods {
					if !used[m] {
						t.Errorf("%s.%s is a %s whose method %s no method of %s calls: drop it from the interface", name, field.Name, id.Name, m, name)
					}
				}
			}
		}
	}
	if areas < 10 {
		t.Errorf("found %d area handlers; the structure check is not reading this package", areas)
	}
}

type structDecl struct {
	file   string
	fields *ast.FieldList
}

type ifaceDecl struct {
	file    string
	methods []string
}

type parsedPackage struct {
	structs map[string]structDecl
	ifaces  map[string]ifaceDecl
	funcs   map[string]bool
	methods map[string][]*ast.FuncDecl // by receiver type
}

func parsePackage(t *testing.T) parsedPackage {
	t.Helper()
	p := parsedPackage{structs: map[string]structDecl{}, ifaces: map[string]ifaceDecl{}, funcs: map[string]bool{}, methods: map[string][]*ast.FuncDecl{}}
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || strings.HasSuffix(name, "_templ.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					ts, ok := s.(*ast.TypeSpec)
					if !ok {
						continue
					}
					switch ty := ts.Type.(type) {
					case *ast.StructType:
						p.structs[ts.Name.Name] = structDecl{file: name, fields: ty.Fields}
					case *ast.InterfaceType:
						var ms []string
						for _, m := range ty.Methods.List {
							for _, n := range m.Names { // embedded interfaces have none
								ms = append(ms, n.Name)
							}
						}
						p.ifaces[ts.Name.Name] = ifaceDecl{file: name, methods: ms}
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil {
					p.funcs[d.Name.Name] = true
					continue
				}
				recv := d.Recv.List[0].Type
				if s, ok := recv.(*ast.StarExpr); ok {
					recv = s.X
				}
				if id, ok := recv.(*ast.Ident); ok {
					p.methods[id.Name] = append(p.methods[id.Name], d)
				}
			}
		}
	}
	return p
}

// calledThrough names the methods the methods of struct typ call as
// <receiver>.<field>.<method>.
func (p parsedPackage) calledThrough(typ, field string) map[string]bool {
	out := map[string]bool{}
	for _, fn := range p.methods[typ] {
		if len(fn.Recv.List[0].Names) == 0 || fn.Body == nil {
			continue
		}
		recv := fn.Recv.List[0].Names[0].Name
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			m, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			f, ok := m.X.(*ast.SelectorExpr)
			if !ok || f.Sel.Name != field {
				return true
			}
			if r, ok := f.X.(*ast.Ident); ok && r.Name == recv {
				out[m.Sel.Name] = true
			}
			return true
		})
	}
	return out
}

func isModelsDB(e ast.Expr) bool {
	s, ok := e.(*ast.StarExpr)
	if !ok {
		return false
	}
	sel, ok := s.X.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "models" && sel.Sel.Name == "DB"
}

func types(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.StarExpr:
		return "*" + types(e.X)
	case *ast.SelectorExpr:
		return types(e.X) + "." + e.Sel.Name
	}
	return "a type"
}
