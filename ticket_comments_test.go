package syncro

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCommentsIteratesEveryPage(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets/4011/comments",
		log.sequence(fixture(t, "tickets/comments_page1.json"), fixture(t, "tickets/comments_page2.json")))
	opts := &CommentListOptions{
		ListOptions:   ListOptions{PerPage: 2},
		SortBy:        CommentSortCreatedAt,
		SortDirection: SortDescending,
		CreatedAfter:  time.Date(2026, 3, 1, 2, 0, 0, 0, time.FixedZone("+02:00", 7200)),
		CommentFormat: CommentFormatOriginal,
	}
	var got []Comment
	for cm, err := range c.Tickets.Comments(context.Background(), 4011, opts) {
		require.NoError(t, err)
		got = append(got, cm)
	}
	require.Len(t, got, 3)
	assert.Equal(t, []int64{88003, 88002, 88001}, []int64{got[0].ID, got[1].ID, got[2].ID})
	assert.Equal(t, 0, opts.Page, "the caller's options are not changed")

	calls := log.all()
	require.Len(t, calls, 2)
	assert.Equal(t, url.Values{
		"page": {"1"}, "per_page": {"2"}, "sort_by": {"created_at"}, "sort_direction": {"DESC"},
		"created_after": {"2026-03-01T00:00:00Z"}, "comment_format": {"original"},
	}, calls[0].Query)
	assert.Equal(t, "2", calls[1].Query.Get("page"))

	assert.True(t, got[0].IsCustomerReply())
	assert.Nil(t, got[0].User, `"user": {} means none`)
	assert.False(t, got[1].IsCustomerReply())
	require.NotNil(t, got[1].User)
	assert.Equal(t, "Sam Ortiz", got[1].User.FullName)
	assert.True(t, got[1].IsRichText)
	assert.Equal(t, "Reset the credential cache.\nPlease try again & let us know.", got[1].Text(),
		"markup, entities and the script removed")
	assert.Equal(t, 45*time.Minute, got[1].TimeWorked)
	assert.Equal(t, time.Hour+2*time.Minute+3*time.Second, got[2].TimeWorked)
	assert.False(t, got[2].Hidden, `"0" is false`)
	assert.True(t, got[2].IsInitialIssue())
}

func TestCommentsYieldsACommentPushedToTheNextPageOnce(t *testing.T) {
	t.Parallel()
	comment := func(id int) string {
		return fmt.Sprintf(`{"id":%d,"created_at":"2026-03-0%dT10:00:00.000+02:00","ticket_id":4011,"subject":"Update","body":"b","tech":"Sam Ortiz","hidden":false,"user":{}}`, id, id)
	}
	page := func(n int, ids ...int) []byte {
		parts := make([]string, len(ids))
		for i, id := range ids {
			parts[i] = comment(id)
		}
		return []byte(fmt.Sprintf(`{"comments":[%s],"meta":{"total_pages":2,"page":%d,"per_page":2}}`, strings.Join(parts, ","), n))
	}
	c, mt := newMockedClient(t)
	var log callLog
	// Comment 4 arrives between the two pages: 2 moves from page 1 to page 2.
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets/4011/comments", log.sequence(page(1, 3, 2), page(2, 2, 1)))
	var ids []int64
	for cm, err := range c.Tickets.Comments(context.Background(), 4011, &CommentListOptions{ListOptions: ListOptions{PerPage: 2}}) {
		require.NoError(t, err)
		ids = append(ids, cm.ID)
	}
	assert.Equal(t, []int64{3, 2, 1}, ids)
	assert.Len(t, log.all(), 2)
}

func TestCommentsDefaultPageSize(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets/4011/comments", log.reply(200, fixture(t, "tickets/comments_single.json")))
	for _, err := range c.Tickets.Comments(context.Background(), 4011, nil) {
		require.NoError(t, err)
	}
	calls := log.all()
	require.Len(t, calls, 1)
	assert.Equal(t, url.Values{"page": {"1"}, "per_page": {"100"}}, calls[0].Query)
}

func TestCommentsBadTicketIDYieldsOnce(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var errs []error
	for _, err := range c.Tickets.Comments(context.Background(), 0, nil) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrValidation)
	assert.Equal(t, 0, mt.GetTotalCallCount())
}

