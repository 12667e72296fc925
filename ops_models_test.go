package syncro

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCallerIDAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    []byte
		want    CallerIDResult
		wantErr bool
	}{
		{name: "feature off: the plain word", body: fixture(t, "callerid/disabled.txt"), want: CallerIDResult{Disabled: true}},
		{name: "feature off with a newline", body: []byte("Disabled\n"), want: CallerIDResult{Disabled: true}},
		{name: "feature off as a JSON string", body: []byte(`"Disabled"`), want: CallerIDResult{Disabled: true}},
		{name: "data object", body: fixture(t, "callerid/found.json"), want: CallerIDResult{Name: "Walking Customer", TicketStatus: "Open"}},
		{name: "bare name", body: fixture(t, "callerid/name_only.json"), want: CallerIDResult{Name: "Walking Customer"}},
		{name: "null: nobody", body: []byte("null"), want: CallerIDResult{}},
		{name: "an HTML page is not an answer", body: []byte("<html>oops</html>"), wantErr: true},
		{name: "empty", body: nil, wantErr: true},
		{name: "object without data", body: []byte(`{"success":true}`), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseCallerID(tt.body)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, *got)
		})
	}
}

func TestSearchResultUnwrapsHits(t *testing.T) {
	t.Parallel()
	var r SearchResult
	require.NoError(t, json.Unmarshal(fixture(t, "search/result.json"), &r))
	require.Len(t, r.Results, 2)
	assert.Equal(t, SearchHit{ID: 1, Type: "customer", Index: "customers", Source: r.Results[0].Source}, r.Results[0])
	assert.Equal(t, "Walkin", r.Results[0].Source.String("firstname"))
	assert.Equal(t, int64(52000001), r.Results[1].ID, "a string _id reads")
	assert.Equal(t, "ticket", r.Results[1].Type)
	n, ok := r.Results[1].Source.Int64("number")
	require.True(t, ok)
	assert.Equal(t, int64(1001), n)
	assert.Empty(t, r.Error)
}

func TestOTPSessionNeverPrintsItsToken(t *testing.T) {
	t.Parallel()
	const tok = "1cbe0553-9fcd-4035-8e69-52792e16d489"
	s := OTPSession{Login: true, SessionToken: tok, TokenExpiration: time.Date(2019, 12, 1, 11, 39, 33, 0, time.UTC)}
	for _, out := range []string{
		fmt.Sprint(s), fmt.Sprintf("%v", s), fmt.Sprintf("%+v", s), fmt.Sprintf("%#v", s), fmt.Sprintf("%s", s),
		fmt.Sprintf("%v", &s), fmt.Sprintf("%+v", []OTPSession{s}), fmt.Sprintf("%q", s),
	} {
		assert.NotContains(t, out, tok)
		assert.Contains(t, out, "[REDACTED]")
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("otp", "session", s)
	assert.NotContains(t, buf.String(), tok)

	in := OTPLoginInput{Code: "918273"}
	for _, out := range []string{fmt.Sprint(in), fmt.Sprintf("%+v", in), fmt.Sprintf("%#v", &in)} {
		assert.NotContains(t, out, "918273")
	}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, `{"code":"918273"}`, string(b), "the code is still sent")
}

func TestNewTicketFormSectionRequired(t *testing.T) {
	t.Parallel()
	var w struct {
		Form NewTicketForm `json:"new_ticket_form"`
	}
	require.NoError(t, json.Unmarshal(fixture(t, "new_ticket_forms/one.json"), &w))
	assert.Equal(t, []string{"firstname", "lastname"}, w.Form.Data.CustomerDetails.Required())
	assert.Equal(t, []string{"description", "problem_type", "subject"}, w.Form.Data.TicketDetails.Required())
	assert.Equal(t, FormFieldHide, w.Form.Data.TicketDetails.Fields["priority"])
}
