package csvio

// Spreadsheets run a cell as a formula when it starts with =, +, - or @
// (and some also after a leading tab or carriage return). An export must
// never produce such a cell, and a re-import of our own export must give
// back the original value, so the guard is reversible:
//
//   - guard prefixes an apostrophe to a value that starts with one of those
//     characters, or with an apostrophe that unguard would take off (one
//     followed by such a character or by another apostrophe);
//   - unguard removes the apostrophe again when it is followed by one of
//     those characters or by another apostrophe.
//
// "+1 555 0100" is written as "'+1 555 0100" and read back as "+1 555 0100";
// "'tis" is neither changed on export nor on import.

func isFormulaStart(b byte) bool {
	switch b {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// guard makes a cell safe to open in a spreadsheet.
func guard(s string) string {
	if s != "" && (isFormulaStart(s[0]) || unguard(s) != s) {
		return "'" + s
	}
	return s
}

// unguard gives back the value guard was given.
func unguard(s string) string {
	if len(s) >= 2 && s[0] == '\'' && (isFormulaStart(s[1]) || s[1] == '\'') {
		return s[1:]
	}
	return s
}
