package syncro

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// SearchResult is the answer of GET /search: the hits across every kind of
// record the token may read, and Syncro's error text when the search
// failed (Error is then non-empty and Results usually empty).
type SearchResult struct {
	QuickResult json.RawMessage `json:"quick_result"`
	Results     []SearchHit     `json:"results"`
	Error       string          `json:"error"`

	// Unparsed keeps, as sent, the values of object or list fields whose
	// shape Syncro varied beyond what the field holds.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// SearchHit is one hit. On the wire each is a search-engine document
// wrapped twice in "table" objects ({"table": {"_id", "_type", "_index",
// "_source": {"table": {...}}}}); SearchHit holds it unwrapped.
type SearchHit struct {
	ID     int64      // the record's id (_id)
	Type   string     // the kind of record: "customer", "ticket", "invoice", ... (_type)
	Index  string     // the search index: "customers", ... (_index)
	Source Properties // the record's indexed fields (_source.table)
}

// UnmarshalJSON reads a hit in its wire form,
// {"table": {"_id", "_type", "_index", "_source": {"table": {...}}}}; an
// _id sent as a string ("52000001") reads too.
func (h *SearchHit) UnmarshalJSON(b []byte) error {
	var w struct {
		Table struct {
			ID     Int64  `json:"_id"`
			Type   string `json:"_type"`
			Index  string `json:"_index"`
			Source struct {
				Table Properties `json:"table"`
			} `json:"_source"`
		} `json:"table"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("syncro: cannot read a search hit: %w", err)
	}
	*h = SearchHit{ID: int64(w.Table.ID), Type: w.Table.Type, Index: w.Table.Index, Source: w.Table.Source.Table}
	return nil
}

// SearchService searches every kind of record at once.
type SearchService service

// Query searches organizations, end users, assets, tickets, invoices,
// estimates, leads, products, purchase orders, vendors, reports and wiki
// pages for text: GET /search. Each kind needs its own read permission;
// kinds the token may not read are left out. When Syncro reports a failed
// search it answers 200 with the reason in the result's Error.
func (s *SearchService) Query(ctx context.Context, query string) (*SearchResult, error) {
	if strings.TrimSpace(query) == "" {
		return nil, &ValidationError{Op: "search", Fields: []string{"query"}, Reason: "give the text to search for"}
	}
	out := new(SearchResult)
	if err := s.client.get(ctx, "search", url.Values{"query": {query}}, decodeInto(out)); err != nil {
		return nil, err
	}
	return out, nil
}

// UnmarshalJSON reads a search answer; an error sent as a list of messages
// reads as one text.
func (x *SearchResult) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

func (h SearchHit) decodesItself() {} // decodes itself: see selfDecoder
