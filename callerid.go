package syncro

// CallerIDResult is the answer of GET /callerid. When the account has the
// caller ID feature switched off, Syncro answers the plain word Disabled
// instead of JSON: that is reported as Disabled, not as an error.
type CallerIDResult struct {
	// Disabled is true when the caller ID feature is off for the account.
	Disabled bool
	// Name is who the number belongs to, "" when nobody matched.
	Name string
	// TicketStatus is the status of the caller's open ticket, if any.
	TicketStatus string
}

// CallerIDOptions are the query of GET /callerid.
type CallerIDOptions struct {
	DID      string `url:"did"` // the phone number; required
	Outbound bool   `url:"outbound,omitempty"`
}
