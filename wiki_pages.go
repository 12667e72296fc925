package syncro

// WikiPage is a page of the account's documentation (wiki), optionally
// attached to an organization or an asset.
type WikiPage struct {
	ID               int64  `json:"id"`
	AccountID        int64  `json:"account_id"`
	Name             string `json:"name"`
	Slug             string `json:"slug"`
	Body             string `json:"body"`
	InterpolatedBody string `json:"interpolated_body"`
	CustomerID       int64  `json:"customer_id"`
	AssetID          int64  `json:"asset_id"`
	Visibility       string `json:"visibility"`
}

// WikiPageListOptions pages GET /wiki_pages.
type WikiPageListOptions struct {
	ListOptions
}

// WikiVisibility is who may read a wiki page. Syncro documents no values
// for it: "internal" was observed to be rejected with 422 (and is refused
// here before sending), and leaving Visibility nil gives the account's
// default, which is the safe choice. Any other value is sent as given.
type WikiVisibility string

// WikiVisibilityRejected is the one value a real account was seen to
// refuse; WikiPagesService refuses it before sending.
const WikiVisibilityRejected WikiVisibility = "internal"

// WikiPageInput creates or updates a wiki page. Name and Body are required
// to create.
type WikiPageInput struct {
	Name       *string         `json:"name,omitempty"`
	Slug       *string         `json:"slug,omitempty"`
	Body       *string         `json:"body,omitempty"`
	CustomerID *int64          `json:"customer_id,omitempty"`
	AssetID    *int64          `json:"asset_id,omitempty"`
	Visibility *WikiVisibility `json:"visibility,omitempty"`
}
