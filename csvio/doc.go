// Package csvio reads, checks, plans, imports and exports Syncro's end-user
// (contact) and organization (customer) CSV templates without ever losing a
// row or creating a record twice.
//
// # The templates
//
// ContactColumns is the end-user template, in Syncro's order:
//
//	customer_id,contact_id,name,title,email,phone,extension,mobile,address1,address2,city,state,zip,notes,direct_report,ticket_matching_emails,notification_billing,notification_marketing,notification_reports,vendor_id,custom_fields
//
// CustomerColumns is the organization template (the columns of Syncro's
// column reference, ending in custom_fields).
//
// # Reading
//
// NewContactReader and NewCustomerReader stream a file row by row: UTF-8
// with or without a byte-order mark, CRLF or LF, quoted cells holding commas,
// quotes or newlines. The header is checked before any row is read: a
// missing, unknown, misspelled or repeated column gives a *HeaderError that
// names each one and the column a misspelling probably meant; a file saved
// with semicolons says so. Surrounding spaces and letter case in header
// names are tolerated, and columns may come in any order.
//
// Every row problem is a *RowError with the row's line number and the
// column: ids must be whole numbers (customer_id is required, contact_id may
// be empty to create), at least one field besides the ids must be filled,
// emails must look like addresses, the notification flags take
// true/false/1/0/yes/no, and custom_fields must be a JSON object.
//
// # Cell meanings
//
// A text cell is taken as written: on an update an empty cell clears the
// field. Cells with a type (the yes/no flags, vendor_id, tax_rate_id,
// custom_fields) leave their field alone when empty. custom_fields holds the
// record's custom fields (Syncro's "properties") as a JSON object of field
// display name to value:
//
//	{"Badge":"A-12","VIP":"1","Seats":12}
//
// Fields the object does not name are left as they are. direct_report and an
// organization's tax_free have no counterpart in Syncro's API: a filled cell
// is reported in the row's note and not sent. An organization's
// office_phone, home_phone, fax_phone and other_phone are added to its phones
// when it does not have that number yet.
//
// # Planning and importing
//
// PlanContacts and PlanCustomers compare the rows with the account (read
// through the client) and decide per row: create, update (only the fields
// that differ), unchanged (no request at all), skip (an empty row) or error,
// with the reason. An end user's organization must exist, a contact_id must
// belong to it and appear once; a new row whose email already exists in the
// organization is refused as a likely duplicate unless PlanOptions.MatchEmail
// makes it an update. Organizations are matched by id, else email, else
// phone, as Syncro does.
//
// Execute carries out a plan through the client (so through its rate limiter
// and retry policy), with a dry-run mode and a context to stop it, and writes
// a results report: one row per input line with its outcome (created,
// updated, unchanged, skipped, failed, unknown), the id of every record
// created, and the error. OpenReport keeps that report as a journal: a
// create is on disk as "unknown" before it is sent and its id before the
// next row is sent, and re-running the same file with the same report
// (PlanOptions.Previous) updates what the earlier run created instead of
// creating it again. A create whose answer was lost (or whose run died
// while it was out) is reported as unknown and looked up by name and email
// on the re-run.
//
// # Exporting
//
// ExportContacts and ExportCustomers stream records from the API iterators
// straight into the template, never holding the account in memory. Numbers
// are written exactly as Syncro sent them. No cell can run as a spreadsheet
// formula: a value starting with =, +, -, @, a tab or a carriage return (or
// with an apostrophe) gets an apostrophe in front, which the readers take off
// again, so an export re-imported unchanged gives back the same values
// (+1 555 0100 included) and costs no write. FileName builds Syncro's export
// file name, and WriteFileAtomic writes a file so that it is never seen
// half-written.
package csvio
