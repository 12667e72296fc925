// Export-contacts writes every end user to a CSV file in Syncro's end-user
// template, streamed page by page, safe to open in a spreadsheet and ready
// to edit and re-import with `syncro contacts import`.
//
//	go run ./examples/export-contacts            # writes contacts_<yyyy>_<mm>_<dd>_<hh>_<mm>_<ss>.csv
//	go run ./examples/export-contacts -o -       # to standard output
//
// It reads only. Without credentials it uses the built-in demo account.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/syncrokit/syncro/csvio"
	"github.com/syncrokit/syncro/examples/internal/demo"
)

func main() {
	out := flag.String("o", "", "output file, - for standard output (default: contacts_<date>_<time>.csv)")
	customer := flag.Int64("customer", 0, "export only this organization's end users")
	flag.Parse()
	acct, err := demo.Connect("syncro-example-export")
	if err != nil {
		log.Fatal(err)
	}
	defer acct.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()

	export := func(w io.Writer) (int, error) {
		return csvio.ExportContacts(ctx, acct.Client, w, &csvio.ExportOptions{CustomerID: *customer})
	}
	if *out == "-" {
		if _, err := export(os.Stdout); err != nil {
			log.Fatal(err)
		}
		return
	}
	if *out == "" {
		*out = csvio.FileName("contacts", time.Now())
	}
	var n int
	// The file appears only once complete: no half-written export.
	err = csvio.WriteFileAtomic(*out, func(w io.Writer) error {
		var werr error
		n, werr = export(w)
		return werr
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("Wrote %d end users to %s\n", n, *out)
}
