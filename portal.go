package syncro

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"html/template"
	"net/url"
	"regexp"
	"strings"
)

// StaffLoginPath is the path of the technicians' (staff) login page,
// https://{subdomain}.syncromsp.com/users/sign_in. It is here only so that
// it can be recognised: end users must never be sent there. No Portal
// method returns it, and every link a Portal checks is refused when it
// leads to it (also as /users/sign_in.html or .json) or to any other staff
// account page under /users/.
const StaffLoginPath = "/users/sign_in"

// End User Portal paths.
const (
	portalPrefix              = "/my_profile"
	portalLoginPath           = "/my_profile/user_login"
	portalIndexPath           = "/my_profile/v2/index"
	portalAssetTicketFormPath = "/my_profile/v2/asset_new_ticket_form"
)

// Portal builds End User Portal addresses and embed snippets for one
// account. End users log in at /my_profile/user_login; every address a
// Portal returns is an https address on the account's own host, under
// /my_profile (plain http only for a loopback test server).
type Portal struct {
	scheme string // https, or http for a loopback test server
	host   string // acme.syncromsp.com, or 127.0.0.1:8080 for a test server
}

// NewPortal returns the portal of the account at
// https://{subdomain}.syncromsp.com. subdomain is just the subdomain
// ("acme"), not a URL.
func NewPortal(subdomain string) (*Portal, error) {
	sub, err := validateSubdomain(subdomain)
	if err != nil {
		return nil, err
	}
	return &Portal{scheme: "https", host: sub + ".syncromsp.com"}, nil
}

// Portal returns the End User Portal of the client's account: on the host
// the client talks to when that is a Syncro host (*.syncromsp.com, or
// *.repairshopr.com) or a loopback test server such as syncrotest, which
// serves the portal's pages itself. Behind any other base URL (a proxy) it
// asks GET /me for the account's subdomain.
func (c *Client) Portal(ctx context.Context) (*Portal, error) {
	host := strings.ToLower(c.baseURL.Hostname())
	switch {
	case isLoopback(host):
		return &Portal{scheme: c.baseURL.Scheme, host: c.baseURL.Host}, nil
	case strings.HasSuffix(host, ".syncromsp.com") || strings.HasSuffix(host, ".repairshopr.com"):
		return &Portal{scheme: "https", host: host}, nil
	}
	me, err := c.Users.Me(ctx)
	if err != nil {
		return nil, fmt.Errorf("syncro: finding the account's portal: %w", err)
	}
	return NewPortal(me.Subdomain)
}

// Host returns the account's host, e.g. acme.syncromsp.com (with the port
// for a test server).
func (p *Portal) Host() string { return p.host }

func (p *Portal) page(path string, q url.Values) string {
	u := url.URL{Scheme: p.scheme, Host: p.host, Path: path, RawQuery: q.Encode()}
	return u.String()
}

// LoginURL returns the end users' login page. Users of an organization
// without portal users log in with their email only.
func (p *Portal) LoginURL() string { return p.page(portalLoginPath, nil) }

// AssetURL returns the portal page scoped to one asset, identified by the
// RMM agent's UUID (escaped into the query).
func (p *Portal) AssetURL(assetUUID string) string {
	return p.page(portalIndexPath, url.Values{"asset_uuid": {strings.TrimSpace(assetUUID)}})
}

// AssetTicketFormURL returns the new-ticket form the agent's system-tray
// menu opens for an asset. The asset needs an assigned end user who is a
// portal user.
func (p *Portal) AssetTicketFormURL() string { return p.page(portalAssetTicketFormPath, nil) }

// CustomerURL returns an organization's own portal link, from its
// online_profile_url. The link is checked before it is returned: it must be
// an http(s) address on the account's host (http is upgraded to https),
// under /my_profile, without credentials; the doubled slash Syncro
// sometimes sends (host//my_profile) is repaired. Anything else (another
// host, a javascript: or data: URL, the staff login) is refused with a
// *ValidationError.
func (p *Portal) CustomerURL(c *Customer) (string, error) {
	if c == nil {
		return "", &ValidationError{Op: "portal link", Reason: "no organization given"}
	}
	if strings.TrimSpace(c.OnlineProfileURL) == "" {
		return "", &ValidationError{Op: "portal link", Fields: []string{"online_profile_url"},
			Reason: fmt.Sprintf("organization %d has no portal link: Syncro sent no online_profile_url (is the End User Portal enabled?)", c.ID)}
	}
	return p.checkURL("portal link", "online_profile_url", c.OnlineProfileURL, true)
}

