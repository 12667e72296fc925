package syncrotest

import (
	"html"
	"net/http"
)

// The End User Portal pages, so that the online_profile_url links the fake
// hands out lead somewhere. They are plain stand-ins, not Syncro's pages.

func portalPage(status int, title, body string) response {
	return htmlResp(status, "<!DOCTYPE html>\n<html>\n<head><title>"+html.EscapeString(title)+
		"</title></head>\n<body>\n<h1>"+html.EscapeString(title)+"</h1>\n"+body+"\n</body>\n</html>\n")
}

// GET /my_profile/user_login: the portal's login page.
func (s *Server) portalLogin(*call) response {
	return portalPage(http.StatusOK, "End User Portal - Log in",
		`<form method="post" action="/my_profile/user_login"><label>Email <input type="email" name="email"></label> <button>Log in</button></form>`)
}

// GET /my_profile/v2/index?portal_key=...: an organization's portal, or
// ?asset_uuid=... for an asset's.
func (s *Server) portalIndex(c *call) response {
	if key := c.q.Get("portal_key"); key != "" {
		for _, cu := range s.st.customers {
			if cu.portalKey == key {
				return portalPage(http.StatusOK, "End User Portal - "+cu.businessThenName(), "<p>Tickets, invoices and assets of this organization.</p>")
			}
		}
		return portalPage(http.StatusNotFound, "Not found", "<p>This portal link is not valid.</p>")
	}
	if uuid := c.q.Get("asset_uuid"); uuid != "" {
		return portalPage(http.StatusOK, "End User Portal - Asset", "<p>Asset "+html.EscapeString(uuid)+"</p>")
	}
	return portalPage(http.StatusOK, "End User Portal - Log in", `<p><a href="/my_profile/user_login">Log in</a></p>`)
}

// GET /my_profile/v2/asset_new_ticket_form: the form an agent's tray menu
// opens to file a ticket for its asset.
func (s *Server) portalAssetTicketForm(*call) response {
	return portalPage(http.StatusOK, "End User Portal - New Ticket",
		`<form method="post"><label>Subject <input name="subject"></label> <button>Submit</button></form>`)
}
