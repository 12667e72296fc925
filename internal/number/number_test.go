package number

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"0", "42", "-7", "+3", "12.5", ".5", "5.", "1e3", "4.2E-1", "1e+40", strings.Repeat("9", MaxDigits)} {
		if err := Check(ok); err != nil {
			t.Errorf("Check(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{
		"", "-", ".", "e5", "1e", "1e+", "1e+-2", "1e41", "1e-41", "1e999999999", "12,5", "1,234.50", "1.2.3", "0x10", " 1", "1 ",
		"NaN", "Inf", "--1", strings.Repeat("9", MaxDigits+1), "0." + strings.Repeat("0", MaxDigits), strings.Repeat("1", 8<<20),
	} {
		if err := Check(bad); err == nil {
			t.Errorf("Check(%.40q) = nil, want an error", bad)
		}
	}
	if err := Check("12,5"); err == nil || !strings.Contains(err.Error(), "comma") {
		t.Errorf("Check(12,5) = %v, want a word about the comma", err)
	}
}
