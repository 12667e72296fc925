package syncro

import (
	"time"

	"github.com/shopspring/decimal"
)

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
