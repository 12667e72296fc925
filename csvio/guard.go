package csvio

import (
	"unicode"
	"unicode/utf8"
)

// Spreadsheets change some cells when they open a CSV file: a cell that
// starts with =, +, - or @ (or their fullwidth forms ＝＋－＠, which some
// spreadsheets read as the same characters) runs as a formula, some also
// after leading whitespace, and a string of more than 15 digits (a serial
// number, a large id) becomes a number in scientific notation whose last
// digits are lost. An export must never produce such a cell, and a
// re-import of our own export must give back the original value, so the
// guard is reversible:
//
//   - guard prefixes an apostrophe to a value that a spreadsheet would
//     change (see needsGuard), or that starts with an apostrophe unguard
//     would take off;
//   - unguard removes the apostrophe again when what follows it is such a
//     value or another apostrophe.
//
// "+1 555 0100" is written as "'+1 555 0100" and read back as "+1 555 0100";
// "12345678901234567890" is written as "'12345678901234567890"; "'tis" is
// neither changed on export nor on import.

// maxSpreadsheetDigits is how many digits a spreadsheet keeps of a number.
const maxSpreadsheetDigits = 15

func isFormulaStart(b byte) bool {
	switch b {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// needsGuard reports whether a spreadsheet would run or change the value.
func needsGuard(s string) bool {
	if s == "" {
		return false
	}
	if isFormulaStart(s[0]) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	switch {
	case unicode.IsSpace(r):
		return true
	case r == '＝' || r == '＋' || r == '－' || r == '＠':
		return true
	}
	return longDigits(s)
}

// longDigits reports whether s is a string of digits longer than a
// spreadsheet keeps.
func longDigits(s string) bool {
	if len(s) <= maxSpreadsheetDigits {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// guard makes a cell safe to open in a spreadsheet.
func guard(s string) string {
	if needsGuard(s) || unguard(s) != s {
		return "'" + s
	}
	return s
}

// unguard gives back the value guard was given.
func unguard(s string) string {
	if len(s) >= 2 && s[0] == '\'' && (s[1] == '\'' || needsGuard(s[1:])) {
		return s[1:]
	}
	return s
}
