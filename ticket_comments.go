package syncro

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"iter"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Comment is one comment of a ticket's thread: a technician's note or
// reply, an email from the customer, or the "Initial Issue" that describes
// the problem.
type Comment struct {
	ID       int64  `json:"id"`
	TicketID int64  `json:"ticket_id"`
	Subject  string `json:"subject"`
	// Body is the comment as Syncro rendered it for the comment_format
	// asked for: plain text by default. Use Text for plain text whatever
	// the format.
	Body string `json:"body"`
	// Tech is the author's name as Syncro shows it. Syncro stamps the API
	// token's owner here even on comments sent by the API for a customer;
	// see IsCustomerReply.
	Tech    string `json:"tech"`
	Hidden  bool   `json:"hidden"` // a private note, never shown to the customer
	UserID  int64  `json:"user_id"`
	SmsBody string `json:"sms_body,omitempty"`
	// IsRichText marks a comment stored as HTML; SimpleTextPreview is
	// Syncro's plain-text preview of it.
	IsRichText        bool   `json:"is_rich_text"`
	SimpleTextPreview string `json:"simple_text_preview,omitempty"`
	// TimeWorked is read from Syncro's "HH:MM" or "HH:MM:SS" text.
	TimeWorked time.Duration `json:"time_worked,omitempty" wire:"clock"`
	CreatedAt  time.Time     `json:"created_at"`
	UpdatedAt  time.Time     `json:"updated_at"`
	// User is the author's technician record, when Syncro includes a
	// non-empty one.
	User *User `json:"user,omitempty"`

	// Unparsed keeps, as Syncro sent them, the values of object- or
	// array-typed fields whose shape did not fit (decode.go): the record
	// still decodes and nothing is lost.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON reads a comment whatever the types Syncro used (decode.go).
func (c *Comment) UnmarshalJSON(b []byte) error { return decodeModel(b, c) }

// afterDecode drops the empty user Syncro sends ("user": {}) when it has
// none.
func (c *Comment) afterDecode() {
	if c.User != nil && c.User.ID == 0 && c.User.FullName == "" && c.User.Email == "" {
		c.User = nil
	}
}

// CustomerReplyTech is the tech value Syncro gives comments that came from
// the customer (an email reply or a portal comment).
const CustomerReplyTech = "customer-reply"

// IsCustomerReply reports whether the comment came from the customer rather
// than a technician. Syncro marks such comments with the tech value
// "customer-reply" (any case and punctuation, so "Customer Reply" counts).
// It does not rely on Tech naming a person: Syncro stamps the token's owner
// there for comments posted through the API.
func (c *Comment) IsCustomerReply() bool {
	return looseKey(c.Tech) == looseKey(CustomerReplyTech)
}

// IsInitialIssue reports whether the comment is the ticket's description,
// the comment Syncro subjects "Initial Issue".
func (c *Comment) IsInitialIssue() bool {
	return strings.EqualFold(strings.TrimSpace(c.Subject), InitialIssueSubject)
}

// Text returns the comment as plain text. A plain comment's body is
// returned as is. A rich-text comment's body is returned as is when Syncro
// already rendered it as plain text (comment_format plaintext, the
// default); when the body is HTML (richtext or original), its markup is
// removed: line breaks and paragraphs become new lines, entities are
// decoded, scripts and styles are dropped. An empty body falls back to
// Syncro's simple_text_preview.
func (c *Comment) Text() string {
	body := c.Body
	if c.IsRichText && looksLikeMarkup(body) {
		body = htmlToText(body)
	}
	if strings.TrimSpace(body) == "" {
		return c.SimpleTextPreview
	}
	return body
}

var (
	markupTag     = regexp.MustCompile(`(?s)<[a-zA-Z/!][^>]*>`)
	hiddenElement = regexp.MustCompile(`(?is)<(script|style|head)\b[^>]*>.*?</(script|style|head)\s*>`)
	lineBreakTag  = regexp.MustCompile(`(?i)<br\s*/?>|</(p|div|li|tr|h[1-6]|blockquote)\s*>`)
	manyNewlines  = regexp.MustCompile(`\n{3,}`)
	spaceBeforeNL = regexp.MustCompile(`[ \t]+\n`)
)

func looksLikeMarkup(s string) bool { return markupTag.MatchString(s) }

// htmlToText turns a rich-text comment into plain text.
func htmlToText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = hiddenElement.ReplaceAllString(s, "")
	s = lineBreakTag.ReplaceAllString(s, "\n")
	s = markupTag.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	s = strings.ReplaceAll(s, "\u00a0", " ")
	s = spaceBeforeNL.ReplaceAllString(s, "\n")
	s = manyNewlines.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s)
}

