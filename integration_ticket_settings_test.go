package syncro_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

func TestIntegrationTicketSettings(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData())
	s, err := f.client.Tickets.Settings(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"New", "In Progress", "Resolved", "Invoiced", "Waiting for Parts", "Waiting on Customer", "Scheduled", "Customer Reply"},
		s.TicketStatusList, "Syncro's default statuses")
	assert.Equal(t, int64(1), s.DefaultLaborProductID)
	assert.False(t, s.TicketTimerChargeByDefault, "null reads as false")
	var types, searches, users []string
	for _, tt := range s.TicketTypes {
		types = append(types, tt.Name)
	}
	for _, ss := range s.SavedSearches {
		searches = append(searches, ss.Name)
		assert.Positive(t, ss.ID)
		assert.NotEmpty(t, ss.Raw)
	}
	for _, u := range s.Users {
		users = append(users, u.FullName)
		assert.Positive(t, u.ID)
	}
	assert.Equal(t, []string{"Hardware", "Software", "Network"}, types)
	assert.Equal(t, []string{"Open tickets", "My tickets"}, searches)
	assert.Equal(t, []string{"Alex Morgan", "Priya Patel", "Marcus Lee"}, users)
}

func TestIntegrationStageMapFromTheAccountsStatuses(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData())
	ctx := context.Background()
	statuses := []string{"New", "Triaged", "In Progress", "Waiting on Vendor", "On Hold", "Scheduled", "Customer Reply", "Resolved", "Invoiced"}
	f.srv.SetTicketStatuses(statuses...)

	s, err := f.client.Tickets.Settings(ctx)
	require.NoError(t, err)
	require.Equal(t, statuses, s.TicketStatusList, "the account's own statuses")
	m, err := s.StageMap(map[string]syncro.Stage{"On Hold": syncro.StageWaiting})
	require.NoError(t, err)
	assert.Equal(t, map[string]syncro.Stage{
		"New": syncro.StageNew, "Triaged": syncro.StageTriaged, "In Progress": syncro.StageWorking,
		"Waiting on Vendor": syncro.StageWaiting, "On Hold": syncro.StageWaiting, "Scheduled": syncro.StageTriaged,
		"Customer Reply": syncro.StageWorking, "Resolved": syncro.StageResolved, "Invoiced": syncro.StageResolved,
	}, m.Mapping())
	assert.Equal(t, []string{"Resolved", "Invoiced"}, m.Statuses(syncro.StageResolved))
	assert.Equal(t, []string{"Waiting on Vendor", "On Hold"}, m.Statuses(syncro.StageWaiting))

	// NewStageMap on the same list gives the same map.
	m2, err := syncro.NewStageMap(s.TicketStatusList, map[string]syncro.Stage{"on hold": syncro.StageWaiting})
	require.NoError(t, err)
	assert.Equal(t, m.Mapping(), m2.Mapping(), "overrides match statuses without regard to case")

	// The demo's tickets, placed on the board by stage.
	board := map[syncro.Stage][]string{}
	for tk, err := range f.client.Tickets.All(ctx, nil) {
		require.NoError(t, err)
		board[m.Stage(tk.Status)] = append(board[m.Stage(tk.Status)], tk.Number)
	}
	assert.Equal(t, map[syncro.Stage][]string{
		syncro.StageNew:      {"1008", "1001"},
		syncro.StageWorking:  {"1006", "1002"},
		syncro.StageWaiting:  {"1005", "1004"},
		syncro.StageResolved: {"1007", "1003"},
	}, board, "Waiting for Parts and Waiting on Customer are not in the list: the default rules place them")

	_, err = s.StageMap(map[string]syncro.Stage{"On Hold": "Paused"})
	var verr *syncro.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []string{`"On Hold": "Paused"`}, verr.Fields)
}
