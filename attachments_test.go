package syncro

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const presigned = "https://s3.amazonaws.com/bucket/screenshot.png?X-Amz-Expires=600&X-Amz-Signature=abc"

func attachmentAt(u string) *Attachment {
	return &Attachment{ID: 5501, FileName: "screenshot.png", File: &AttachmentFile{URL: u}}
}

func TestDownloadAttachmentStreamsWithoutToken(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	content := bytes.Repeat([]byte("png!"), 4096)
	mt.RegisterResponder(http.MethodGet, "https://s3.amazonaws.com/bucket/screenshot.png", func(r *http.Request) (*http.Response, error) {
		log.record(r)
		return httpmock.NewBytesResponse(http.StatusOK, content), nil
	})

	var buf bytes.Buffer
	n, err := c.Tickets.DownloadAttachment(context.Background(), attachmentAt(presigned), &buf, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(len(content)), n)
	assert.Equal(t, content, buf.Bytes())

	calls := log.all()
	require.Len(t, calls, 1)
	assert.Equal(t, "600", calls[0].Query.Get("X-Amz-Expires"), "the presigned query is sent as given")
	assert.Empty(t, calls[0].Header.Get("Authorization"), "the API token never goes to the storage host")
	for k, vs := range calls[0].Header {
		for _, v := range vs {
			assert.NotContains(t, v, resToken, "header %s", k)
		}
	}
}

func TestDownloadAttachmentNoTokenEvenOnSyncroHost(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, "https://acme.syncromsp.com/files/5501", func(r *http.Request) (*http.Response, error) {
		log.record(r)
		return httpmock.NewStringResponse(http.StatusOK, "x"), nil
	})
	_, err := c.Tickets.DownloadAttachment(context.Background(), attachmentAt("https://acme.syncromsp.com/files/5501?sig=1"), io.Discard, nil)
	require.NoError(t, err)
	require.Len(t, log.all(), 1)
	assert.Empty(t, log.all()[0].Header.Get("Authorization"))
}

func TestDownloadAttachmentFollowsRedirectWithoutToken(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, "https://acme.syncromsp.com/attachments/5501", func(r *http.Request) (*http.Response, error) {
		log.record(r)
		resp := httpmock.NewStringResponse(http.StatusFound, "")
		resp.Header.Set("Location", "https://files.acme.syncromsp.com/5501?X-Amz-Signature=zzz")
		return resp, nil
	})
	mt.RegisterResponder(http.MethodGet, "https://files.acme.syncromsp.com/5501", func(r *http.Request) (*http.Response, error) {
		log.record(r)
		return httpmock.NewStringResponse(http.StatusOK, "content"), nil
	})
	var buf bytes.Buffer
	_, err := c.Tickets.DownloadAttachment(context.Background(), attachmentAt("https://acme.syncromsp.com/attachments/5501"), &buf, nil)
	require.NoError(t, err)
	assert.Equal(t, "content", buf.String())
	calls := log.all()
	require.Len(t, calls, 2)
	for _, call := range calls {
		assert.Empty(t, call.Header.Get("Authorization"), call.Path)
	}
}

func TestDownloadAttachmentBoundsTheSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		size          int
		declareLength bool
		max           int64
		wantErr       bool
	}{
		{"declared too large", 100, true, 99, true},
		{"undeclared too large", 100, false, 99, true},
		{"exactly the limit", 100, false, 100, false},
		{"exactly the limit declared", 100, true, 100, false},
		{"under the limit", 10, false, 100, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newMockedClient(t)
			mt.RegisterResponder(http.MethodGet, "https://s3.amazonaws.com/bucket/screenshot.png", func(r *http.Request) (*http.Response, error) {
				resp := httpmock.NewBytesResponse(http.StatusOK, bytes.Repeat([]byte{'a'}, tt.size))
				resp.ContentLength = -1
				if tt.declareLength {
					resp.ContentLength = int64(tt.size)
				}
				return resp, nil
			})
			var buf bytes.Buffer
			n, err := c.Tickets.DownloadAttachment(context.Background(), attachmentAt(presigned), &buf, &DownloadOptions{MaxBytes: tt.max})
			if tt.wantErr {
				require.ErrorIs(t, err, ErrAttachmentTooLarge)
				assert.LessOrEqual(t, n, tt.max, "never more than the limit is written")
				assert.LessOrEqual(t, int64(buf.Len()), tt.max)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, int64(tt.size), n)
		})
	}
}

