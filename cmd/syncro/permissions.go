package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/syncrokit/syncro"
)

// editorPermissions maps the permissions of Syncro's token editor (Admin >
// API - API Tokens > Custom Permissions), as it shows them, to what GET /me
// reports of them. /me groups them: "Tickets - Create" and "Tickets - Edit"
// are both its ticket.write.
var editorPermissions = map[string]syncro.Permission{
	"Assets - List/Search":    syncro.PermissionAssetRead,
	"Assets - View Details":   syncro.PermissionAssetRead,
	"Assets - Create":         syncro.PermissionAssetWrite,
	"Assets - Edit":           syncro.PermissionAssetWrite,
	"Assets - Delete":         syncro.PermissionAssetDelete,
	"Customers - List/Search": syncro.PermissionCustomerRead,
	"Customers - View Detail": syncro.PermissionCustomerRead,
	"Customers - Create":      syncro.PermissionCustomerWrite,
	"Customers - Edit":        syncro.PermissionCustomerWrite,
	"Customers - Delete":      syncro.PermissionCustomerDelete,
	"Tickets - List/Search":   syncro.PermissionTicketRead,
	"Tickets - View Details":  syncro.PermissionTicketRead,
	"Tickets - Create":        syncro.PermissionTicketWrite,
	"Tickets - Edit":          syncro.PermissionTicketWrite,
	"Tickets - Delete":        syncro.PermissionTicketDelete,
	"Invoices - List/Search":  syncro.PermissionInvoiceRead,
	"Invoices - View Details": syncro.PermissionInvoiceRead,
	"Invoices - Create":       syncro.PermissionInvoiceWrite,
	"Invoices - Edit":         syncro.PermissionInvoiceWrite,
	"Invoices - Delete":       syncro.PermissionInvoiceDelete,
	"Payments - View List":    syncro.PermissionPaymentRead,
	"Payments - View Details": syncro.PermissionPaymentRead,
	"Payments - Create":       syncro.PermissionPaymentWrite,
	"Payments - Delete":       syncro.PermissionPaymentDelete,
}

// uncheckableAreas are areas of the token editor that GET /me does not
// report, so that no check can tell whether a token has them.
var uncheckableAreas = []string{"Appointments", "Contacts", "Documentation", "Estimates", "Leads", "Products", "Ticket Timers", "Vendors"}

// normPermission folds case and spacing: "tickets-create" is "tickets - create".
func normPermission(s string) string {
	area, action, ok := strings.Cut(s, "-")
	if !ok {
		return strings.ToLower(strings.Join(strings.Fields(s), " "))
	}
	return strings.ToLower(strings.Join(strings.Fields(area), " ") + " - " + strings.Join(strings.Fields(action), " "))
}

// checkablePermissions lists the names check accepts, sorted by area, in
// the editor's order of actions.
func checkablePermissions() []string {
	names := make([]string, 0, len(editorPermissions))
	for n := range editorPermissions {
		names = append(names, n)
	}
	rank := map[string]int{"List/Search": 1, "View List": 1, "View Detail": 2, "View Details": 2, "Create": 3, "Edit": 4, "Delete": 5}
	sort.Slice(names, func(i, j int) bool {
		ai, xi, _ := strings.Cut(names[i], " - ")
		aj, xj, _ := strings.Cut(names[j], " - ")
		if ai != aj {
			return ai < aj
		}
		return rank[xi] < rank[xj]
	})
	return names
}

// lookupPermission finds a permission by its token-editor name, in any case
// and spacing. It returns the name as the editor spells it and what /me
// reports of it, or a usage error that says which names there are.
func lookupPermission(arg string) (string, syncro.Permission, error) {
	want := normPermission(arg)
	for name, p := range editorPermissions {
		if normPermission(name) == want {
			return name, p, nil
		}
	}
	area, _, _ := strings.Cut(want, " - ")
	for _, a := range uncheckableAreas {
		if strings.ToLower(a) == area {
			return "", "", usagef("%q cannot be checked: Syncro does not say whether a token has %s permissions; check it in Admin > API - API Tokens", arg, a)
		}
	}
	return "", "", usagef("unknown permission %q: give it as Syncro's token editor shows it, in quotes (\"Tickets - Create\"); the permissions that can be checked:\n  %s",
		arg, permissionLines())
}

// permissionLines lists the checkable permissions one area a line:
// `Tickets - "List/Search", "View Details", ...`.
func permissionLines() string {
	var lines []string
	byArea := map[string][]string{}
	for _, name := range checkablePermissions() {
		area, action, _ := strings.Cut(name, " - ")
		if byArea[area] == nil {
			lines = append(lines, area)
		}
		byArea[area] = append(byArea[area], action)
	}
	for i, area := range lines {
		lines[i] = fmt.Sprintf("%-10s %s", area+":", strings.Join(byArea[area], ", "))
	}
	return strings.Join(lines, "\n  ")
}

func quoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
