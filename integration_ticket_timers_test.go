package syncro_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// timersFake has two organizations, two technicians and time logged over
// three days, each entry logged (created) an hour after its work ended.
type timersFake struct {
	*fake
	acme, globex     int64
	priya, sam       int64
	day1, day2, day3 time.Time
	ids              []int64 // in the order logged
}

func newTimersFake(t *testing.T) *timersFake {
	t.Helper()
	f := newFake(t)
	tf := &timersFake{fake: f}
	tf.acme = f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Tech"})
	tf.globex = f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Globex"})
	tf.priya = f.srv.AddUser(syncrotest.UserData{Name: "Priya Patel"})
	tf.sam = f.srv.AddUser(syncrotest.UserData{Name: "Sam Ortiz"})
	acmeTicket := f.srv.AddTicket(syncrotest.TicketData{CustomerID: tf.acme, Subject: "Backup drive"})
	globexTicket := f.srv.AddTicket(syncrotest.TicketData{CustomerID: tf.globex, Subject: "Printer jam"})

	tf.day1 = epoch.Add(24 * time.Hour).Truncate(time.Hour)
	tf.day2, tf.day3 = tf.day1.Add(24*time.Hour), tf.day1.Add(48*time.Hour)
	logAt := func(ticket, user int64, start time.Time, d time.Duration, charged bool) {
		tf.clock.set(start.Add(d + time.Hour)) // logged an hour after the work ended
		tf.ids = append(tf.ids, f.srv.AddTimer(ticket, syncrotest.TimerData{UserID: user, Start: start, End: start.Add(d), Charged: charged}))
	}
	logAt(acmeTicket, tf.priya, tf.day1.Add(9*time.Hour), 90*time.Minute, false)
	logAt(globexTicket, tf.priya, tf.day1.Add(13*time.Hour), 20*time.Minute, true)
	logAt(acmeTicket, tf.sam, tf.day2.Add(10*time.Hour), 45*time.Minute, false)
	logAt(globexTicket, tf.sam, tf.day3.Add(8*time.Hour), 30*time.Minute, false)
	return tf
}

func TestIntegrationTicketTimersList(t *testing.T) {
	t.Parallel()
	tf := newTimersFake(t)
	ctx := context.Background()

	all := collect(t, tf.client.TicketTimers.All(ctx, nil))
	require.Len(t, all, 4)
	assert.Equal(t, tf.ids[0], all[0].ID)
	assert.Equal(t, 90*time.Minute, all[0].ActiveDuration)
	assert.True(t, all[1].Recorded)
	assert.Positive(t, all[1].TicketLineItemID)

	// created_at_gt and created_at_lt are strict bounds on the logging
	// time: the day-2 entry was logged at 11:45.
	logged2 := tf.day2.Add(10*time.Hour + 45*time.Minute + time.Hour)
	page, err := tf.client.TicketTimers.List(ctx, &syncro.TicketTimerListOptions{CreatedAtGt: tf.day2, CreatedAtLt: logged2.Add(time.Second)})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, tf.ids[2], page.Items[0].ID)
	assert.Equal(t, 1, page.Meta.TotalPages)
	page, err = tf.client.TicketTimers.List(ctx, &syncro.TicketTimerListOptions{CreatedAtGt: logged2})
	require.NoError(t, err)
	assert.Len(t, page.Items, 1, "gt is strict: only the day-3 entry")

	// The meta is the short {total_pages, page} of the spec's example.
	raw := tf.rawGet(t, "/ticket_timers?per_page=3&page=2")
	assert.Equal(t, map[string]any{"total_pages": jsonNum(2), "page": jsonNum(2)}, raw["meta"])
	paged := collect(t, tf.client.TicketTimers.All(ctx, &syncro.TicketTimerListOptions{ListOptions: syncro.ListOptions{PerPage: 3}}))
	assert.Len(t, paged, 4)
}

func TestIntegrationTicketTimersSetBillable(t *testing.T) {
	t.Parallel()
	tf := newTimersFake(t)
	ctx := context.Background()

	tm, err := tf.client.TicketTimers.SetBillable(ctx, tf.ids[2], true)
	require.NoError(t, err)
	assert.True(t, tm.Billable)
	assert.Equal(t, tf.ids[2], tm.ID)
	assert.False(t, tm.SinceUpdatedAt.IsZero())
	reqs := tf.requestsTo("PATCH /ticket_timers/{id}")
	require.Len(t, reqs, 1)
	assert.Equal(t, "true", reqs[0].Query.Get("billable"))
	assert.False(t, reqs[0].HasBody, "billable travels in the query")

	all := collect(t, tf.client.TicketTimers.All(ctx, nil))
	assert.True(t, all[2].Billable, "the change is kept")
	tm, err = tf.client.TicketTimers.SetBillable(ctx, tf.ids[2], false)
	require.NoError(t, err)
	assert.False(t, tm.Billable)

	_, err = tf.client.TicketTimers.SetBillable(ctx, 999, true)
	assert.ErrorIs(t, err, syncro.ErrNotFound)

	// Anything but true/false is Syncro's 422 (sent raw: the client only
	// sends booleans).
	status, body := tf.rawRequest(t, http.MethodPatch, "/ticket_timers/"+jsonInt(tf.ids[2])+"?billable=maybe")
	assert.Equal(t, http.StatusUnprocessableEntity, status)
	assert.JSONEq(t, `{"errors":["billable must be true or false"]}`, body)
}

// rawRequest sends a request below /api/v1 with the default token,
// bypassing the client, and returns the status and body.
func (f *fake) rawRequest(t *testing.T, method, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, f.srv.APIURL()+path, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+f.srv.Token())
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// set moves the clock to t.
func (c *testClock) set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// jsonNum is how a number reads in a body decoded with UseNumber.
func jsonNum(n int64) json.Number { return json.Number(strconv.FormatInt(n, 10)) }

func TestIntegrationTimeReport(t *testing.T) {
	t.Parallel()
	tf := newTimersFake(t)
	ctx := context.Background()

	r, err := tf.client.TicketTimers.Report(ctx, tf.day1, tf.day3, &syncro.TimeReportOptions{ByCustomer: true})
	require.NoError(t, err)
	want := []syncro.TimeReportRow{
		{UserID: tf.priya, CustomerID: tf.acme, TimeReportTotals: syncro.TimeReportTotals{Entries: 1, Worked: 90 * time.Minute}},
		{UserID: tf.priya, CustomerID: tf.globex, TimeReportTotals: syncro.TimeReportTotals{Entries: 1, Worked: 20 * time.Minute, Charged: 20 * time.Minute}},
		{UserID: tf.sam, CustomerID: tf.acme, TimeReportTotals: syncro.TimeReportTotals{Entries: 1, Worked: 45 * time.Minute}},
	}
	assert.Equal(t, want, r.Rows, "the day-3 entry is outside [day1, day3)")
	assert.Equal(t, 155*time.Minute, r.Total.Worked)
	assert.Equal(t, "2.58", syncro.Hours(r.Total.Worked, 2).String())
	assert.Len(t, tf.requestsTo("GET /tickets/{id}"), 2, "each ticket is fetched once")

	// A failed page fails the report: no partial sum.
	tf.srv.InjectFault(syncrotest.OnRoute("GET /ticket_timers", syncrotest.StatusFault(http.StatusBadGateway)))
	r, err = tf.client.TicketTimers.Report(ctx, tf.day1, tf.day3, nil)
	require.Error(t, err)
	assert.True(t, errors.Is(err, syncro.ErrServer), err.Error())
	assert.Nil(t, r)
}
