package syncro

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file     string
		status   int
		messages []string
		fields   map[string][]string
		sentinel error
	}{
		{"400_message_list.json", 400, []string{"SKU already exists", "Value is too long"}, nil, ErrValidation},
		{"401_permission.json", 401, []string{"Not authorized. Please ask account admin to update your group permissions."}, nil, ErrUnauthorized},
		{"401_otp.json", 401, []string{"Enter the code from your authenticator app"}, nil, ErrUnauthorized},
		{"404_message.json", 404, []string{"Not found"}, nil, ErrNotFound},
		{"422_success_message_params.json", 422, []string{"Email is not an email", `Email Only able to parse up to "it is not an email"`}, nil, ErrValidation},
		{"422_success_message.json", 422, []string{"Email is not an email"}, nil, ErrValidation},
		{"422_record_errors.json", 422, []string{"Email is not an email"}, nil, ErrValidation},
		{"422_error_string.json", 422, []string{"Customer required field"}, nil, ErrValidation},
		{"422_errors_string.json", 422, []string{"Name can't be blank, Description can't be blank"}, nil, ErrValidation},
		{"422_errors_list.json", 422, []string{"billable must be true or false"}, nil, ErrValidation},
		{"422_error_list.json", 422, []string{"Invoice must exist", "Frequency is invalid"}, nil, ErrValidation},
		{"422_rails_field_map.json", 422, []string{"customer_id can't be blank", "date can't be blank"},
			map[string][]string{"customer_id": {"can't be blank"}, "date": {"can't be blank"}}, ErrValidation},
		{"422_nested_errors.json", 422, []string{"appointments.summary can't be blank"},
			map[string][]string{"appointments.summary": {"can't be blank"}}, ErrValidation},
		{"422_errors_field_map.json", 422, []string{"mute_for is not included in the list"},
			map[string][]string{"mute_for": {"is not included in the list"}}, ErrValidation},
		{"400_html.html", 400, []string{`Syncro answered with an HTML page instead of JSON ("The change you wanted was rejected (422)")`}, nil, ErrValidation},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newTestClient(t)
			ct := "application/json"
			if tt.status == 400 && tt.file[len(tt.file)-4:] == "html" {
				ct = "text/html; charset=utf-8"
			}
			mt.RegisterResponder("PUT", apiRoot+"customers/9",
				httpmock.NewBytesResponder(tt.status, fixture(t, "errors/"+tt.file)).HeaderSet(http.Header{"Content-Type": {ct}}))
			_, err := c.Customers.Update(context.Background(), 9, &CustomerInput{Email: Ptr("x")})
			require.Error(t, err)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.status, apiErr.StatusCode)
			assert.Equal(t, "PUT", apiErr.Method)
			assert.Equal(t, "/customers/9", apiErr.Path)
			assert.Equal(t, tt.messages, apiErr.Messages)
			assert.Equal(t, tt.fields, apiErr.FieldErrors)
			assert.Equal(t, 1, apiErr.Attempts)
			assert.NotEmpty(t, apiErr.Body)
			assert.ErrorIs(t, err, tt.sentinel)
			for _, m := range tt.messages {
				assert.Contains(t, err.Error(), m)
			}
		})
	}
}

func TestErrorBodiesWithoutJSON(t *testing.T) {
	t.Parallel()
	msgs, fields := decodeErrorBody("text/plain", []byte("  Retry later \n"))
	assert.Equal(t, []string{"Retry later"}, msgs)
	assert.Nil(t, fields)

	msgs, _ = decodeErrorBody("", nil)
	assert.Empty(t, msgs)

	msgs, _ = decodeErrorBody("", []byte("<html><body><h1>502 Bad Gateway</h1></body></html>"))
	assert.Equal(t, []string{`Syncro answered with an HTML page instead of JSON ("502 Bad Gateway")`}, msgs)

	msgs, _ = decodeErrorBody("text/html", []byte("<p>nothing useful</p>"))
	assert.Equal(t, []string{"Syncro answered with an HTML page instead of JSON"}, msgs)

	msgs, _ = decodeErrorBody("application/json", []byte(`{"success":false}`))
	assert.Empty(t, msgs, "a flag alone carries no message")

	msgs, _ = decodeErrorBody("application/json", []byte(`["first","second"]`))
	assert.Equal(t, []string{"first", "second"}, msgs)
}

func TestErrorStatusWithoutBody(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("DELETE", apiRoot+"customers/5", httpmock.NewStringResponder(404, ""))
	err := c.Customers.Delete(context.Background(), 5)
	require.ErrorIs(t, err, ErrNotFound)
	assert.Equal(t, "syncro: DELETE /customers/5: 404 Not Found", err.Error())
}

func TestUnauthorizedSaysWhy(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"contacts", httpmock.NewBytesResponder(401, fixture(t, "errors/401_permission.json")))
	mt.RegisterResponder("GET", apiRoot+"customers", httpmock.NewStringResponder(401, `{"error":"Not authorized"}`))
	ctx := context.Background()

	_, err := c.Contacts.List(ctx, nil)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.True(t, apiErr.MissingPermission())
	assert.ErrorIs(t, err, ErrUnauthorized)
	assert.ErrorIs(t, err, ErrForbidden)
	assert.Contains(t, err.Error(), "the API token lacks a permission this call needs")

	_, err = c.Customers.List(ctx, nil)
	require.ErrorAs(t, err, &apiErr)
	assert.False(t, apiErr.MissingPermission())
	assert.ErrorIs(t, err, ErrUnauthorized)
	assert.NotErrorIs(t, err, ErrForbidden)
	assert.Contains(t, err.Error(), "the API token was refused (wrong, expired or revoked)")
}

func TestSentinels(t *testing.T) {
	t.Parallel()
	all := []error{ErrNotFound, ErrUnauthorized, ErrForbidden, ErrRateLimited, ErrValidation, ErrServer}
	tests := []struct {
		status int
		want   []error
	}{
		{400, []error{ErrValidation}},
		{401, []error{ErrUnauthorized}},
		{403, []error{ErrForbidden}},
		{404, []error{ErrNotFound}},
		{409, nil},
		{422, []error{ErrValidation}},
		{429, []error{ErrRateLimited}},
		{500, []error{ErrServer}},
		{503, []error{ErrServer}},
	}
	for _, tt := range tests {
		err := error(&APIError{StatusCode: tt.status})
		for _, s := range all {
			want := false
			for _, w := range tt.want {
				want = want || w == s
			}
			assert.Equal(t, want, errors.Is(err, s), "status %d vs %v", tt.status, s)
		}
	}
	var verr error = &ValidationError{Op: "create contact", Fields: []string{"customer_id"}, Reason: "set it"}
	assert.ErrorIs(t, verr, ErrValidation)
	assert.Equal(t, "syncro: create contact: customer_id: set it", verr.Error())
	var apiErr *APIError
	assert.False(t, errors.As(verr, &apiErr), "client-side validation is not an API error")
}
