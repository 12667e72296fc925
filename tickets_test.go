package syncro

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTicketListQuery(t *testing.T) {
	t.Parallel()
	plus2 := time.FixedZone("+02:00", 2*60*60)
	tests := []struct {
		name string
		opts *TicketListOptions
		want url.Values
	}{
		{name: "nil options send nothing", opts: nil, want: url.Values{}},
		{name: "zero options send nothing", opts: &TicketListOptions{}, want: url.Values{}},
		{
			name: "every filter",
			opts: &TicketListOptions{
				ListOptions:    ListOptions{Page: 3, PerPage: 50},
				CustomerID:     31383993,
				ContactID:      9120,
				UserID:         77,
				Number:         "1042",
				Status:         StatusNotClosed,
				Query:          "outlook password",
				Mine:           true,
				TicketSearchID: 5,
				SinceUpdatedAt: time.Date(2026, 3, 1, 10, 30, 0, 0, plus2),
				CreatedAfter:   time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC),
				ResolvedAfter:  time.Date(2026, 1, 1, 1, 0, 0, 0, plus2),
				CommentFormat:  CommentFormatRichText,
			},
			want: url.Values{
				"page": {"3"}, "per_page": {"50"}, "customer_id": {"31383993"}, "contact_id": {"9120"},
				"user_id": {"77"}, "number": {"1042"}, "status": {"Not Closed"}, "query": {"outlook password"},
				"mine": {"true"}, "ticket_search_id": {"5"},
				"since_updated_at": {"2026-03-01T08:30:00Z"},
				"created_after":    {"2026-02-01T00:00:00Z"},
				"resolved_after":   {"2025-12-31T23:00:00Z"},
				"comment_format":   {"richtext"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newMockedClient(t)
			var log callLog
			mt.RegisterResponder(http.MethodGet, apiRoot+"tickets", log.reply(200, fixture(t, "tickets/list_page2.json")))
			_, err := c.Tickets.List(context.Background(), tt.opts)
			require.NoError(t, err)
			calls := log.all()
			require.Len(t, calls, 1)
			assert.Equal(t, tt.want, calls[0].Query)
		})
	}
}

