package syncro

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWikiPages(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithRetry(NoRetry()))
	var log callLog
	mt.RegisterResponder("GET", apiRoot+"wiki_pages", jsonResponder(200, fixture(t, "wiki_pages/list.json")))
	mt.RegisterResponder("POST", apiRoot+"wiki_pages", log.reply(200, fixture(t, "wiki_pages/one.json")))
	mt.RegisterResponder("PUT", apiRoot+"wiki_pages/1", log.reply(422, fixture(t, "wiki_pages/error_422.json")))
	mt.RegisterResponder("DELETE", apiRoot+"wiki_pages/1", log.reply(200, []byte(`{"success":true}`)))
	ctx := context.Background()

	p, err := c.WikiPages.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, p.Items, 1)
	assert.Equal(t, "api-doc", p.Items[0].Slug)
	assert.Equal(t, "a sample body", p.Items[0].InterpolatedBody)

	w, err := c.WikiPages.Create(ctx, &WikiPageInput{Name: Ptr("API Doc"), Body: Ptr("a sample body"), CustomerID: Ptr(int64(31000001))})
	require.NoError(t, err)
	assert.Equal(t, int64(1), w.ID)
	assert.NotContains(t, jsonBody(t, log.all()[0].Body), "visibility", "left to the account's default")

	_, err = c.WikiPages.Update(ctx, 1, &WikiPageInput{Name: Ptr("")})
	require.ErrorIs(t, err, ErrValidation)
	assert.Contains(t, err.Error(), "Name can't be blank", `an "errors" list is read`)
	require.NoError(t, c.WikiPages.Delete(ctx, 1))

	assertRefusedBeforeSending(t, []refusal{
		{"no body", func(c *Client) error { _, err := c.WikiPages.Create(ctx, &WikiPageInput{Name: Ptr("x")}); return err }, []string{"body"}},
		{"internal visibility", func(c *Client) error {
			_, err := c.WikiPages.Update(ctx, 1, &WikiPageInput{Visibility: Ptr(WikiVisibility(" Internal"))})
			return err
		}, []string{"visibility"}},
	})
}

func TestCannedResponses(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithRetry(NoRetry()))
	var log callLog
	mt.RegisterResponder("GET", apiRoot+"canned_responses", log.reply(200, fixture(t, "canned_responses/list.json")))
	mt.RegisterResponder("GET", apiRoot+"canned_responses/settings", jsonResponder(200, fixture(t, "canned_responses/settings.json")))
	mt.RegisterResponder("POST", apiRoot+"canned_responses", func(r *http.Request) (*http.Response, error) {
		log.record(r)
		return httpmock.NewStringResponse(http.StatusCreated, ""), nil // documented: no body
	})
	mt.RegisterResponder("PATCH", apiRoot+"canned_responses/1", log.reply(200, nil))
	mt.RegisterResponder("DELETE", apiRoot+"canned_responses/1", func(r *http.Request) (*http.Response, error) {
		log.record(r)
		return httpmock.NewStringResponse(http.StatusNoContent, ""), nil
	})
	ctx := context.Background()

	list, err := c.CannedResponses.List(ctx, &CannedResponseListOptions{Query: "test"})
	require.NoError(t, err)
	assert.Equal(t, "test", log.all()[0].Query.Get("query"))
	require.Len(t, list, 1)
	assert.Equal(t, "Test Category", list[0].CategoryName)

	// The 201 carries no record: Create finds it in the list by title and body.
	cr, err := c.CannedResponses.Create(ctx, &CannedResponseInput{Title: Ptr("Test Canned Response"), Body: Ptr("This is a test canned response")})
	require.NoError(t, err)
	assert.Equal(t, int64(1), cr.ID)
	calls := log.all()
	assert.Equal(t, "POST", calls[1].Method)
	assert.Equal(t, "Test Canned Response", calls[2].Query.Get("query"))

	// Not in the list either: the outcome is unknown, and says so.
	_, err = c.CannedResponses.Create(ctx, &CannedResponseInput{Title: Ptr("Other"), Body: Ptr("Body")})
	require.ErrorIs(t, err, ErrOutcomeUnknown)

	require.NoError(t, c.CannedResponses.Update(ctx, 1, &CannedResponseInput{Subject: Ptr("New subject")}))
	assert.Equal(t, "PATCH", log.all()[5].Method)
	assert.Equal(t, map[string]any{"subject": "New subject"}, jsonBody(t, log.all()[5].Body))
	require.NoError(t, c.CannedResponses.Delete(ctx, 1), "204")

	st, err := c.CannedResponses.Settings(ctx)
	require.NoError(t, err)
	assert.Equal(t, []CannedResponseCategory{{ID: 1, Name: "Test Category"}}, st.CannedResponseCategories)
	assert.Equal(t, []string{"Test Subject", "Test Subject 2"}, st.Subjects)
	assert.True(t, st.CanManage)

	assertRefusedBeforeSending(t, []refusal{
		{"no body", func(c *Client) error {
			_, err := c.CannedResponses.Create(ctx, &CannedResponseInput{Title: Ptr("x")})
			return err
		}, []string{"title", "body"}},
	})
}