var (
	repeatedSlashes = regexp.MustCompile(`/{2,}`)
	portalTag       = regexp.MustCompile(`\{\{\s*online_profile_url\s*\}\}`)
)

// checkURL validates a link that claims to be on the account's portal and
// returns it normalised. underPortal requires a /my_profile path.
func (p *Portal) checkURL(op, field, raw string, underPortal bool) (string, error) {
	refuse := func(reason string) (string, error) {
		return "", &ValidationError{Op: op, Fields: []string{field}, Reason: fmt.Sprintf("%s: refusing %q", reason, shorten(raw, 120))}
	}
	s := strings.TrimSpace(raw)
	if strings.IndexFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f || r == ' ' || r == '\\' }) >= 0 {
		return refuse("the link contains spaces, backslashes or control characters")
	}
	u, err := url.Parse(s)
	if err != nil {
		return refuse("the link is not a valid URL")
	}
	switch strings.ToLower(u.Scheme) {
	case "https", "http":
		// "https:evil.test/x" has a scheme but no host: browsers resolve it
		// against the page (or treat it as evil.test), never as this portal.
		if u.Opaque != "" || u.Host == "" {
			return refuse("the link has a scheme but no host: write it in full, like " + p.LoginURL())
		}
	case "":
		if u.Host != "" || !strings.HasPrefix(s, "/") {
			return refuse("the link is not an absolute https address")
		}
	default:
		return refuse(fmt.Sprintf("the link uses the %q scheme; only https links to the portal are allowed", u.Scheme))
	}
	if u.User != nil {
		return refuse("the link carries a user name or password")
	}
	if u.Host != "" {
		if !p.sameHost(u) {
			return refuse(fmt.Sprintf("the link points to %s, not to this account's portal at %s", u.Host, p.host))
		}
	}
	path := repeatedSlashes.ReplaceAllString(u.Path, "/")
	for _, seg := range strings.Split(path, "/") {
		if seg == "." || seg == ".." {
			return refuse("the link's path has dot segments")
		}
	}
	// Rails serves /users/sign_in also as /users/sign_in.html, .json, ...
	lower := strings.ToLower(path)
	if strings.HasPrefix(lower, StaffLoginPath) {
		return refuse("the link is the staff login page, which end users must never be sent to; their login is " + p.LoginURL())
	}
	if lower == "/users" || strings.HasPrefix(lower, "/users/") {
		return refuse("the link is a staff account page (/users/...), which end users must never be sent to; their login is " + p.LoginURL())
	}
	if underPortal && lower != portalPrefix && !strings.HasPrefix(lower, portalPrefix+"/") {
		return refuse("the link is not a page of the End User Portal (/my_profile)")
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return refuse("the link's query is malformed")
	}
	return p.page(path, q), nil
}

// sameHost reports whether u is on the portal's host: the same name on the
// default ports, or exactly the same host and port for a test server.
func (p *Portal) sameHost(u *url.URL) bool {
	if p.scheme == "http" {
		return strings.EqualFold(u.Host, p.host)
	}
	return strings.EqualFold(u.Hostname(), p.host) && (u.Port() == "" || u.Port() == "443" || u.Port() == "80")
}

// Embed snippets. html/template escapes every value for its context; the
// addresses are validated first, so a hostile label, title or link can
// neither add markup nor script.
var snippets = template.Must(template.New("snippets").Parse(
	`{{define "link"}}<a href="{{.URL}}" target="_blank" rel="noopener noreferrer">{{.Label}}</a>{{end}}` +
		`{{define "button"}}<a class="syncro-portal-button" role="button" href="{{.URL}}" target="_blank" rel="noopener noreferrer">{{.Label}}</a>{{end}}` +
		`{{define "frame"}}<iframe src="{{.URL}}" title="{{.Label}}" width="100%" height="{{.Height}}" style="border:0" loading="lazy" referrerpolicy="strict-origin-when-cross-origin"></iframe>{{end}}`,
))

