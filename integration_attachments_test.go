package syncro_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

func TestIntegrationAttachments(t *testing.T) {
	t.Parallel()
	f, id, _ := oneTicket(t)
	ctx := context.Background()

	require.NoError(t, f.client.Tickets.AttachFileURLs(ctx, id,
		syncro.AttachFileInput{URL: "https://files.example.com/invoices/scan-0042.pdf", Filename: "scan-0042.pdf"},
		syncro.AttachFileInput{URL: "https://files.example.com/photos/rack.jpg", Filename: "rack photo.jpg"}))
	assert.Equal(t, map[string]any{"files": []any{
		map[string]any{"url": "https://files.example.com/invoices/scan-0042.pdf", "filename": "scan-0042.pdf"},
		map[string]any{"url": "https://files.example.com/photos/rack.jpg", "filename": "rack photo.jpg"},
	}}, f.lastBody(t, "POST /tickets/{id}/attach_file_url"))

	tk, err := f.client.Tickets.Get(ctx, id)
	require.NoError(t, err)
	require.Len(t, tk.Attachments, 2)
	att := tk.Attachments[1]
	assert.Equal(t, "rack photo.jpg", att.FileName)
	u, err := url.Parse(att.URL())
	require.NoError(t, err)
	assert.NotEmpty(t, u.Query().Get("X-Amz-Signature"), "a presigned URL")

	// Download at once: the storage refuses a request that carries the
	// API token (S3 allows one authentication mechanism), so success
	// proves the token stayed home.
	var buf bytes.Buffer
	n, err := f.client.Tickets.DownloadAttachment(ctx, &att, &buf, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(buf.Len()), n)
	assert.Contains(t, buf.String(), "rack photo.jpg")
	assert.Contains(t, buf.String(), "https://files.example.com/photos/rack.jpg")
	status, body := getWithToken(t, att.URL(), f.srv.Token())
	assert.Equal(t, http.StatusBadRequest, status, "the storage refuses the API token: %s", body)

	// Too big for the limit.
	_, err = f.client.Tickets.DownloadAttachment(ctx, &att, io.Discard, &syncro.DownloadOptions{MaxBytes: 10})
	require.ErrorIs(t, err, syncro.ErrAttachmentTooLarge)

	// The URL expires: an old one fails, a fresh Get gives a working one.
	f.clock.Advance(11 * time.Minute)
	_, err = f.client.Tickets.DownloadAttachment(ctx, &att, io.Discard, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "403")
	assert.Contains(t, err.Error(), "expired")
	assert.NotContains(t, err.Error(), u.Query().Get("X-Amz-Signature"), "the signature stays out of errors")
	tk, err = f.client.Tickets.Get(ctx, id)
	require.NoError(t, err)
	_, err = f.client.Tickets.DownloadAttachment(ctx, &tk.Attachments[1], io.Discard, nil)
	require.NoError(t, err)

	// A tampered signature is refused.
	bad := tk.Attachments[1]
	bad.File = &syncro.AttachmentFile{URL: strings.Replace(bad.URL(), "X-Amz-Signature=", "X-Amz-Signature=0", 1)}
	_, err = f.client.Tickets.DownloadAttachment(ctx, &bad, io.Discard, nil)
	require.ErrorContains(t, err, "403")

	// Delete one; the other stays.
	require.NoError(t, f.client.Tickets.DeleteAttachment(ctx, id, tk.Attachments[0].ID))
	tk, err = f.client.Tickets.Get(ctx, id)
	require.NoError(t, err)
	require.Len(t, tk.Attachments, 1)
	assert.Equal(t, "rack photo.jpg", tk.Attachments[0].FileName)
	err = f.client.Tickets.DeleteAttachment(ctx, id, 12345)
	assert.ErrorIs(t, err, syncro.ErrNotFound)

	// Syncro's 422 for a files parameter that is not an array.
	status, body = f.rawPost(t, "/tickets/"+jsonInt(id)+"/attach_file_url", `{"files":"https://x.example/a"}`)
	assert.Equal(t, http.StatusUnprocessableEntity, status)
	assert.Contains(t, body, "Missing files param")
}

func TestIntegrationPrintTicket(t *testing.T) {
	t.Parallel()
	f, id, _ := oneTicket(t)
	require.NoError(t, f.client.Tickets.Print(context.Background(), id))
	reqs := f.requestsTo("POST /tickets/{id}/print")
	require.Len(t, reqs, 1)
	assert.Equal(t, http.StatusOK, reqs[0].Status)
	assert.ErrorIs(t, f.client.Tickets.Print(context.Background(), id+1000), syncro.ErrNotFound)
}

// getWithToken fetches rawURL with the API token in the Authorization
// header.
func getWithToken(t *testing.T, rawURL, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, rawURL, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// rawPost posts a JSON body below /api/v1 with the default token,
// bypassing the client.
func (f *fake) rawPost(t *testing.T, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, f.srv.APIURL()+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+f.srv.Token())
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

func TestIntegrationDownloadCutShortIsAnError(t *testing.T) {
	t.Parallel()
	f, id, _ := oneTicket(t)
	ctx := context.Background()
	require.NoError(t, f.client.Tickets.AttachFileURLs(ctx, id, syncro.AttachFileInput{URL: "https://files.example.com/big.iso", Filename: "big.iso"}))
	tk, err := f.client.Tickets.Get(ctx, id)
	require.NoError(t, err)
	require.Len(t, tk.Attachments, 1)

	// The connection drops half way through the file: the short copy is
	// an error, never a success.
	f.srv.InjectFault(syncrotest.OnRoute("GET /storage/attachments/{id}/{name}", syncrotest.TruncateFault()))
	var buf bytes.Buffer
	n, err := f.client.Tickets.DownloadAttachment(ctx, &tk.Attachments[0], &buf, nil)
	require.Error(t, err)
	assert.Equal(t, int64(buf.Len()), n, "the count says what was written")
	assert.NotContains(t, err.Error(), "X-Amz-Signature")

	// A storage outage is an error naming the status.
	f.srv.ClearFaults()
	f.srv.InjectFault(syncrotest.OnRoute("GET /storage/attachments/{id}/{name}", syncrotest.StatusFault(http.StatusServiceUnavailable)))
	_, err = f.client.Tickets.DownloadAttachment(ctx, &tk.Attachments[0], io.Discard, nil)
	require.ErrorContains(t, err, "503")
}
