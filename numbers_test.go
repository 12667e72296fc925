package syncro

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/internal/number"
)

func TestDecimalWithACommaIsAnError(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`"12,5"`, `"1,234.50"`, `"1,5e2"`, `",5"`} {
		var f flexDecimal
		err := json.Unmarshal([]byte(in), &f)
		require.Error(t, err, "%s must not be read as %s", in, f.d)
		assert.Contains(t, err.Error(), "comma")
		var o optDecimal
		require.Error(t, json.Unmarshal([]byte(in), &o), in)
	}
	_, ok := Properties{"Rate": "12,5"}.Decimal("Rate")
	assert.False(t, ok, "a custom field with a comma is not 125")
}

func TestAbsurdNumbersAreRefused(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("9", 1<<20)
	for _, in := range []string{
		huge, `"` + huge + `"`, `"0.` + huge + `"`, `"1e1000000000"`, `"1e-999999999"`, `"1` + strings.Repeat("0", 41) + `"`,
		`"9223372036854775808"`, `"-9223372036854775809"`, `"1e19"`, `"4.2"`, `"1e"`, `"1e+-2"`, `"- 1"`, `"0x10"`,
	} {
		var n Int64
		err := json.Unmarshal([]byte(in), &n)
		require.Error(t, err, shorten(in, 40))
		assert.Less(t, len(err.Error()), 300, "the message quotes only the start of the value")
	}
	for _, in := range []string{huge, `"` + huge + `"`, `"1e1000000000"`, `"-0.` + huge + `"`} {
		var f flexDecimal
		require.Error(t, json.Unmarshal([]byte(in), &f), shorten(in, 40))
		var o optFloat
		err := json.Unmarshal([]byte(`"`+strings.Trim(in, `"`)+`"`), &o)
		if in != `"1e1000000000"` {
			require.Error(t, err, shorten(in, 40))
			assert.Less(t, len(err.Error()), 300)
		}
	}
	// What real payloads carry still reads.
	for in, want := range map[string]int64{`42`: 42, `"42"`: 42, `"42.0"`: 42, `"4.2e1"`: 42, `"-7"`: -7, `"9223372036854775807"`: 1<<63 - 1} {
		var n Int64
		require.NoError(t, json.Unmarshal([]byte(in), &n), in)
		assert.Equal(t, Int64(want), n, in)
	}
	var f flexDecimal
	require.NoError(t, json.Unmarshal([]byte(`"123456789012345678901234567890.1234567890"`), &f), "40 digits still read")
	assert.Equal(t, "123456789012345678901234567890.123456789", f.d.String())
}

// TestHugeNumbersAreRefusedByLength: number.Check and parseInt64 refuse a
// long number by its length, before any parser reads its digits (the
// benchmark BenchmarkHugeNumber measures the cost against a plain string).
func TestHugeNumbersAreRefusedByLength(t *testing.T) {
	t.Parallel()
	for _, size := range []int{1 << 10, 1 << 20, 8 << 20} {
		s := strings.Repeat("1", size)
		err := number.Check(s)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "too long")
		_, err = parseInt64(s)
		require.Error(t, err)
	}
	// A whole page with an absurd id fails once, with a short message.
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"customers/1",
		jsonResponder(200, []byte(`{"customer":{"id":`+strings.Repeat("7", 1<<20)+`,"business_name":"x","prepay_hours":"1"}}`)))
	_, err := c.Customers.Get(context.Background(), 1)
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 1000)
}

// BenchmarkHugeNumber reads an 8M-digit id and price, against decoding the
// same bytes as a plain string (json.Unmarshal's own linear scan): the
// refusal costs about what reading the bytes does, where the decimal parser
// took minutes.
func BenchmarkHugeNumber(b *testing.B) {
	digits := strings.Repeat("9", 8<<20)
	quoted := []byte(`"` + digits + `"`)
	b.Run("string baseline", func(b *testing.B) {
		b.SetBytes(int64(len(quoted)))
		for i := 0; i < b.N; i++ {
			var s string
			if err := json.Unmarshal(quoted, &s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Int64", func(b *testing.B) {
		b.SetBytes(int64(len(quoted)))
		for i := 0; i < b.N; i++ {
			var n Int64
			if json.Unmarshal(quoted, &n) == nil {
				b.Fatal("accepted")
			}
		}
	})
	b.Run("flexDecimal", func(b *testing.B) {
		b.SetBytes(int64(len(quoted)))
		for i := 0; i < b.N; i++ {
			var f flexDecimal
			if json.Unmarshal(quoted, &f) == nil {
				b.Fatal("accepted")
			}
		}
	})
}
