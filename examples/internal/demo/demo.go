// Package demo gives the examples their client: the real account when
// SYNCRO_API_TOKEN and SYNCRO_SUBDOMAIN (or SYNCRO_BASE_URL) are set, else
// an in-memory fake Syncro (syncrotest) loaded with a small demo account.
// Either way it says on stderr which one is used.
package demo

import (
	"fmt"
	"os"
	"strings"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// Account is the account an example talks to.
type Account struct {
	Client *syncro.Client
	Real   bool   // a real Syncro account, not the built-in fake
	Name   string // what to call it in messages
	close  func()
}

// Close releases the fake server, if one was started.
func (a *Account) Close() { a.close() }

// Connect returns the account the example should use.
func Connect(product string) (*Account, error) {
	opts := []syncro.Option{syncro.WithUserAgent(product)}
	if strings.TrimSpace(os.Getenv(syncro.EnvToken)) != "" &&
		(os.Getenv(syncro.EnvSubdomain) != "" || os.Getenv(syncro.EnvBaseURL) != "") {
		client, err := syncro.NewClientFromEnv(opts...)
		if err != nil {
			return nil, err
		}
		name := client.BaseURL()
		fmt.Fprintf(os.Stderr, "Using the Syncro account at %s (from SYNCRO_* environment variables).\n\n", name)
		return &Account{Client: client, Real: true, Name: name, close: func() {}}, nil
	}
	srv := syncrotest.NewServer(syncrotest.WithDemoData())
	fmt.Fprintln(os.Stderr, "Using the built-in demo account: an in-memory fake Syncro, nothing leaves this machine.")
	fmt.Fprintln(os.Stderr, "Set SYNCRO_SUBDOMAIN and SYNCRO_API_TOKEN to run against your own account.")
	fmt.Fprintln(os.Stderr)
	return &Account{Client: srv.Client(opts...), Name: "the demo account", close: srv.Close}, nil
}
