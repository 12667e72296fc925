package syncro

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func acmePortal(t *testing.T) *Portal {
	t.Helper()
	p, err := NewPortal("acme")
	require.NoError(t, err)
	return p
}

func TestNewPortal(t *testing.T) {
	t.Parallel()
	p, err := NewPortal(" ACME ")
	require.NoError(t, err)
	assert.Equal(t, "acme.syncromsp.com", p.Host())
	for _, bad := range []string{"", "https://acme.syncromsp.com", "acme.syncromsp.com", "-acme", "ac me", "acme/../x"} {
		_, err := NewPortal(bad)
		assert.Error(t, err, "%q", bad)
	}
}

func TestPortalURLs(t *testing.T) {
	t.Parallel()
	p := acmePortal(t)
	assert.Equal(t, "https://acme.syncromsp.com/my_profile/user_login", p.LoginURL())
	assert.Equal(t, "https://acme.syncromsp.com/my_profile/v2/asset_new_ticket_form", p.AssetTicketFormURL())
	tests := map[string]string{
		"6f1c2a4e-5b7d-4e21-9a3c-0d8e7f6a5b4c":    "https://acme.syncromsp.com/my_profile/v2/index?asset_uuid=6f1c2a4e-5b7d-4e21-9a3c-0d8e7f6a5b4c",
		" 6f1c2a4e-5b7d-4e21-9a3c-0d8e7f6a5b4c\n": "https://acme.syncromsp.com/my_profile/v2/index?asset_uuid=6f1c2a4e-5b7d-4e21-9a3c-0d8e7f6a5b4c",
		"{6F1C2A4E}":                   "https://acme.syncromsp.com/my_profile/v2/index?asset_uuid=%7B6F1C2A4E%7D",
		`x"><script>alert(1)</script>`: "https://acme.syncromsp.com/my_profile/v2/index?asset_uuid=x%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E",
		"a&portal_key=stolen#frag":     "https://acme.syncromsp.com/my_profile/v2/index?asset_uuid=a%26portal_key%3Dstolen%23frag",
		"../../users/sign_in":          "https://acme.syncromsp.com/my_profile/v2/index?asset_uuid=..%2F..%2Fusers%2Fsign_in",
	}
	for uuid, want := range tests {
		assert.Equal(t, want, p.AssetURL(uuid), "uuid %q", uuid)
	}
}

func TestPortalCustomerURL(t *testing.T) {
	t.Parallel()
	p := acmePortal(t)
	ok := []struct{ in, want string }{
		{"https://acme.syncromsp.com/my_profile/v2/index?portal_key=81lcr4ua1parftzvbgk9", "https://acme.syncromsp.com/my_profile/v2/index?portal_key=81lcr4ua1parftzvbgk9"},
		{"https://acme.syncromsp.com//my_profile/v2/index?portal_key=81lcr4ua1parftzvbgk9", "https://acme.syncromsp.com/my_profile/v2/index?portal_key=81lcr4ua1parftzvbgk9"},
		{"http://acme.syncromsp.com//my_profile/v2/index?portal_key=81lcr4ua1parftzvbgk9", "https://acme.syncromsp.com/my_profile/v2/index?portal_key=81lcr4ua1parftzvbgk9"},
		{"  HTTPS://ACME.SyncroMSP.com:443/my_profile///v2/index?portal_key=K9 ", "https://acme.syncromsp.com/my_profile/v2/index?portal_key=K9"},
		{"/my_profile/v2/index?portal_key=rel", "https://acme.syncromsp.com/my_profile/v2/index?portal_key=rel"},
		{`https://acme.syncromsp.com/my_profile/v2/index?portal_key=x"><script>alert(1)</script>`, "https://acme.syncromsp.com/my_profile/v2/index?portal_key=x%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E"},
		{"https://acme.syncromsp.com/my_profile/v2/index?portal_key=k#top", "https://acme.syncromsp.com/my_profile/v2/index?portal_key=k"},
	}
	for _, tt := range ok {
		got, err := p.CustomerURL(&Customer{ID: 1, OnlineProfileURL: tt.in})
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
		assert.NotContains(t, got, StaffLoginPath)
	}

	refused := []struct{ in, why string }{
		{"https://evil.example/my_profile/v2/index?portal_key=x", "points to evil.example"},
		{"https://acme.syncromsp.com.evil.example/my_profile/v2/index", "points to acme.syncromsp.com.evil.example"},
		{"https://acme.syncromsp.com@evil.example/my_profile/v2/index", "carries a user name or password"},
		{"https://other.syncromsp.com/my_profile/v2/index?portal_key=x", "points to other.syncromsp.com"},
		{"https://acme.syncromsp.com:8443/my_profile/v2/index", "points to acme.syncromsp.com:8443"},
		{"//evil.example/my_profile/v2/index", "not an absolute https address"},
		{"javascript:alert(document.cookie)", `the "javascript" scheme`},
		{"JaVaScRiPt:alert(1)//https://acme.syncromsp.com/my_profile", `the "javascript" scheme`},
		{"data:text/html,<script>alert(1)</script>", `the "data" scheme`},
		{"https://acme.syncromsp.com/users/sign_in", "the staff login page"},
		{"https://acme.syncromsp.com//users/sign_in/", "the staff login page"},
		{"https://acme.syncromsp.com/users/sign_in.html?portal_key=x", "the staff login page"},
		{"https://acme.syncromsp.com/users/password/new", "a staff account page"},
		{"https://acme.syncromsp.com/my_profile/../users/sign_in", "dot segments"},
		{"https://acme.syncromsp.com/my_profile/%2e%2e/users/sign_in", "dot segments"},
		{`https://acme.syncromsp.com\@evil.example/my_profile`, "backslashes"},
		{"https://acme.syncromsp.com/my_profile/v2/index?portal_key=a b", "spaces"},
		{"https://acme.syncromsp.com/admin/settings", "not a page of the End User Portal"},
		{"https://acme.syncromsp.com/my_profile_evil/index", "not a page of the End User Portal"},
		{"my_profile/v2/index", "not an absolute https address"},
	}
	for _, tt := range refused {
		got, err := p.CustomerURL(&Customer{ID: 7, OnlineProfileURL: tt.in})
		assert.Empty(t, got, tt.in)
		var ve *ValidationError
		require.ErrorAs(t, err, &ve, tt.in)
		assert.Equal(t, []string{"online_profile_url"}, ve.Fields)
		assert.Contains(t, err.Error(), tt.why, tt.in)
	}

	_, err := p.CustomerURL(&Customer{ID: 7})
	assert.ErrorContains(t, err, "organization 7 has no portal link")
	_, err = p.CustomerURL(nil)
	assert.ErrorIs(t, err, ErrValidation)
}

