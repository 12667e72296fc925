package syncro

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
)

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

// callerIDDisabled is the plain-text answer of GET /callerid when the
// feature is off.
const callerIDDisabled = "Disabled"

// parseCallerID reads the three answers GET /callerid gives: the plain
// word Disabled (not JSON), {"data": {"name", "ticket_status"}}, or a bare
// JSON string holding the name.
func parseCallerID(body []byte) (*CallerIDResult, error) {
	b := bytes.TrimSpace(body)
	if strings.EqualFold(string(b), callerIDDisabled) || strings.EqualFold(string(b), `"`+callerIDDisabled+`"`) {
		return &CallerIDResult{Disabled: true}, nil
	}
	if len(b) == 0 {
		return nil, errors.New("the caller ID answer is empty")
	}
	switch b[0] {
	case '"':
		var name string
		if err := json.Unmarshal(b, &name); err != nil {
			return nil, err
		}
		return &CallerIDResult{Name: name}, nil
	case '{':
		var w struct {
			Data *struct {
				Name         wireString `json:"name"`
				TicketStatus wireString `json:"ticket_status"`
			} `json:"data"`
		}
		if err := json.Unmarshal(b, &w); err != nil {
			return nil, err
		}
		if w.Data == nil {
			return nil, errors.New(`the caller ID answer has no "data" object`)
		}
		return &CallerIDResult{Name: string(w.Data.Name), TicketStatus: string(w.Data.TicketStatus)}, nil
	case 'n':
		if string(b) == "null" {
			return &CallerIDResult{}, nil
		}
	}
	return nil, errNotJSON
}

// CallerIDService looks up who a phone number belongs to.
type CallerIDService service

// Lookup returns who the phone number did belongs to and the status of
// their open ticket: GET /callerid. outbound marks a call the account
// makes rather than receives. When the account has caller ID switched off
// Syncro answers the plain word Disabled: Lookup then returns a result
// with Disabled set and no error.
func (s *CallerIDService) Lookup(ctx context.Context, did string, outbound bool) (*CallerIDResult, error) {
	if strings.TrimSpace(did) == "" {
		return nil, &ValidationError{Op: "caller id", Fields: []string{"did"}, Reason: "give the phone number to look up"}
	}
	var out *CallerIDResult
	q := CallerIDOptions{DID: strings.TrimSpace(did), Outbound: outbound}
	err := s.client.get(ctx, "callerid", q, func(b []byte) error {
		r, err := parseCallerID(b)
		out = r
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
