package syncro_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeShowsTheInstalledCommand: the README says how to install the
// command, shows it as `syncro ...` (go run turns every failure into exit
// 1), documents its exit codes, and gives a go doc call that works.
func TestReadmeShowsTheInstalledCommand(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, want := range []string{
		"go install github.com/syncrokit/syncro/cmd/syncro@latest",
		"go doc -all github.com/syncrokit/syncro",
		"syncro contacts import contacts.csv --dry-run",
		"**0** success; **1** some rows failed",
		"**2** wrong usage",
		"`go run` turns\nevery failure into exit 1",
	} {
		if !strings.Contains(readme, want) {
			t.Errorf("README.md does not say %q", want)
		}
	}
	if m := regexp.MustCompile(`(?m)^go run \./cmd/syncro .*$`).FindString(readme); m != "" {
		t.Errorf("README.md shows the command through go run, which hides its exit codes: %s", m)
	}
	if strings.Contains(readme, "go doc ./...") {
		t.Error("README.md gives `go doc ./...`, which go doc does not accept")
	}
}

// TestPackageDocStartsWithWhereToStart: the first screen of `go doc`
// shows how to construct a client, iterate, handle errors and test with
// the fake.
func TestPackageDocStartsWithWhereToStart(t *testing.T) {
	b, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	first := strings.Join(lines[:min(len(lines), 40)], "\n")
	for _, want := range []string{"# Where to start", "syncro.NewClient(", ".All(ctx", "errors.Is", "syncrotest.NewServer(", "srv.Client()"} {
		if !strings.Contains(first, want) {
			t.Errorf("the package doc's first screen lacks %q", want)
		}
	}
}