func TestPortalCustomerURLFromWire(t *testing.T) {
	t.Parallel()
	var d struct {
		Ticket Ticket `json:"ticket"`
	}
	require.NoError(t, json.Unmarshal(fixture(t, "tickets/detail.json"), &d))
	got, err := acmePortal(t).CustomerURL(d.Ticket.Customer)
	require.NoError(t, err)
	assert.Equal(t, "https://acme.syncromsp.com/my_profile/v2/index?portal_key=hd7k2m9q4w8e1r5t6y3u", got, "the doubled slash Syncro sent is repaired")
}

func TestPortalSnippetsEscapeEverything(t *testing.T) {
	t.Parallel()
	p := acmePortal(t)
	hostile := `Log in "now" <script>alert('x')</script> & go`
	assert.Equal(t,
		`<a href="https://acme.syncromsp.com/my_profile/user_login" target="_blank" rel="noopener noreferrer">Log in &#34;now&#34; &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; go</a>`,
		string(p.LoginLink(hostile)))
	assert.Equal(t,
		`<a class="syncro-portal-button" role="button" href="https://acme.syncromsp.com/my_profile/user_login" target="_blank" rel="noopener noreferrer">Log in &#34;now&#34; &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; go</a>`,
		string(p.LoginButton(hostile)))
	assert.Equal(t,
		`<a href="https://acme.syncromsp.com/my_profile/user_login" target="_blank" rel="noopener noreferrer">Log in to the End User Portal</a>`,
		string(p.LoginLink(" ")))

	frame, err := p.TicketCheckInFrame("https://acme.syncromsp.com/my_profile/v2/new_ticket?embed=1&theme=\"dark\"", `"><img src=x onerror=alert(1)>`, 0)
	require.NoError(t, err)
	assert.Equal(t,
		`<iframe src="https://acme.syncromsp.com/my_profile/v2/new_ticket?embed=1&amp;theme=%22dark%22" title="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" width="100%" height="600" style="border:0" loading="lazy" referrerpolicy="strict-origin-when-cross-origin"></iframe>`,
		string(frame))
	for _, s := range []string{string(p.LoginLink(hostile)), string(p.LoginButton(hostile)), string(frame)} {
		assert.NotContains(t, s, "<script")
		assert.NotContains(t, s, "<img")
		assert.NotContains(t, s, StaffLoginPath)
	}

	frame, err = p.TicketCheckInFrame("/check_in", "", 480)
	require.NoError(t, err)
	assert.Equal(t,
		`<iframe src="https://acme.syncromsp.com/check_in" title="Submit a new ticket or look up an existing one" width="100%" height="480" style="border:0" loading="lazy" referrerpolicy="strict-origin-when-cross-origin"></iframe>`,
		string(frame))

	for _, bad := range []string{
		"", "javascript:alert(1)", "https://evil.example/check_in", `https://acme.syncromsp.com/x" onload="alert(1)`,
		"https://acme.syncromsp.com/users/sign_in",
		"https://acme.syncromsp.com/users/sign_in.html", // the same Rails page with a format
		"https://acme.syncromsp.com/Users/Sign_In.JSON",
		"https://acme.syncromsp.com/users/password/new", // another staff account page
		"/users",
	} {
		got, err := p.TicketCheckInFrame(bad, "t", 0)
		assert.ErrorIs(t, err, ErrValidation, bad)
		assert.Empty(t, got, bad)
	}
}

