// Package syncro is a client for the Syncro MSP REST API (RMM + PSA):
// organizations (customers), end users (contacts), tickets, assets, prepay
// hours, technicians and the End User Portal.
//
// # Where to start
//
// Construct a client with the account's subdomain and an API token, list
// with an iterator, and tell errors apart with errors.Is:
//
//	client, err := syncro.NewClient("acme", token) // or syncro.NewClientFromEnv()
//	if err != nil {
//		return err // says what to fix, e.g. "give just the subdomain"
//	}
//	for org, err := range client.Customers.All(ctx, nil) {
//		if err != nil {
//			return err // *APIError: errors.Is(err, syncro.ErrUnauthorized), ...
//		}
//		fmt.Println(org.ID, org.DisplayName())
//	}
//
// Test against the fake Syncro of package syncrotest, no account needed:
//
//	srv := syncrotest.NewServer(syncrotest.WithDemoData())
//	defer srv.Close()
//	client := srv.Client()
//
// Then read: Client and NewClient (options: WithRateLimit, WithRetry,
// WithLogger), APIError and the Err* sentinels, CustomersService,
// ContactsService, TicketsService (and its Changes feed), and the sections
// below. Syncro's new names map to the API's old ones: an organization is
// a Customer, an end user a Contact, a technician a User.
//
// # Client and authentication
//
// A Client talks to one account:
//
//	client, err := syncro.NewClient("acme", token) // https://acme.syncromsp.com/api/v1
//
// The subdomain is just the subdomain ("acme"), not a URL. The token, created
// under Admin > API - API Tokens, travels only in the Authorization header as
// a Bearer token: never in a URL, and never in an error, a log record or a
// printed value. NewClientFromEnv reads SYNCRO_SUBDOMAIN and
// SYNCRO_API_TOKEN, or SYNCRO_BASE_URL for a fake server.
//
// # Errors
//
// Every answer that is not a success becomes an *APIError holding every
// message Syncro sent, whatever the shape of its error body (message lists,
// "errors" as a string, list or field map, "error", Rails field maps, HTML
// pages), with per-field messages in FieldErrors. Match categories with
// errors.Is: ErrNotFound, ErrUnauthorized, ErrForbidden, ErrRateLimited,
// ErrValidation, ErrServer. Syncro answers 401, not 403, when a token lacks a
// permission; APIError says which of the two happened, and such an error also
// matches ErrForbidden. Inputs that miss something Syncro requires fail with
// a *ValidationError before any request is sent. A success answer whose body
// is not JSON is a *DecodeError, never an empty value. When the context ends,
// calls return the context's error.
//
// # Rate limit and retries
//
// Syncro allows 180 requests per minute per IP address. Each client sends a
// request at once whenever fewer than 180 went in the last minute (and a
// second of margin), so a job of up to 180 requests never waits and no
// rolling minute holds more (see WindowLimiter). When Syncro answers 429
// anyway, every request sharing the limiter holds back until the window
// frees. WithRateLimit lowers the rate and WithLimiter shares one budget
// between clients. The limiter sits below pagination and retries: every
// page and every retry waits its turn.
//
// 429 answers are retried for every method, honouring Retry-After. 5xx
// answers and network errors are retried for GET, PUT and DELETE only:
// Syncro has no idempotency keys, so a POST is never sent twice once Syncro
// may have seen it. See RetryPolicy. A 429 without Retry-After is retried
// until a full window of the limiter (a minute by default) has passed.
//
// Each attempt is bounded by the HTTP client's Timeout, DefaultHTTPTimeout
// (60s) unless WithHTTPClient gives a client with another; an attempt that
// times out is a network failure, retried like one, and its error does not
// match context.DeadlineExceeded, which only the caller's context ending
// returns. A write that may have been processed (lost connection, timeout,
// 5xx to a POST, a success without a readable record or id) fails with an
// error matching ErrOutcomeUnknown: check before sending it again.
//
// # Any endpoint, and response metadata
//
// Client.Do calls an endpoint the SDK has no method for ("invoices/12",
// relative to the API root) through the same limiter, retries, errors and
// redaction, and returns a *Response: the status, the headers (without any
// that could hold a secret), the number of attempts and a list's meta. The
// typed methods keep their signatures; a context from WithResponseCapture
// records the same Response for the calls made with it:
//
//	var resp syncro.Response
//	_, err := client.Customers.Get(syncro.WithResponseCapture(ctx, &resp), 42)
//	fmt.Println(resp.StatusCode, resp.Attempts, resp.Header.Get("X-Request-Id"))
//
// # Pagination
//
// Every list has List (one page), Pages and All (iter.Seq2 iterators):
//
//	for c, err := range client.Customers.All(ctx, nil) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(c.BusinessName)
//	}
//
// Iterators ask for 100 records a page unless told otherwise, follow
// meta.total_pages (or stop on an empty page when Syncro sends no meta), can
// resume from ListOptions.Page, check the context before every page, and
// stop with ErrStuckPage rather than loop when a page does not advance or
// repeats one already seen. Once the first page names the number of pages,
// they fetch up to 4 pages at once (WithPageConcurrency) and still yield
// them in order.
//
// # Field names and wire types
//
// Go field names are the wire keys in CamelCase, with the initialisms of
// Go's linters (ID, URL, SLA, ...): customer_id is CustomerID,
// online_profile_url is OnlineProfileURL, pdf_url is PdfURL. Ids are int64,
// also when Syncro sends them as strings. Money, hours and quantities are
// decimal.Decimal (github.com/shopspring/decimal), never float64, whether
// sent as numbers or strings. Timestamps keep the account's offset, and the
// RepairShopr-era " UTC" form is read too. Booleans may arrive as "1", "0",
// "true" or "false". Custom fields are Properties, keyed by display name.
//
// Inputs (CustomerInput, ContactInput, ...) have pointer fields so that an
// update sends only what was set; Ptr makes the pointers.
//
// # Tickets and comments
//
// One Ticket type reads both list items and detail records, which carry
// different fields (flat summaries in lists, nested customer, contact,
// timers and line items in details); CustomerName and ContactName read
// whichever is there. A ticket's number is text, whether Syncro sends a
// number or a string. Records carry only part of the comment thread:
// Tickets.Comments iterates over all of it.
//
// Comments never reach a customer by accident. CommentInput's zero Mode is
// a private note; CommentPublicNoEmail shows it in the portal without an
// email; only CommentEmailCustomer makes Syncro email it, and an SMS body
// on a private note is refused. What Syncro requires (a comment's subject
// and body, a line item's name and description, a timer's start) is
// checked before sending. Timer durations, which Syncro sends in seconds,
// are time.Duration.
//
// Tickets.Settings lists the account's statuses, and StageMap maps them to
// the stages New, Triaged, Working, Waiting and Resolved. StatusNotClosed
// lists every ticket that is not Resolved or Invoiced. Tickets.Changes is
// an incremental sync: it takes the Watermark the previous pass returned,
// delivers the tickets updated since, skips excluded statuses, drops the
// tickets the previous pass already handled, and returns the Watermark to
// persist for the next pass:
//
//	changes := client.Tickets.Changes(ctx, wm, nil) // the zero Watermark the first time
//	for t, err := range changes.Tickets() {
//		if err != nil {
//			return err
//		}
//		upsert(t)
//	}
//	wm = changes.Watermark() // store it whole
//
// # Assets
//
// Assets are listed, read, created and updated; Syncro has no asset
// delete. Syncro ignores properties sent with a new asset, so
// Assets.Create sends them in a second request. If that one fails, the
// asset exists all the same: Create returns it with an
// *AssetPropertiesError, and the properties should be set with Update,
// never by creating the asset again.
//
// # Technicians and Test Connection
//
// Users.CheckToken is an integration's "Test Connection": a *ConnectionError
// says whether the subdomain is wrong (no such name, or /me not found),
// the token is refused (401), or permissions are missing (named), in words
// to show the person who typed them in. Neither the token nor the
// user_token that GET /me carries ever appears in an error or a log
// record. Users.SeatReport lists the technicians (billable seats) and their
// monthly cost, $129 a seat unless told otherwise.
//
// # Billing
//
// Invoices (with their lines, ticket, print and email, and Changes, an
// incremental feed like the tickets' one), Estimates (convert_to_invoice),
// Payments (and payment methods), PaymentProfiles, Products (categories,
// barcode, serials, SKUs, stock per location, images), Schedules
// (recurring invoices) and LineItems (every invoice and estimate line).
// Money is decimal.Decimal both ways. Syncro's write quirks are handled:
// lines sent with a create are ignored, so CreateWithLineItems adds them
// one by one and says where it stopped; payments and schedule lines are
// written in cents, converted exactly from dollars (a fraction of a cent
// is refused); Products.Update reads the product first because Syncro's
// PUT resets the booleans it is not sent; there is no delete where Syncro
// has none (payments, products). A payment is sent once: an unknown
// outcome is ErrOutcomeUnknown.
//
// # Prepay hours
//
// Syncro's prepay_hours reads 0 both for an organization that used its
// hours up and for one that never bought any. Customers.PrepayLedger (and
// PrepayLedgers for all) tells them apart from the invoices: hours bought
// on lines of a "Prepay Hours" product, consumed by invoiced "Labor"
// lines; it gives the balance, Syncro's reported one, and the projection
// after the uncharged labor of open tickets, exactly. PrepayReport and
// PrepayAtOrBelow list only organizations with a plan, the report with the
// reasons. Customers.PrepayBalance reads the reported balance (nil: Syncro
// sent none, which is not zero); Tickets.ProjectPrepay projects it after
// one ticket's uncharged timers.
//
// # End User Portal
//
// A Portal builds end-user addresses for one account: the login page, an
// organization's own link (its online_profile_url, accepted only on the
// account's host and repaired of Syncro's doubled slash), asset pages and
// the tray's new-ticket form. It never returns the staff login, and
// refuses links to it. Its embed snippets (login link or button, ticket
// check-in frame) are built with html/template, so no value can inject
// markup or script; RenderOnlineProfileURL fills the {{online_profile_url}}
// tag of an email template.
//
// # Testing
//
// Package syncrotest is an in-memory fake Syncro speaking the real wire
// format, with rate limiting and fault injection, for tests that must not
// need a Syncro account. Its Server.Client is paced to the fake's own rate
// limit, so a test may send any number of requests without a 429 it did
// not ask for; syncrotest.WithRateLimit(0, 0) turns both off.
package syncro