func TestDownloadAttachmentExpiredURL(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	mt.RegisterResponder(http.MethodGet, "https://s3.amazonaws.com/bucket/screenshot.png",
		httpmock.NewStringResponder(http.StatusForbidden, `<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>`))
	var buf bytes.Buffer
	_, err := c.Tickets.DownloadAttachment(context.Background(), attachmentAt(presigned), &buf, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "403")
	assert.Contains(t, err.Error(), "expired")
	assert.Contains(t, err.Error(), "s3.amazonaws.com/bucket/screenshot.png")
	assert.NotContains(t, err.Error(), "X-Amz-Signature", "the signature stays out of errors")
	assert.Zero(t, buf.Len())
}

func TestDownloadAttachmentTransportErrorHidesSignature(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	mt.RegisterResponder(http.MethodGet, "https://s3.amazonaws.com/bucket/screenshot.png", httpmock.NewErrorResponder(errors.New("connection reset by peer")))
	_, err := c.Tickets.DownloadAttachment(context.Background(), attachmentAt(presigned), io.Discard, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "connection reset")
	assert.NotContains(t, err.Error(), "X-Amz-Signature")
}

func TestDownloadAttachmentHonoursContext(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	mt.RegisterResponder(http.MethodGet, "https://s3.amazonaws.com/bucket/screenshot.png", func(r *http.Request) (*http.Response, error) {
		// The body is cut when the context ends part way.
		body := io.MultiReader(strings.NewReader("first part"), readerFunc(func(p []byte) (int, error) {
			cancel()
			<-r.Context().Done()
			return 0, r.Context().Err()
		}))
		return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(body), ContentLength: -1, Header: http.Header{}, Request: r}, nil
	})
	_, err := c.Tickets.DownloadAttachment(ctx, attachmentAt(presigned), io.Discard, nil)
	require.ErrorIs(t, err, context.Canceled)

	done, stop := context.WithCancel(context.Background())
	stop()
	_, err = c.Tickets.DownloadAttachment(done, attachmentAt(presigned), io.Discard, nil)
	require.ErrorIs(t, err, context.Canceled)
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

func TestDownloadAttachmentRefusals(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	ctx := context.Background()

	_, err := c.Tickets.DownloadAttachment(ctx, nil, io.Discard, nil)
	assert.ErrorIs(t, err, ErrValidation)
	_, err = c.Tickets.DownloadAttachment(ctx, &Attachment{ID: 1}, io.Discard, nil)
	assert.ErrorIs(t, err, ErrAttachmentNoURL)
	_, err = c.Tickets.DownloadAttachment(ctx, attachmentAt(presigned), nil, nil)
	assert.ErrorIs(t, err, ErrValidation)
	_, err = c.Tickets.DownloadAttachment(ctx, attachmentAt("/relative/path.png"), io.Discard, nil)
	assert.ErrorContains(t, err, "not an absolute URL")
	_, err = c.Tickets.DownloadAttachment(ctx, attachmentAt("http://files.example.com/a.png?sig=secret"), io.Discard, nil)
	require.ErrorContains(t, err, "only https")
	assert.NotContains(t, err.Error(), "secret")
	_, err = c.Tickets.DownloadAttachment(ctx, attachmentAt("file:///etc/passwd"), io.Discard, nil)
	assert.ErrorContains(t, err, "only https")
	assert.Equal(t, 0, mt.GetTotalCallCount(), "nothing is fetched for a refused download")
}

func TestDownloadAttachmentRefusesRedirectToPlainHTTP(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	mt.RegisterResponder(http.MethodGet, "https://s3.amazonaws.com/bucket/screenshot.png", func(r *http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(http.StatusFound, "")
		resp.Header.Set("Location", "http://evil.example/steal")
		return resp, nil
	})
	_, err := c.Tickets.DownloadAttachment(context.Background(), attachmentAt(presigned), io.Discard, nil)
	require.ErrorContains(t, err, "only https")
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestAttachFileURLs(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPost, apiRoot+"tickets/4011/attach_file_url", log.reply(200, fixture(t, "tickets/attach_processing.json")))
	err := c.Tickets.AttachFileURLs(context.Background(), 4011,
		AttachFileInput{URL: "https://files.example.com/report.pdf", Filename: "report.pdf"},
		AttachFileInput{URL: "https://files.example.com/photo.jpg", Filename: "photo.jpg"})
	require.NoError(t, err)
	calls := log.all()
	require.Len(t, calls, 1)
	assert.JSONEq(t, `{"files":[{"url":"https://files.example.com/report.pdf","filename":"report.pdf"},{"url":"https://files.example.com/photo.jpg","filename":"photo.jpg"}]}`, string(calls[0].Body))
}

