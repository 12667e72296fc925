package syncro_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeTourIsTheRunnableTour keeps the README honest: every Go block
// in it must appear, line for line, in examples/tour, which CI builds, tests
// and runs.
func TestReadmeTourIsTheRunnableTour(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var tour strings.Builder
	for _, f := range []string{"examples/tour/main.go", "examples/tour/tour_test.go"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tour.Write(b)
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	if len(blocks) == 0 {
		t.Fatal("README.md has no Go blocks: the tour is gone")
	}
	for _, b := range blocks {
		if !strings.Contains(tour.String(), b[1]) {
			t.Errorf("this README block is not in examples/tour, so nothing checks that it runs:\n%s", b[1])
		}
	}
	first := strings.SplitN(string(readme), "```", 3)
	if len(first) < 3 || !strings.Contains(first[1], "go run ./examples/quickstart") || !strings.Contains(first[1], "go test ./...") {
		t.Error("README.md must open with the demo and test commands")
	}
}
