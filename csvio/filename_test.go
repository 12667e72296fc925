package csvio

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestFileName(t *testing.T) {
	t.Parallel()
	at := time.Date(2024, 3, 9, 14, 5, 7, 0, time.UTC)
	tests := []struct{ prefix, want string }{
		{"1234567", "1234567_2024_03_09_14_05_07.csv"},
		{"Acme Tech Solutions", "Acme_Tech_Solutions_2024_03_09_14_05_07.csv"},
		{"[Example] Acme Tech Solutions", "Example_Acme_Tech_Solutions_2024_03_09_14_05_07.csv"},
		{"Smith & Sons / Plumbing\\Heating", "Smith_Sons_Plumbing_Heating_2024_03_09_14_05_07.csv"},
		{"../../etc/passwd", "etc_passwd_2024_03_09_14_05_07.csv"},
		{"Zürich Café", "Z_rich_Caf_2024_03_09_14_05_07.csv"},
		{"日本語", "export_2024_03_09_14_05_07.csv"},
		{"", "export_2024_03_09_14_05_07.csv"},
		{"  ...  ", "export_2024_03_09_14_05_07.csv"},
		{"a:b*c?d\"e<f>g|h", "a_b_c_d_e_f_g_h_2024_03_09_14_05_07.csv"},
		{"Line\nBreak\x00Nul", "Line_Break_Nul_2024_03_09_14_05_07.csv"},
		{"CON", "CON_export_2024_03_09_14_05_07.csv"},
		{"con", "con_export_2024_03_09_14_05_07.csv"},
		{"Nul.", "Nul_export_2024_03_09_14_05_07.csv"},
		// Windows reads a name up to its first dot: CON.Ltd is CON.
		{"CON.Ltd", "CON_Ltd_2024_03_09_14_05_07.csv"},
		{"com7.net", "com7_net_2024_03_09_14_05_07.csv"},
		{"LPT9", "LPT9_export_2024_03_09_14_05_07.csv"},
		{"Console Co", "Console_Co_2024_03_09_14_05_07.csv"},
		{"v1.2 Partners", "v1.2_Partners_2024_03_09_14_05_07.csv"},
		{strings.Repeat("Long ", 40), strings.TrimRight(strings.Repeat("Long_", 16), "_") + "_2024_03_09_14_05_07.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			t.Parallel()
			got := FileName(tt.prefix, at)
			assert.Equal(t, tt.want, got)
			assert.NotContains(t, got, "/")
			assert.NotContains(t, got, `\`)
			assert.LessOrEqual(t, len(got), 80+len("_2024_03_09_14_05_07.csv"))
		})
	}
}
