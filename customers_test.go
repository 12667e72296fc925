package syncro

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCustomersListDecodesRealShapes(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"customers", jsonResponder(200, fixture(t, "customers_page.json")))
	p, err := c.Customers.List(context.Background(), nil)
	require.NoError(t, err)
	require.Len(t, p.Items, 2)
	assert.Equal(t, Meta{Page: 1, TotalPages: 1, TotalEntries: 2, PerPage: 100}, p.Meta)

	walkin := p.Items[0]
	assert.Equal(t, int64(1), walkin.ID)
	assert.Equal(t, "Walkin", walkin.Firstname)
	assert.Equal(t, "", walkin.BusinessName, "null reads as empty")
	assert.True(t, walkin.NoEmail)
	assert.Equal(t, time.Date(2019, 10, 21, 8, 33, 21, 53e6, time.UTC), walkin.CreatedAt)
	assert.Nil(t, walkin.Latitude)
	assert.Nil(t, walkin.PrepayHours, "absent prepay hours are unknown, not zero")
	assert.Equal(t, "http://testsubdomainwi1.lvh.me//my_profile/v2/index?portal_key=81lcr4ua1parftzvbgk9", walkin.OnlineProfileURL)
	assert.Equal(t, "Walkin Customer", walkin.DisplayName())

	biz := p.Items[1]
	assert.Equal(t, int64(31383993), biz.ID, "string id")
	assert.True(t, biz.Disabled, `"1"`)
	assert.False(t, biz.GetSms, `"0"`)
	assert.True(t, biz.NoEmail, `"true"`)
	assert.Equal(t, int64(4), biz.InvoiceTermID)
	assert.Equal(t, int64(0), biz.TaxRateID, `""`)
	require.NotNil(t, biz.Latitude)
	assert.InDelta(t, 52.37, *biz.Latitude, 1e-9)
	_, off := biz.CreatedAt.Zone()
	assert.Equal(t, 2*3600, off, "the account offset is kept")
	assert.Equal(t, time.Date(2025, 4, 11, 15, 0, 53, 0, time.UTC), biz.UpdatedAt, `" UTC" suffix`)
	assert.Equal(t, "NL123", biz.Properties.String("Vat No."))
	vip, _ := biz.Properties.Bool("VIP")
	assert.True(t, vip)
	seats, _ := biz.Properties.Int64("Seats")
	assert.Equal(t, int64(12), seats)
	assert.Equal(t, "test biz", biz.DisplayName())
	require.Len(t, biz.Contacts, 1)
	assert.Equal(t, "Jane Doe", biz.Contacts[0].Name)
	assert.Equal(t, "Office Manager", biz.Contacts[0].Title)
	assert.True(t, biz.Contacts[0].NotificationBilling)
}

func TestCustomerGetDetail(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"customers/31383993", jsonResponder(200, fixture(t, "customer_detail.json")))
	cu, err := c.Customers.Get(context.Background(), 31383993)
	require.NoError(t, err)
	require.NotNil(t, cu.PrepayHours)
	assert.True(t, decimal.RequireFromString("12.5").Equal(*cu.PrepayHours))
	require.Len(t, cu.TicketLinks, 1)
	assert.Equal(t, TicketLink{ID: 991, Number: "1042", Status: "In Progress", Subject: "Printer jams"}, cu.TicketLinks[0])
	require.Len(t, cu.Phones, 1)
	assert.Equal(t, "111222333", cu.Phones[0].Number)
	assert.Equal(t, int64(31383993), cu.Phones[0].CustomerID)
	assert.Len(t, cu.InvoiceLinks, 1)
	require.Len(t, cu.Contracts, 1)
	assert.Equal(t, int64(155982), cu.Contracts[0].ID)
	assert.Equal(t, "30k", cu.Contracts[0].ContractAmount)
	assert.Equal(t, int64(30), cu.Contracts[0].Likelihood, "a number sent as a string")
	assert.Equal(t, "+02:00", cu.Contracts[0].StartDate.Format("-07:00"))
	assert.False(t, cu.SinceUpdatedAt.IsZero())
	assert.Equal(t, "test biz - Pat Lee", cu.BusinessAndFullName)
}

func TestCustomerPrepayHoursZeroIsNotAbsent(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"customers/1", httpmock.NewStringResponder(200, `{"customer":{"id":1,"prepay_hours":0}}`))
	mt.RegisterResponder("GET", apiRoot+"customers/2", httpmock.NewStringResponder(200, `{"customer":{"id":2,"prepay_hours":null}}`))
	one, err := c.Customers.Get(context.Background(), 1)
	require.NoError(t, err)
	require.NotNil(t, one.PrepayHours)
	assert.True(t, one.PrepayHours.IsZero())
	two, err := c.Customers.Get(context.Background(), 2)
	require.NoError(t, err)
	assert.Nil(t, two.PrepayHours)
}

