package syncro

import (
	"context"
	"iter"
)

// LineItemsService lists invoice and estimate lines across the account
// (GET /line_items). It is a service of its own, Client.LineItems, because
// the list spans every invoice and estimate; a single invoice's lines come
// with InvoicesService.Get, and are changed through InvoicesService and
// EstimatesService.
type LineItemsService service

// LineItemListOptions filters GET /line_items, the account-wide list of
// invoice and estimate lines (it needs the Global Admin permission).
type LineItemListOptions struct {
	ListOptions
	InvoiceID         int64 `url:"invoice_id,omitempty"`
	EstimateID        int64 `url:"estimate_id,omitempty"`
	InvoiceIDNotNull  bool  `url:"invoice_id_not_null,omitempty"`
	EstimateIDNotNull bool  `url:"estimate_id_not_null,omitempty"`
}

var lineItemRec = rec[InvoiceLineItem]{many: "line_items"}

// List returns one page of line items.
//
// GET /line_items
func (s *LineItemsService) List(ctx context.Context, opts *LineItemListOptions) (*Page[InvoiceLineItem], error) {
	return lineItemRec.list(ctx, s.client, "line_items", opts, listOpts(opts))
}

// Pages iterates over the pages of line items.
//
// GET /line_items
func (s *LineItemsService) Pages(ctx context.Context, opts *LineItemListOptions) iter.Seq2[*Page[InvoiceLineItem], error] {
	return pages(ctx, opts, s.List)
}

// All iterates over every line item matching opts.
//
// GET /line_items
func (s *LineItemsService) All(ctx context.Context, opts *LineItemListOptions) iter.Seq2[InvoiceLineItem, error] {
	return items(s.Pages(ctx, opts))
}
