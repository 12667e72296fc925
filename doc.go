// Package syncro is a client for the Syncro MSP REST API (RMM + PSA):
// organizations (customers), end users (contacts), tickets, assets, prepay
// hours, technicians and the End User Portal.
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
// Syncro allows 180 requests per minute per IP address. Each client paces
// itself so that no rolling minute holds more than 180 requests while
// sustaining 179 a minute (see WindowLimiter); WithRateLimit lowers the rate
// and WithLimiter shares one budget between clients. The limiter sits below
// pagination and retries: every page and every retry waits its turn.
//
// 429 answers are retried for every method, honouring Retry-After. 5xx
// answers and network errors are retried for GET, PUT and DELETE only:
// Syncro has no idempotency keys, so a POST is never sent twice once Syncro
// may have seen it. See RetryPolicy.
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
// stop with ErrStuckPage rather than loop when a page does not advance.
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
// # Testing
//
// Package syncrotest is an in-memory fake Syncro speaking the real wire
// format, with rate limiting and fault injection, for tests that must not
// need a Syncro account.
package syncro