func TestCustomerCreateUpdateDelete(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	var bodies []string
	record := func(status int, answer string) httpmock.Responder {
		return func(r *http.Request) (*http.Response, error) {
			bodies = append(bodies, r.Method+" "+r.URL.Path+" "+readBody(r))
			return httpmock.NewStringResponse(status, answer), nil
		}
	}
	mt.RegisterResponder("POST", apiRoot+"customers", record(200, `{"customer":{"id":10,"business_name":"Acme","properties":{"VIP":"1"}}}`))
	mt.RegisterResponder("PUT", apiRoot+"customers/10", record(200, `{"customer":{"id":10,"business_name":"Acme","notes":""}}`))
	mt.RegisterResponder("DELETE", apiRoot+"customers/10", record(200, `{"message":"Customer was deleted from the system."}`))
	ctx := context.Background()

	cu, err := c.Customers.Create(ctx, &CustomerInput{BusinessName: Ptr("Acme"), Email: Ptr("it@acme.example"), NoEmail: Ptr(false), Properties: map[string]any{"VIP": "1"}})
	require.NoError(t, err)
	assert.Equal(t, int64(10), cu.ID)
	_, err = c.Customers.Update(ctx, 10, &CustomerInput{Notes: Ptr(""), TaxRateID: Ptr(int64(3))})
	require.NoError(t, err)
	require.NoError(t, c.Customers.Delete(ctx, 10))

	require.Len(t, bodies, 3)
	assert.Equal(t, `POST /api/v1/customers {"business_name":"Acme","email":"it@acme.example","no_email":false,"properties":{"VIP":"1"}}`, bodies[0])
	assert.Equal(t, `PUT /api/v1/customers/10 {"notes":"","tax_rate_id":3}`, bodies[1], "only set fields; a pointer to \"\" clears")
	assert.Equal(t, `DELETE /api/v1/customers/10 `, bodies[2])
}

func TestCustomerLatestAutocompleteAndPhones(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	ctx := context.Background()
	mt.RegisterResponder("GET", apiRoot+"customers/latest", httpmock.NewStringResponder(200, `{"customer":{"id":99,"business_name":"Newest"}}`))
	mt.RegisterResponder("GET", apiRoot+"customers/autocomplete", func(r *http.Request) (*http.Response, error) {
		assert.Equal(t, "query=ac%26me", r.URL.RawQuery)
		return httpmock.NewStringResponse(200, `{"customers":[{"id":1,"business_name":"Acme"},{"id":2,"business_name":"Acme West"}]}`), nil
	})
	mt.RegisterResponder("GET", apiRoot+"customers/1/phones", httpmock.NewStringResponder(200,
		`{"phones":[{"id":2,"label":"Mobile","number":"111222333","customer_id":1,"created_at":"2019-10-28T15:07:49.764Z","updated_at":"2019-10-28T15:07:49.764Z","extension":null},{"id":1,"label":"Phone","number":123,"customer_id":"1","extension":"4"}]}`))
	mt.RegisterResponder("POST", apiRoot+"customers/1/phones", func(r *http.Request) (*http.Response, error) {
		b, _ := io.ReadAll(r.Body)
		assert.JSONEq(t, `{"label":"Office","number":"555-0100"}`, string(b))
		return httpmock.NewStringResponse(200, `{"id":4,"label":"Office","number":"5550100","customer_id":1,"extension":null}`), nil
	})
	mt.RegisterResponder("PUT", apiRoot+"customers/1/phones/4", httpmock.NewStringResponder(200, `{"id":4,"label":"Desk","number":"5550100","customer_id":1}`))
	mt.RegisterResponder("DELETE", apiRoot+"customers/1/phones/4", httpmock.NewStringResponder(200, ""))

	latest, err := c.Customers.Latest(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(99), latest.ID)

	found, err := c.Customers.Autocomplete(ctx, "ac&me")
	require.NoError(t, err)
	require.Len(t, found, 2)
	assert.Equal(t, "Acme West", found[1].BusinessName)

	phones, err := c.Customers.Phones(ctx, 1)
	require.NoError(t, err)
	require.Len(t, phones, 2)
	assert.Equal(t, "123", phones[1].Number, "a number sent as a JSON number")
	assert.Equal(t, "4", phones[1].Extension)
	assert.Equal(t, 1, mt.GetCallCountInfo()["GET "+apiRoot+"customers/1/phones"], "no meta, one request")

	ph, err := c.Customers.CreatePhone(ctx, 1, &PhoneInput{Label: Ptr("Office"), Number: Ptr("555-0100")})
	require.NoError(t, err)
	assert.Equal(t, "5550100", ph.Number)
	ph, err = c.Customers.UpdatePhone(ctx, 1, 4, &PhoneInput{Label: Ptr("Desk")})
	require.NoError(t, err)
	assert.Equal(t, "Desk", ph.Label)
	require.NoError(t, c.Customers.DeletePhone(ctx, 1, 4))

	_, err = c.Customers.CreatePhone(ctx, 1, &PhoneInput{Label: Ptr("x")})
	require.ErrorContains(t, err, "number: Syncro requires a number")
}