func TestAddCommentModes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		mode       CommentMode
		sms        string
		hidden     bool
		doNotEmail bool
	}{
		{"zero value is a private note that never emails", CommentMode(0), "", true, true},
		{"private", CommentPrivate, "", true, true},
		{"public without email", CommentPublicNoEmail, "", false, true},
		{"public without email, texted when asked", CommentPublicNoEmail, "Fixed: please restart Outlook", false, true},
		{"emailed to the customer only when asked", CommentEmailCustomer, "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newMockedClient(t)
			var log callLog
			mt.RegisterResponder(http.MethodPost, apiRoot+"tickets/4011/comment", log.reply(200, fixture(t, "tickets/comment_created.json")))
			got, err := c.Tickets.AddComment(context.Background(), 4011, &CommentInput{Subject: "Update", Body: "Replaced the mail profile.", Mode: tt.mode, SmsBody: tt.sms})
			require.NoError(t, err)
			calls := log.all()
			require.Len(t, calls, 1)
			body := jsonBody(t, calls[0].Body)
			assert.Equal(t, tt.hidden, body["hidden"])
			assert.Equal(t, tt.doNotEmail, body["do_not_email"])
			assert.Equal(t, "Update", body["subject"])
			assert.Equal(t, "Replaced the mail profile.", body["body"])
			assert.NotContains(t, body, "tech", "empty tech is not sent")
			if tt.sms == "" {
				assert.NotContains(t, body, "sms_body", "no SMS unless asked")
			} else {
				assert.Equal(t, tt.sms, body["sms_body"])
			}
			assert.Equal(t, int64(88200), got.ID)
			assert.Equal(t, int64(4011), got.TicketID)
			assert.True(t, got.Hidden)
		})
	}
}

func TestAddCommentValidatedBeforeRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		id     int64
		in     *CommentInput
		fields []string
	}{
		{"nil input", 4011, nil, []string{"subject", "body"}},
		{"no subject", 4011, &CommentInput{Body: "text"}, []string{"subject"}},
		{"blank subject", 4011, &CommentInput{Subject: " \t", Body: "text"}, []string{"subject"}},
		{"no body", 4011, &CommentInput{Subject: "Update"}, []string{"body"}},
		{"nothing", 4011, &CommentInput{}, []string{"subject", "body"}},
		{"unknown mode", 4011, &CommentInput{Subject: "s", Body: "b", Mode: CommentMode(9)}, []string{"hidden", "do_not_email"}},
		{"bad ticket", 0, &CommentInput{Subject: "s", Body: "b"}, []string{"ticket_id"}},
		{"an SMS on a private note", 4011, &CommentInput{Subject: "s", Body: "b", SmsBody: "We fixed it"}, []string{"sms_body"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newMockedClient(t)
			_, err := c.Tickets.AddComment(context.Background(), tt.id, tt.in)
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.fields, ve.Fields)
			assert.Equal(t, 0, mt.GetTotalCallCount())
		})
	}
}

func TestAddCommentRefusedBySyncro(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPost, apiRoot+"tickets/4011/comment", log.reply(422, fixture(t, "tickets/comment_422.json")))
	_, err := c.Tickets.AddComment(context.Background(), 4011, &CommentInput{Subject: "s", Body: "b"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{"Body can't be blank", "Subject can't be blank"}, apiErr.Messages)
	assert.ErrorIs(t, err, ErrValidation)
	assert.Len(t, log.all(), 1, "a POST is not resent")
}

func TestCommentText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		c    Comment
		want string
	}{
		{"plain body as is", Comment{Body: "a <b> is not a tag here"}, "a <b> is not a tag here"},
		{"rich text already rendered as plain", Comment{IsRichText: true, Body: "Hello there"}, "Hello there"},
		{"rich text HTML", Comment{IsRichText: true, Body: "<div>Line one<br>Line&nbsp;two</div><ul><li>a</li><li>b</li></ul>"}, "Line one\nLine two\na\nb"},
		{"styles dropped", Comment{IsRichText: true, Body: "<style>p{color:red}</style><p>Hi</p>"}, "Hi"},
		{"empty body falls back to the preview", Comment{IsRichText: true, SimpleTextPreview: "preview"}, "preview"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.c.Text())
		})
	}
}

func TestIsCustomerReply(t *testing.T) {
	t.Parallel()
	for tech, want := range map[string]bool{
		"customer-reply": true, "Customer Reply": true, "CUSTOMER_REPLY": true,
		"Sam Ortiz": false, "": false, "customer": false,
	} {
		c := Comment{Tech: tech}
		assert.Equal(t, want, c.IsCustomerReply(), "tech %q", tech)
	}
}

func TestCommentTimeWorkedRejectsGarbage(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{`{"time_worked":"1:2:3:4"}`, `{"time_worked":"ab:cd"}`, `{"time_worked":"-1:00"}`} {
		var c Comment
		assert.Error(t, c.UnmarshalJSON([]byte(raw)), raw)
	}
	var c Comment
	require.NoError(t, c.UnmarshalJSON([]byte(`{"time_worked":"90"}`)))
	assert.Equal(t, 90*time.Second, c.TimeWorked)
}
