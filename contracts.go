package syncro

import (
	"bytes"
	"context"
	"fmt"
	"iter"
	"net/http"
	"time"
)

// Contract is a service agreement with an organization: its value, term,
// sales status and the SLA its tickets get.
type Contract struct {
	ID         int64  `json:"id"`
	AccountID  int64  `json:"account_id"`
	CustomerID int64  `json:"customer_id"`
	Name       string `json:"name"`
	// ContractAmount is free text as entered in Syncro ("30k", "100.00"),
	// not a number: it is kept as Syncro sent it.
	ContractAmount string    `json:"contract_amount"`
	StartDate      time.Time `json:"start_date"`
	EndDate        time.Time `json:"end_date"`
	PrimaryContact string    `json:"primary_contact"`
	Description    string    `json:"description"`
	Status         string    `json:"status"`     // "Opportunity", "Active", ...
	Likelihood     int64     `json:"likelihood"` // percent
	ApplyToAll     bool      `json:"apply_to_all"`
	SLAID          int64     `json:"sla_id"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// ContractListOptions pages GET /contracts (Syncro offers no filter).
type ContractListOptions struct {
	ListOptions
}

// ContractInput creates or updates a contract. Nil fields are not sent.
// CustomerID is required to create.
type ContractInput struct {
	CustomerID     *int64     `json:"customer_id,omitempty"`
	Name           *string    `json:"name,omitempty"`
	ContractAmount *string    `json:"contract_amount,omitempty"`
	Description    *string    `json:"description,omitempty"`
	StartDate      *time.Time `json:"start_date,omitempty"`
	EndDate        *time.Time `json:"end_date,omitempty"`
	PrimaryContact *string    `json:"primary_contact,omitempty"`
	Status         *string    `json:"status,omitempty"`
	Likelihood     *int64     `json:"likelihood,omitempty"`
	ApplyToAll     *bool      `json:"apply_to_all,omitempty"`
	SLAID          *int64     `json:"sla_id,omitempty"`
}

// ContractsService works with contracts (service agreements).
type ContractsService service

// UnmarshalJSON reads a contract whatever the types Syncro used.
func (x *Contract) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// ErrContractDeleted is returned by ContractsService.Get for a contract
// that was deleted. Syncro deletes contracts softly: a later GET answers
// 200 with null, not 404. The error matches ErrNotFound too, so callers
// that treat "gone" alike need no special case.
var ErrContractDeleted = fmt.Errorf("%w: the contract was deleted (Syncro answers null for a deleted contract)", ErrNotFound)

// Syncro answers a single contract bare (quirk 1); an envelope is accepted
// too.
var contractRec = rec[Contract]{one: "contract", many: "contracts", bare: true}

// List returns one page of contracts: GET /contracts.
func (s *ContractsService) List(ctx context.Context, opts *ContractListOptions) (*Page[Contract], error) {
	return contractRec.list(ctx, s.client, "contracts", opts, listOpts(opts))
}

// Pages iterates over the pages of contracts: GET /contracts.
func (s *ContractsService) Pages(ctx context.Context, opts *ContractListOptions) iter.Seq2[*Page[Contract], error] {
	return pages(ctx, opts, s.List)
}

// All iterates over every contract: GET /contracts.
func (s *ContractsService) All(ctx context.Context, opts *ContractListOptions) iter.Seq2[Contract, error] {
	return items(s.Pages(ctx, opts))
}

// Get returns one contract: GET /contracts/{id}. A deleted contract gives
// an error matching ErrContractDeleted and ErrNotFound (Syncro answers null
// for it); an id that never existed gives the usual 404 *APIError.
func (s *ContractsService) Get(ctx context.Context, id int64) (*Contract, error) {
	if err := checkID("get contract", "id", id); err != nil {
		return nil, err
	}
	out := new(Contract)
	deleted := false
	decode := contractRec.decodeOne(out)
	path := apiPath("contracts", id)
	err := s.client.do(ctx, request{method: http.MethodGet, path: path, decode: func(b []byte) error {
		if bytes.Equal(bytes.TrimSpace(b), jsonNull) {
			deleted = true
			return nil
		}
		return decode(b)
	}})
	if err != nil {
		return nil, err
	}
	if deleted {
		return nil, fmt.Errorf("syncro: GET /%s: %w", path, ErrContractDeleted)
	}
	return out, nil
}

// Create makes a contract for the organization in.CustomerID, which is
// required: POST /contracts.
func (s *ContractsService) Create(ctx context.Context, in *ContractInput) (*Contract, error) {
	if in == nil || in.CustomerID == nil || *in.CustomerID <= 0 {
		return nil, &ValidationError{Op: "create contract", Fields: []string{"customer_id"}, Reason: "a contract belongs to an organization: set CustomerID"}
	}
	return contractRec.create(ctx, s.client, "contracts", in)
}

// Update changes the fields set in in: PUT /contracts/{id}.
func (s *ContractsService) Update(ctx context.Context, id int64, in *ContractInput) (*Contract, error) {
	if err := checkID("update contract", "id", id); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, &ValidationError{Op: "update contract", Reason: "no input given"}
	}
	return contractRec.update(ctx, s.client, apiPath("contracts", id), in)
}

// Delete deletes a contract: DELETE /contracts/{id}. Syncro deletes it
// softly: Get then fails with ErrContractDeleted.
func (s *ContractsService) Delete(ctx context.Context, id int64) error {
	if err := checkID("delete contract", "id", id); err != nil {
		return err
	}
	return remove(ctx, s.client, http.MethodDelete, apiPath("contracts", id), nil)
}