func TestTicketCheckInFrameRefusesSchemeWithoutHost(t *testing.T) {
	t.Parallel()
	p := acmePortal(t)
	for _, bad := range []string{"https:evil.test/check_in", "https:/evil.test/check_in", "http:evil.test", "HTTPS:evil.test/x", "https:", "https:///check_in"} {
		got, err := p.TicketCheckInFrame(bad, "t", 0)
		require.ErrorIs(t, err, ErrValidation, bad)
		assert.Contains(t, err.Error(), "no host", bad)
		assert.Empty(t, got, bad)
		_, err = p.CustomerURL(&Customer{OnlineProfileURL: bad})
		assert.Error(t, err, bad)
	}
}

func TestPortalBuildersNeverGiveTheStaffLogin(t *testing.T) {
	t.Parallel()
	p := acmePortal(t)
	assert.Equal(t, "/users/sign_in", StaffLoginPath)
	outputs := []string{p.LoginURL(), p.AssetTicketFormURL(), p.AssetURL("users/sign_in"), string(p.LoginLink("")), string(p.LoginButton(""))}
	for _, raw := range []string{
		"https://acme.syncromsp.com/users/sign_in",
		"https://acme.syncromsp.com/USERS/SIGN_IN",
		"https://acme.syncromsp.com/my_profile/../users/sign_in",
		"/users/sign_in",
		"https://acme.syncromsp.com/users/sign_in.html",
	} {
		frame, err := p.TicketCheckInFrame(raw, "", 0)
		assert.Error(t, err, raw)
		outputs = append(outputs, string(frame))
		got, err := p.CustomerURL(&Customer{OnlineProfileURL: raw})
		assert.Error(t, err, raw)
		outputs = append(outputs, got)
		text, err := p.RenderOnlineProfileURL("{{online_profile_url}}", &Customer{OnlineProfileURL: raw})
		assert.Error(t, err, raw)
		outputs = append(outputs, text)
	}
	for _, out := range outputs {
		assert.NotContains(t, strings.ToLower(out), StaffLoginPath, out)
	}
}

func TestRenderOnlineProfileURL(t *testing.T) {
	t.Parallel()
	p := acmePortal(t)
	c := &Customer{ID: 31383993, OnlineProfileURL: "https://acme.syncromsp.com//my_profile/v2/index?portal_key=hd7k&lang=en"}
	tmpl := `<p>Hi {{customer_name}},</p><a href="{{online_profile_url}}">Online Profile</a> or {{ online_profile_url }}`

	got, err := p.RenderOnlineProfileURL(tmpl, c)
	require.NoError(t, err)
	assert.Equal(t,
		`<p>Hi {{customer_name}},</p><a href="https://acme.syncromsp.com/my_profile/v2/index?lang=en&amp;portal_key=hd7k">Online Profile</a> or https://acme.syncromsp.com/my_profile/v2/index?lang=en&amp;portal_key=hd7k`,
		got, "every tag replaced, HTML-escaped; other tags left alone")

	text, err := p.RenderOnlineProfileURLText("Your portal: {{online_profile_url}}", c)
	require.NoError(t, err)
	assert.Equal(t, "Your portal: https://acme.syncromsp.com/my_profile/v2/index?lang=en&portal_key=hd7k", text)

	unchanged, err := p.RenderOnlineProfileURL("No tag here {{ticket_number}}", nil)
	require.NoError(t, err)
	assert.Equal(t, "No tag here {{ticket_number}}", unchanged)

	for _, bad := range []*Customer{
		nil,
		{ID: 2},
		{ID: 3, OnlineProfileURL: "https://evil.example/my_profile/v2/index?portal_key=x"},
		{ID: 4, OnlineProfileURL: `javascript:alert("x")`},
	} {
		out, err := p.RenderOnlineProfileURL(tmpl, bad)
		assert.ErrorIs(t, err, ErrValidation)
		assert.Empty(t, out, "nothing half-rendered")
	}
}
