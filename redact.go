package syncro

import (
	"strings"
)

// redactGram is the shortest run of the token's characters that is
// redacted: Syncro may echo a token in part (cut to a column's width, split
// by a line break), and 8 random characters are already a large share of
// what a guesser needs.
const redactGram = 8

// redactor scrubs one token from text: whole or in part (any run of
// redactGram or more of its consecutive characters), and also where the
// text spells it with escapes (JSON \u0054, HTML &#84; or &#x54;, URL %54).
// It reads the text once, decoding escapes as it goes, keeps the last
// redactGram characters in a uint64, and looks that up (behind a bit filter)
// only where that many characters in a row could belong to the token.
type redactor struct {
	k       int                 // the gram length: redactGram, or the whole token when shorter
	mask    uint64              // the low k bytes
	grams   map[uint64]struct{} // every substring of the token of length k, packed
	filter  [16]uint64          // a 1024-bit filter over grams
	inToken [256]bool           // the bytes the token contains
}

func newRedactor(token string) *redactor {
	r := &redactor{k: min(redactGram, len(token)), grams: map[uint64]struct{}{}}
	if r.k == 0 {
		return r
	}
	r.mask = ^uint64(0) >> (64 - 8*r.k)
	for i := 0; i+r.k <= len(token); i++ {
		var g uint64
		for j := i; j < i+r.k; j++ {
			g = g<<8 | uint64(token[j])
		}
		r.grams[g] = struct{}{}
		h := filterBit(g)
		r.filter[h>>6] |= 1 << (h & 63)
	}
	for i := 0; i < len(token); i++ {
		r.inToken[token[i]] = true
	}
	return r
}

func filterBit(g uint64) uint64 { return (g * 0x9E3779B97F4A7C15) >> 54 }

// String keeps the token's pieces out of any printed value.
func (r *redactor) String() string { return "[REDACTED]" }

// span is a half-open byte range [start, end).
type span struct{ start, end int }

// redact returns s with every run of the token's characters, plain or
// escaped, replaced by [REDACTED].
func (r *redactor) redact(s string) string {
	if r == nil || r.k == 0 || len(s) < r.k {
		return s
	}
	spans := r.find(s)
	if len(spans) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp.start])
		b.WriteString("[REDACTED]")
		last = sp.end
	}
	b.WriteString(s[last:])
	return b.String()
}

// find returns the merged spans of s covered by grams of the token.
func (r *redactor) find(s string) []span {
	var spans []span
	var window uint64
	var starts [redactGram]int // where each of the last k characters starts in s
	run, count := 0, 0
	for i := 0; i < len(s); {
		c, n := s[i], 1
		if c == '\\' || c == '&' || c == '%' {
			c, n = unescapeAt(s, i)
		}
		at := i
		i += n
		if !r.inToken[c] {
			run = 0
			continue
		}
		window = window<<8 | uint64(c)
		starts[count%r.k] = at
		count++
		run++
		if run < r.k {
			continue
		}
		g := window & r.mask
		if h := filterBit(g); r.filter[h>>6]&(1<<(h&63)) == 0 {
			continue
		}
		if _, ok := r.grams[g]; !ok {
			continue
		}
		sp := span{starts[count%r.k], i}
		if last := len(spans) - 1; last >= 0 && sp.start <= spans[last].end {
			spans[last].end = sp.end
			continue
		}
		spans = append(spans, sp)
	}
	return spans
}

// unescapeAt reads the character at s[i], decoding \uXXXX, \/, %XX, &#NN;
// and &#xHH; (the semicolon optional, as browsers read it). It returns the
// byte (0 for a non-ASCII character) and how many bytes of s it spans.
func unescapeAt(s string, i int) (byte, int) {
	switch s[i] {
	case '\\':
		if i+1 < len(s) && s[i+1] == '/' {
			return '/', 2
		}
		if i+5 < len(s) && s[i+1] == 'u' {
			if v, ok := hexValue(s[i+2 : i+6]); ok {
				return asciiOrZero(v), 6
			}
		}
	case '%':
		if i+2 < len(s) {
			if v, ok := hexValue(s[i+1 : i+3]); ok {
				return asciiOrZero(v), 3
			}
		}
	case '&':
		if i+2 < len(s) && s[i+1] == '#' {
			j, base := i+2, 10
			if s[j] == 'x' || s[j] == 'X' {
				j, base = j+1, 16
			}
			v, end := 0, j
			for end < len(s) && end-j < 8 && digitValue(s[end], base) >= 0 {
				v = v*base + digitValue(s[end], base)
				end++
			}
			if end > j {
				if end < len(s) && s[end] == ';' {
					end++
				}
				return asciiOrZero(v), end - i
			}
		}
	}
	return s[i], 1
}

func hexValue(h string) (int, bool) {
	v := 0
	for i := 0; i < len(h); i++ {
		d := digitValue(h[i], 16)
		if d < 0 {
			return 0, false
		}
		v = v*16 + d
	}
	return v, true
}

func digitValue(c byte, base int) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case base == 16 && c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case base == 16 && c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func asciiOrZero(v int) byte {
	if v > 0 && v < 0x80 {
		return byte(v)
	}
	return 0
}
