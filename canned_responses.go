package syncro

// CannedResponse is a reusable ticket reply: a title to find it by, a
// subject and a body.
type CannedResponse struct {
	ID                       int64  `json:"id"`
	Title                    string `json:"title"`
	Subject                  string `json:"subject"`
	Body                     string `json:"body"`
	CannedResponseCategoryID int64  `json:"canned_response_category_id"`
	CategoryName             string `json:"category_name"`
}

// CannedResponseListOptions filters GET /canned_responses.
type CannedResponseListOptions struct {
	Query string `url:"query,omitempty"`
}

// CannedResponseInput creates or updates a canned response. Title and Body
// are required to create.
type CannedResponseInput struct {
	Title                    *string `json:"title,omitempty"`
	Subject                  *string `json:"subject,omitempty"`
	Body                     *string `json:"body,omitempty"`
	CannedResponseCategoryID *int64  `json:"canned_response_category_id,omitempty"`
}

// CannedResponseSettings are the categories and subjects canned responses
// can use, and whether the token may manage them.
type CannedResponseSettings struct {
	CannedResponseCategories []CannedResponseCategory `json:"canned_response_categories"`
	Subjects                 []string                 `json:"subjects"`
	CanManage                bool                     `json:"can_manage"`
}

// CannedResponseCategory groups canned responses.
type CannedResponseCategory struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}
