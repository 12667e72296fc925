package syncro_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// Numbers typed by people and numbers Syncro stored (it strips formatting
// on save) compare equal once normalised.
func ExampleNormalizePhone() {
	fmt.Println(syncro.NormalizePhone("(555) 010-0199"))
	fmt.Println(syncro.NormalizePhone("+44 20 7946 0958"))
	fmt.Println(syncro.NormalizePhone("657.325.3258 x330"))
	fmt.Println(syncro.PhonesMatch("+1 555 010 0199", "5550100199"))
	// Output:
	// 5550100199
	// +442079460958
	// 6573253258
	// true
}

// A mirror finds the organizations deleted from Syncro: Syncro has no
// deletion feed, so it compares complete listings. The state between runs
// is a little JSON.
func ExampleTombstones() {
	srv := syncrotest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	acme := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Tech"})
	globex := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Globex"})

	ts := syncro.NewTombstones(func(c syncro.Customer) int64 { return c.ID })
	if _, err := ts.Pass(client.Customers.All(ctx, nil), nil); err != nil {
		fmt.Println(err)
		return
	}
	state, _ := json.Marshal(ts) // saved until the next run

	if err := client.Customers.Delete(ctx, globex); err != nil {
		fmt.Println(err)
		return
	}

	next := syncro.NewTombstones(func(c syncro.Customer) int64 { return c.ID })
	if err := json.Unmarshal(state, next); err != nil {
		fmt.Println(err)
		return
	}
	gone, err := next.Pass(client.Customers.All(ctx, nil), nil)
	if err != nil {
		fmt.Println(err) // a failed pass reports nothing
		return
	}
	fmt.Println("deleted:", gone[0] == globex, "kept:", next.Known()[0] == acme)
	// Output:
	// deleted: true kept: true
}

// Time logged per technician over a week, exactly.
func ExampleTicketTimersService_Report() {
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	srv := syncrotest.NewServer(syncrotest.WithClock(func() time.Time { return start.Add(7 * 24 * time.Hour) }))
	defer srv.Close()
	client := srv.Client()
	acme := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Tech"})
	priya := srv.AddUser(syncrotest.UserData{Name: "Priya Patel"})
	ticket := srv.AddTicket(syncrotest.TicketData{CustomerID: acme, Subject: "Backup drive"})
	for day, minutes := range []int{90, 20, 45} {
		at := start.Add(time.Duration(day)*24*time.Hour + 9*time.Hour)
		srv.AddTimer(ticket, syncrotest.TimerData{UserID: priya, Start: at, End: at.Add(time.Duration(minutes) * time.Minute)})
	}

	r, err := client.TicketTimers.Report(context.Background(), start, start.Add(7*24*time.Hour), &syncro.TimeReportOptions{ByCustomer: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	names := map[int64]string{priya: "Priya Patel", acme: "Acme Tech"}
	for _, row := range r.Rows {
		fmt.Printf("%s for %s: %d entries, %v, %s h\n",
			names[row.UserID], names[row.CustomerID], row.Entries, row.Worked, syncro.Hours(row.Worked, 2))
	}
	// Output:
	// Priya Patel for Acme Tech: 3 entries, 2h35m0s, 2.58 h
}

// An attachment's URL expires minutes after Syncro sent it: download it
// right after reading the ticket. The token is never sent to the storage
// host.
func ExampleTicketsService_DownloadAttachment() {
	srv := syncrotest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	acme := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Tech"})
	id := srv.AddTicket(syncrotest.TicketData{CustomerID: acme, Subject: "Scanner"})
	if err := client.Tickets.AttachFileURLs(ctx, id, syncro.AttachFileInput{URL: "https://files.example.com/scan.pdf", Filename: "scan.pdf"}); err != nil {
		fmt.Println(err)
		return
	}

	ticket, err := client.Tickets.Get(ctx, id)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range ticket.Attachments {
		var buf bytes.Buffer
		n, err := client.Tickets.DownloadAttachment(ctx, &a, &buf, &syncro.DownloadOptions{MaxBytes: 10 << 20})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(a.FileName, n > 0)
	}
	// Output:
	// scan.pdf true
}
