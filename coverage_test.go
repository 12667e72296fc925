package syncro_test

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

// specPath is Syncro's own OpenAPI document, beside the repository.
const specPath = "../shared/spec/syncro-openapi.json"

// observedOnly are operations the SDK calls that Syncro's OpenAPI document
// lacks, each with the source that observed it.
var observedOnly = map[string]string{}

// leftOut are the operations of the OpenAPI document the SDK deliberately
// does not offer, each with the reason (CONTRIBUTING.md lists them too).
// Every other operation must be a typed method.
var leftOut = map[string]string{}

// operationPattern finds "GET /customers/{id}" in a doc comment.
var operationPattern = regexp.MustCompile(`\b(GET|POST|PUT|PATCH|DELETE) (/[A-Za-z0-9_{}/.-]*[A-Za-z0-9_}])`)

// serviceOperations reads the package's sources and returns, for every
// method of a *XService type, the operations its doc comment names.
func serviceOperations(t *testing.T) map[string][]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	ops := map[string][]string{} // "METHOD /path" -> methods naming it
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments|parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || !fd.Name.IsExported() || fd.Doc == nil {
				continue
			}
			star, ok := fd.Recv.List[0].Type.(*ast.StarExpr)
			if !ok {
				continue
			}
			recv, ok := star.X.(*ast.Ident)
			if !ok || !strings.HasSuffix(recv.Name, "Service") {
				continue
			}
			for _, m := range operationPattern.FindAllStringSubmatch(fd.Doc.Text(), -1) {
				key := m[1] + " " + m[2]
				ops[key] = append(ops[key], recv.Name+"."+fd.Name.Name)
			}
		}
	}
	return ops
}

// normalize turns "/customers/{customer_id}/phones/{id}" into
// "/customers/{}/phones/{}", so that parameter names do not matter.
func normalize(op string) string {
	method, path, _ := strings.Cut(op, " ")
	path = "/" + strings.TrimPrefix(path, "/")
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") {
			segs[i] = "{}"
		}
	}
	return method + " " + strings.Join(segs, "/")
}

// specOperations returns every operation of the OpenAPI document.
func specOperations(t *testing.T) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(specPath)
	if os.IsNotExist(err) {
		t.Skipf("%s is not beside the repository", specPath)
	}
	require.NoError(t, err)
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(raw, &doc))
	out := map[string]string{}
	for path, methods := range doc.Paths {
		for m := range methods {
			switch m {
			case "get", "post", "put", "patch", "delete":
				op := strings.ToUpper(m) + " " + path
				out[normalize(op)] = op
			}
		}
	}
	return out
}

// TestServiceOperationsAreServedAndSpecified ties every service method to
// the wire: each METHOD /path its doc comment names is served by
// syncrotest and exists in Syncro's OpenAPI document (or is listed in
// observedOnly with its source). It also reports how much of the document
// the SDK covers.
func TestServiceOperationsAreServedAndSpecified(t *testing.T) {
	t.Parallel()
	ops := serviceOperations(t)
	spec := specOperations(t)
	srv := syncrotest.NewServer()
	defer srv.Close()
	served := map[string]bool{}
	for _, r := range srv.Routes() {
		served[normalize(r)] = true
	}
	require.NotEmpty(t, ops, "no service method names its operation")
	var notServed, notSpecified []string
	covered := map[string]bool{}
	for op, methods := range ops {
		n := normalize(op)
		if !served[n] {
			notServed = append(notServed, op+" ("+strings.Join(methods, ", ")+")")
		}
		if _, ok := spec[n]; ok {
			covered[n] = true
		} else if observedOnly[op] == "" {
			notSpecified = append(notSpecified, op+" ("+strings.Join(methods, ", ")+")")
		}
	}
	sort.Strings(notServed)
	sort.Strings(notSpecified)
	assert.Empty(t, notServed, "operations named by service methods but not served by syncrotest")
	assert.Empty(t, notSpecified, "operations named by service methods but absent from the OpenAPI document (add them to observedOnly with the source if real)")

	var missing, notLeftOut []string
	for n, op := range spec {
		if !covered[n] && leftOut[op] == "" {
			missing = append(missing, op)
		}
	}
	for op := range leftOut {
		if covered[normalize(op)] {
			notLeftOut = append(notLeftOut, op)
		}
	}
	sort.Strings(missing)
	sort.Strings(notLeftOut)
	assert.Empty(t, missing, "operations of the OpenAPI document that no service method names: add them, or list them in leftOut with the reason")
	assert.Empty(t, notLeftOut, "operations listed in leftOut that a service method now offers")
	t.Logf("the SDK calls %d of the %d operations of Syncro's OpenAPI document (%d left out)", len(covered), len(spec), len(leftOut))
}
