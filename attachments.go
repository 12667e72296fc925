package syncro

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Attachment is a file attached to a ticket, as listed in the ticket's
// detail record. Its URL is presigned and expires within minutes of the
// answer that carried it: download the file at once with
// TicketsService.DownloadAttachment and do not store the URL. To download it
// later, fetch the ticket again for a fresh URL.
type Attachment struct {
	ID        int64           `json:"id"`
	FileName  string          `json:"file_name"`
	File      *AttachmentFile `json:"file"`
	CreatedAt time.Time       `json:"created_at"`
	UpdatedAt time.Time       `json:"updated_at"`
	// Unparsed keeps, as Syncro sent them, the values of object- or
	// array-typed fields whose shape did not fit (decode.go).
	Unparsed map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON reads an attachment whatever the types Syncro used.
func (a *Attachment) UnmarshalJSON(b []byte) error { return decodeModel(b, a) }

// AttachmentFile is where an attachment's content is: a presigned URL.
type AttachmentFile struct {
	URL string `json:"url"`
}

// UnmarshalJSON reads an attachment's file whatever the types Syncro used.
func (f *AttachmentFile) UnmarshalJSON(b []byte) error { return decodeModel(b, f) }

// URL returns the attachment's presigned download URL, or "" when the
// record carries none. Syncro nests it as file.url; a file sent as a plain
// string URL is accepted too.
func (a *Attachment) URL() string {
	if a == nil {
		return ""
	}
	if a.File != nil {
		return a.File.URL
	}
	var s string
	if raw, ok := a.Unparsed["file"]; ok && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return ""
}

// AttachFileInput names a file, reachable at a URL, for Syncro to fetch and
// attach to a ticket.
type AttachFileInput struct {
	URL      string `json:"url"`      // where Syncro downloads the file from
	Filename string `json:"filename"` // the attachment's name on the ticket
}

// AttachFileURLs asks Syncro to fetch files from URLs and attach them to a
// ticket. Syncro answers at once ("Processing - refresh ticket in a moment
// to see if it worked.") and fetches the files afterwards: the attachments
// appear in the ticket's detail record (Tickets.Get) once fetched, or never
// when a URL cannot be fetched. Each file needs an absolute http(s) URL
// and a filename (checked before any request). Like every POST, it is
// never resent after a failure that may have reached Syncro.
//
// POST /tickets/{id}/attach_file_url
func (s *TicketsService) AttachFileURLs(ctx context.Context, ticketID int64, files ...AttachFileInput) error {
	const op = "attach files"
	if err := checkID(op, "ticket_id", ticketID); err != nil {
		return err
	}
	if len(files) == 0 {
		return &ValidationError{Op: op, Fields: []string{"files"}, Reason: "give at least one file"}
	}
	for i, f := range files {
		u, err := url.Parse(strings.TrimSpace(f.URL))
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return &ValidationError{Op: op, Fields: []string{"files.url"}, Reason: fmt.Sprintf("file %d: Syncro fetches the file itself: give an absolute http(s) URL", i+1)}
		}
		if strings.TrimSpace(f.Filename) == "" {
			return &ValidationError{Op: op, Fields: []string{"files.filename"}, Reason: fmt.Sprintf("file %d: give the attachment's file name", i+1)}
		}
	}
	body := struct {
		Files []AttachFileInput `json:"files"`
	}{files}
	return action(ctx, s.client, http.MethodPost, apiPath("tickets", ticketID, "attach_file_url"), nil, body, nil)
}

// DeleteAttachment removes an attachment from a ticket. Syncro takes a POST
// for this, so it is never resent after a failure that may have reached
// Syncro.
//
// POST /tickets/{id}/delete_attachment
func (s *TicketsService) DeleteAttachment(ctx context.Context, ticketID, attachmentID int64) error {
	if err := checkIDs("delete attachment", "ticket_id", ticketID, "attachment_id", attachmentID); err != nil {
		return err
	}
	return remove(ctx, s.client, http.MethodPost, apiPath("tickets", ticketID, "delete_attachment"), map[string]int64{"attachment_id": attachmentID})
}

// DownloadOptions bound an attachment download.
type DownloadOptions struct {
	// MaxBytes is the largest file accepted; a bigger one fails with
	// ErrAttachmentTooLarge. 0 means DefaultMaxAttachmentBytes.
	MaxBytes int64
}

// DefaultMaxAttachmentBytes is the size limit of a download when
// DownloadOptions.MaxBytes is not set: 64 MiB.
const DefaultMaxAttachmentBytes int64 = 64 << 20

// maxDownloadRedirects is how many redirects a download follows.
const maxDownloadRedirects = 5

// ErrAttachmentTooLarge is returned by DownloadAttachment when the file is
// larger than the limit. Part of it may have been written: discard it.
var ErrAttachmentTooLarge = errors.New("syncro: the attachment is larger than the download limit: raise DownloadOptions.MaxBytes or skip it")

