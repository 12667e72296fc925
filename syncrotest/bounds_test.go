package syncrotest_test

import (
	"math/big"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

// TestHugeNumbersDoNotFreezeTheFake sends numbers no parser should see in
// full (a million digits, an exponent of a billion) in the path, the query
// and the body: every request is answered, with a 4xx where the number
// matters. Before, "1e999999999" in a path or body froze the handler.
func TestHugeNumbersDoNotFreezeTheFake(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	id := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Real Co"})
	million := strings.Repeat("7", 1<<20)
	for _, path := range []string{
		"/customers/" + strings.Repeat("7", 1<<16),
		"/customers/1e999999999",
		"/customers/-1e999999999",
		"/customers/0.0000000000000000000000000000000000000000000001e40",
		"/tickets/1e999999999/comments",
	} {
		r := send(t, srv, http.MethodGet, path, nil)
		assert.Equal(t, http.StatusNotFound, r.Status, path[:min(len(path), 40)])
	}
	r := send(t, srv, http.MethodGet, "/customers?page="+strings.Repeat("9", 1<<16)+"&per_page=1e999999999", nil)
	require.Equal(t, http.StatusOK, r.Status)
	assert.Empty(t, list(t, r.Object(t), "customers"), "a page past int's range is past the end, not the first page again")
	for _, body := range []string{
		`{"customer_id":"1e999999999","firstname":"A"}`,
		`{"customer_id":` + million + `,"firstname":"A"}`,
		`{"customer_id":"-1e999999999","firstname":"A"}`,
	} {
		r := send(t, srv, http.MethodPost, "/contacts", body)
		assert.GreaterOrEqual(t, r.Status, 400, body[:40])
		assert.Less(t, r.Status, 500, body[:40])
	}
	ticket := send(t, srv, http.MethodPost, "/tickets", map[string]any{"customer_id": id, "subject": "S"})
	require.Equal(t, http.StatusOK, ticket.Status, string(ticket.Body))
	tid := num(t, object(t, ticket.Object(t)["ticket"])["id"])
	li := send(t, srv, http.MethodPost, "/tickets/"+itoa(tid)+"/add_line_item",
		`{"name":"N","description":"D","quantity":"1e999999999","price_retail":1e999999999}`)
	assert.Less(t, li.Status, 500, string(li.Body))
	assert.Equal(t, 0, srv.Stats().Created["contacts"], "no contact was made for an absurd customer id")
}

// TestIDsBeyondInt64AreRefused: an id past int64 is not wrapped into
// another, valid-looking id (2^64+id used to find the record id).
func TestIDsBeyondInt64AreRefused(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	id := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Real Co"})
	wrapped := new(big.Int).Add(new(big.Int).Lsh(big.NewInt(1), 64), big.NewInt(id)).String()
	for _, spelling := range []string{wrapped, wrapped + ".0", "9223372036854775808", "-9223372036854775809"} {
		r := send(t, srv, http.MethodGet, "/customers/"+spelling, nil)
		assert.Equal(t, http.StatusNotFound, r.Status, spelling)
		r = send(t, srv, http.MethodPost, "/contacts", `{"customer_id":`+spelling+`,"firstname":"A"}`)
		assert.Equal(t, http.StatusNotFound, r.Status, spelling)
		r = send(t, srv, http.MethodPost, "/contacts", `{"customer_id":"`+spelling+`","firstname":"A"}`)
		assert.Equal(t, http.StatusNotFound, r.Status, spelling)
	}
	assert.Equal(t, http.StatusOK, send(t, srv, http.MethodGet, "/customers/"+itoa(id)+".0", nil).Status, "a whole number with a point still reads")
	assert.Equal(t, 0, srv.Stats().Created["contacts"])
}

func itoa(n int64) string { return big.NewInt(n).String() }
