package syncro_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

func TestIntegrationTombstonesFindDeletedCustomers(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	var ids []int64
	for _, name := range []string{"Acme Tech", "Globex", "Initech", "Umbrella", "Hooli"} {
		ids = append(ids, f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: name}))
	}
	// Disabled organizations are left out of the default listing: include
	// them, or disabling one would make it look deleted.
	opts := &syncro.CustomerListOptions{ListOptions: syncro.ListOptions{PerPage: 2}, IncludeDisabled: true}
	byID := func(c syncro.Customer) int64 { return c.ID }

	ts := syncro.NewTombstones(byID)
	mirror := map[int64]string{}
	gone, err := ts.Pass(f.client.Customers.All(ctx, opts), func(c syncro.Customer) error {
		mirror[c.ID] = c.BusinessName
		return nil
	})
	require.NoError(t, err)
	assert.Empty(t, gone)
	assert.Len(t, mirror, 5)

	// The state survives a restart as JSON.
	state, err := json.Marshal(ts)
	require.NoError(t, err)

	require.NoError(t, f.client.Customers.Delete(ctx, ids[1]))
	require.NoError(t, f.client.Customers.Delete(ctx, ids[3]))
	_, err = f.client.Customers.Update(ctx, ids[4], &syncro.CustomerInput{Disabled: ptr(true)})
	require.NoError(t, err)

	// A pass that fails on page 2 reports nothing.
	restored := syncro.NewTombstones(byID)
	require.NoError(t, json.Unmarshal(state, restored))
	f.srv.InjectFault(syncrotest.FaultRule{Route: "GET /customers", Nth: 2, Faults: []syncrotest.Fault{syncrotest.StatusFault(http.StatusBadGateway)}})
	gone, err = restored.Pass(f.client.Customers.All(ctx, opts), nil)
	require.Error(t, err)
	assert.Empty(t, gone, "a failed pass makes nothing look deleted")

	// The next complete pass does.
	f.srv.ClearFaults()
	gone, err = restored.Pass(f.client.Customers.All(ctx, opts), nil)
	require.NoError(t, err)
	assert.Equal(t, []int64{ids[1], ids[3]}, gone)
	for _, id := range gone {
		delete(mirror, id)
	}
	assert.Len(t, mirror, 3)
}
