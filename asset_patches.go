package syncro

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// AssetPatches is an asset's Windows patch report: the patches installed
// recently and those still available (missing, failed or rejected). The
// available patches are paged; AvailablePatchesMeta says where this answer
// stands.
type AssetPatches struct {
	InstalledPatches     []AssetPatch `json:"installed_patches"`
	AvailablePatches     []AssetPatch `json:"available_patches"`
	AvailablePatchesMeta Meta         `json:"available_patches_meta"`
	// Unparsed keeps, as Syncro sent them, the values of object- or
	// array-typed fields whose shape did not fit (decode.go).
	Unparsed map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON reads an asset's patch report whatever the types Syncro used.
func (p *AssetPatches) UnmarshalJSON(b []byte) error { return decodeModel(b, p) }

// The patch status groups Syncro reports.
const (
	PatchStatusMissing   = "Missing Patches"
	PatchStatusFailed    = "Failed Patches"
	PatchStatusRejected  = "Rejected Patches"
	PatchStatusInstalled = "Recently Installed"
)

// AssetPatch is one Windows update in an asset's patch report. Kb is empty
// for driver updates and patches without a KB number; which timestamp is
// set depends on Status.
type AssetPatch struct {
	Kb                    string    `json:"kb"`
	Title                 string    `json:"title"`
	Category              string    `json:"category"` // "Security Updates", ...; may be empty
	Status                string    `json:"status"`   // one of the PatchStatus constants
	InstalledAt           time.Time `json:"installed_at"`
	EvaluatedAt           time.Time `json:"evaluated_at"`
	AttemptedInstallation time.Time `json:"attempted_installation"`
	RejectedAt            time.Time `json:"rejected_at"`
	FailureReason         string    `json:"failure_reason"`
}

// UnmarshalJSON reads a patch whatever the types Syncro used.
func (p *AssetPatch) UnmarshalJSON(b []byte) error { return decodeModel(b, p) }

// AssetChatInformation is what live chat needs to know about an asset: its
// name and its organization.
type AssetChatInformation struct {
	ID       int64              `json:"id"`
	Name     string             `json:"name"`
	Customer *AssetChatCustomer `json:"customer"`
	// Unparsed keeps, as Syncro sent them, the values of object- or
	// array-typed fields whose shape did not fit (decode.go).
	Unparsed map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON reads an asset's chat information whatever the types Syncro used.
func (a *AssetChatInformation) UnmarshalJSON(b []byte) error { return decodeModel(b, a) }

// AssetChatCustomer is the organization of an AssetChatInformation.
type AssetChatCustomer struct {
	ID           int64  `json:"id"`
	Fullname     string `json:"fullname"`
	BusinessName string `json:"business_name"`
}

// UnmarshalJSON reads the organization whatever the types Syncro used.
func (c *AssetChatCustomer) UnmarshalJSON(b []byte) error { return decodeModel(b, c) }

// Patches returns an asset's Windows patch report.
//
// GET /customer_assets/{id}/patches
func (s *AssetsService) Patches(ctx context.Context, id int64) (*AssetPatches, error) {
	if err := checkID("get asset patches", "id", id); err != nil {
		return nil, err
	}
	out := new(AssetPatches)
	if err := action(ctx, s.client, http.MethodGet, apiPath("customer_assets", id, "patches"), nil, nil, out); err != nil {
		return nil, err
	}
	return out, nil
}

// maxChatIDs bounds the ids of one ChatInformation call, so that its query
// string stays well under the URL lengths servers accept.
const maxChatIDs = 200

// ChatInformation returns the name and organization of each asset, for
// live chat. Ids are sent as ids[]=1&ids[]=2; at most 200 per call.
//
// GET /customer_assets/chat_information_by_ids
func (s *AssetsService) ChatInformation(ctx context.Context, ids ...int64) ([]AssetChatInformation, error) {
	const op = "get asset chat information"
	if len(ids) == 0 {
		return nil, &ValidationError{Op: op, Fields: []string{"ids"}, Reason: "give at least one asset id"}
	}
	if len(ids) > maxChatIDs {
		return nil, &ValidationError{Op: op, Fields: []string{"ids"}, Reason: fmt.Sprintf("%d ids: ask for at most %d per call", len(ids), maxChatIDs)}
	}
	for _, id := range ids {
		if err := checkID(op, "ids", id); err != nil {
			return nil, err
		}
	}
	q := struct {
		IDs []int64 `url:"ids,brackets"`
	}{ids}
	var out struct {
		Assets []AssetChatInformation `json:"assets"`
	}
	if err := action(ctx, s.client, http.MethodGet, "customer_assets/chat_information_by_ids", q, nil, &out); err != nil {
		return nil, err
	}
	return out.Assets, nil
}
