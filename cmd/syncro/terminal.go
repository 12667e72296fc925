package main

import (
	"fmt"
	"strings"
	"unicode"
)

// termSafe makes text from Syncro (ticket subjects come from email, names
// from anyone with a portal login) safe to print on a terminal: control
// characters, which could move the cursor, retitle the window or hide what
// follows, are written as escapes like \x1b, and so are the invisible
// characters that reorder text (bidirectional overrides). Printable text,
// any script, is kept as is.
func termSafe(s string) string {
	clean := true
	for _, r := range s {
		if unsafeRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !unsafeRune(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	switch {
	case r == unicode.ReplacementChar:
		return false
	case unicode.IsControl(r):
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true // bidirectional formatting
	}
	return false
}
