// Package syncrotest is an in-memory fake Syncro MSP account behind a real
// HTTP server, for tests that must not need a Syncro account, and for the
// examples and the command-line tool's fake server.
//
// It speaks Syncro's wire format, as documented and observed, not as the
// syncro package models it: its JSON is built from its own maps, so a test
// against it checks the client's decoding against the wire. That means
// customers and tickets wrapped ({"customer": ...}), contacts bare, assets
// listed under "assets", users as [id, name] pairs, quantities and prepay
// hours as decimal strings, ticket line item prices as numbers and cents as
// integers, timestamps with the account's offset (+02:00 by default), the
// meta shape of each list, and the error body of each endpoint: 404
// {"message": "Not found"}, 401 for a token lacking a permission, HTML 400
// for a body that is not JSON, and the several 422 shapes.
//
// # Use
//
//	func TestSync(t *testing.T) {
//		srv := syncrotest.NewServer(syncrotest.WithDemoData())
//		defer srv.Close()
//		client := srv.Client() // base URL and token set, paced to the fake's rate limit
//
//		for c, err := range client.Customers.All(context.Background(), nil) {
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Log(c.BusinessName)
//		}
//	}
//
// A program in another language uses Listen (or NewServer with WithAddr)
// and the URL and Token it prints; Env gives them as SYNCRO_BASE_URL and
// SYNCRO_API_TOKEN.
//
// # What it serves
//
// Under /api/v1: customers (list with filters, get, create, update, delete,
// latest, autocomplete, phones), contacts, tickets (list with filters, get,
// create, update, delete, comments, line items, timers, settings),
// customer_assets (no delete, as in Syncro), users and me. Also the End
// User Portal pages its online_profile_url links point to.
//
// The operations endpoints too, quirks included: contracts (bare, deleted
// softly: null afterwards), portal_users (no GET of one, create_invitation),
// rmm_alerts (created under "alert", mute, DELETE resolves), appointments
// (list items each wrapped) and appointment_types (location_type required),
// leads, purchase_orders (line items, receive), wiki_pages,
// canned_responses, new_ticket_forms (process_form files a ticket), search,
// settings, callerid (the plain word Disabled until EnableCallerID),
// timelogs, user_devices and otp_login (OTPCode is the code it accepts).
//
// Default page sizes differ per endpoint, as Syncro's do: customers 100,
// contacts 50, tickets 50, assets 50, ticket comments 10; per_page is
// honoured up to 100, and a page past the end is an empty list.
//
// # Tokens and the rate limit
//
// Token returns the default token, which may do everything. WithLimitedToken
// and AddToken add tokens with only some permissions (the Perm constants):
// a call needing another gets Syncro's 401 permission error. An unknown
// token gets 401 {"error": "Unauthorized"}, a body of the fake's own (Syncro's
// is undocumented).
//
// Every server keeps Syncro's rolling-window limit: 180 requests a minute by
// default, answered with 429 past it (Retry-After optional, WithRetryAfter).
// WithRateLimit scales limit and window down for fast tests; WithClock moves
// the window with a fake clock.
//
// # Faults
//
// InjectFault (or WithFaults) breaks chosen requests: the nth one
// (OnNth), those to a route (OnRoute), or a seeded random share (AtRate),
// with an error status, a delay, a connection reset, a truncated body or an
// HTML page. A fault hits before the request is processed, or after
// (AfterProcessing): the write happened and the answer was lost, which is
// how a test proves a client never repeats a write. Requests and Stats
// report what happened; each logged request keeps the body the client
// sent, so a test can check fields Syncro never echoes (a comment's
// do_not_email, an asset's properties on create).
//
// # Data
//
// WithDemoData loads a small realistic account; Generate (or
// WithGeneratedData) makes many deterministic records for load tests; the
// Add helpers (AddCustomer, AddContact, AddTicket, ...) put records in
// directly for a test's setup.
package syncrotest
