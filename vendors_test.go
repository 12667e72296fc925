package syncro

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVendorsListDecodesEveryShape(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"vendors", jsonResponder(200, fixture(t, "vendors/vendors_page.json")))
	p, err := c.Vendors.List(context.Background(), nil)
	require.NoError(t, err)
	require.Len(t, p.Items, 2)
	v := p.Items[0]
	assert.Equal(t, int64(1), v.ID)
	assert.Equal(t, "Vendor Name", v.Name)
	assert.Equal(t, "03455", v.Zip, "a zip keeps its leading zero")
	assert.Empty(t, v.AccountNumber)
	assert.Equal(t, time.Date(2019, 11, 5, 16, 11, 12, 409e6, time.UTC), v.CreatedAt)

	odd := p.Items[1]
	assert.Equal(t, int64(2), odd.ID, "an id sent as a string")
	assert.Equal(t, "6035550100", odd.Phone, "a phone sent as a number")
	assert.Equal(t, "4411", odd.AccountNumber)
	assert.Equal(t, "3455", odd.Zip)
	assert.True(t, odd.UpdatedAt.Equal(time.Date(2025, 4, 11, 15, 0, 53, 5e8, time.UTC)))
	assert.Equal(t, 1, p.Meta.TotalPages)
	assert.Equal(t, 0, p.NextPage())
}

func TestVendorsGetCreateUpdate(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"vendors/7", jsonResponder(200, fixture(t, "vendors/vendor.json")))
	var sent []map[string]any
	record := func(status int, body string) httpmock.Responder {
		return func(r *http.Request) (*http.Response, error) {
			var m map[string]any
			require.NoError(t, json.NewDecoder(r.Body).Decode(&m))
			sent = append(sent, m)
			return httpmock.NewStringResponse(status, body), nil
		}
	}
	mt.RegisterResponder("POST", apiRoot+"vendors", record(200, string(fixture(t, "vendors/vendor.json"))))
	mt.RegisterResponder("PUT", apiRoot+"vendors/7", record(200, string(fixture(t, "vendors/vendor.json"))))

	ctx := context.Background()
	v, err := c.Vendors.Get(ctx, 7)
	require.NoError(t, err)
	assert.Equal(t, "New name", v.Name)

	created, err := c.Vendors.Create(ctx, &VendorInput{Name: Ptr("New name"), Email: Ptr("info@candswholes.com")})
	require.NoError(t, err)
	assert.Equal(t, int64(7), created.ID)
	_, err = c.Vendors.Update(ctx, 7, &VendorInput{Notes: Ptr("")})
	require.NoError(t, err)
	assert.Equal(t, []map[string]any{
		{"name": "New name", "email": "info@candswholes.com"},
		{"notes": ""},
	}, sent, "only the fields set are sent, an empty string included")

	_, err = c.Vendors.Create(ctx, &VendorInput{Email: Ptr("x@y.example")})
	assert.ErrorIs(t, err, ErrValidation, "a vendor needs a name: refused before any request")
	_, err = c.Vendors.Get(ctx, 0)
	assert.ErrorIs(t, err, ErrValidation)
	assert.Equal(t, 3, mt.GetTotalCallCount())
}

func TestCreateWithoutUsableIDIsOutcomeUnknown(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"missing":  `{"vendor":{"name":"X"}}`,
		"null":     `{"vendor":{"id":null,"name":"X"}}`,
		"zero":     `{"vendor":{"id":0,"name":"X"}}`,
		"negative": `{"vendor":{"id":-4,"name":"X"}}`,
		"empty":    `{"vendor":{"id":"","name":"X"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newTestClient(t)
			mt.RegisterResponder("POST", apiRoot+"vendors", httpmock.NewStringResponder(200, body))
			v, err := c.Vendors.Create(context.Background(), &VendorInput{Name: Ptr("X")})
			require.Error(t, err)
			assert.Nil(t, v, "never a success with ID 0")
			assert.ErrorIs(t, err, ErrOutcomeUnknown)
			assert.Equal(t, 1, mt.GetTotalCallCount(), "a POST is not sent again")
		})
	}
}
