package syncro

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// PaymentsService records and reads payments. Syncro has no update or
// delete for payments, so neither is offered. A payment is money: Create
// is never sent twice (see PaymentsService.Create).
type PaymentsService service

// PaymentProfilesService works with customers' stored payment profiles.
type PaymentProfilesService service

// Payment is a payment received. PaymentAmount is in dollars, exactly, as
// Syncro answers; a payment is created with cents (see PaymentInput).
// Syncro has no update or delete for payments.
type Payment struct {
	ID            int64           `json:"id"`
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
	Success       bool            `json:"success"`
	PaymentAmount decimal.Decimal `json:"payment_amount"`
	// InvoiceIDs are the invoices the payment applies to; Syncro sends
	// [null] for a payment applied to none, read as no ids.
	InvoiceIDs          []int64   `json:"invoice_ids"`
	RefNum              string    `json:"ref_num"`
	AppliedAt           time.Time `json:"applied_at"`
	PaymentMethod       string    `json:"payment_method"`
	TransactionResponse string    `json:"transaction_response"`
	SignatureDate       time.Time `json:"signature_date"`
	Customer            *Customer `json:"customer,omitempty"`

	// Unparsed keeps, as sent, a nested value whose shape Syncro varied.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON reads a payment whatever the types Syncro used.
func (x *Payment) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// afterDecode drops the null ids of invoice_ids ([null]: applied to none).
func (x *Payment) afterDecode() {
	ids := x.InvoiceIDs[:0]
	for _, id := range x.InvoiceIDs {
		if id != 0 {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		ids = nil
	}
	x.InvoiceIDs = ids
}

// PaymentMethod is one of the account's payment methods ("Cash", "Check",
// "Credit Card", ...). Payments name their method by Name.
type PaymentMethod struct {
	ID                 int64     `json:"id"`
	Name               string    `json:"name"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
	UsesCardProcessing bool      `json:"uses_card_processing"`
}

// UnmarshalJSON reads a payment method whatever the types Syncro used.
func (x *PaymentMethod) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// PaymentProfile is a customer's stored payment profile: a payment
// gateway's tokens for a card, never the card number.
type PaymentProfile struct {
	ID                 int64     `json:"id"`
	CustomerID         int64     `json:"customer_id"`
	Expiration         string    `json:"expiration"`
	CustomerExternalID string    `json:"customer_external_id"`
	UsedGateway        string    `json:"used_gateway"`
	PaymentProfileID   string    `json:"payment_profile_id"`
	LastFour           string    `json:"last_four"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
}

// UnmarshalJSON reads a payment profile whatever the types Syncro used.
func (x *PaymentProfile) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// PaymentListOptions filters GET /payments.
type PaymentListOptions struct {
	ListOptions
	Query string `url:"query,omitempty"`
}

// PaymentInput records a payment (POST /payments). Amounts are in dollars
// and are sent to Syncro in cents (amount_cents) exactly; an amount with a
// fraction of a cent is refused, never rounded. Syncro answers in dollars
// (Payment.PaymentAmount).
//
// Name the invoice by InvoiceID or InvoiceNumber, or spread the payment
// over several invoices with ApplyPayments (invoice id -> dollars); a
// payment applied to no invoice becomes account credit.
//
// Syncro's endpoint also takes raw card fields (credit_card_number, cvv,
// ...); PaymentInput has none on purpose: card data stays with the payment
// gateway (see PaymentProfilesService).
type PaymentInput struct {
	CustomerID    *int64
	Amount        *decimal.Decimal // dollars, sent as amount_cents
	InvoiceID     *int64
	InvoiceNumber *string
	ApplyPayments map[int64]decimal.Decimal // invoice id -> dollars, sent in cents
	PaymentMethod *string                   // a PaymentMethod name: "Cash", "Check", ...
	RefNum        *string
	RegisterID    *int64
	SignatureName *string
	SignatureData *string
	SignatureDate *time.Time
	AddressStreet *string
	AddressCity   *string
	AddressZip    *string
}

// PaymentProfileInput is the body of POST and PUT
// /customers/{customer_id}/payment_profiles: a payment gateway's tokens,
// never a card number. Update takes only Expiration and LastFour.
type PaymentProfileInput struct {
	CustomerExternalID *string `json:"customer_external_id,omitempty"`
	PaymentProfileID   *string `json:"payment_profile_id,omitempty"`
	Expiration         *string `json:"expiration,omitempty"`
	LastFour           *string `json:"last_four,omitempty"`
}

var (
	paymentRec        = rec[Payment]{one: "payment", many: "payments", bare: true}
	paymentMethodRec  = rec[PaymentMethod]{many: "payment_methods"}
	paymentProfileRec = rec[PaymentProfile]{one: "payment_profile", many: "payment_profiles", bare: true}
)

// List returns one page of payments.
//
// GET /payments
func (s *PaymentsService) List(ctx context.Context, opts *PaymentListOptions) (*Page[Payment], error) {
	return paymentRec.list(ctx, s.client, "payments", opts, listOpts(opts))
}

// Pages iterates over the pages of payments.
//
// GET /payments
func (s *PaymentsService) Pages(ctx context.Context, opts *PaymentListOptions) iter.Seq2[*Page[Payment], error] {
	return pages(ctx, opts, s.List)
}

// All iterates over every payment matching opts.
//
// GET /payments
func (s *PaymentsService) All(ctx context.Context, opts *PaymentListOptions) iter.Seq2[Payment, error] {
	return items(s.Pages(ctx, opts))
}

// Get returns one payment.
//
// GET /payments/{id}
func (s *PaymentsService) Get(ctx context.Context, id int64) (*Payment, error) {
	if err := checkID("get payment", "id", id); err != nil {
		return nil, err
	}
	return paymentRec.get(ctx, s.client, apiPath("payments", id), nil)
}

// paymentBody is the wire form of a PaymentInput: amounts in cents.
type paymentBody struct {
	CustomerID    *int64           `json:"customer_id,omitempty"`
	AmountCents   int64            `json:"amount_cents"`
	InvoiceID     *int64           `json:"invoice_id,omitempty"`
	InvoiceNumber *string          `json:"invoice_number,omitempty"`
	ApplyPayments map[string]int64 `json:"apply_payments,omitempty"`
	PaymentMethod *string          `json:"payment_method,omitempty"`
	RefNum        *string          `json:"ref_num,omitempty"`
	RegisterID    *int64           `json:"register_id,omitempty"`
	SignatureName *string          `json:"signature_name,omitempty"`
	SignatureData *string          `json:"signature_data,omitempty"`
	SignatureDate *time.Time       `json:"signature_date,omitempty"`
	AddressStreet *string          `json:"address_street,omitempty"`
	AddressCity   *string          `json:"address_city,omitempty"`
	AddressZip    *string          `json:"address_zip,omitempty"`
}

// body checks a payment and converts it to its wire form.
func (in *PaymentInput) body() (*paymentBody, error) {
	const op = "create payment"
	if in == nil {
		return nil, &ValidationError{Op: op, Fields: []string{"customer_id", "amount_cents"}, Reason: "give the customer and the amount"}
	}
	positive := func(p *int64) bool { return p != nil && *p > 0 }
	if !positive(in.CustomerID) && !positive(in.InvoiceID) && (in.InvoiceNumber == nil || *in.InvoiceNumber == "") {
		return nil, &ValidationError{Op: op, Fields: []string{"customer_id"}, Reason: "give the customer (or the invoice) the payment is from"}
	}
	if in.Amount == nil || !in.Amount.IsPositive() {
		got := "none"
		if in.Amount != nil {
			got = in.Amount.String()
		}
		return nil, &ValidationError{Op: op, Fields: []string{"amount_cents"}, Reason: "the amount must be more than zero dollars, got " + got}
	}
	amount := *in.Amount
	cents, err := toCents("amount", amount)
	if err != nil {
		return nil, &ValidationError{Op: op, Fields: []string{"amount_cents"}, Reason: err.Error()}
	}
	b := &paymentBody{
		CustomerID: in.CustomerID, AmountCents: cents, InvoiceID: in.InvoiceID, InvoiceNumber: in.InvoiceNumber,
		PaymentMethod: in.PaymentMethod, RefNum: in.RefNum, RegisterID: in.RegisterID,
		SignatureName: in.SignatureName, SignatureData: in.SignatureData, SignatureDate: in.SignatureDate,
		AddressStreet: in.AddressStreet, AddressCity: in.AddressCity, AddressZip: in.AddressZip,
	}
	if len(in.ApplyPayments) > 0 {
		ids := make([]int64, 0, len(in.ApplyPayments))
		for id := range in.ApplyPayments {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		b.ApplyPayments = make(map[string]int64, len(ids))
		var sum int64
		for _, id := range ids {
			amt := in.ApplyPayments[id]
			if id <= 0 {
				return nil, &ValidationError{Op: op, Fields: []string{"apply_payments"}, Reason: "invoice ids must be positive, got " + strconv.FormatInt(id, 10)}
			}
			if !amt.IsPositive() {
				return nil, &ValidationError{Op: op, Fields: []string{"apply_payments"}, Reason: "the amount applied to invoice " + strconv.FormatInt(id, 10) + " must be more than zero, got " + amt.String()}
			}
			c, err := toCents("apply_payments["+strconv.FormatInt(id, 10)+"]", amt)
			if err != nil {
				return nil, &ValidationError{Op: op, Fields: []string{"apply_payments"}, Reason: err.Error()}
			}
			b.ApplyPayments[strconv.FormatInt(id, 10)] = c
			sum += c
		}
		if sum > cents {
			return nil, &ValidationError{Op: op, Fields: []string{"apply_payments"}, Reason: "the amounts applied add up to more than the payment (" + decimal.New(sum, -2).StringFixed(2) + " > " + amount.StringFixed(2) + ")"}
		}
	}
	return b, nil
}

// Create records a payment. The amount is in dollars and travels as
// amount_cents, exactly; a fraction of a cent is refused before anything
// is sent (so are a zero or negative amount and applied amounts adding up
// to more than the payment). Syncro answers in dollars.
//
// A payment is money and Syncro has no idempotency key: the request is
// sent once and never retried after Syncro may have received it. When the
// outcome is unknown (the connection broke after sending, a timeout, a 5xx
// answer, a success without a usable payment id) the error matches
// ErrOutcomeUnknown: look for the payment (List with Query: the RefNum)
// before recording it again.
//
// POST /payments
func (s *PaymentsService) Create(ctx context.Context, in *PaymentInput) (*Payment, error) {
	body, err := in.body()
	if err != nil {
		return nil, err
	}
	return paymentRec.create(ctx, s.client, "payments", body)
}

// Methods lists the account's payment methods.
//
// GET /payment_methods
func (s *PaymentsService) Methods(ctx context.Context) ([]PaymentMethod, error) {
	return paymentMethodRec.listAll(ctx, s.client, "payment_methods")
}

// List returns a customer's payment profiles.
//
// GET /customers/{customer_id}/payment_profiles
func (s *PaymentProfilesService) List(ctx context.Context, customerID int64) ([]PaymentProfile, error) {
	if err := checkID("list payment profiles", "customer_id", customerID); err != nil {
		return nil, err
	}
	return paymentProfileRec.listAll(ctx, s.client, apiPath("customers", customerID, "payment_profiles"))
}

// Get returns one payment profile of a customer.
//
// GET /customers/{customer_id}/payment_profiles/{id}
func (s *PaymentProfilesService) Get(ctx context.Context, customerID, id int64) (*PaymentProfile, error) {
	if err := checkIDs("get payment profile", "customer_id", customerID, "id", id); err != nil {
		return nil, err
	}
	return paymentProfileRec.get(ctx, s.client, apiPath("customers", customerID, "payment_profiles", id), nil)
}

// Create stores a payment gateway's tokens as a profile of the customer.
// Syncro refuses it (422) when the account has no integrated processing.
//
// POST /customers/{customer_id}/payment_profiles
func (s *PaymentProfilesService) Create(ctx context.Context, customerID int64, in *PaymentProfileInput) (*PaymentProfile, error) {
	if err := checkID("create payment profile", "customer_id", customerID); err != nil {
		return nil, err
	}
	if in == nil || in.PaymentProfileID == nil || *in.PaymentProfileID == "" {
		return nil, &ValidationError{Op: "create payment profile", Fields: []string{"payment_profile_id"}, Reason: "give the gateway's payment profile token"}
	}
	return paymentProfileRec.create(ctx, s.client, apiPath("customers", customerID, "payment_profiles"), in)
}

// Update changes a profile's expiration and last four digits.
//
// PUT /customers/{customer_id}/payment_profiles/{id}
func (s *PaymentProfilesService) Update(ctx context.Context, customerID, id int64, in *PaymentProfileInput) (*PaymentProfile, error) {
	if err := checkIDs("update payment profile", "customer_id", customerID, "id", id); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, &ValidationError{Op: "update payment profile", Reason: "no input given"}
	}
	body := &PaymentProfileInput{Expiration: in.Expiration, LastFour: in.LastFour}
	return paymentProfileRec.update(ctx, s.client, apiPath("customers", customerID, "payment_profiles", id), body)
}

// Delete removes a payment profile.
//
// DELETE /customers/{customer_id}/payment_profiles/{id}
func (s *PaymentProfilesService) Delete(ctx context.Context, customerID, id int64) error {
	if err := checkIDs("delete payment profile", "customer_id", customerID, "id", id); err != nil {
		return err
	}
	return remove(ctx, s.client, http.MethodDelete, apiPath("customers", customerID, "payment_profiles", id), nil)
}
