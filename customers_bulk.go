package syncro

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// customerInputFields is the set of wire names CustomerInput can send.
var customerInputFields = func() map[string]bool {
	set := map[string]bool{}
	t := reflect.TypeOf(CustomerInput{})
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			set[name] = true
		}
	}
	return set
}()

// WithRequiredCustomerFields declares the fields the account requires when
// an organization is created (Admin > Customers - Preferences), by wire
// name: "business_name", "email", "phone", ... A custom field is named
// "properties.<Display Name>". Create then fails with a *ValidationError
// naming every missing field before any request is sent, and Update refuses
// to clear one of them.
func WithRequiredCustomerFields(fields ...string) Option {
	return func(cfg *clientConfig) error {
		for _, f := range fields {
			if _, custom := strings.CutPrefix(f, "properties."); custom {
				continue
			}
			if !customerInputFields[f] {
				return fmt.Errorf("syncro: WithRequiredCustomerFields: %q is not a customer field (use wire names such as business_name, email, phone, or properties.<Field Name>)", f)
			}
		}
		cfg.requiredCustomerFields = append([]string(nil), fields...)
		return nil
	}
}

// checkRequiredCustomerFields fails when a required field is missing (on
// create) or set to blank (on create and update).
func (c *Client) checkRequiredCustomerFields(op string, in *CustomerInput, create bool) error {
	if len(c.requiredCustomerFields) == 0 {
		return nil
	}
	raw, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("syncro: %s: %w", op, err)
	}
	var sent map[string]any
	if err := json.Unmarshal(raw, &sent); err != nil {
		return fmt.Errorf("syncro: %s: %w", op, err)
	}
	props, _ := sent["properties"].(map[string]any)
	var missing []string
	for _, f := range c.requiredCustomerFields {
		v, present := sent[f]
		if name, custom := strings.CutPrefix(f, "properties."); custom {
			v, present = props[name]
		}
		blank := v == nil || strings.TrimSpace(fmt.Sprint(v)) == ""
		if (create && (!present || blank)) || (!create && present && blank) {
			missing = append(missing, f)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	reason := "required by the account's customer preferences: set them"
	if !create {
		reason = "required by the account's customer preferences: they cannot be cleared"
	}
	return &ValidationError{Op: op, Fields: missing, Reason: reason}
}

// BulkResult is the outcome of one organization in a bulk update.
type BulkResult struct {
	ID       int64
	Customer *Customer // the updated record, when Err is nil
	Err      error     // why this one failed; the context's error if it was never tried
}

// bulkWorkers bounds the updates in flight; the rate limiter sets the pace.
const bulkWorkers = 4

// BulkUpdate applies one input to many organizations (email preferences,
// portal access, archiving, ...). Every update goes through the client's
// limiter and retry policy. One failure does not stop the others: the result
// has one entry per distinct id, in the order given, saying what happened.
// When ctx ends, the ids not yet tried carry the context's error.
//
// The error is non-nil only when nothing could be tried: a nil input, or one
// that clears a field declared required.
//
// PUT /customers/{id}, once per id
func (s *CustomersService) BulkUpdate(ctx context.Context, ids []int64, in *CustomerInput) ([]BulkResult, error) {
	if in == nil {
		return nil, &ValidationError{Op: "bulk update customers", Reason: "no input given"}
	}
	if err := s.client.checkRequiredCustomerFields("bulk update customers", in, false); err != nil {
		return nil, err
	}
	seen := make(map[int64]bool, len(ids))
	results := make([]BulkResult, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			results = append(results, BulkResult{ID: id})
		}
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(bulkWorkers, len(results)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r := &results[i]
				r.Customer, r.Err = s.Update(ctx, r.ID, in)
			}
		}()
	}
	for i := range results {
		if ctx.Err() != nil {
			results[i].Err = ctx.Err()
			continue
		}
		select {
		case next <- i:
		case <-ctx.Done():
			results[i].Err = ctx.Err()
		}
	}
	close(next)
	wg.Wait()
	return results, nil
}