// ErrAttachmentNoURL is returned by DownloadAttachment for an attachment
// record without a URL.
var ErrAttachmentNoURL = errors.New("syncro: the attachment carries no download URL: fetch the ticket again with Tickets.Get")

// DownloadAttachment fetches an attachment's file at once and writes it to
// w, returning the number of bytes written. Attachment URLs are presigned
// and expire soon after Syncro sent them, so call it right after the
// Tickets.Get that returned the attachment; an expired URL fails (usually
// with 403 from the storage host): fetch the ticket again.
//
// The presigned URL is its own credential: the request carries no API token
// and no Syncro header, whatever host the URL names, and redirects are
// followed without one either. It does not go through the client's rate
// limiter (the file is not on Syncro's API) and is not retried (w may have
// received part of the file). The file is streamed, never held in memory;
// a file over the limit fails with ErrAttachmentTooLarge. ctx bounds the
// whole download. Errors name the URL's host and path but never its query,
// which holds the signature.
func (s *TicketsService) DownloadAttachment(ctx context.Context, a *Attachment, w io.Writer, opts *DownloadOptions) (int64, error) {
	if a == nil {
		return 0, &ValidationError{Op: "download attachment", Reason: "no attachment given"}
	}
	raw := a.URL()
	if strings.TrimSpace(raw) == "" {
		return 0, ErrAttachmentNoURL
	}
	if w == nil {
		return 0, &ValidationError{Op: "download attachment", Reason: "no writer given"}
	}
	limit := DefaultMaxAttachmentBytes
	if opts != nil && opts.MaxBytes > 0 {
		limit = opts.MaxBytes
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme == "" && u.Host == "") {
		return 0, fmt.Errorf("syncro: download attachment %d: the URL is not an absolute URL: fetch the ticket again", a.ID)
	}
	if err := checkDownloadURL(u); err != nil {
		return 0, fmt.Errorf("syncro: download attachment %d: %w", a.ID, err)
	}
	if u.Host == "" {
		return 0, fmt.Errorf("syncro: download attachment %d: the URL names no host: fetch the ticket again", a.ID)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return 0, fmt.Errorf("syncro: download attachment %d: %s", a.ID, redactURL(u))
	}
	resp, err := s.client.downloadClient().Do(req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return 0, ctxErr
		}
		return 0, fmt.Errorf("syncro: download attachment %d from %s: %w", a.ID, redactURL(u), scrubURLError(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		hint := ""
		if resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusNotFound {
			hint = ": the presigned URL has probably expired; fetch the ticket again and download at once"
		}
		return 0, fmt.Errorf("syncro: download attachment %d from %s: %d %s%s", a.ID, redactURL(u), resp.StatusCode, http.StatusText(resp.StatusCode), hint)
	}
	if resp.ContentLength > limit {
		return 0, fmt.Errorf("syncro: download attachment %d: %d bytes over the limit of %d: %w", a.ID, resp.ContentLength, limit, ErrAttachmentTooLarge)
	}
	n, err := io.Copy(w, io.LimitReader(resp.Body, limit))
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return n, ctxErr
		}
		return n, fmt.Errorf("syncro: download attachment %d from %s: after %d bytes: %w", a.ID, redactURL(u), n, scrubURLError(err))
	}
	if n == limit {
		// One more byte tells a file of exactly the limit from a bigger one.
		var one [1]byte
		if m, _ := resp.Body.Read(one[:]); m > 0 {
			return n, fmt.Errorf("syncro: download attachment %d: over the limit of %d bytes: %w", a.ID, limit, ErrAttachmentTooLarge)
		}
	}
	return n, nil
}

// checkDownloadURL accepts https URLs, and plain http only for loopback
// hosts (tests and local fakes).
func checkDownloadURL(u *url.URL) error {
	switch strings.ToLower(u.Scheme) {
	case "https":
		return nil
	case "http":
		if isLoopback(u.Hostname()) {
			return nil
		}
	}
	return fmt.Errorf("refusing to download from %s: only https URLs (plain http on loopback) are fetched", redactURL(u))
}

// redactURL returns scheme, host and path: no query (a presigned URL's
// signature) and no user info.
func redactURL(u *url.URL) string {
	r := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	return r.String()
}

// scrubURLError drops the URL a *url.Error carries (with its signature),
// keeping the cause.
func scrubURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// downloadClient is the client's HTTP client without a token anywhere: the
// same transport (proxies, TLS settings), a redirect policy that never adds
// a header, and no cookies.
func (c *Client) downloadClient() *http.Client {
	hc := &http.Client{Timeout: c.hc.Timeout, Transport: c.hc.Transport}
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxDownloadRedirects {
			return fmt.Errorf("stopped after %d redirects", maxDownloadRedirects)
		}
		if err := checkDownloadURL(req.URL); err != nil {
			return err
		}
		req.Header.Del("Authorization")
		req.Header.Del("Cookie")
		return nil
	}
	return hc
}
