package syncro

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// models lists every model type of the package: the records Syncro sends.
// TestEveryModelIsListed fails when a new one is missing here, and
// TestModelsDecodeEveryWireVariant proves each field of each of them
// tolerant.
var models = []any{
	Asset{}, RmmStore{}, DeviceInfo{}, SnmpConfig{},
	Contact{},
	Customer{}, TicketLink{}, Phone{},
	Comment{}, TicketLineItem{}, TicketTimer{},
	TicketSettings{}, SavedSearch{},
	Ticket{}, TicketType{}, Address{},
	User{}, Me{},
	Vendor{},
	Invoice{}, InvoiceLineItem{}, Estimate{}, Payment{}, PaymentMethod{}, PaymentProfile{},
	Product{}, ProductCategory{}, ProductSerial{}, ProductSku{}, LocationQuantity{}, ProductPhoto{},
	Schedule{}, ScheduleLineItem{},
	Attachment{}, AttachmentFile{}, TicketField{}, TicketAnswer{}, WorksheetResult{}, WorksheetField{},
	AssetPatches{}, AssetPatch{}, AssetChatInformation{}, AssetChatCustomer{}, Item{},

	// Operations resources (contracts, portal users, RMM alerts, ...).
	Contract{}, PortalUser{}, Invitation{}, RmmAlert{}, Appointment{}, AppointmentType{}, Lead{},
	PurchaseOrder{}, PurchaseOrderLineItem{}, WikiPage{}, CannedResponse{}, CannedResponseSettings{},
	CannedResponseCategory{}, NewTicketForm{}, NewTicketFormData{}, NewTicketFormSection{}, FormResult{},
	FormTicket{}, SearchResult{}, AccountSettings{}, CustomerSettings{}, AssetSettings{}, LocaleSettings{},
	TicketChoices{}, BusinessHours{}, PrintingSettings{}, Timelog{}, UserDevice{}, OTPSession{},
}

// notModels are exported structs with JSON tags that are not records Syncro
// sends: inputs, options, results computed here, errors.
var notModels = map[string]string{
	"APIError":             "an error",
	"ValidationError":      "an error",
	"DecodeError":          "an error",
	"ConnectionError":      "an error",
	"AssetPropertiesError": "an error",
	"BulkResult":           "a result computed by the client",
	"PrepayBalance":        "a result computed by the client",
	"PrepayProjection":     "a result computed by the client",
	"SeatReport":           "a result computed by the client",
	"Watermark":            "the client's own state, JSON it writes itself",
	"SeenTicket":           "the client's own state, JSON it writes itself",
	"TicketChanges":        "a result computed by the client",
	"StageMap":             "a result computed by the client",
	"Meta":                 "decodes itself (every meta shape)",
	"Time":                 "a tolerant wire type itself",
	"RetryPolicy":          "configuration",
	"Portal":               "configuration",
	"WindowLimiter":        "the rate limiter",
	"Client":               "the client",
	"PrepayLedger":         "a result computed by the client",
	"PrepayEntry":          "a result computed by the client",
	"PrepayPending":        "a result computed by the client",
	"PrepayAlert":          "a result computed by the client",
	"InvoiceWatermark":     "the client's own state, JSON it writes itself",
	"SeenRecord":           "the client's own state, JSON it writes itself",
	"InvoiceChanges":       "a result computed by the client",
	"LineItemsError":       "an error",
	"ProductImage":         "an input (POST /products/{id}/add_images)",
	"WorksheetAnswer":      "part of an input (WorksheetResultInput)",
}

// notYetMigrated are models still decoded by a hand-written shadow struct.
// The list only shrinks; it is empty once every model uses decodeModel.
var notYetMigrated = map[string]bool{}

