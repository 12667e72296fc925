package syncro_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// opsOperations are the OpenAPI operations of the operations resources
// (contracts, portal users, RMM alerts, appointments and their types,
// leads, vendors, purchase orders, wiki pages, canned responses, new ticket
// forms, search, settings, caller ID, timelogs, user devices, OTP login):
// every one is a typed method. None is left out.
var opsOperations = []string{
	"GET /contracts", "POST /contracts", "GET /contracts/{id}", "PUT /contracts/{id}", "DELETE /contracts/{id}",
	"GET /portal_users", "POST /portal_users", "PUT /portal_users/{id}", "DELETE /portal_users/{id}", "POST /portal_users/create_invitation",
	"GET /rmm_alerts", "POST /rmm_alerts", "GET /rmm_alerts/{id}", "DELETE /rmm_alerts/{id}", "POST /rmm_alerts/{id}/mute",
	"GET /appointments", "POST /appointments", "GET /appointments/{id}", "PUT /appointments/{id}", "DELETE /appointments/{id}",
	"GET /appointment_types", "POST /appointment_types", "GET /appointment_types/{id}", "PUT /appointment_types/{id}", "DELETE /appointment_types/{id}",
	"GET /leads", "POST /leads", "GET /leads/{id}", "PUT /leads/{id}",
	"GET /vendors", "POST /vendors", "GET /vendors/{id}", "PUT /vendors/{id}",
	"GET /purchase_orders", "POST /purchase_orders", "GET /purchase_orders/{id}", "POST /purchase_orders/{id}/receive", "POST /purchase_orders/{id}/create_po_line_item",
	"GET /wiki_pages", "POST /wiki_pages", "GET /wiki_pages/{id}", "PUT /wiki_pages/{id}", "DELETE /wiki_pages/{id}",
	"GET /canned_responses", "POST /canned_responses", "PATCH /canned_responses/{id}", "DELETE /canned_responses/{id}", "GET /canned_responses/settings",
	"GET /new_ticket_forms", "GET /new_ticket_forms/{id}", "POST /new_ticket_forms/{id}/process_form",
	"GET /search", "GET /settings", "GET /settings/tabs", "GET /settings/printing", "GET /callerid",
	"GET /timelogs", "PUT /timelogs", "GET /timelogs/last",
	"POST /user_devices", "GET /user_devices/{id}", "PUT /user_devices/{id}",
	"POST /otp_login",
}

// TestOpsOperationsAreAllCovered: each operation of the operations scope
// exists in the OpenAPI document and is named by a service method (which
// TestServiceOperationsAreServedAndSpecified then ties to the fake).
func TestOpsOperationsAreAllCovered(t *testing.T) {
	t.Parallel()
	spec := specOperations(t)
	named := map[string]bool{}
	for op := range serviceOperations(t) {
		named[normalize(op)] = true
	}
	for _, op := range opsOperations {
		n := normalize(op)
		_, inSpec := spec[n]
		assert.True(t, inSpec, "%s is not an operation of the OpenAPI document", op)
		assert.True(t, named[n], "no service method names %s", op)
	}
	assert.Len(t, opsOperations, 63, "the scope's 63 operations, 4 of them (vendors) from the pattern branch")
}