type snippetData struct {
	URL    string
	Label  string
	Height int
}

func renderSnippet(name string, d snippetData) template.HTML {
	var b bytes.Buffer
	if err := snippets.ExecuteTemplate(&b, name, d); err != nil {
		// The templates are fixed and their data are strings and ints:
		// executing them cannot fail.
		panic("syncro: portal snippet: " + err.Error())
	}
	return template.HTML(b.String()) // built by html/template: every value is escaped
}

// DefaultLoginLabel is the text of the login link and button when none is
// given.
const DefaultLoginLabel = "Log in to the End User Portal"

// LoginLink returns an HTML link to the end users' login page, for a
// website. The label is escaped; an empty one gives DefaultLoginLabel.
func (p *Portal) LoginLink(label string) template.HTML {
	if strings.TrimSpace(label) == "" {
		label = DefaultLoginLabel
	}
	return renderSnippet("link", snippetData{URL: p.LoginURL(), Label: label})
}

// LoginButton returns the login link styled as a button (class
// "syncro-portal-button", role "button"). The label is escaped; an empty
// one gives DefaultLoginLabel.
func (p *Portal) LoginButton(label string) template.HTML {
	if strings.TrimSpace(label) == "" {
		label = DefaultLoginLabel
	}
	return renderSnippet("button", snippetData{URL: p.LoginURL(), Label: label})
}

// DefaultFrameHeight is the height, in pixels, of a frame when none is
// given.
const DefaultFrameHeight = 600

// TicketCheckInFrame returns an iframe showing the portal's ticket
// check-in page ("Submit New Ticket / Look Up Existing Ticket"), for a
// website. pageURL is that page's address as shown under Admin >
// Integrations - Website Integrations (Syncro documents no fixed path for
// it); it must be on the account's host and is refused otherwise, as is
// the staff login. The title (for screen readers) is escaped; height is
// in pixels, DefaultFrameHeight when not positive.
func (p *Portal) TicketCheckInFrame(pageURL, title string, height int) (template.HTML, error) {
	if strings.TrimSpace(pageURL) == "" {
		return "", &ValidationError{Op: "ticket check-in frame", Fields: []string{"url"}, Reason: "give the check-in page's address from Admin > Integrations - Website Integrations"}
	}
	u, err := p.checkURL("ticket check-in frame", "url", pageURL, false)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(title) == "" {
		title = "Submit a new ticket or look up an existing one"
	}
	if height <= 0 {
		height = DefaultFrameHeight
	}
	return renderSnippet("frame", snippetData{URL: u, Label: title, Height: height}), nil
}

// OnlineProfileURLTag is the email template tag that Syncro replaces with
// the organization's portal link.
const OnlineProfileURLTag = "{{online_profile_url}}"

// RenderOnlineProfileURL replaces every {{online_profile_url}} tag (spaces
// inside the braces allowed) in an HTML email template with the
// organization's portal link (see CustomerURL), HTML-escaped so that it is
// safe in text and in a quoted attribute (href="{{online_profile_url}}").
// Other tags are left as they are. Text without the tag is returned
// unchanged, whatever the organization's link.
func (p *Portal) RenderOnlineProfileURL(text string, c *Customer) (string, error) {
	return p.renderTag(text, c, html.EscapeString)
}

// RenderOnlineProfileURLText is RenderOnlineProfileURL for plain-text
// templates: the link is inserted as is, without HTML escaping.
func (p *Portal) RenderOnlineProfileURLText(text string, c *Customer) (string, error) {
	return p.renderTag(text, c, func(s string) string { return s })
}

func (p *Portal) renderTag(text string, c *Customer, escape func(string) string) (string, error) {
	if !portalTag.MatchString(text) {
		return text, nil
	}
	link, err := p.CustomerURL(c)
	if err != nil {
		return "", err
	}
	repl := escape(link)
	return portalTag.ReplaceAllLiteralString(text, repl), nil
}
