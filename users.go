package syncro

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// UsersService works with technicians, which the API calls users, and
// with the token's own user (Me).
type UsersService service

// User is a technician: an MSP staff account and a billable seat. The
// users list gives only ID and FullName; Get gives the whole record.
type User struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	FullName  string    `json:"full_name"`
	Group     string    `json:"group"`
	Admin     bool      `json:"admin"`
	Color     string    `json:"color"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// UnmarshalJSON reads every shape Syncro sends for a user: the [id, name]
// pair of GET /users, the {id, name} of the ticket settings, and the full
// record (decode.go), with admin also read from the "admin?" key some
// payloads use.
func (u *User) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		return u.fromPair(b)
	}
	if err := decodeModel(b, u); err != nil {
		return err
	}
	if bytes.Contains(b, []byte(`"name"`)) || bytes.Contains(b, []byte(`"admin?"`)) {
		var alias struct {
			Name   wireString `json:"name"`
			AdminQ Bool       `json:"admin?"`
		}
		if err := json.Unmarshal(b, &alias); err != nil {
			return err
		}
		if u.FullName == "" {
			u.FullName = string(alias.Name)
		}
		u.Admin = u.Admin || bool(alias.AdminQ)
	}
	return nil
}

func (u User) decodesItself() {} // decodes itself: see selfDecoder

// fromPair reads the [id, name] pair of GET /users.
func (u *User) fromPair(b []byte) error {
	var pair []json.RawMessage
	if err := json.Unmarshal(b, &pair); err != nil {
		return err
	}
	if len(pair) < 1 {
		return fmt.Errorf("syncro: cannot read %s as an [id, name] user pair", b)
	}
	var id Int64
	if err := id.UnmarshalJSON(pair[0]); err != nil {
		return err
	}
	var name wireString
	if len(pair) > 1 {
		if v := bytes.TrimSpace(pair[1]); len(v) > 0 && (v[0] == '{' || v[0] == '[') {
			return fmt.Errorf("syncro: cannot read %s as an [id, name] user pair", b)
		}
		if err := name.UnmarshalJSON(pair[1]); err != nil {
			return err
		}
	}
	*u = User{ID: int64(id), FullName: string(name)}
	return nil
}

// Me is the token's own user, with the permissions Syncro reports for it.
// Syncro also sends a user_token (a credential for its own apps); Me does
// not keep it, so it can never end up in a log.
type Me struct {
	UserID               int64             `json:"user_id"`
	UserEmail            string            `json:"user_email"`
	UserName             string            `json:"user_name"`
	Admin                bool              `json:"admin"`
	CanUseApp            bool              `json:"can_use_app"`
	TwoFactorRequired    bool              `json:"two_factor_required"`
	Subdomain            string            `json:"subdomain"`
	DefaultLocation      json.RawMessage   `json:"default_location,omitempty"`
	EnableMultiLocations bool              `json:"enable_multi_locations"`
	LocationsAllowed     []json.RawMessage `json:"locations_allowed"`
	// Permissions holds, per area ("ticket", "customer", "asset",
	// "invoice", "payment", "worksheet", "script"), the actions allowed
	// ("read", "write", "delete"; "add", "manage"; "execute").
	Permissions Permissions `json:"permissions"`

	// Unparsed keeps, as Syncro sent them, the values of object- or
	// array-typed fields whose shape did not fit (decode.go): the record
	// still decodes and nothing is lost.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON reads /me whatever the types Syncro used (decode.go). Me
// has no field for user_token, so it is never kept.
func (m *Me) UnmarshalJSON(b []byte) error { return decodeModel(b, m) }

// Permissions maps an area to the actions allowed in it, as GET /me
// reports them.
type Permissions map[string]map[string]bool

// UnmarshalJSON reads the permission flags, sent as booleans or as
// "true"/"1" strings. It is lenient, so that one odd entry cannot make the
// whole of GET /me unreadable: an area that is not an object of flags, and
// a flag that is not a boolean spelling, grant nothing.
func (p *Permissions) UnmarshalJSON(b []byte) error {
	if isNullish(b) {
		*p = nil
		return nil
	}
	var areas map[string]json.RawMessage
	if err := json.Unmarshal(b, &areas); err != nil {
		return fmt.Errorf("syncro: cannot read permissions: %w", err)
	}
	out := make(Permissions, len(areas))
	for area, raw := range areas {
		var actions map[string]json.RawMessage
		if json.Unmarshal(raw, &actions) != nil {
			continue
		}
		out[area] = make(map[string]bool, len(actions))
		for action, flag := range actions {
			var ok Bool
			out[area][action] = ok.UnmarshalJSON(flag) == nil && bool(ok)
		}
	}
	*p = out
	return nil
}

// Allows reports whether the permission is granted. A permission Syncro
// did not report is not granted.
func (p Permissions) Allows(perm Permission) bool {
	area, action, ok := perm.split()
	if !ok {
		return false
	}
	return p[area][action]
}

// Me returns the token's own user and its permissions: the cheapest call
// that proves a token works.
//
// GET /me
func (s *UsersService) Me(ctx context.Context) (*Me, error) {
	m := new(Me)
	// The answer carries user_token: an unreadable answer must not be
	// quoted in the error (or in the retry log line).
	if err := s.client.do(ctx, request{method: http.MethodGet, path: "me", decode: decodeInto(m), secretBody: true}); err != nil {
		return nil, err
	}
	return m, nil
}

// List returns every technician, id and name only (Syncro sends [id,
// name] pairs; full user objects are read too).
//
// GET /users
func (s *UsersService) List(ctx context.Context) ([]User, error) {
	return listUnpaged[User](ctx, s.client, "users", "users")
}

// Get returns one technician's record.
//
// GET /users/{id}
func (s *UsersService) Get(ctx context.Context, id int64) (*User, error) {
	if err := checkID("get user", "id", id); err != nil {
		return nil, err
	}
	u := new(User)
	if err := s.client.get(ctx, apiPath("users", id), nil, func(b []byte) error {
		return decodeObject(b, "user", true, u)
	}); err != nil {
		return nil, err
	}
	return u, nil
}

// Permission names one permission of GET /me, written "area.action":
// "ticket.write". Syncro's token editor shows finer names ("Tickets -
// Create"); /me reports them grouped like this.
type Permission string

// The permissions GET /me reports.
const (
	PermissionAssetRead       Permission = "asset.read"
	PermissionAssetWrite      Permission = "asset.write"
	PermissionAssetDelete     Permission = "asset.delete"
	PermissionCustomerRead    Permission = "customer.read"
	PermissionCustomerWrite   Permission = "customer.write"
	PermissionCustomerDelete  Permission = "customer.delete"
	PermissionTicketRead      Permission = "ticket.read"
	PermissionTicketWrite     Permission = "ticket.write"
	PermissionTicketDelete    Permission = "ticket.delete"
	PermissionInvoiceRead     Permission = "invoice.read"
	PermissionInvoiceWrite    Permission = "invoice.write"
	PermissionInvoiceDelete   Permission = "invoice.delete"
	PermissionPaymentRead     Permission = "payment.read"
	PermissionPaymentWrite    Permission = "payment.write"
	PermissionPaymentDelete   Permission = "payment.delete"
	PermissionWorksheetAdd    Permission = "worksheet.add"
	PermissionWorksheetManage Permission = "worksheet.manage"
	PermissionWorksheetDelete Permission = "worksheet.delete"
	PermissionScriptExecute   Permission = "script.execute"
)

func (p Permission) split() (area, action string, ok bool) {
	area, action, ok = strings.Cut(strings.ToLower(strings.TrimSpace(string(p))), ".")
	return area, action, ok && area != "" && action != "" && !strings.Contains(action, ".")
}

var permissionAreas = map[string]string{
	"asset": "assets", "customer": "organizations (customers)", "ticket": "tickets", "invoice": "invoices",
	"payment": "payments", "worksheet": "worksheets", "script": "scripts",
}

var permissionActions = map[string]string{
	"read": "view", "write": "create and edit", "delete": "delete", "add": "add", "manage": "manage", "execute": "run",
}

// Describe says in words what the permission allows: "create and edit
// tickets".
func (p Permission) Describe() string {
	area, action, ok := p.split()
	if !ok {
		return string(p)
	}
	noun, verb := permissionAreas[area], permissionActions[action]
	if noun == "" {
		noun = area
	}
	if verb == "" {
		verb = action
	}
	return verb + " " + noun
}
