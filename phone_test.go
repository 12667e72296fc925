package syncro

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNormalizePhone(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
	}{
		// What Syncro does on save (SYNCRO_API.md §4.1): 555-0999 -> 5550999.
		{"555-0999", "5550999"},
		{"5550999", "5550999"},
		{"(133) 358-5295", "1333585295"},
		{"  133.358.5295 ", "1333585295"},
		{"+44 20 7946 0958", "+442079460958"},
		{"+1 (555) 010-0199", "+15550100199"},
		{"0044 20 7946 0958", "00442079460958"},
		{"555+0100", "5550100"},
		{"657.325.3258 x330", "6573253258"},
		{"657.325.3258 ext. 330", "6573253258"},
		{"657.325.3258 Extension: 330", "6573253258"},
		{"657.325.3258#330", "6573253258"},
		{"1-800-BOX-SHIP", "1800"},
		{"1-800-FLOWERS", "1800"},
		{"", ""},
		{"n/a", ""},
		{"+", ""},
		{"x123", "123"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, NormalizePhone(tt.in), "NormalizePhone(%q)", tt.in)
	}
}

func TestNormalizePhoneMatchesWhatSyncroStores(t *testing.T) {
	t.Parallel()
	// A number typed with formatting and the stripped number Syncro sends
	// back are one phone for deduplication.
	typed := []string{"555-0999", "555 0999", "(555) 0999", "555.0999"}
	for _, s := range typed {
		assert.Equal(t, NormalizePhone("5550999"), NormalizePhone(s), s)
	}
}

func TestPhonesMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"555-0999", "5550999", true},
		{"+1 555 010 0199", "(555) 010-0199", true},
		{"(555) 010-0199", "+1 555 010 0199", true},
		{"+44 20 7946 0958", "020 7946 0958", true},
		{"+44 20 7946 0958", "+1 20 7946 0958", false},
		{"+15550100199", "+15550100199", true},
		{"555-0100", "555-0101", false},
		{"+1 555 0100", "0100", false}, // too few digits to say
		{"", "", false},
		{"n/a", "n/a", false},
		{"5550100199", "5550100199 x12", true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, PhonesMatch(tt.a, tt.b), "PhonesMatch(%q, %q)", tt.a, tt.b)
	}
}