func TestAttachFileURLs422(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	mt.RegisterResponder(http.MethodPost, apiRoot+"tickets/4011/attach_file_url", jsonResponder(422, fixture(t, "tickets/attach_422.json")))
	err := c.Tickets.AttachFileURLs(context.Background(), 4011, AttachFileInput{URL: "https://x.example/a", Filename: "a"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.Messages[0], "Missing files param")
}

func TestAttachFileURLsIsNotResentAfterAServerError(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t, WithRetry(DefaultRetryPolicy()))
	mt.RegisterResponder(http.MethodPost, apiRoot+"tickets/4011/attach_file_url", httpmock.NewStringResponder(502, "Bad Gateway"))
	err := c.Tickets.AttachFileURLs(context.Background(), 4011, AttachFileInput{URL: "https://x.example/a", Filename: "a"})
	require.ErrorIs(t, err, ErrServer)
	assert.ErrorIs(t, err, ErrOutcomeUnknown, "a 5xx to a POST may have been processed")
	assert.Equal(t, 1, mt.GetTotalCallCount(), "a POST is never resent")
}

func TestDeleteAttachmentAndPrint(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPost, apiRoot+"tickets/4011/delete_attachment", log.reply(200, fixture(t, "tickets/attachment_deleted.json")))
	mt.RegisterResponder(http.MethodPost, apiRoot+"tickets/4011/print", func(r *http.Request) (*http.Response, error) {
		log.record(r)
		return httpmock.NewBytesResponse(200, nil), nil
	})
	require.NoError(t, c.Tickets.DeleteAttachment(context.Background(), 4011, 5501))
	require.NoError(t, c.Tickets.Print(context.Background(), 4011), "an empty 200 is a success")
	calls := log.all()
	require.Len(t, calls, 2)
	assert.JSONEq(t, `{"attachment_id":5501}`, string(calls[0].Body))
	assert.Empty(t, calls[1].Body)
}

func TestAttachmentCallRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	assertRefusedBeforeSending(t, []refusal{
		{"attach without files", func(c *Client) error { return c.Tickets.AttachFileURLs(ctx, 1) }, []string{"files"}},
		{"attach relative url", func(c *Client) error {
			return c.Tickets.AttachFileURLs(ctx, 1, AttachFileInput{URL: "report.pdf", Filename: "report.pdf"})
		}, []string{"files.url"}},
		{"attach ftp url", func(c *Client) error {
			return c.Tickets.AttachFileURLs(ctx, 1, AttachFileInput{URL: "ftp://x.example/a", Filename: "a"})
		}, []string{"files.url"}},
		{"attach without name", func(c *Client) error {
			return c.Tickets.AttachFileURLs(ctx, 1, AttachFileInput{URL: "https://x.example/a", Filename: " "})
		}, []string{"files.filename"}},
		{"attach without ticket", func(c *Client) error {
			return c.Tickets.AttachFileURLs(ctx, 0, AttachFileInput{URL: "https://x.example/a", Filename: "a"})
		}, []string{"ticket_id"}},
		{"delete without attachment", func(c *Client) error { return c.Tickets.DeleteAttachment(ctx, 1, 0) }, []string{"attachment_id"}},
		{"print without ticket", func(c *Client) error { return c.Tickets.Print(ctx, 0) }, []string{"id"}},
	})
}

func TestAttachmentURLShapes(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]string{
		`{"id":1,"file_name":"a.png","file":{"url":"https://s3.example/a.png?sig=1"}}`: "https://s3.example/a.png?sig=1",
		`{"id":1,"file_name":"a.png","file":"https://s3.example/a.png?sig=2"}`:         "https://s3.example/a.png?sig=2",
		`{"id":1,"file_name":"a.png","file":null}`:                                     "",
		`{"id":"1","file_name":"a.png"}`:                                               "",
	} {
		var a Attachment
		require.NoError(t, json.Unmarshal([]byte(body), &a), body)
		assert.Equal(t, want, a.URL(), body)
		assert.Equal(t, int64(1), a.ID)
	}
}
