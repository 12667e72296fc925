package syncro

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// CannedResponse is a reusable ticket reply: a title to find it by, a
// subject and a body.
type CannedResponse struct {
	ID                       int64  `json:"id"`
	Title                    string `json:"title"`
	Subject                  string `json:"subject"`
	Body                     string `json:"body"`
	CannedResponseCategoryID int64  `json:"canned_response_category_id"`
	CategoryName             string `json:"category_name"`
}

// CannedResponseListOptions filters GET /canned_responses.
type CannedResponseListOptions struct {
	Query string `url:"query,omitempty"`
}

// CannedResponseInput creates or updates a canned response. Title and Body
// are required to create.
type CannedResponseInput struct {
	Title                    *string `json:"title,omitempty"`
	Subject                  *string `json:"subject,omitempty"`
	Body                     *string `json:"body,omitempty"`
	CannedResponseCategoryID *int64  `json:"canned_response_category_id,omitempty"`
}

// CannedResponseSettings are the categories and subjects canned responses
// can use, and whether the token may manage them.
type CannedResponseSettings struct {
	CannedResponseCategories []CannedResponseCategory `json:"canned_response_categories"`
	Subjects                 []string                 `json:"subjects"`
	CanManage                bool                     `json:"can_manage"`

	// Unparsed keeps, as sent, the values of object or list fields whose
	// shape Syncro varied beyond what the field holds.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// CannedResponseCategory groups canned responses.
type CannedResponseCategory struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// CannedResponsesService works with canned responses. Syncro offers no GET
// of one canned response: List finds them (by a search query).
type CannedResponsesService service

// UnmarshalJSON reads a canned response whatever the types Syncro used.
func (x *CannedResponse) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// UnmarshalJSON reads the settings whatever the types Syncro used.
func (x *CannedResponseSettings) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

var cannedResponseRec = rec[CannedResponse]{one: "canned_response", many: "canned_responses", bare: true}

// List returns the canned responses matching opts.Query (all of them when
// opts is nil): GET /canned_responses.
func (s *CannedResponsesService) List(ctx context.Context, opts *CannedResponseListOptions) ([]CannedResponse, error) {
	p, err := listPage[CannedResponse](ctx, s.client, "canned_responses", "canned_responses", opts, nil)
	if err != nil {
		return nil, err
	}
	return p.Items, nil
}

// Create makes a canned response: POST /canned_responses. Title and Body
// are required. Syncro documents an empty 201 answer: when the answer does
// not carry the record, Create finds it in the list by its title and body.
// If it is not found there either, the error matches ErrOutcomeUnknown:
// check the list before creating it again.
func (s *CannedResponsesService) Create(ctx context.Context, in *CannedResponseInput) (*CannedResponse, error) {
	if in == nil || in.Title == nil || strings.TrimSpace(*in.Title) == "" || in.Body == nil || strings.TrimSpace(*in.Body) == "" {
		return nil, &ValidationError{Op: "create canned response", Fields: []string{"title", "body"}, Reason: "Syncro requires a title and a body"}
	}
	out := new(CannedResponse)
	decode := cannedResponseRec.decodeOne(out)
	err := s.client.do(ctx, request{method: http.MethodPost, path: "canned_responses", body: in, decode: func(b []byte) error {
		if len(bytes.TrimSpace(b)) > 0 && decode(b) == nil {
			return nil
		}
		*out = CannedResponse{} // no usable record in the answer
		return nil
	}})
	if err != nil {
		return nil, err
	}
	if out.ID > 0 {
		return out, nil
	}
	list, err := s.List(ctx, &CannedResponseListOptions{Query: *in.Title})
	if err != nil {
		return nil, fmt.Errorf("syncro: POST /canned_responses: the answer did not carry the record, and finding it failed: %w: %w", err, ErrOutcomeUnknown)
	}
	var found *CannedResponse
	for i := range list {
		cr := &list[i]
		if cr.Title == *in.Title && cr.Body == *in.Body && (found == nil || cr.ID > found.ID) {
			found = cr
		}
	}
	if found == nil {
		return nil, fmt.Errorf("syncro: POST /canned_responses: the answer did not carry the record and it is not in the list yet: %w", ErrOutcomeUnknown)
	}
	return found, nil
}

// Update changes the fields set in in: PATCH /canned_responses/{id}.
// Syncro answers without the record; read it back with List.
func (s *CannedResponsesService) Update(ctx context.Context, id int64, in *CannedResponseInput) error {
	if err := checkID("update canned response", "id", id); err != nil {
		return err
	}
	if in == nil {
		return &ValidationError{Op: "update canned response", Reason: "no input given"}
	}
	return action(ctx, s.client, http.MethodPatch, apiPath("canned_responses", id), nil, in, nil)
}

// Delete deletes a canned response: DELETE /canned_responses/{id} (Syncro
// answers 204).
func (s *CannedResponsesService) Delete(ctx context.Context, id int64) error {
	if err := checkID("delete canned response", "id", id); err != nil {
		return err
	}
	return remove(ctx, s.client, http.MethodDelete, apiPath("canned_responses", id), nil)
}

// Settings returns the categories and subjects canned responses can use:
// GET /canned_responses/settings.
func (s *CannedResponsesService) Settings(ctx context.Context) (*CannedResponseSettings, error) {
	out := new(CannedResponseSettings)
	if err := s.client.get(ctx, "canned_responses/settings", nil, decodeInto(out)); err != nil {
		return nil, err
	}
	return out, nil
}

// UnmarshalJSON reads a category whatever the types Syncro used.
func (x *CannedResponseCategory) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }
