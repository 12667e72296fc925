package csvio

import (
	"context"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"
	"unicode"

	"github.com/syncrokit/syncro"
)

// ExportOptions tune the exporters.
type ExportOptions struct {
	// CustomerID limits an end-user export to one organization; 0 exports
	// the end users of every organization.
	CustomerID int64
	// Progress, when set, is called after each row with the rows written.
	Progress func(rows int)
}

// ExportContacts streams end users from Syncro into w as the end-user
// template, page by page, without holding them all in memory. It returns
// the number of rows written.
func ExportContacts(ctx context.Context, client *syncro.Client, w io.Writer, opts *ExportOptions) (int, error) {
	if opts == nil {
		opts = &ExportOptions{}
	}
	seq := client.Contacts.All(ctx, &syncro.ContactListOptions{CustomerID: opts.CustomerID})
	return writeRows(w, ContactTemplate, seq, writeContact, opts.Progress)
}

// WriteContacts writes end users from any source as the end-user template.
func WriteContacts(w io.Writer, contacts iter.Seq2[syncro.Contact, error]) (int, error) {
	return writeRows(w, ContactTemplate, contacts, writeContact, nil)
}

// ExportCustomers streams organizations (disabled ones included) into w as
// the organization template. It returns the number of rows written.
func ExportCustomers(ctx context.Context, client *syncro.Client, w io.Writer, opts *ExportOptions) (int, error) {
	if opts == nil {
		opts = &ExportOptions{}
	}
	seq := client.Customers.All(ctx, &syncro.CustomerListOptions{IncludeDisabled: true})
	return writeRows(w, CustomerTemplate, seq, writeCustomer, opts.Progress)
}

// WriteCustomers writes organizations from any source as the organization
// template.
func WriteCustomers(w io.Writer, customers iter.Seq2[syncro.Customer, error]) (int, error) {
	return writeRows(w, CustomerTemplate, customers, writeCustomer, nil)
}

// writeRows writes the header and one row per record, as the records come.
func writeRows[T any](w io.Writer, t Template, seq iter.Seq2[T, error], render func(*T, *rowWriter), progress func(int)) (int, error) {
	rw := newRowWriter(w)
	for _, c := range t.Columns() {
		rw.text(c)
	}
	if err := rw.end(); err != nil {
		return 0, err
	}
	n := 0
	var cur T // one variable for every record: taking each loop value's address would allocate a copy per row
	for rec, err := range seq {
		if err != nil {
			_ = rw.flush()
			return n, fmt.Errorf("csvio: export stopped after %d rows: %w", n, err)
		}
		cur = rec
		render(&cur, rw)
		if err := rw.end(); err != nil {
			return n, err
		}
		n++
		if progress != nil {
			progress(n)
		}
	}
	return n, rw.flush()
}

// FileName returns an export file name: "<prefix>_<yyyy>_<mm>_<dd>_<hh>_<mm>_<ss>.csv",
// where prefix is the account id or, when one is known, the business name,
// made safe for every file system (letters, digits, '-', '.' and '_';
// other characters become '_').
func FileName(prefix string, t time.Time) string {
	return safeName(prefix) + t.Format("_2006_01_02_15_04_05") + ".csv"
}

// reservedName reports whether Windows takes a file name whose part before
// the first dot is s for a device: CON, PRN, AUX, NUL, COM0 to COM9, LPT0
// to LPT9, in any case.
func reservedName(s string) bool {
	s = strings.ToLower(s)
	switch s {
	case "con", "prn", "aux", "nul":
		return true
	}
	return len(s) == 4 && (strings.HasPrefix(s, "com") || strings.HasPrefix(s, "lpt")) && s[3] >= '0' && s[3] <= '9'
}

func safeName(s string) string {
	var b strings.Builder
	underscore := false
	for _, r := range s {
		ok := r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '.')
		if !ok {
			if !underscore && b.Len() > 0 {
				b.WriteByte('_')
			}
			underscore = true
			continue
		}
		b.WriteRune(r)
		underscore = false
	}
	name := strings.Trim(b.String(), "._-")
	if len(name) > 80 {
		name = strings.TrimRight(name[:80], "._-")
	}
	if name == "" {
		name = "export"
	}
	// Windows reads "CON.Ltd_2024_..." as the device CON: the part before
	// the first dot must not be a device name.
	if base, rest, dotted := strings.Cut(name, "."); reservedName(base) {
		if dotted {
			name = base + "_" + rest
		} else {
			name += "_export"
		}
	}
	return name
}