func TestNewTicketForms(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithRetry(NoRetry()))
	var log callLog
	mt.RegisterResponder("GET", apiRoot+"new_ticket_forms", jsonResponder(200, fixture(t, "new_ticket_forms/list.json")))
	mt.RegisterResponder("GET", apiRoot+"new_ticket_forms/1", jsonResponder(200, fixture(t, "new_ticket_forms/one.json")))
	mt.RegisterResponder("POST", apiRoot+"new_ticket_forms/1/process_form", log.reply(200, fixture(t, "new_ticket_forms/process.json")))
	mt.RegisterResponder("POST", apiRoot+"new_ticket_forms/2/process_form", log.reply(422, fixture(t, "new_ticket_forms/process_422.json")))
	mt.RegisterResponder("POST", apiRoot+"new_ticket_forms/3/process_form", log.reply(200, []byte(`{"ticket":null,"message":"Ticket created.."}`)))
	ctx := context.Background()

	forms, err := c.NewTicketForms.List(ctx)
	require.NoError(t, err)
	require.Len(t, forms, 1)
	assert.Equal(t, "Phone Repair", forms[0].Name)
	assert.Equal(t, int64(2), forms[0].Data.TicketDetails.Position, `"2"`)
	assert.Equal(t, "true", forms[0].Data.TicketDetails.Defaults.String("isapproved"))
	f, err := c.NewTicketForms.Get(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, []string{"subject", "problem_type"}, f.Data.TicketDetails.Disabled)

	in := &NewTicketFormInput{
		CustomerDetails: &FormCustomerDetailsInput{FirstName: Ptr("Ann"), LastName: Ptr("Smith")},
		TicketDetails:   &FormTicketDetailsInput{Subject: Ptr("Cracked screen"), Description: Ptr("Dropped it"), ProblemType: Ptr("Hardware")},
	}
	res, err := c.NewTicketForms.Process(ctx, 1, in)
	require.NoError(t, err)
	assert.Equal(t, int64(1), res.Ticket.ID)
	assert.Equal(t, "4201", res.Ticket.Number)
	assert.Equal(t, "/tickets/1", res.Redirect)
	assert.Equal(t, map[string]any{"firstname": "Ann", "lastname": "Smith"}, jsonBody(t, log.all()[0].Body)["customer_details"])

	_, err = c.NewTicketForms.Process(ctx, 2, in)
	require.ErrorIs(t, err, ErrValidation)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.NotEmpty(t, apiErr.FieldErrors, "the nested field errors are read")

	_, err = c.NewTicketForms.Process(ctx, 3, in)
	require.ErrorIs(t, err, ErrOutcomeUnknown, "no ticket id in the answer: the ticket may exist")

	start := time.Now()
	assertRefusedBeforeSending(t, []refusal{
		{"appointment without end", func(c *Client) error {
			_, err := c.NewTicketForms.Process(ctx, 1, &NewTicketFormInput{TicketDetails: in.TicketDetails,
				Appointments: &FormAppointmentInput{Summary: Ptr("Drop-off"), StartAt: &start}})
			return err
		}, []string{"appointments.end_at"}},
		{"nothing", func(c *Client) error { _, err := c.NewTicketForms.Process(ctx, 1, &NewTicketFormInput{}); return err }, []string{"ticket_details"}},
	})
}
