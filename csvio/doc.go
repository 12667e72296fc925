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
// makes it an update, and so is a new row whose name an end user of the
// organization already has (or another row creates) unless
// PlanOptions.AllowDuplicates. Organizations are matched by id, else email,
// else phone, as Syncro does, and a new organization whose name one already
// has is a likely duplicate too. Planning an end-user file that names more
// than a few organizations reads the account's organizations and end users
// in one pass, about one request per 100 records, instead of two requests
// per organization; PlanOptions.Progress follows it.
//
// Execute carries out a plan through the client (so through its rate limiter
// and retry policy), with a dry-run mode and a context to stop it, and writes
// a results report: one row per input line with its outcome (created,
// updated, unchanged, skipped, failed, unknown), the id of every record
// created, and the error. OpenReport keeps that report as a journal: a
// create is on disk as "unknown" before it is sent, with the time it was
// sent and the highest id the plan saw, and its id before the next row is
// sent; re-running the same file with the same report (PlanOptions.Previous)
// updates what the earlier run created instead of creating it again. A
// create that may have happened (its error matches syncro.ErrOutcomeUnknown,
// or the run died while it was out) is reported as unknown; the re-run
// adopts a record for it only with proof (made after the send, with the
// row's values, held by no other line), creates the row when nothing like
// it was made since, and otherwise refuses the row, naming the records, for
// the user to decide.
//
// The report is locked while an import runs (a second import on it gets
// ErrReportInUse; the lock dies with the process), bound to the imported
// file's name (ForInput), and checked when read: every entry carries a
// check chained to the one before, and the report's own row counts the
// entries synced to disk, so an edited, removed, renumbered or moved entry,
// or a file cut short, gives ErrReportDamaged, while an entry torn by a
// crash at the end of the file is dropped as before.
//
// # Exporting
//
// ExportContacts and ExportCustomers stream records from the API iterators
// straight into the template, never holding the account in memory. Numbers
// are written exactly as Syncro sent them. No cell can run as a spreadsheet
// formula or lose digits: a value starting with =, +, -, @ (or their
// fullwidth forms ＝＋－＠) or with whitespace, a string of more than 15
// digits (a serial number, a large id; quirk 23), or a value starting with an
// apostrophe the readers would take off, gets an apostrophe in front, which
// the readers take off again, so an export re-imported unchanged gives back
// the same values (+1 555 0100 included) and costs no write. A NUL byte in a
// cell is a row error naming the line and the column. FileName builds Syncro's export
// file name, and WriteFileAtomic writes a file so that it is never seen
// half-written.
package csvio