func TestTicketsAllThenDetail(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets",
		log.sequence(fixture(t, "tickets/list_page1.json"), fixture(t, "tickets/list_page2.json")))
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets/4011", log.reply(200, fixture(t, "tickets/detail.json")))
	ctx := context.Background()

	var list []Ticket
	for tk, err := range c.Tickets.All(ctx, &TicketListOptions{CustomerID: 31383993}) {
		require.NoError(t, err)
		list = append(list, tk)
	}
	require.Len(t, list, 3)
	calls := log.all()
	require.Len(t, calls, 2)
	assert.Equal(t, "1", calls[0].Query.Get("page"))
	assert.Equal(t, "2", calls[1].Query.Get("page"))
	assert.Equal(t, "100", calls[0].Query.Get("per_page"))
	assert.Equal(t, "31383993", calls[1].Query.Get("customer_id"))

	first := list[0]
	assert.Equal(t, int64(4011), first.ID)
	assert.Equal(t, "1042", first.Number, "number sent as a JSON number")
	assert.Equal(t, "1043", list[1].Number, "number sent as a string")
	assert.Equal(t, "Harbor Dental", first.CustomerName())
	assert.Nil(t, first.Customer)
	assert.Equal(t, "Dana Whitfield", first.ContactName())
	assert.Equal(t, "Gold 4h", first.SLAName)
	assert.Equal(t, int64(4), first.SLAID)
	assert.False(t, first.SLABreached)
	assert.True(t, first.SLABreachingSoon)
	assert.True(t, first.CustomerReply)
	assert.Equal(t, "Helpdesk", first.TicketTypeName)
	assert.Equal(t, "2 Normal", first.Priority)
	assert.Equal(t, "1260", first.ResponseTime)
	assert.Equal(t, "", first.ResolutionTime)
	assert.Equal(t, []string{"email", "m365"}, first.TagList)
	assert.Equal(t, []string{"VIP"}, first.CustomerTagList)
	assert.Equal(t, "Laptop", first.Properties.String("Device Type"))
	assert.Equal(t, "Outlook prompts for a password every few minutes since Monday.", first.Description())
	_, offset := first.UpdatedAt.Zone()
	assert.Equal(t, 2*60*60, offset, "the account's offset is kept")
	assert.True(t, first.UpdatedAt.Equal(time.Date(2026, 3, 4, 14, 20, 11, 482_000_000, time.UTC)))
	assert.True(t, first.ResolvedAt.IsZero())
	assert.Equal(t, int64(0), list[1].UserID, "unassigned")
	assert.False(t, list[1].Recurring, `"0" is false`)
	assert.Equal(t, "Main Office", list[1].LocationName)
	assert.Equal(t, "Sam Ortiz", list[2].User.FullName)
	assert.Equal(t, "Resolved", list[2].Status)

	got, err := c.Tickets.Get(ctx, first.ID)
	require.NoError(t, err)
	assert.Equal(t, "1042", got.Number)
	require.NotNil(t, got.Customer)
	assert.Equal(t, "Harbor Dental", got.Customer.BusinessName)
	assert.Equal(t, "Harbor Dental", got.CustomerName())
	require.Len(t, got.Customer.Contacts, 1)
	require.NotNil(t, got.Contact)
	assert.Equal(t, "Office Manager", got.Contact.Title)
	assert.Equal(t, "Dana Whitfield", got.ContactName(), "from the nested contact when the flat name is absent")
	require.NotNil(t, got.User)
	assert.Equal(t, "sam@acme-msp.example", got.User.Email)
	require.NotNil(t, got.TicketType)
	assert.True(t, got.TicketType.SkipIntake)
	assert.True(t, got.TicketType.SkipOuttake, `"1" is true`)
	assert.Equal(t, "<p>Signed in by <b>Dana</b></p>", got.IntakeFormHTML)
	assert.Equal(t, "Dana Whitfield", got.SignatureName)
	assert.Equal(t, []int64{9708669}, got.AssetIDs)
	require.Len(t, got.Assets, 1)
	assert.Equal(t, "7X9KQ53", got.Assets[0].AssetSerial)
	assert.True(t, got.Assets[0].RmmStore.Triggers["agent_offline_triggered"])
	require.Len(t, got.Attachments, 1)
	att := got.Attachments[0]
	assert.Equal(t, int64(5501), att.ID)
	assert.Equal(t, "screenshot.png", att.FileName)
	assert.Contains(t, att.URL(), "X-Amz-Signature", "the presigned URL is kept whole")
	assert.Equal(t, "+02:00", att.CreatedAt.Format("-07:00"))
	require.Len(t, got.TicketFields, 1)
	assert.Equal(t, "Device Type", got.TicketFields[0].Name)
	assert.Equal(t, "select_box", got.TicketFields[0].FieldType)
	assert.Equal(t, int64(12), got.TicketFields[0].TicketTypeID)
	require.Len(t, got.TicketFields[0].Answers, 1)
	assert.Equal(t, "Laptop", got.TicketFields[0].Answers[0].Content)
	require.Len(t, got.TicketAnswers, 1)
	assert.Equal(t, int64(1), got.TicketAnswers[0].TicketFieldID)
	require.Len(t, got.WorksheetResults, 1)
	assert.Equal(t, int64(31), got.WorksheetResults[0].WorksheetTemplateID)
	assert.False(t, got.WorksheetResults[0].Complete, "null until completed")
	require.Len(t, got.WorksheetResults[0].FieldList, 1)
	assert.Equal(t, "hardware", got.WorksheetResults[0].FieldList[0].Slug)
	assert.Equal(t, "Laptop", got.TicketAnswers[0].Content)
	assert.JSONEq(t, `[{"id": 77, "name": "Sam Ortiz"}]`, string(got.Mentionables))
	require.Len(t, got.TicketTimers, 5)
	assert.Equal(t, 1234*time.Second, got.TicketTimers[0].BillableTime)
	assert.Equal(t, 1234*time.Second, got.TicketTimers[1].ActiveDuration, "seconds sent as a string")
	require.Len(t, got.LineItems, 1)
	assert.True(t, decimal.NewFromInt(125).Equal(got.LineItems[0].PriceRetail))
	assert.True(t, decimal.NewFromInt(1).Equal(got.LineItems[0].Quantity))
	require.Len(t, got.Comments, 3)
	assert.Equal(t, "Outlook prompts for a password every few minutes since Monday.", got.Description(),
		"the Initial Issue, although it is the last comment listed")
	assert.True(t, got.Comments[0].IsCustomerReply())
	assert.Equal(t, "Reset the credential cache.\nPlease try again & let us know.", got.Comments[1].Text())
}