func TestRequiredCustomerFields(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithRequiredCustomerFields("business_name", "email", "properties.Industry"))
	ctx := context.Background()

	_, err := c.Customers.Create(ctx, &CustomerInput{BusinessName: Ptr("Acme"), Email: Ptr("  ")})
	var verr *ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []string{"email", "properties.Industry"}, verr.Fields)
	assert.Contains(t, err.Error(), "create customer: email, properties.Industry: required by the account's customer preferences")
	assert.ErrorIs(t, err, ErrValidation)

	_, err = c.Customers.Update(ctx, 5, &CustomerInput{BusinessName: Ptr("")})
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []string{"business_name"}, verr.Fields)
	assert.Contains(t, err.Error(), "cannot be cleared")
	assert.Equal(t, 0, mt.GetTotalCallCount(), "nothing was sent")

	mt.RegisterResponder("POST", apiRoot+"customers", httpmock.NewStringResponder(200, `{"customer":{"id":1}}`))
	mt.RegisterResponder("PUT", apiRoot+"customers/5", httpmock.NewStringResponder(200, `{"customer":{"id":5}}`))
	_, err = c.Customers.Create(ctx, &CustomerInput{BusinessName: Ptr("Acme"), Email: Ptr("a@b.example"), Properties: map[string]any{"Industry": "Legal"}})
	require.NoError(t, err)
	_, err = c.Customers.Update(ctx, 5, &CustomerInput{Notes: Ptr("untouched required fields are fine")})
	require.NoError(t, err)
}

func TestBulkUpdateKeepsGoingPastFailures(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	var mu sync.Mutex
	var bodies []string
	mt.RegisterRegexpResponder("PUT", mustRegexp(`/api/v1/customers/(\d+)$`), func(r *http.Request) (*http.Response, error) {
		id, _ := httpmock.GetSubmatchAsInt(r, 1)
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		switch id {
		case 2:
			return httpmock.NewStringResponse(404, `{"message":"Not found"}`), nil
		case 4:
			return httpmock.NewStringResponse(422, `{"success":false,"message":["Email is not an email"]}`), nil
		}
		return httpmock.NewStringResponse(200, fmt.Sprintf(`{"customer":{"id":%d,"no_email":true}}`, id)), nil
	})
	results, err := c.Customers.BulkUpdate(context.Background(), []int64{1, 2, 3, 4, 5, 3}, &CustomerInput{NoEmail: Ptr(true)})
	require.NoError(t, err)
	require.Len(t, results, 5, "one result per distinct id")
	for i, id := range []int64{1, 2, 3, 4, 5} {
		assert.Equal(t, id, results[i].ID, "in the order given")
	}
	assert.ErrorIs(t, results[1].Err, ErrNotFound)
	assert.ErrorIs(t, results[3].Err, ErrValidation)
	for _, i := range []int{0, 2, 4} {
		require.NoError(t, results[i].Err)
		assert.True(t, results[i].Customer.NoEmail)
	}
	assert.Equal(t, 5, mt.GetTotalCallCount())
	for _, b := range bodies {
		assert.JSONEq(t, `{"no_email":true}`, b)
	}
}

func TestBulkUpdateStopsOnCancel(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	mt.RegisterRegexpResponder("PUT", mustRegexp(`/api/v1/customers/(\d+)$`), func(r *http.Request) (*http.Response, error) {
		id, _ := httpmock.GetSubmatchAsInt(r, 1)
		cancel() // the first update to arrive ends the run
		return httpmock.NewStringResponse(200, fmt.Sprintf(`{"customer":{"id":%d}}`, id)), nil
	})
	ids := make([]int64, 200)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	results, err := c.Customers.BulkUpdate(ctx, ids, &CustomerInput{OptOut: Ptr(true)})
	require.NoError(t, err)
	require.Len(t, results, 200)
	notTried := 0
	for _, r := range results {
		if errors.Is(r.Err, context.Canceled) {
			notTried++
		}
	}
	// Each worker may have had one update in flight when the context ended;
	// nothing is sent after that.
	assert.LessOrEqual(t, mt.GetTotalCallCount(), bulkWorkers)
	assert.GreaterOrEqual(t, notTried, 200-bulkWorkers, "the rest are reported as not tried")
}

func TestBulkUpdateRefusesBadInputUpFront(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithRequiredCustomerFields("email"))
	_, err := c.Customers.BulkUpdate(context.Background(), []int64{1, 2}, nil)
	require.Error(t, err)
	_, err = c.Customers.BulkUpdate(context.Background(), []int64{1, 2}, &CustomerInput{Email: Ptr("")})
	require.ErrorIs(t, err, ErrValidation)
	assert.True(t, strings.Contains(err.Error(), "email"))
	assert.Equal(t, 0, mt.GetTotalCallCount())
}
