package syncro

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTicketSettings(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets/settings", log.reply(200, fixture(t, "tickets/settings.json")))
	s, err := c.Tickets.Settings(context.Background())
	require.NoError(t, err)
	require.Len(t, log.all(), 1)

	assert.Equal(t, []string{"New", "In Progress", "Resolved", "Invoiced", "Waiting for Parts", "Waiting on Customer", "Scheduled", "Customer Reply", "On Hold - Vendor"}, s.TicketStatusList)
	assert.Equal(t, int64(15), s.DefaultLaborProductID)
	assert.False(t, s.TicketTimerChargeByDefault, `"false" is false`)
	assert.True(t, s.RequireTicketType)
	assert.False(t, s.RequireIntakeFormWithTicket, "null is false")
	require.Len(t, s.Users, 2)
	assert.Equal(t, User{ID: 77, FullName: "Sam Ortiz"}, s.Users[0], "{id, name} users")
	require.Len(t, s.SavedSearches, 1)
	assert.Equal(t, int64(5), s.SavedSearches[0].ID)
	assert.Equal(t, "My open tickets", s.SavedSearches[0].Name)
	assert.Contains(t, string(s.SavedSearches[0].Raw), `"mine":true`, "the whole record is kept")
	require.Len(t, s.TicketTypes, 1)
	assert.Equal(t, "Helpdesk", s.TicketTypes[0].Name)

	m, err := s.StageMap(map[string]Stage{"On Hold - Vendor": StageWaiting})
	require.NoError(t, err)
	assert.Equal(t, StageWaiting, m.Stage("On Hold - Vendor"))
	assert.Equal(t, []string{"Resolved", "Invoiced"}, m.Statuses(StageResolved))
}

func TestDefaultStage(t *testing.T) {
	t.Parallel()
	tests := map[string]Stage{
		"New":                  StageNew,
		"  new ":               StageNew,
		"In Progress":          StageWorking,
		"Resolved":             StageResolved,
		"Invoiced":             StageResolved,
		"INVOICED":             StageResolved,
		"Closed":               StageResolved,
		"Resolved - No Charge": StageResolved, // Syncro: a status beginning with the word "Resolved" acts as Resolved
		"resolved by customer": StageResolved,
		"Resolvedness Review":  StageWorking, // not the word "Resolved"
		"Unresolved":           StageWorking,
		"Waiting for Parts":    StageWaiting,
		"Waiting on Customer":  StageWaiting,
		"waiting  on vendor":   StageWaiting,
		"Scheduled":            StageTriaged,
		"Customer Reply":       StageWorking,
		"Triaged":              StageTriaged,
		"On Hold - Vendor":     StageWorking,
		"Awaiting Approval":    StageWorking, // does not start with "Waiting"
		"":                     StageWorking,
	}
	for status, want := range tests {
		assert.Equal(t, want, DefaultStage(status), "status %q", status)
	}
}

func TestStageMap(t *testing.T) {
	t.Parallel()
	statuses := []string{"New", "In Progress", "Resolved", "Invoiced", "Waiting for Parts", "Waiting on Customer", "Scheduled", "Customer Reply", "Needs Review", "new"}
	tests := []struct {
		name      string
		overrides map[string]Stage
		want      map[string]Stage
	}{
		{
			name: "defaults",
			want: map[string]Stage{
				"New": StageNew, "In Progress": StageWorking, "Resolved": StageResolved, "Invoiced": StageResolved,
				"Waiting for Parts": StageWaiting, "Waiting on Customer": StageWaiting, "Scheduled": StageTriaged,
				"Customer Reply": StageWorking, "Needs Review": StageWorking,
			},
		},
		{
			name:      "overrides win, whatever their case",
			overrides: map[string]Stage{"needs review": StageTriaged, "CUSTOMER REPLY": StageTriaged, "Scheduled": StageWaiting},
			want: map[string]Stage{
				"New": StageNew, "In Progress": StageWorking, "Resolved": StageResolved, "Invoiced": StageResolved,
				"Waiting for Parts": StageWaiting, "Waiting on Customer": StageWaiting, "Scheduled": StageWaiting,
				"Customer Reply": StageTriaged, "Needs Review": StageTriaged,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := NewStageMap(statuses, tt.overrides)
			require.NoError(t, err)
			assert.Equal(t, tt.want, m.Mapping(), "duplicate statuses are listed once")
			for status, st := range tt.want {
				assert.Equal(t, st, m.Stage(status))
			}
		})
	}

	m, err := NewStageMap(statuses, map[string]Stage{"Escalated": StageTriaged})
	require.NoError(t, err)
	assert.Equal(t, StageTriaged, m.Stage("escalated"), "an override for a status not in the list")
	assert.Equal(t, StageWaiting, m.Stage("Waiting for Approval"), "an unknown status gets the default rules")
	assert.Equal(t, StageWorking, m.Stage("Something new"))
	assert.Equal(t, []string{"Resolved", "Invoiced", "Waiting for Parts", "Waiting on Customer"}, m.Statuses(StageResolved, StageWaiting))
	assert.Equal(t, []string{"Scheduled"}, m.Statuses(StageTriaged))
	assert.Empty(t, m.Statuses())
}

func TestStageMapRefusesBadOverrides(t *testing.T) {
	t.Parallel()
	_, err := NewStageMap([]string{"New"}, map[string]Stage{"Escalated": "Urgent", "New": StageNew, "  ": StageNew})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []string{`"  " (an empty status)`, `"Escalated": "Urgent"`}, ve.Fields)
	assert.Contains(t, err.Error(), "New, Triaged, Working, Waiting or Resolved")
}
