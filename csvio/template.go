package csvio

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// ContactColumns is Syncro's end-user (contact) CSV template header, in
// order.
var ContactColumns = []string{
	"customer_id", "contact_id", "name", "title", "email", "phone", "extension", "mobile",
	"address1", "address2", "city", "state", "zip", "notes", "direct_report",
	"ticket_matching_emails", "notification_billing", "notification_marketing",
	"notification_reports", "vendor_id", "custom_fields",
}

// CustomerColumns is the organization (customer) CSV template header, in
// order: the columns of Syncro's column reference, ending in custom_fields.
var CustomerColumns = []string{
	"id", "firstname", "lastname", "email", "address", "address_2", "city", "state", "zip",
	"phone", "mobile_phone", "office_phone", "home_phone", "fax_phone", "other_phone",
	"get_sms", "location_id", "business_name", "created_at", "updated_at", "referred_by",
	"notes", "tax_rate_id", "tax_free", "no_email", "opt_out", "disabled", "custom_fields",
}

// Template names the two CSV templates.
type Template string

// The templates.
const (
	ContactTemplate  Template = "end user"
	CustomerTemplate Template = "organization"
)

// Columns returns the template's header.
func (t Template) Columns() []string {
	if t == CustomerTemplate {
		return CustomerColumns
	}
	return ContactColumns
}

// HeaderError is returned, before any row is read, for a header that is not
// the template's: every missing, unknown or repeated column is named, with
// the nearest correct name for a likely misspelling.
type HeaderError struct {
	Template Template
	Missing  []string          // template columns the header lacks
	Unknown  []string          // header columns the template does not have
	Repeated []string          // columns given more than once
	Nearest  map[string]string // unknown column -> the template column it probably means
	Hint     string            // a likely cause, e.g. a semicolon-separated file
	// Other is set when the header is the other template's: an end-user
	// file given where an organization file belongs, or the reverse.
	Other Template
}

// Bounds of a header error's message, whatever the header holds.
const (
	maxHeaderClauses = 8  // problems named one by one; the rest are counted
	maxColumnShown   = 40 // characters of a column name quoted in a message
	maxNearestInput  = 64 // longer names are not compared for misspellings
)

// Error says what is wrong in a few words: the likely cause when there is
// one (a semicolon-separated file, the other template), else each wrong
// column, at most a handful of them, with the header expected.
func (e *HeaderError) Error() string {
	const prefix = "csvio: the header is not the %s template (nothing was imported): "
	switch {
	case e.Other != "":
		return fmt.Sprintf("csvio: the file is in the %s template, not the %s template (nothing was imported): import it as %ss",
			e.Other, e.Template, e.Other)
	case e.Hint != "":
		return fmt.Sprintf(prefix+"%s", e.Template, e.Hint)
	}
	var parts []string
	for _, u := range e.Unknown {
		if near, ok := e.Nearest[u]; ok {
			parts = append(parts, fmt.Sprintf("unknown column %q (did you mean %q?)", shortColumn(u), near))
		} else {
			parts = append(parts, fmt.Sprintf("unknown column %q", shortColumn(u)))
		}
	}
	for _, m := range e.Missing {
		if !contains(mapValues(e.Nearest), m) {
			parts = append(parts, fmt.Sprintf("missing column %q", m))
		}
	}
	for _, r := range e.Repeated {
		parts = append(parts, fmt.Sprintf("column %q appears more than once", shortColumn(r)))
	}
	if len(parts) > maxHeaderClauses {
		parts = append(parts[:maxHeaderClauses], fmt.Sprintf("and %d more", len(parts)-maxHeaderClauses))
	}
	return fmt.Sprintf(prefix+"%s; the header must be: %s",
		e.Template, strings.Join(parts, "; "), strings.Join(e.Template.Columns(), ","))
}

// shortColumn cuts a column name for a message.
func shortColumn(s string) string {
	if utf8.RuneCountInString(s) <= maxColumnShown {
		return s
	}
	r := []rune(s)
	return string(r[:maxColumnShown]) + "…"
}

// checkHeader matches a header against the template. Surrounding spaces and
// letter case are tolerated; order is not checked (cells are read by name).
// It returns, for each template column, its index in the header.
func checkHeader(t Template, header []string) (map[string]int, error) {
	want := t.Columns()
	known := make(map[string]bool, len(want))
	for _, c := range want {
		known[c] = true
	}
	index := make(map[string]int, len(header))
	e := &HeaderError{Template: t, Nearest: map[string]string{}}
	for i, raw := range header {
		name := normaliseColumn(raw)
		if name == "" && i == len(header)-1 && len(header) > len(want) {
			continue // a trailing comma some spreadsheets add
		}
		switch {
		case !known[name]:
			e.Unknown = append(e.Unknown, strings.TrimSpace(raw))
		case hasKey(index, name):
			e.Repeated = append(e.Repeated, name)
		default:
			index[name] = i
		}
	}
	for _, c := range want {
		if !hasKey(index, c) {
			e.Missing = append(e.Missing, c)
		}
	}
	if len(e.Unknown) == 0 && len(e.Missing) == 0 && len(e.Repeated) == 0 {
		return index, nil
	}
	for i, u := range e.Unknown {
		if i == 4*maxHeaderClauses {
			break // more than a message shows: a wrong file, not misspellings
		}
		if len(u) > maxNearestInput {
			continue // no misspelling is that long; and comparing would cost
		}
		if near := nearest(normaliseColumn(u), e.Missing); near != "" {
			e.Nearest[u] = near
		}
	}
	e.Other = otherTemplate(t, header)
	if len(header) == 1 {
		switch {
		case strings.Contains(header[0], ";"):
			e.Hint = "the file is separated by semicolons (a spreadsheet's regional setting): save it as comma-separated CSV (UTF-8)"
		case strings.Contains(header[0], "\t"):
			e.Hint = "the file is separated by tabs: save it as comma-separated CSV (UTF-8)"
		}
	}
	return nil, e
}

// otherTemplate returns the other template when header is its header: every
// column one of the other template's, and most of them there.
func otherTemplate(t Template, header []string) Template {
	other := ContactTemplate
	if t == ContactTemplate {
		other = CustomerTemplate
	}
	cols := other.Columns()
	seen := map[string]bool{}
	for _, h := range header {
		name := normaliseColumn(h)
		if name == "" {
			continue
		}
		if !contains(cols, name) {
			return ""
		}
		seen[name] = true
	}
	if 2*len(seen) < len(cols) {
		return ""
	}
	return other
}

// normaliseColumn trims spaces and lowers case: " Customer_ID " is
// customer_id.
func normaliseColumn(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// nearest returns the candidate closest to s by edit distance, if it is
// close enough to be a likely misspelling.
func nearest(s string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		d := editDistance(s, c)
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" || bestDist > max(2, len(best)/3) {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func hasKey(m map[string]int, k string) bool {
	_, ok := m[k]
	return ok
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}