// TestEveryModelIsListed parses the package's sources: every exported
// struct with JSON-tagged fields is a model listed in models, or is named
// in notModels with the reason, or is an input (XInput) or list options
// (XListOptions, XOptions) type.
func TestEveryModelIsListed(t *testing.T) {
	t.Parallel()
	listed := map[string]bool{}
	for _, m := range models {
		listed[reflect.TypeOf(m).Name()] = true
	}
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var missing []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSpec)
			if !ok || !ts.Name.IsExported() {
				return true
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok || !hasJSONTag(st) {
				return true
			}
			typeName := ts.Name.Name
			switch {
			case strings.HasSuffix(typeName, "Input"), strings.HasSuffix(typeName, "Options"):
			case notModels[typeName] != "", notYetMigrated[typeName], listed[typeName]:
			default:
				missing = append(missing, typeName+" ("+name+")")
			}
			return true
		})
	}
	sort.Strings(missing)
	assert.Empty(t, missing, "add each model to models in decode_test.go (or to notModels with the reason)")
	assert.Empty(t, customWithoutMarker(t, fset, files), "an UnmarshalJSON that is not the decodeModel line belongs to a type with a decodesItself method (see selfDecoder), or decodeModel's inline pass would skip it")
}

// customWithoutMarker lists the types of this package whose UnmarshalJSON
// is not the one decodeModel line and that have no decodesItself method.
func customWithoutMarker(t *testing.T, fset *token.FileSet, files []string) []string {
	t.Helper()
	custom, marked, structs := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			if ts, ok := n.(*ast.TypeSpec); ok {
				if _, isStruct := ts.Type.(*ast.StructType); isStruct {
					structs[ts.Name.Name] = true
				}
			}
			return true
		})
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil {
				continue
			}
			recv := fd.Recv.List[0].Type
			if star, ok := recv.(*ast.StarExpr); ok {
				recv = star.X
			}
			id, ok := recv.(*ast.Ident)
			if !ok {
				continue
			}
			switch fd.Name.Name {
			case "decodesItself":
				marked[id.Name] = true
			case "UnmarshalJSON":
				if !isDecodeModelLine(fd) {
					custom[id.Name] = true
				}
			}
		}
	}
	var out []string
	for name := range custom {
		if !marked[name] && structs[name] {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// isDecodeModelLine reports whether a function's body is exactly
// "return decodeModel(b, x)".
func isDecodeModelLine(fd *ast.FuncDecl) bool {
	if fd.Body == nil || len(fd.Body.List) != 1 {
		return false
	}
	ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return false
	}
	call, ok := ret.Results[0].(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, ok := call.Fun.(*ast.Ident)
	return ok && fn.Name == "decodeModel"
}

func hasJSONTag(st *ast.StructType) bool {
	for _, f := range st.Fields.List {
		if f.Tag != nil && strings.Contains(f.Tag.Value, `json:"`) {
			return true
		}
	}
	return false
}

// variant is one way Syncro sends a value, and what it must decode to.
type variant struct {
	wire string
	want any // the field's value after decoding
}

var (
	someTime = time.Date(2024, 5, 10, 8, 26, 4, 743e6, time.FixedZone("", 2*3600))
	plainDay = time.Date(2019, 2, 25, 0, 0, 0, 0, time.UTC)
)

// variantsFor returns the wire variants Syncro sends for a field type.
// ok is false for a type the table does not know: the test then fails, so
// that a new field type gets its variants here.
func variantsFor(t reflect.Type) ([]variant, bool) {
	d := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	switch t {
	case typeInt64:
		return []variant{{`42`, int64(42)}, {`"42"`, int64(42)}, {`42.0`, int64(42)}, {`" 42 "`, int64(42)}, {`null`, int64(0)}, {`""`, int64(0)}, {`5000000001`, int64(5000000001)}}, true
	case typeInt64Ptr:
		return []variant{{`42`, ptr(int64(42))}, {`"42"`, ptr(int64(42))}, {`0`, ptr(int64(0))}, {`null`, (*int64)(nil)}, {`""`, (*int64)(nil)}}, true
	case typeInt:
		return []variant{{`3`, 3}, {`"3"`, 3}, {`null`, 0}}, true
	case typeBool:
		return []variant{{`true`, true}, {`false`, false}, {`"true"`, true}, {`"false"`, false}, {`"1"`, true}, {`"0"`, false}, {`1`, true}, {`0`, false}, {`"t"`, true}, {`null`, false}, {`""`, false}}, true
	case typeBoolPtr:
		return []variant{{`true`, ptr(true)}, {`"0"`, ptr(false)}, {`null`, (*bool)(nil)}}, true
	case typeString:
		return []variant{{`"text"`, "text"}, {`" spaced "`, " spaced "}, {`"caf\u00e9"`, "café"}, {`12`, "12"}, {`0.5`, "0.5"}, {`true`, "true"}, {`null`, ""}}, true
	case typeStringPtr:
		return []variant{{`"text"`, ptr("text")}, {`""`, ptr("")}, {`7`, ptr("7")}, {`null`, (*string)(nil)}}, true
	case typeTime:
		return []variant{
			{`"2024-05-10T08:26:04.743+02:00"`, someTime}, {`"2024-05-10T08:26:04.743+0200"`, someTime},
			{`"2024-05-10 06:26:04.743 UTC"`, someTime.UTC()}, {`"2019-02-25"`, plainDay}, {`null`, time.Time{}}, {`""`, time.Time{}},
		}, true
	case typeTimePtr:
		return []variant{{`"2019-02-25"`, ptr(plainDay)}, {`null`, (*time.Time)(nil)}}, true
	case typeDecimal:
		return []variant{{`12.5`, d("12.5")}, {`"12.5"`, d("12.5")}, {`"0.0"`, d("0")}, {`10`, d("10")}, {`null`, decimal.Decimal{}}, {`""`, decimal.Decimal{}}}, true
	case typeDecimalPtr:
		return []variant{{`12.5`, ptr(d("12.5"))}, {`"0.0"`, ptr(d("0"))}, {`null`, (*decimal.Decimal)(nil)}}, true
	case typeFloat64:
		return []variant{{`1.5`, 1.5}, {`"1.5"`, 1.5}, {`null`, 0.0}}, true
	case typeFloat64Ptr:
		return []variant{{`1.5`, ptr(1.5)}, {`"-71.3"`, ptr(-71.3)}, {`null`, (*float64)(nil)}}, true
	}
	return nil, false
}

func ptr[T any](v T) *T { return &v }

// checkUnitVariants decodes the variants of a field tagged wire:"unit".
func checkUnitVariants(t *testing.T, mt reflect.Type, i int, key, unit string) {
	t.Helper()
	d := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	vs := map[string][]variant{
		"seconds": {{`600`, 10 * time.Minute}, {`"600"`, 10 * time.Minute}, {`1.5`, 1500 * time.Millisecond}, {`null`, time.Duration(0)}},
		"clock":   {{`"01:30"`, 90 * time.Minute}, {`"00:01:05"`, 65 * time.Second}, {`90`, 90 * time.Second}, {`null`, time.Duration(0)}, {`""`, time.Duration(0)}},
		"cents":   {{`1250`, d("12.5")}, {`"99"`, d("0.99")}, {`null`, decimal.Decimal{}}},
		"list":    {{`["a","b"]`, []string{"a", "b"}}, {`"a, b"`, []string{"a", "b"}}, {`null`, []string(nil)}},
	}[unit]
	require.NotEmpty(t, vs, "%s.%s: no variants for wire:%q", mt.Name(), mt.Field(i).Name, unit)
	for _, vr := range vs {
		v := reflect.New(mt)
		err := json.Unmarshal([]byte(fmt.Sprintf(`{%q:%s}`, key, vr.wire)), v.Interface())
		if assert.NoError(t, err, "%s.%s from %s", mt.Name(), mt.Field(i).Name, vr.wire) {
			got := v.Elem().Field(i).Interface()
			assert.True(t, sameValue(got, vr.want), "%s.%s from %s: got %#v, want %#v", mt.Name(), mt.Field(i).Name, vr.wire, got, vr.want)
		}
	}
}

// TestModelsDecodeEveryWireVariant decodes, for every field of every model,
// each wire variant Syncro sends for the field's kind, through the model's
// own UnmarshalJSON, and checks the value. Object- and array-typed fields
// get a value of the wrong shape: the record must still decode.
func TestModelsDecodeEveryWireVariant(t *testing.T) {
	t.Parallel()
	for _, m := range models {
		mt := reflect.TypeOf(m)
		t.Run(mt.Name(), func(t *testing.T) {
			t.Parallel()
			require.True(t, reflect.PointerTo(mt).Implements(typeUnmarshaler), "%s needs its one-line UnmarshalJSON calling decodeModel", mt)
			composite := false
			for i := 0; i < mt.NumField(); i++ {
				f := mt.Field(i)
				key, ok := jsonKey(f)
				if !ok {
					continue
				}
				composite = composite || isComposite(f.Type)
				checkFieldVariants(t, mt, i, key, f)
			}
			if composite {
				f, ok := mt.FieldByName(unparsedField)
				assert.True(t, ok && f.Type == typeUnparsed && f.Tag.Get("json") == "-",
					"%s has object- or array-typed fields: it needs an Unparsed map[string]json.RawMessage field tagged json:\"-\" to keep a value of another shape", mt)
			}
		})
	}
}

func checkFieldVariants(t *testing.T, mt reflect.Type, i int, key string, f reflect.StructField) {
	t.Helper()
	ft := f.Type
	if unit := f.Tag.Get("wire"); unit != "" {
		checkUnitVariants(t, mt, i, key, unit)
		return
	}
	if isComposite(ft) {
		for _, wrong := range []string{`"a string"`, `42`, `{"unexpected":"object"}`, `[1,2]`} {
			v := reflect.New(mt)
			err := json.Unmarshal([]byte(fmt.Sprintf(`{"id":5,%q:%s}`, key, wrong)), v.Interface())
			if !assert.NoError(t, err, "%s.%s: a composite field of another shape (%s) must not fail the record", mt.Name(), mt.Field(i).Name, wrong) {
				continue
			}
			if f, ok := mt.FieldByName(unparsedField); ok && f.Type == typeUnparsed {
				un := v.Elem().FieldByName(unparsedField).Interface().(map[string]json.RawMessage)
				if un[key] != nil {
					assert.JSONEq(t, wrong, string(un[key]), "%s.%s: the value is kept", mt.Name(), mt.Field(i).Name)
				}
			}
		}
		// The right shape with an empty value decodes too.
		empty := `[]`
		if k := ft.Kind(); k == reflect.Struct || k == reflect.Map || (k == reflect.Pointer && ft.Elem().Kind() == reflect.Struct) {
			empty = `{}`
		}
		err := json.Unmarshal([]byte(fmt.Sprintf(`{%q:%s}`, key, empty)), reflect.New(mt).Interface())
		assert.NoError(t, err, "%s.%s: %s", mt.Name(), mt.Field(i).Name, empty)
		return
	}
	if ft.Kind() != reflect.Struct && ft.Kind() != reflect.Pointer && reflect.PointerTo(ft).Implements(typeUnmarshaler) {
		return // a named type that decodes itself, with its own tests
	}
	vs, ok := variantsFor(ft)
	if !assert.True(t, ok, "%s.%s: no wire variants for type %s: add them to variantsFor", mt.Name(), mt.Field(i).Name, ft) {
		return
	}
	for _, vr := range vs {
		v := reflect.New(mt)
		err := json.Unmarshal([]byte(fmt.Sprintf(`{%q:%s}`, key, vr.wire)), v.Interface())
		if !assert.NoError(t, err, "%s.%s from %s", mt.Name(), mt.Field(i).Name, vr.wire) {
			continue
		}
		got := v.Elem().Field(i).Interface()
		assert.True(t, sameValue(got, vr.want), "%s.%s from %s: got %#v, want %#v", mt.Name(), mt.Field(i).Name, vr.wire, got, vr.want)
	}
}

// sameValue compares decoded values: times by instant and offset, decimals
// by value, pointers by what they point to.
func sameValue(got, want any) bool {
	gv, wv := reflect.ValueOf(got), reflect.ValueOf(want)
	if gv.Kind() == reflect.Pointer {
		if gv.IsNil() || wv.IsNil() {
			return gv.IsNil() == wv.IsNil()
		}
		return sameValue(gv.Elem().Interface(), wv.Elem().Interface())
	}
	switch g := got.(type) {
	case time.Time:
		w := want.(time.Time)
		_, go1 := g.Zone()
		_, wo := w.Zone()
		return g.Equal(w) && (w.IsZero() || go1 == wo)
	case decimal.Decimal:
		return g.Equal(want.(decimal.Decimal))
	}
	return reflect.DeepEqual(got, want)
}

// TestDecodeModelRefusesBadScalars: a value that cannot be read as its
// scalar type is an error (never a silent zero): ids, money, booleans and
// timestamps.
func TestDecodeModelRefusesBadScalars(t *testing.T) {
	t.Parallel()
	type rec struct {
		ID    int64           `json:"id"`
		Total decimal.Decimal `json:"total"`
		Paid  bool            `json:"paid"`
		At    time.Time       `json:"at"`
		Lines []struct {
			Qty decimal.Decimal `json:"qty"`
		} `json:"lines"`
		Unparsed map[string]json.RawMessage `json:"-"`
	}
	for _, body := range []string{
		`{"id":"abc"}`, `{"id":1.5}`, `{"id":{"x":1}}`, `{"total":"12,5"}`, `{"id":"` + strings.Repeat("9", 5000) + `"}`, `{"total":"ten"}`, `{"paid":"maybe"}`, `{"at":"yesterday"}`,
	} {
		var r rec
		assert.Error(t, decodeModel([]byte(body), &r), body)
	}
	// A composite of the wrong shape is kept aside, the rest decodes.
	var r rec
	require.NoError(t, decodeModel([]byte(`{"id":"9","total":"1.5","lines":"none","paid":"1"}`), &r))
	assert.Equal(t, int64(9), r.ID)
	assert.True(t, r.Total.Equal(decimal.RequireFromString("1.5")))
	assert.True(t, r.Paid)
	assert.Nil(t, r.Lines)
	assert.JSONEq(t, `"none"`, string(r.Unparsed["lines"]))
	// ...but a bad scalar beside it is still an error.
	assert.Error(t, decodeModel([]byte(`{"id":"x","lines":"none"}`), &r))
}

// TestDecodeModelSharesLayout: a twin is built for types with unexported
// fields, nested structs and self references, and decodes into the very
// memory of the model. (A reference of a type to itself decodes plainly:
// a twin cannot contain itself. No Syncro record is recursive.)
func TestDecodeModelSharesLayout(t *testing.T) {
	t.Parallel()
	type leaf struct {
		ID int64 `json:"id"`
	}
	type node struct {
		ID     int64 `json:"id"`
		hidden string
		Child  *node   `json:"child"`
		Kids   []leaf  `json:"kids"`
		Amount *string `json:"amount"`
		Inner  struct {
			On bool `json:"on"`
		} `json:"inner"`
	}
	n := node{hidden: "kept"}
	require.NoError(t, decodeModel([]byte(`{"id":"3","child":{"id":4},"kids":[{"id":"5"}],"amount":12,"inner":{"on":"1"}}`), &n))
	assert.Equal(t, int64(3), n.ID)
	assert.Equal(t, "kept", n.hidden, "unexported fields are untouched")
	require.NotNil(t, n.Child)
	assert.Equal(t, int64(4), n.Child.ID)
	require.Len(t, n.Kids, 1)
	assert.Equal(t, int64(5), n.Kids[0].ID, "nested records are tolerant too")
	assert.Equal(t, "12", *n.Amount)
	assert.True(t, n.Inner.On)
}
