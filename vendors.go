package syncro

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// VendorsService works with vendors: the suppliers purchase orders are
// placed with. Syncro has no DELETE for vendors (SYNCRO_API.md quirk 11),
// so the service offers none.
//
// It is the worked example of CONTRIBUTING.md: a model, its input and list
// options, and one-line methods over the generic record path.
type VendorsService service

// Vendor is a supplier (GET /vendors/{id}).
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

// UnmarshalJSON reads a vendor whatever the types Syncro used.
func (v *Vendor) UnmarshalJSON(b []byte) error { return decodeModel(b, v) }

// VendorInput is the body of a vendor create or update; only the fields
// set are sent.
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

// VendorListOptions pages GET /vendors; Syncro documents no filter.
type VendorListOptions struct {
	ListOptions
}

var vendorRec = rec[Vendor]{one: "vendor", many: "vendors"}

// List returns one page of vendors: GET /vendors.
func (s *VendorsService) List(ctx context.Context, opts *VendorListOptions) (*Page[Vendor], error) {
	return vendorRec.list(ctx, s.client, "vendors", opts, listOpts(opts))
}

// Pages iterates over the pages of vendors: GET /vendors.
func (s *VendorsService) Pages(ctx context.Context, opts *VendorListOptions) iter.Seq2[*Page[Vendor], error] {
	return pages(ctx, opts, s.List)
}

// All iterates over every vendor: GET /vendors.
func (s *VendorsService) All(ctx context.Context, opts *VendorListOptions) iter.Seq2[Vendor, error] {
	return items(s.Pages(ctx, opts))
}

// Get returns one vendor: GET /vendors/{id}.
func (s *VendorsService) Get(ctx context.Context, id int64) (*Vendor, error) {
	if err := checkID("get vendor", "id", id); err != nil {
		return nil, err
	}
	return vendorRec.get(ctx, s.client, apiPath("vendors", id), nil)
}

// Create makes a vendor: POST /vendors. Syncro requires a name.
func (s *VendorsService) Create(ctx context.Context, in *VendorInput) (*Vendor, error) {
	if in == nil || in.Name == nil || *in.Name == "" {
		return nil, &ValidationError{Op: "create vendor", Fields: []string{"name"}, Reason: "Syncro requires a name"}
	}
	return vendorRec.create(ctx, s.client, "vendors", in)
}

// Update changes the fields set in in: PUT /vendors/{id}.
func (s *VendorsService) Update(ctx context.Context, id int64, in *VendorInput) (*Vendor, error) {
	if err := checkID("update vendor", "id", id); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, &ValidationError{Op: "update vendor", Reason: "no input given"}
	}
	return vendorRec.write(ctx, s.client, http.MethodPut, apiPath("vendors", id), in)
}
