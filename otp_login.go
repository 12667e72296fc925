package syncro

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// OTPSession is the answer of a successful POST /otp_login: a session
// token to send, with the API token, in the Authorization2FAToken header of
// later requests. SessionToken is a credential: an OTPSession prints it
// redacted (with every fmt verb, and as a slog value), and this package
// never logs it. Read the field itself to use it.
type OTPSession struct {
	Login           bool      `json:"login"`
	SessionToken    string    `json:"session_token"`
	TokenExpiration time.Time `json:"token_expiration"`
	Instructions    string    `json:"instructions"`
}

const redactedMark = "[REDACTED]"

func (s OTPSession) redacted() string {
	tok := ""
	if s.SessionToken != "" {
		tok = redactedMark
	}
	return fmt.Sprintf("syncro.OTPSession{Login:%t SessionToken:%s TokenExpiration:%s}",
		s.Login, tok, s.TokenExpiration.Format(time.RFC3339))
}

// String describes the session without its token.
func (s OTPSession) String() string { return s.redacted() }

// GoString is String: %#v does not show the token either.
func (s OTPSession) GoString() string { return s.redacted() }

// Format prints the session without its token, whatever the verb.
func (s OTPSession) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.redacted())) }

// LogValue keeps the token out of slog output.
func (s OTPSession) LogValue() slog.Value {
	return slog.GroupValue(slog.Bool("login", s.Login), slog.String("session_token", redactedMark),
		slog.Time("token_expiration", s.TokenExpiration))
}

// OTPLoginInput is the one-time code of POST /otp_login. It is a
// credential: it prints redacted and is never logged.
type OTPLoginInput struct {
	Code string `json:"code"`
}

// String describes the input without its code.
func (in OTPLoginInput) String() string { return "syncro.OTPLoginInput{Code:" + redactedMark + "}" }

// GoString is String.
func (in OTPLoginInput) GoString() string { return in.String() }

// Format prints the input without its code, whatever the verb.
func (in OTPLoginInput) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(in.String())) }

// UnmarshalJSON reads the answer whatever the types Syncro used.
func (s *OTPSession) UnmarshalJSON(b []byte) error { return decodeModel(b, s) }

// OTPLogin exchanges a one-time (multi-factor) code for a session token:
// POST /otp_login. The code and the session token are credentials: they
// never appear in an error, a log line or a printed value. A refused code
// is a 401 *APIError carrying Syncro's instructions.
func (s *UsersService) OTPLogin(ctx context.Context, code string) (*OTPSession, error) {
	code = strings.TrimSpace(code)
	if code == "" {
		return nil, &ValidationError{Op: "otp login", Fields: []string{"code"}, Reason: "give the one-time code"}
	}
	out := new(OTPSession)
	err := s.client.do(ctx, request{method: http.MethodPost, path: "otp_login", body: OTPLoginInput{Code: code}, secretBody: true,
		decode: func(b []byte) error {
			if err := decodeInto(out)(b); err != nil {
				return err
			}
			if !out.Login || out.SessionToken == "" {
				return errors.New("the answer holds no session token")
			}
			return nil
		}})
	if err != nil {
		return nil, scrubSecret(err, code)
	}
	return out, nil
}

// scrubSecret takes a credential other than the token (a one-time code)
// out of an error: from an *APIError's body and messages, in case Syncro
// echoed it back, and from the error's text.
func scrubSecret(err error, secret string) error {
	if secret == "" {
		return err
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		apiErr.Body = bytes.ReplaceAll(apiErr.Body, []byte(secret), []byte(redactedMark))
		for i, m := range apiErr.Messages {
			apiErr.Messages[i] = strings.ReplaceAll(m, secret, redactedMark)
		}
		for k, ms := range apiErr.FieldErrors {
			for i, m := range ms {
				apiErr.FieldErrors[k][i] = strings.ReplaceAll(m, secret, redactedMark)
			}
		}
	}
	if msg := err.Error(); strings.Contains(msg, secret) {
		return &redactedError{msg: strings.ReplaceAll(msg, secret, redactedMark), err: err}
	}
	return err
}