func TestTicketCreate(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPost, apiRoot+"tickets", log.reply(200, fixture(t, "tickets/created.json")))
	due := time.Date(2026, 3, 6, 10, 0, 0, 0, time.FixedZone("+02:00", 7200))
	got, err := c.Tickets.Create(context.Background(), &TicketInput{
		CustomerID:  Ptr(int64(31383993)),
		Subject:     Ptr("VPN drops every hour"),
		ProblemType: Ptr("Network"),
		Priority:    Ptr("1 High"),
		DueDate:     &due,
		AssetIDs:    []int64{9708669},
		TagList:     []string{"vpn"},
		Properties:  map[string]any{"Device Type": "Laptop"},
		CommentsAttributes: []CommentInput{
			{Subject: InitialIssueSubject, Body: "The VPN disconnects roughly every hour."},
		},
	})
	require.NoError(t, err)
	calls := log.all()
	require.Len(t, calls, 1)
	assert.Equal(t, "application/json", calls[0].Header.Get("Content-Type"))
	assert.JSONEq(t, `{
		"customer_id": 31383993,
		"subject": "VPN drops every hour",
		"problem_type": "Network",
		"priority": "1 High",
		"due_date": "2026-03-06T10:00:00+02:00",
		"asset_ids": [9708669],
		"tag_list": ["vpn"],
		"properties": {"Device Type": "Laptop"},
		"comments_attributes": [
			{"subject": "Initial Issue", "body": "The VPN disconnects roughly every hour.", "hidden": true, "do_not_email": true}
		]
	}`, string(calls[0].Body))
	assert.Equal(t, int64(4020), got.ID)
	assert.Equal(t, "1050", got.Number)
	assert.Equal(t, int64(0), got.UserID, "created unassigned")
	assert.Equal(t, "The VPN disconnects roughly every hour.", got.Description())
}

func TestTicketInputValidatedBeforeRequest(t *testing.T) {
	t.Parallel()
	assertRefusedBeforeSending(t, []refusal{
		{"create nil", func(c *Client) error { _, err := c.Tickets.Create(context.Background(), nil); return err }, nil},
		{"create without customer", func(c *Client) error {
			_, err := c.Tickets.Create(context.Background(), &TicketInput{Subject: Ptr("x")})
			return err
		}, []string{"customer_id"}},
		{"create without subject", func(c *Client) error {
			_, err := c.Tickets.Create(context.Background(), &TicketInput{CustomerID: Ptr(int64(1))})
			return err
		}, []string{"subject"}},
		{"create with blank subject and no customer", func(c *Client) error {
			_, err := c.Tickets.Create(context.Background(), &TicketInput{Subject: Ptr("  ")})
			return err
		}, []string{"customer_id", "subject"}},
		{"create with a comment without subject", func(c *Client) error {
			_, err := c.Tickets.Create(context.Background(), &TicketInput{CustomerID: Ptr(int64(1)), Subject: Ptr("x"),
				CommentsAttributes: []CommentInput{{Body: "text"}}})
			return err
		}, []string{"subject"}},
		{"create with an SMS on a private initial comment", func(c *Client) error {
			_, err := c.Tickets.Create(context.Background(), &TicketInput{CustomerID: Ptr(int64(1)), Subject: Ptr("x"),
				CommentsAttributes: []CommentInput{{Subject: InitialIssueSubject, Body: "text", SmsBody: "We got your ticket"}}})
			return err
		}, []string{"sms_body"}},
		{"update clearing the subject", func(c *Client) error {
			_, err := c.Tickets.Update(context.Background(), 4011, &TicketInput{Subject: Ptr("")})
			return err
		}, []string{"subject"}},
		{"update bad id", func(c *Client) error {
			_, err := c.Tickets.Update(context.Background(), 0, &TicketInput{Status: Ptr("New")})
			return err
		}, []string{"id"}},
		{"get bad id", func(c *Client) error { _, err := c.Tickets.Get(context.Background(), -4); return err }, []string{"id"}},
		{"delete bad id", func(c *Client) error { return c.Tickets.Delete(context.Background(), 0) }, []string{"id"}},
	})
}

func TestTicketErrorShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		method   string
		path     string
		status   int
		fixture  string
		call     func(c *Client) error
		messages []string
		sentinel error
	}{
		{"create without customer", http.MethodPost, "tickets", 422, "tickets/create_422.json", func(c *Client) error {
			_, err := c.Tickets.Create(context.Background(), &TicketInput{CustomerID: Ptr(int64(999)), Subject: Ptr("x")})
			return err
		}, []string{"Customer required field"}, ErrValidation},
		{"update refused", http.MethodPut, "tickets/4011", 422, "tickets/update_422.json", func(c *Client) error {
			_, err := c.Tickets.Update(context.Background(), 4011, &TicketInput{Status: Ptr("New")})
			return err
		}, []string{"Subject can't be blank"}, ErrValidation},
		{"delete missing", http.MethodDelete, "tickets/404", 404, "tickets/not_found.json", func(c *Client) error {
			return c.Tickets.Delete(context.Background(), 404)
		}, []string{"Not found"}, ErrNotFound},
		{"get missing", http.MethodGet, "tickets/404", 404, "tickets/not_found.json", func(c *Client) error {
			_, err := c.Tickets.Get(context.Background(), 404)
			return err
		}, []string{"Not found"}, ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newMockedClient(t)
			var log callLog
			mt.RegisterResponder(tt.method, apiRoot+tt.path, log.reply(tt.status, fixture(t, tt.fixture)))
			err := tt.call(c)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.status, apiErr.StatusCode)
			assert.Equal(t, tt.messages, apiErr.Messages)
			assert.ErrorIs(t, err, tt.sentinel)
			assert.NotContains(t, err.Error(), resToken)
		})
	}
}

func TestTicketUpdateSendsOnlySetFields(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPut, apiRoot+"tickets/4011", log.reply(200, fixture(t, "tickets/updated.json")))
	got, err := c.Tickets.Update(context.Background(), 4011, &TicketInput{Status: Ptr("In Progress"), UserID: Ptr(int64(78)), Priority: Ptr("1 High")})
	require.NoError(t, err)
	calls := log.all()
	require.Len(t, calls, 1)
	assert.JSONEq(t, `{"status":"In Progress","user_id":78,"priority":"1 High"}`, string(calls[0].Body))
	assert.Equal(t, "In Progress", got.Status)
	assert.Equal(t, "Lee Park", got.User.FullName)
	assert.Nil(t, got.Customer, "customer: null")
}

func TestTicketDelete(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodDelete, apiRoot+"tickets/4011", log.reply(200, fixture(t, "tickets/deleted.json")))
	require.NoError(t, c.Tickets.Delete(context.Background(), 4011))
	require.Len(t, log.all(), 1)
}

func TestTicketDecodesOddTypes(t *testing.T) {
	t.Parallel()
	raw := `{"id":"77","number":null,"subject":12345,"customer_id":"5","tag_list":"a, b ,,c","asset_ids":["1",2],
		"sla_breached":"1","parent":"true","priority":2,"response_time":"00:21","created_at":"2026-03-02 09:14:05 +0200"}`
	var tk Ticket
	require.NoError(t, json.Unmarshal([]byte(raw), &tk))
	assert.Equal(t, int64(77), tk.ID)
	assert.Equal(t, "", tk.Number)
	assert.Equal(t, "12345", tk.Subject)
	assert.Equal(t, int64(5), tk.CustomerID)
	assert.Equal(t, []string{"a", "b", "c"}, tk.TagList)
	assert.Equal(t, []int64{1, 2}, tk.AssetIDs)
	assert.True(t, tk.SLABreached)
	assert.True(t, tk.Parent)
	assert.Equal(t, "2", tk.Priority)
	assert.Equal(t, "00:21", tk.ResponseTime)
	assert.True(t, tk.CreatedAt.Equal(time.Date(2026, 3, 2, 7, 14, 5, 0, time.UTC)))

	var bad Ticket
	assert.Error(t, json.Unmarshal([]byte(`{"id":"seventy"}`), &bad), "an id that is no number is an error, not 0")
}

func TestTicketsPagesStopOnError(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets", log.sequence(fixture(t, "tickets/list_page1.json")))
	var n int
	var errs []error
	for _, err := range c.Tickets.All(context.Background(), nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	assert.Equal(t, 2, n, "the first page's tickets")
	require.Len(t, errs, 1, "the error is yielded once")
	assert.True(t, errors.Is(errs[0], ErrServer))
	assert.Len(t, log.all(), 2)
}
