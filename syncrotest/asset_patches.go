package syncrotest

import (
	"net/http"
	"time"
)

// windowsAssetTypes are the asset types the fake reports Windows patches
// for; others answer empty lists.
var windowsAssetTypes = map[string]bool{"Desktop": true, "Laptop": true, "Server": true}

// GET /customer_assets/{id}/patches: the asset's Windows patch report, in
// the spec's shape (installed_patches, available_patches and the paging of
// the latter in available_patches_meta). The fake has no agent: a Windows
// asset reports a fixed set dated from its creation.
func (s *Server) assetPatches(c *call) response {
	a, ok := s.assetFromPath(c)
	if !ok {
		return notFound()
	}
	installed, available := []any{}, []any{}
	typ, _ := s.assetTypeName(a.typeID).(string)
	if windowsAssetTypes[typ] {
		at := func(d time.Duration) any { return s.ts(a.created.Add(d)) }
		installed = append(installed,
			obj{"kb": "KB5026361", "title": "Update for Windows Defender Antivirus", "category": "Security Updates", "status": "Recently Installed", "installed_at": at(2 * time.Hour)},
			obj{"kb": nil, "title": "Intel - Display - 31.0.101.4255", "category": nil, "status": "Recently Installed", "installed_at": at(3 * time.Hour)},
		)
		available = append(available,
			obj{"kb": "KB5027538", "title": "2023-06 Cumulative Update for .NET Framework 3.5, 4.8 and 4.8.1 for Windows 10 Version 22H2", "category": "Security Updates", "status": "Missing Patches", "evaluated_at": at(4 * time.Hour)},
			obj{"kb": "KB5027215", "title": "2023-06 Cumulative Update for Windows 10 Version 22H2", "category": "Critical Updates", "status": "Failed Patches", "attempted_installation": at(5 * time.Hour), "failure_reason": "0x80070005"},
			obj{"kb": "KB4023057", "title": "2023-04 Update for Windows 10 Version 22H2", "category": "Updates", "status": "Rejected Patches", "rejected_at": at(6 * time.Hour)},
		)
	}
	pg := pageOf(c.q, 50)
	return jsonResp(http.StatusOK, obj{
		"installed_patches": installed, "available_patches": available,
		"available_patches_meta": pg.fullMeta(len(available)),
	})
}

// GET /customer_assets/chat_information_by_ids?ids[]=...: {"assets":
// [{id, name, customer: {id, fullname, business_name}}]} for the assets
// that exist, in id order; unknown ids are left out.
func (s *Server) assetChatInformation(c *call) response {
	ids, _ := idList(c.q, "ids")
	out := []any{}
	for _, id := range sortedIDs(s.st.assets) {
		if !ids[id] {
			continue
		}
		a := s.st.assets[id]
		var cust any
		if cu, ok := s.st.customers[a.customerID]; ok {
			cust = obj{"id": cu.id, "fullname": cu.fullname(), "business_name": nilIfEmpty(cu.f.str("business_name"))}
		}
		out = append(out, obj{"id": a.id, "name": a.name, "customer": cust})
	}
	return jsonResp(http.StatusOK, obj{"assets": out})
}