// clockElapsed reads an elapsed time written "HH:MM" or "HH:MM:SS" (and,
// to be safe, a plain number of seconds). null and "" read as zero.
type clockElapsed time.Duration

func (d *clockElapsed) UnmarshalJSON(b []byte) error {
	if isNullish(b) {
		*d = 0
		return nil
	}
	s, err := unquote(b)
	if err != nil {
		return err
	}
	v, err := parseClockElapsed(s)
	if err != nil {
		return err
	}
	*d = clockElapsed(v)
	return nil
}

func parseClockElapsed(s string) (time.Duration, error) {
	parts := strings.Split(s, ":")
	if len(parts) == 1 {
		var secs flexDecimal
		if err := secs.UnmarshalJSON([]byte(strconv.Quote(s))); err != nil {
			return 0, fmt.Errorf("syncro: cannot read %q as a time worked (HH:MM or HH:MM:SS)", s)
		}
		return secondsToDuration(secs.d), nil
	}
	if len(parts) > 3 {
		return 0, fmt.Errorf("syncro: cannot read %q as a time worked (HH:MM or HH:MM:SS)", s)
	}
	var total time.Duration
	units := []time.Duration{time.Hour, time.Minute, time.Second}
	for i, p := range parts {
		n, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("syncro: cannot read %q as a time worked (HH:MM or HH:MM:SS)", s)
		}
		total += time.Duration(n) * units[i]
	}
	return total, nil
}

// CommentMode says who sees a new comment and whether Syncro emails it to
// the customer. The zero value, CommentPrivate, never reaches the
// customer: emailing a customer is always an explicit choice.
type CommentMode int

const (
	// CommentPrivate is a private note for technicians: hidden from the
	// customer and never emailed (hidden true, do_not_email true).
	CommentPrivate CommentMode = iota
	// CommentPublicNoEmail is visible to the customer in the portal but
	// not emailed (hidden false, do_not_email true).
	CommentPublicNoEmail
	// CommentEmailCustomer is visible to the customer and emailed to them
	// by Syncro (hidden false, do_not_email false). Syncro really sends the
	// email.
	CommentEmailCustomer
)

// String names the mode.
func (m CommentMode) String() string {
	switch m {
	case CommentPrivate:
		return "private"
	case CommentPublicNoEmail:
		return "public, not emailed"
	case CommentEmailCustomer:
		return "public, emailed to the customer"
	}
	return fmt.Sprintf("CommentMode(%d)", int(m))
}

// flags returns the wire flags of the mode. An unknown mode is private.
func (m CommentMode) flags() (hidden, doNotEmail bool) {
	switch m {
	case CommentPublicNoEmail:
		return false, true
	case CommentEmailCustomer:
		return false, false
	}
	return true, true
}

// CommentInput is a new comment. Subject and Body are required by Syncro
// and checked before any request. Mode defaults to a private note.
type CommentInput struct {
	Subject string
	Body    string
	// Tech is the author name to show; Syncro uses the token's owner when
	// it is empty.
	Tech string
	// SmsBody is a text message for the end user's mobile: it reaches the
	// customer, so it is refused on a private note (Mode CommentPrivate).
	SmsBody string
	Mode    CommentMode
}

// MarshalJSON writes the wire form, with hidden and do_not_email always
// sent explicitly as Mode says.
func (in CommentInput) MarshalJSON() ([]byte, error) {
	hidden, doNotEmail := in.Mode.flags()
	return json.Marshal(struct {
		Subject    string `json:"subject"`
		Body       string `json:"body"`
		Tech       string `json:"tech,omitempty"`
		SmsBody    string `json:"sms_body,omitempty"`
		Hidden     bool   `json:"hidden"`
		DoNotEmail bool   `json:"do_not_email"`
	}{in.Subject, in.Body, in.Tech, in.SmsBody, hidden, doNotEmail})
}

func (in *CommentInput) validate(op string) error {
	if in == nil {
		return &ValidationError{Op: op, Fields: []string{"subject", "body"}, Reason: "Syncro requires a subject and a body for every comment"}
	}
	var missing []string
	if strings.TrimSpace(in.Subject) == "" {
		missing = append(missing, "subject")
	}
	if strings.TrimSpace(in.Body) == "" {
		missing = append(missing, "body")
	}
	if len(missing) > 0 {
		return &ValidationError{Op: op, Fields: missing, Reason: "Syncro requires a subject and a body for every comment (it answers 422 otherwise): set them"}
	}
	switch in.Mode {
	case CommentPrivate, CommentPublicNoEmail, CommentEmailCustomer:
	default:
		return &ValidationError{Op: op, Fields: []string{"hidden", "do_not_email"}, Reason: fmt.Sprintf("unknown comment mode %d: use CommentPrivate, CommentPublicNoEmail or CommentEmailCustomer", int(in.Mode))}
	}
	if in.Mode == CommentPrivate && strings.TrimSpace(in.SmsBody) != "" {
		return &ValidationError{Op: op, Fields: []string{"sms_body"}, Reason: "an SMS reaches the customer, and a private note (the default mode) must not: " +
			"set Mode to CommentPublicNoEmail or CommentEmailCustomer to text them, or leave SmsBody empty"}
	}
	return nil
}

