package syncro

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInt64(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want int64
		err  bool
	}{
		{`42`, 42, false},
		{`"42"`, 42, false},
		{`" 42 "`, 42, false},
		{`5560138523`, 5560138523, false},
		{`"9007199254740993"`, 9007199254740993, false},
		{`42.0`, 42, false},
		{`"4.2e1"`, 42, false},
		{`null`, 0, false},
		{`""`, 0, false},
		{`42.5`, 0, true},
		{`"abc"`, 0, true},
		{`true`, 0, true},
		{`"9223372036854775807"`, 9223372036854775807, false},
		{`"-9223372036854775808"`, -9223372036854775808, false},
		{`"9223372036854775808"`, 0, true},
		{`1e30`, 0, true},
		{`"-1e19"`, 0, true},
	}
	for _, tt := range tests {
		var v Int64
		err := json.Unmarshal([]byte(tt.in), &v)
		if tt.err {
			assert.Error(t, err, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, Int64(tt.want), v, tt.in)
	}
}

func TestBool(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{
		`true`: true, `false`: false, `"true"`: true, `"false"`: false, `"1"`: true, `"0"`: false,
		`1`: true, `0`: false, `"t"`: true, `"f"`: false, `"yes"`: true, `"No"`: false, `null`: false, `""`: false,
	} {
		var v Bool
		require.NoError(t, json.Unmarshal([]byte(in), &v), in)
		assert.Equal(t, Bool(want), v, in)
	}
	var v Bool
	assert.Error(t, json.Unmarshal([]byte(`"maybe"`), &v))
	assert.Error(t, json.Unmarshal([]byte(`2`), &v))
}

func TestTime(t *testing.T) {
	t.Parallel()
	plus2 := time.FixedZone("", 2*3600)
	tests := []struct {
		in   string
		want time.Time
	}{
		{`"2019-10-21T08:33:21.053Z"`, time.Date(2019, 10, 21, 8, 33, 21, 53e6, time.UTC)},
		{`"2024-05-10T08:26:04.743+02:00"`, time.Date(2024, 5, 10, 8, 26, 4, 743e6, plus2)},
		{`"2024-05-10T08:26:04+0200"`, time.Date(2024, 5, 10, 8, 26, 4, 0, plus2)},
		{`"2024-05-10T08:26:04+02"`, time.Date(2024, 5, 10, 8, 26, 4, 0, plus2)},
		{`"2025-04-11 15:00:53 UTC"`, time.Date(2025, 4, 11, 15, 0, 53, 0, time.UTC)},
		{`"2025-04-11 15:00:53.5 UTC"`, time.Date(2025, 4, 11, 15, 0, 53, 5e8, time.UTC)},
		{`"2019-10-21 08:33:21 +0200"`, time.Date(2019, 10, 21, 8, 33, 21, 0, plus2)},
		{`"2019-10-21T08:33:21.123456789123Z"`, time.Date(2019, 10, 21, 8, 33, 21, 123456789, time.UTC)},
		{`"2019-02-25"`, time.Date(2019, 2, 25, 0, 0, 0, 0, time.UTC)},
		{`"2019-02-25T10:00:00"`, time.Date(2019, 2, 25, 10, 0, 0, 0, time.UTC)},
		{`null`, time.Time{}},
		{`""`, time.Time{}},
	}
	for _, tt := range tests {
		var v Time
		require.NoError(t, json.Unmarshal([]byte(tt.in), &v), tt.in)
		assert.True(t, tt.want.Equal(v.Time), "%s: got %s", tt.in, v.Time)
		_, wantOff := tt.want.Zone()
		_, gotOff := v.Zone()
		assert.Equal(t, wantOff, gotOff, "%s keeps its offset", tt.in)
	}
	var v Time
	assert.ErrorContains(t, json.Unmarshal([]byte(`"yesterday"`), &v), `cannot read "yesterday" as a timestamp`)

	b, err := json.Marshal(Time{time.Date(2024, 5, 10, 8, 26, 4, 743e6, plus2)})
	require.NoError(t, err)
	assert.Equal(t, `"2024-05-10T08:26:04.743+02:00"`, string(b))
	b, _ = json.Marshal(Time{})
	assert.Equal(t, `null`, string(b))
}

