package syncro

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestContactGetBareAndWrapped(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"contacts/1", jsonResponder(200, fixture(t, "contact.json")))
	mt.RegisterResponder("GET", apiRoot+"contacts/2", jsonResponder(200, fixture(t, "contact_wrapped.json")))
	ctx := context.Background()

	bare, err := c.Contacts.Get(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, int64(1), bare.ID)
	assert.Equal(t, "Boba Fett", bare.Name)
	assert.Equal(t, "8653 Ivan Flat", bare.Address1)
	assert.Equal(t, "02293", bare.Zip)
	assert.Equal(t, int64(1), bare.CustomerID)
	require.NotNil(t, bare.Longitude)
	assert.InDelta(t, 91.6028665875294, *bare.Longitude, 1e-12)
	assert.Equal(t, time.Date(2019, 10, 22, 8, 47, 9, 723e6, time.UTC), bare.CreatedAt)
	assert.Equal(t, "Bounty Hunter", bare.Title, "title lives in properties on the wire")
	assert.True(t, bare.NotificationBilling)
	assert.False(t, bare.NotificationMarketing)
	assert.True(t, bare.NotificationReports, `"true" reads as true`)
	assert.Equal(t, Properties{"Shoe Size": "42"}, bare.Properties, "only custom fields stay in Properties")

	wrapped, err := c.Contacts.Get(ctx, 2)
	require.NoError(t, err)
	assert.Equal(t, int64(1), wrapped.ID)
	assert.Equal(t, int64(1), wrapped.CustomerID, "string id")
	assert.Equal(t, "Bounty Hunter", wrapped.Title)
	assert.Equal(t, "12", wrapped.Extension)
	assert.False(t, wrapped.OptOut)
}

func TestContactGetRefusesUnrelatedJSON(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithRetry(NoRetry()))
	mt.RegisterResponder("GET", apiRoot+"contacts/1", httpmock.NewStringResponder(200, `{"success":true}`))
	_, err := c.Contacts.Get(context.Background(), 1)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Contains(t, err.Error(), `neither a "contact" object nor a bare record`)
}

func TestContactsListByCustomer(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"contacts", func(r *http.Request) (*http.Response, error) {
		assert.Equal(t, "customer_id=1&page=1", r.URL.RawQuery)
		return httpmock.NewBytesResponse(200, fixture(t, "contacts_page.json")), nil
	})
	p, err := c.Contacts.List(context.Background(), &ContactListOptions{CustomerID: 1, ListOptions: ListOptions{Page: 1}})
	require.NoError(t, err)
	require.Len(t, p.Items, 1)
	assert.Equal(t, 50, p.Meta.PerPage)
	assert.Equal(t, "Boba Fett", p.Items[0].Name)
}

func TestContactCreateNeedsCustomer(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	for _, in := range []*ContactInput{nil, {Name: Ptr("Jane")}, {CustomerID: Ptr(int64(0)), Name: Ptr("Jane")}} {
		_, err := c.Contacts.Create(context.Background(), in)
		var verr *ValidationError
		require.ErrorAs(t, err, &verr)
		assert.Equal(t, []string{"customer_id"}, verr.Fields)
		assert.Contains(t, err.Error(), "set CustomerID to the organization's id")
	}
	assert.Equal(t, 0, mt.GetTotalCallCount())
}

func TestContactWritesMapPropertiesFields(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	var sent []map[string]any
	answer := func(r *http.Request) (*http.Response, error) {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(readBody(r)), &m))
		sent = append(sent, m)
		return httpmock.NewStringResponse(200, `{"id":8,"name":"Jane Doe","customer_id":3,"properties":{"title":"CFO","notification_billing":"1"}}`), nil
	}
	mt.RegisterResponder("POST", apiRoot+"contacts", answer)
	mt.RegisterResponder("PUT", apiRoot+"contacts/8", answer)
	mt.RegisterResponder("DELETE", apiRoot+"contacts/8", httpmock.NewStringResponder(200, `{"success": true}`))
	ctx := context.Background()

	ct, err := c.Contacts.Create(ctx, &ContactInput{
		CustomerID: Ptr(int64(3)), Name: Ptr("Jane Doe"), Email: Ptr("jane@acme.example"), Title: Ptr("CFO"),
		NotificationBilling: Ptr(true), NotificationMarketing: Ptr(false), Properties: map[string]any{"Badge": "A-12"},
	})
	require.NoError(t, err)
	assert.Equal(t, int64(8), ct.ID)
	assert.Equal(t, "CFO", ct.Title)
	assert.True(t, ct.NotificationBilling)

	_, err = c.Contacts.Update(ctx, 8, &ContactInput{Phone: Ptr("+1 555 0100")})
	require.NoError(t, err)
	require.NoError(t, c.Contacts.Delete(ctx, 8))

	require.Len(t, sent, 2)
	assert.Equal(t, map[string]any{
		"customer_id": float64(3), "name": "Jane Doe", "email": "jane@acme.example", "title": "CFO",
		"properties": map[string]any{"Badge": "A-12", "notification_billing": "1", "notification_marketing": "0"},
	}, sent[0])
	assert.Equal(t, map[string]any{"phone": "+1 555 0100"}, sent[1], "an update sends only what was set")
}

func TestContactNotFound(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("POST", apiRoot+"contacts", httpmock.NewStringResponder(404, `{"message":"Not found"}`))
	mt.RegisterResponder("PUT", apiRoot+"contacts/8", httpmock.NewBytesResponder(422, fixture(t, "errors/422_record_errors.json")))
	_, err := c.Contacts.Create(context.Background(), &ContactInput{CustomerID: Ptr(int64(404))})
	require.ErrorIs(t, err, ErrNotFound)
	_, err = c.Contacts.Update(context.Background(), 8, &ContactInput{Email: Ptr("xxx")})
	require.ErrorIs(t, err, ErrValidation)
	assert.Contains(t, err.Error(), "Email is not an email")
}