// CommentSort is the field comments are sorted by.
type CommentSort string

// The sort fields GET /tickets/{id}/comments accepts.
const (
	CommentSortCreatedAt CommentSort = "created_at"
	CommentSortUpdatedAt CommentSort = "updated_at"
)

// SortDirection orders a sorted list.
type SortDirection string

// The sort directions Syncro accepts.
const (
	SortAscending  SortDirection = "ASC"
	SortDescending SortDirection = "DESC"
)

// CommentListOptions filters GET /tickets/{id}/comments. Syncro returns
// comments newest first unless told otherwise. Time filters are sent as RFC
// 3339 timestamps in UTC with their fraction of a second, so a comment's own
// CreatedAt excludes that comment; the zero time sends nothing. PerPage may be up to
// 100 (the iterators ask for 100).
type CommentListOptions struct {
	ListOptions
	SortBy        CommentSort   `url:"sort_by,omitempty"`
	SortDirection SortDirection `url:"sort_direction,omitempty"`
	CreatedAfter  time.Time     `url:"created_after,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
	CreatedBefore time.Time     `url:"created_before,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
	UpdatedAfter  time.Time     `url:"updated_after,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
	UpdatedBefore time.Time     `url:"updated_before,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
	CommentFormat CommentFormat `url:"comment_format,omitempty"`
}

func (o *CommentListOptions) query() *CommentListOptions {
	q := *o
	q.CreatedAfter, q.CreatedBefore = utc(q.CreatedAfter), utc(q.CreatedBefore)
	q.UpdatedAfter, q.UpdatedBefore = utc(q.UpdatedAfter), utc(q.UpdatedBefore)
	return &q
}

// ListComments returns one page of a ticket's comments.
//
// GET /tickets/{id}/comments
func (s *TicketsService) ListComments(ctx context.Context, ticketID int64, opts *CommentListOptions) (*Page[Comment], error) {
	if err := checkID("list comments", "ticket_id", ticketID); err != nil {
		return nil, err
	}
	path := apiPath("tickets", ticketID, "comments")
	if opts == nil {
		return listPage[Comment](ctx, s.client, path, "comments", nil, nil)
	}
	return listPage[Comment](ctx, s.client, path, "comments", opts.query(), &opts.ListOptions)
}

// CommentPages iterates over the pages of a ticket's comments, 100 per
// page unless opts.PerPage says otherwise.
//
// GET /tickets/{id}/comments
func (s *TicketsService) CommentPages(ctx context.Context, ticketID int64, opts *CommentListOptions) iter.Seq2[*Page[Comment], error] {
	return pages(ctx, opts, func(ctx context.Context, o *CommentListOptions) (*Page[Comment], error) {
		return s.ListComments(ctx, ticketID, o)
	})
}

// Comments iterates over a ticket's whole comment history (the ticket
// records carry only part of it), fetching pages as needed. Syncro lists
// the newest first, so a comment added while the iteration runs pushes the
// others down a page: each comment is yielded once all the same.
//
// GET /tickets/{id}/comments
func (s *TicketsService) Comments(ctx context.Context, ticketID int64, opts *CommentListOptions) iter.Seq2[Comment, error] {
	return func(yield func(Comment, error) bool) {
		seen := map[int64]bool{}
		for c, err := range items(s.CommentPages(ctx, ticketID, opts)) {
			if err == nil && c.ID != 0 {
				if seen[c.ID] {
					continue
				}
				seen[c.ID] = true
			}
			if !yield(c, err) {
				return
			}
		}
	}
}

// AddComment adds a comment to a ticket. Subject and body are required
// (checked before any request). in.Mode decides who sees it: the zero
// value is a private note; Syncro emails the customer only with
// CommentEmailCustomer.
//
// POST /tickets/{id}/comment
func (s *TicketsService) AddComment(ctx context.Context, ticketID int64, in *CommentInput) (*Comment, error) {
	if err := checkID("add comment", "ticket_id", ticketID); err != nil {
		return nil, err
	}
	if err := in.validate("add comment"); err != nil {
		return nil, err
	}
	c := new(Comment)
	err := s.client.send(ctx, http.MethodPost, apiPath("tickets", ticketID, "comment"), in, created(func(b []byte) error {
		return decodeObject(b, "comment", true, c)
	}, func() int64 { return c.ID }))
	if err != nil {
		return nil, err
	}
	return c, nil
}
