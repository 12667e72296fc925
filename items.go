package syncro

import (
	"context"
	"iter"
	"time"

	"github.com/shopspring/decimal"
)

// Item is a part order (the API calls them items): a part requested,
// ordered and received, usually for a ticket. Field names follow Syncro's
// wire keys, which run words together (requestedon, parturl, trackingnum).
type Item struct {
	ID                    int64           `json:"id"`
	AccountID             int64           `json:"account_id"`
	TicketID              int64           `json:"ticket_id"`
	Ticketnum             string          `json:"ticketnum"` // the ticket's number, as text
	InvoiceID             int64           `json:"invoice_id"`
	ProductID             int64           `json:"product_id"`
	UserID                int64           `json:"user_id"`
	Description           string          `json:"description"`
	Notes                 string          `json:"notes"`
	Parturl               string          `json:"parturl"` // where the part is ordered from
	Price                 decimal.Decimal `json:"price"`
	Quantity              decimal.Decimal `json:"quantity"`
	RetailCents           int64           `json:"retail_cents"`
	Taxable               bool            `json:"taxable"`
	Converted             bool            `json:"converted"`
	Shipping              string          `json:"shipping"`
	Deststore             string          `json:"deststore"`
	Orderedby             string          `json:"orderedby"`
	Trackingnum           string          `json:"trackingnum"`
	Requestedon           time.Time       `json:"requestedon"`
	Orderedon             time.Time       `json:"orderedon"`
	Receivedon            time.Time       `json:"receivedon"`
	ReceivedAt            time.Time       `json:"received_at"`
	DueAt                 time.Time       `json:"due_at"`
	DestinationLocationID int64           `json:"destination_location_id"`
	FromLocationID        int64           `json:"from_location_id"`
	FromName              string          `json:"from_name"`
	LogisticState         string          `json:"logistic_state"`
	RoundTrip             bool            `json:"round_trip"`
	TripLeg               string          `json:"trip_leg"`
	RefurbID              int64           `json:"refurb_id"`
	CreatedAt             time.Time       `json:"created_at"`
	UpdatedAt             time.Time       `json:"updated_at"`
}

// UnmarshalJSON reads a part order whatever the types Syncro used.
func (i *Item) UnmarshalJSON(b []byte) error { return decodeModel(b, i) }

// ItemListOptions filters GET /items.
type ItemListOptions struct {
	ListOptions
	// Completed, when true, lists only the completed part orders.
	Completed bool   `url:"completed,omitempty"`
	Query     string `url:"query,omitempty"`
}

// ItemsService reads the account's part orders. The API only lists them.
type ItemsService service

var itemRec = rec[Item]{one: "item", many: "items"}

// List returns one page of part orders.
//
// GET /items
func (s *ItemsService) List(ctx context.Context, opts *ItemListOptions) (*Page[Item], error) {
	return itemRec.list(ctx, s.client, "items", opts, listOpts(opts))
}

// Pages iterates over the pages of part orders matching opts.
//
// GET /items
func (s *ItemsService) Pages(ctx context.Context, opts *ItemListOptions) iter.Seq2[*Page[Item], error] {
	return pages(ctx, opts, s.List)
}

// All iterates over every part order matching opts.
//
// GET /items
func (s *ItemsService) All(ctx context.Context, opts *ItemListOptions) iter.Seq2[Item, error] {
	return items(s.Pages(ctx, opts))
}
