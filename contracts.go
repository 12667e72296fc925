package syncro

import "time"

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
