package syncrotest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// attachment is a file attached to a ticket. The fake fetches nothing (it
// is side-effect free): the content stands for the file at sourceURL.
type attachment struct {
	id        int64
	fileName  string
	sourceURL string
	created   time.Time
}

// content is the attachment's bytes.
func (a *attachment) content() []byte {
	return []byte(fmt.Sprintf("syncrotest attachment %d: %s (fetched from %s)\n", a.id, a.fileName, a.sourceURL))
}

// presignedLifetime is how long an attachment URL stays valid, as the
// X-Amz-Expires of Syncro's presigned S3 URLs (quirk 22).
const presignedLifetime = 600 * time.Second

// storagePrefix is where the fake serves attachment files: a stand-in for
// the storage host of Syncro's presigned URLs, with its own rules (no API
// token, an expiring signature).
const storagePrefix = "/storage/attachments"

// signature signs an attachment URL for one issue time.
func (s *Server) signature(id int64, issued int64) string {
	sum := sha256.Sum256([]byte(s.token + "|" + strconv.FormatInt(id, 10) + "|" + strconv.FormatInt(issued, 10)))
	return hex.EncodeToString(sum[:16])
}

// presignedURL is an attachment's download URL as of now: it expires
// presignedLifetime later.
func (s *Server) presignedURL(a *attachment, now time.Time) string {
	issued := now.Unix()
	q := url.Values{}
	q.Set("X-Amz-Date", strconv.FormatInt(issued, 10))
	q.Set("X-Amz-Expires", strconv.Itoa(int(presignedLifetime/time.Second)))
	q.Set("X-Amz-Signature", s.signature(a.id, issued))
	return s.hs.URL + storagePrefix + "/" + strconv.FormatInt(a.id, 10) + "/" + url.PathEscape(a.fileName) + "?" + q.Encode()
}

// attachmentJSON renders an attachment of a ticket detail record, with a
// freshly presigned URL.
func (s *Server) attachmentJSON(a *attachment, now time.Time) obj {
	return obj{
		"id": a.id, "file_name": a.fileName, "file": obj{"url": s.presignedURL(a, now)},
		"created_at": s.ts(a.created), "updated_at": s.ts(a.created),
	}
}

// attachFilesError is Syncro's 422 for a files parameter that is missing
// or not an array of {url, filename} (spec example).
func attachFilesError() response {
	return jsonResp(http.StatusUnprocessableEntity, obj{"error": "Missing files param - or not an array like [{'url':'http://foo','filename': 'test'}]"})
}

// POST /tickets/{id}/attach_file_url {"files": [{"url", "filename"}]}:
// Syncro answers at once and fetches in the background ("Processing -
// refresh ticket in a moment"). The fake "fetches" at once: the ticket's
// detail lists the attachments on the next read.
func (s *Server) attachFileURL(c *call) response {
	t, ok := s.ticketFromPath(c)
	if !ok {
		return notFound()
	}
	files, ok := c.p["files"].([]any)
	if !ok || len(files) == 0 {
		return attachFilesError()
	}
	var adds []*attachment
	for _, f := range files {
		m, ok := f.(map[string]any)
		if !ok {
			return attachFilesError()
		}
		src, _ := castText(m["url"])
		u, _ := src.(string)
		if strings.TrimSpace(u) == "" {
			return attachFilesError()
		}
		name, _ := castText(m["filename"])
		n, _ := name.(string)
		if strings.TrimSpace(n) == "" {
			n = u[strings.LastIndex(u, "/")+1:]
		}
		adds = append(adds, &attachment{fileName: n, sourceURL: u, created: c.now})
	}
	for _, a := range adds {
		a.id = s.st.newID("attachments")
		t.attachments = append(t.attachments, a)
		s.st.created["attachments"]++
	}
	t.updated = c.now
	return jsonResp(http.StatusOK, obj{"message": "Processing - refresh ticket in a moment to see if it worked."})
}

// POST /tickets/{id}/delete_attachment {"attachment_id"}: {"success":
// true}; 404 (no body documented) for an attachment the ticket lacks.
func (s *Server) deleteAttachment(c *call) response {
	t, ok := s.ticketFromPath(c)
	if !ok {
		return notFound()
	}
	id, _ := c.p.int64("attachment_id")
	for i, a := range t.attachments {
		if a.id == id {
			t.attachments = append(t.attachments[:i], t.attachments[i+1:]...)
			t.updated = c.now
			return jsonResp(http.StatusOK, obj{"success": true})
		}
	}
	return notFound()
}

// POST /tickets/{id}/print: 200 with no body (spec).
func (s *Server) printTicket(c *call) response {
	if _, ok := s.ticketFromPath(c); !ok {
		return notFound()
	}
	return response{status: http.StatusOK}
}

// storageError is an S3-style XML error.
func storageError(status int, code, msg string) response {
	return response{status: status, ctype: "application/xml", body: []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		"<Error><Code>" + code + "</Code><Message>" + msg + "</Message></Error>")}
}

// GET /storage/attachments/{id}/{name}?X-Amz-...: the file, like a
// presigned S3 URL: the signature must match, the URL must not have
// expired (403 AccessDenied "Request has expired"), and a request that
// also carries an Authorization header is refused (400), as S3 allows only
// one authentication mechanism. Public: no API token.
func (s *Server) downloadAttachment(c *call) response {
	if c.r.Header.Get("Authorization") != "" {
		return storageError(http.StatusBadRequest, "InvalidArgument", "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified")
	}
	id, ok := c.pathID("id")
	if !ok {
		return storageError(http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
	}
	issued, err := strconv.ParseInt(c.q.Get("X-Amz-Date"), 10, 64)
	if err != nil || c.q.Get("X-Amz-Signature") != s.signature(id, issued) {
		return storageError(http.StatusForbidden, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.")
	}
	if !c.now.Before(time.Unix(issued, 0).Add(presignedLifetime)) {
		return storageError(http.StatusForbidden, "AccessDenied", "Request has expired")
	}
	for _, tid := range sortedIDs(s.st.tickets) {
		for _, a := range s.st.tickets[tid].attachments {
			if a.id == id {
				return response{status: http.StatusOK, ctype: "application/octet-stream", body: a.content()}
			}
		}
	}
	return storageError(http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
}
