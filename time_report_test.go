package syncro

import (
	"encoding/json"
	"errors"
	"iter"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// timersFrom decodes the ticket_timers of fixture pages into one sequence.
func timersFrom(t *testing.T, pages ...string) iter.Seq2[TicketTimer, error] {
	t.Helper()
	var all []TicketTimer
	for _, name := range pages {
		var page struct {
			TicketTimers []TicketTimer `json:"ticket_timers"`
		}
		require.NoError(t, json.Unmarshal(fixture(t, name), &page))
		all = append(all, page.TicketTimers...)
	}
	return func(yield func(TicketTimer, error) bool) {
		for _, tm := range all {
			if !yield(tm, nil) {
				return
			}
		}
	}
}

func TestBuildTimeReportSumsPerTechnicianAndOrganization(t *testing.T) {
	t.Parallel()
	seq := timersFrom(t, "ticket_timers/list_page1.json", "ticket_timers/list_page2.json")
	customerOf := map[int64]int64{52000001: 31000001, 52000002: 31000002}
	var asked []int64
	lookup := func(ticketID int64) (int64, error) {
		asked = append(asked, ticketID)
		return customerOf[ticketID], nil
	}
	from := mustTime(t, "2026-03-02T00:00:00+02:00")
	to := mustTime(t, "2026-03-04T00:00:00+02:00")

	r, err := BuildTimeReport(seq, from, to, lookup)
	require.NoError(t, err)
	assert.ElementsMatch(t, []int64{52000001, 52000002}, asked, "each ticket is looked up once")
	require.Len(t, r.Rows, 2)

	assert.Equal(t, int64(77), r.Rows[0].UserID)
	assert.Equal(t, int64(31000001), r.Rows[0].CustomerID)
	assert.Equal(t, 2, r.Rows[0].Entries)
	assert.Equal(t, 90*time.Minute+45*time.Second, r.Rows[0].Worked)
	assert.Equal(t, 90*time.Minute, r.Rows[0].Billable, "the 45 s call is not billable")
	assert.Zero(t, r.Rows[0].Charged)

	assert.Equal(t, int64(78), r.Rows[1].UserID)
	assert.Equal(t, 20*time.Minute, r.Rows[1].Worked, "seconds sent as strings")
	assert.Equal(t, 20*time.Minute, r.Rows[1].Charged)

	assert.Equal(t, 3, r.Total.Entries)
	assert.Equal(t, 110*time.Minute+45*time.Second, r.Total.Worked)
	assert.True(t, decimal.RequireFromString("1.85").Equal(Hours(r.Total.Worked, 2)), Hours(r.Total.Worked, 2).String())
	assert.True(t, decimal.RequireFromString("1.8458").Equal(Hours(r.Total.Worked, 4)))

	assert.Equal(t, 90*time.Minute+45*time.Second, r.ByUser()[77].Worked)
	assert.Equal(t, 20*time.Minute, r.ByCustomer()[31000002].Worked)
}

func TestBuildTimeReportPeriodIsHalfOpenOnStartTime(t *testing.T) {
	t.Parallel()
	seq := timersFrom(t, "ticket_timers/list_page1.json", "ticket_timers/list_page2.json")
	// The second entry starts exactly at 13:00: in [13:00, ...), the first
	// (09:00) is before, the third (next day) is after.
	from := mustTime(t, "2026-03-02T13:00:00+02:00")
	to := mustTime(t, "2026-03-03T08:00:00+02:00")
	r, err := BuildTimeReport(seq, from, to, nil)
	require.NoError(t, err)
	require.Len(t, r.Rows, 1)
	assert.Equal(t, int64(78), r.Rows[0].UserID)
	assert.Zero(t, r.Rows[0].CustomerID, "no lookup: organization 0")
	assert.Equal(t, 1, r.Total.Entries)
}

func TestBuildTimeReportFailsWhole(t *testing.T) {
	t.Parallel()
	from := mustTime(t, "2026-03-01T00:00:00Z")
	to := mustTime(t, "2026-03-05T00:00:00Z")
	pageErr := errors.New("page 2: 502")
	failing := func(yield func(TicketTimer, error) bool) {
		for tm, err := range timersFrom(t, "ticket_timers/list_page1.json") {
			if !yield(tm, err) {
				return
			}
		}
		yield(TicketTimer{}, pageErr)
	}
	r, err := BuildTimeReport(failing, from, to, nil)
	require.ErrorIs(t, err, pageErr)
	assert.Nil(t, r, "no partial report")

	lookupErr := errors.New("ticket 52000002: 404")
	r, err = BuildTimeReport(timersFrom(t, "ticket_timers/list_page1.json"), from, to, func(id int64) (int64, error) {
		if id == 52000002 {
			return 0, lookupErr
		}
		return 1, nil
	})
	require.ErrorIs(t, err, lookupErr)
	assert.Nil(t, r)

	_, err = BuildTimeReport(timersFrom(t), to, from, nil)
	require.ErrorIs(t, err, ErrValidation)
}

func TestHoursIsExact(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "0.3333", Hours(20*time.Minute, 4).String())
	assert.Equal(t, "1", Hours(time.Hour, 0).String())
	assert.Equal(t, "0.01", Hours(18*time.Second, 2).String(), "0.005 h rounds half up")
	// Summing many entries loses nothing: 3 × 20 min is exactly one hour.
	sum := time.Duration(0)
	for range slices.Repeat([]int{0}, 3) {
		sum += 20 * time.Minute
	}
	assert.Equal(t, "1.000000", Hours(sum, 6).StringFixed(6))
}