func TestDecimalsFromNumberOrString(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{`12.5`: "12.5", `"12.5"`: "12.5", `"1.0"`: "1", `0`: "0", `"-3.25"`: "-3.25", `"1.5e3"`: "1500", `null`: "0", `""`: "0"} {
		var f flexDecimal
		require.NoError(t, json.Unmarshal([]byte(in), &f), in)
		assert.True(t, decimal.RequireFromString(want).Equal(f.d), "%s gave %s", in, f.d)
	}
	var f flexDecimal
	assert.Error(t, json.Unmarshal([]byte(`"ten"`), &f))

	var o optDecimal
	require.NoError(t, json.Unmarshal([]byte(`null`), &o))
	assert.Nil(t, o.d, "null is absent, not zero")
	require.NoError(t, json.Unmarshal([]byte(`"0"`), &o))
	require.NotNil(t, o.d)
	assert.True(t, o.d.IsZero())
	// 0.1 + 0.2 stays exact.
	var a, b flexDecimal
	require.NoError(t, json.Unmarshal([]byte(`0.1`), &a))
	require.NoError(t, json.Unmarshal([]byte(`"0.2"`), &b))
	assert.Equal(t, "0.3", a.d.Add(b.d).String())
}

func TestProperties(t *testing.T) {
	t.Parallel()
	var p Properties
	require.NoError(t, json.Unmarshal([]byte(`{"Device Type":"Hard Drive","VIP":"1","Seats":12,"Rate":"99.95","Big":12345678901234567890,
		"Active":true,"Renewal":"2026-01-31","CPU Age":"4","Tags":["a","b"],"Empty":null,"Model No.:":"SM-A705X"}`), &p))

	assert.Equal(t, "Hard Drive", p.String("Device Type"))
	assert.Equal(t, "12", p.String("Seats"))
	assert.Equal(t, "12345678901234567890", p.String("Big"), "numbers are kept exactly")
	assert.Equal(t, `["a","b"]`, p.String("Tags"))
	assert.Equal(t, "", p.String("Empty"))
	assert.Equal(t, "", p.String("Missing"))
	assert.Equal(t, "SM-A705X", p.String("Model No.:"))

	v, ok := p.Bool("VIP")
	assert.True(t, ok)
	assert.True(t, v)
	v, ok = p.Bool("Active")
	assert.True(t, ok && v)
	_, ok = p.Bool("Device Type")
	assert.False(t, ok)

	n, ok := p.Int64("Seats")
	assert.True(t, ok)
	assert.Equal(t, int64(12), n)
	_, ok = p.Int64("Rate")
	assert.False(t, ok)

	d, ok := p.Decimal("Rate")
	assert.True(t, ok)
	assert.Equal(t, "99.95", d.String())

	tm, ok := p.Time("Renewal")
	assert.True(t, ok)
	assert.Equal(t, time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC), tm)

	for _, spelling := range []string{"CPU Age", "CPUAge", "cpu_age", "cpu-age"} {
		assert.Equal(t, "4", p.String(spelling), spelling)
	}

	for _, in := range []string{`null`, `[]`} {
		var q Properties
		require.NoError(t, json.Unmarshal([]byte(in), &q), in)
		assert.Empty(t, q)
		assert.Equal(t, "", q.String("x"), "a nil map reads as empty")
	}
}

func TestParseBool(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"true", "TRUE", "1", "yes", "Y", "on", " t "} {
		v, ok := ParseBool(s)
		assert.True(t, ok && v, s)
	}
	for _, s := range []string{"false", "0", "No", "off", "f"} {
		v, ok := ParseBool(s)
		assert.True(t, ok && !v, s)
	}
	for _, s := range []string{"", "2", "maybe"} {
		_, ok := ParseBool(s)
		assert.False(t, ok, s)
	}
}

func TestPtr(t *testing.T) {
	t.Parallel()
	p := Ptr("x")
	assert.Equal(t, "x", *p)
	q := Ptr(int64(4))
	*q = 5
	assert.Equal(t, int64(5), *q)
}
