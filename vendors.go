package syncro

import "time"

// Vendor is a supplier purchase orders are placed with. Syncro has no
// DELETE for vendors.
type Vendor struct {
	ID            int64     `json:"id"`
	Name          string    `json:"name"`
	RepFirstName  string    `json:"rep_first_name"`
	RepLastName   string    `json:"rep_last_name"`
	Email         string    `json:"email"`
	Phone         string    `json:"phone"`
	AccountNumber string    `json:"account_number"`
	Address       string    `json:"address"`
	City          string    `json:"city"`
	State         string    `json:"state"`
	Zip           string    `json:"zip"`
	Website       string    `json:"website"`
	Notes         string    `json:"notes"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// VendorListOptions pages GET /vendors.
type VendorListOptions struct {
	ListOptions
}

// VendorInput creates or updates a vendor. Nil fields are not sent.
type VendorInput struct {
	Name          *string `json:"name,omitempty"`
	RepFirstName  *string `json:"rep_first_name,omitempty"`
	RepLastName   *string `json:"rep_last_name,omitempty"`
	Email         *string `json:"email,omitempty"`
	Phone         *string `json:"phone,omitempty"`
	AccountNumber *string `json:"account_number,omitempty"`
	Address       *string `json:"address,omitempty"`
	City          *string `json:"city,omitempty"`
	State         *string `json:"state,omitempty"`
	Zip           *string `json:"zip,omitempty"`
	Website       *string `json:"website,omitempty"`
	Notes         *string `json:"notes,omitempty"`
}
