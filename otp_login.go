package syncro

import "time"

// OTPSession is the answer of a successful POST /otp_login: a session
// token to send, with the API token, in the Authorization2FAToken header of
// later requests. SessionToken is a credential: OTPSession prints it
// redacted (String, GoString, and every fmt verb), and this package never
// logs it.
type OTPSession struct {
	Login           bool
	SessionToken    string
	TokenExpiration time.Time
	Instructions    string
}
