package syncro

import "strings"

// NormalizePhone returns the form of a phone number to compare when looking
// for duplicates. Syncro strips the formatting of numbers it saves
// ("555-0999" is stored as "5550999"), so a number read back from Syncro and
// the same number typed by a person only compare equal once both are
// normalised.
//
// The rules:
//   - only the digits are kept: spaces, dots, dashes, slashes and brackets go;
//   - a leading "+" (the international form, "+44 20 7946 0958") is kept in
//     front of the digits, as it tells a country code apart from a national
//     number; a "+" anywhere else is dropped. The "00" international prefix
//     is not rewritten: "0044..." stays digits;
//   - an extension is dropped: everything from the first "x", "ext",
//     "extension" or "#" that comes after a digit and before another one
//     ("657.325.3258 x330" becomes "6573253258"). Syncro keeps a contact's
//     extension in a field of its own;
//   - letters are dropped, so vanity numbers ("1-800-FLOWERS") are not
//     translated;
//   - text with no digit gives "".
//
// Two numbers written one with and one without a country code ("+1 555
// 0100" and "555-0100") normalise differently; PhonesMatch compares such
// pairs.
func NormalizePhone(s string) string {
	number, _ := splitExtension(s)
	var b strings.Builder
	plus := false
	for _, r := range number {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && b.Len() == 0:
			plus = true
		}
	}
	if b.Len() == 0 {
		return ""
	}
	if plus {
		return "+" + b.String()
	}
	return b.String()
}

// extensionMarkers introduce an extension, longest first.
var extensionMarkers = []string{"extension", "ext", "x", "#"}

// splitExtension cuts s at the first extension marker that follows a digit
// and is itself followed by a digit (after spaces, dots or a colon), so that
// the "X" of "1-800-BOX-SHIP" is not taken for one.
func splitExtension(s string) (number, ext string) {
	lower := strings.ToLower(s)
	seenDigit := false
	for i := 0; i < len(lower); i++ {
		c := lower[i]
		if c >= '0' && c <= '9' {
			seenDigit = true
			continue
		}
		if !seenDigit {
			continue
		}
		for _, m := range extensionMarkers {
			if !strings.HasPrefix(lower[i:], m) {
				continue
			}
			rest := strings.TrimLeft(lower[i+len(m):], " .:")
			if rest != "" && rest[0] >= '0' && rest[0] <= '9' {
				return s[:i], s[i:]
			}
			break
		}
	}
	return s, ""
}

// minMatchDigits is the fewest digits two numbers must share for
// PhonesMatch to call them the same when only one has a country code: less
// than a subscriber number is too little to tell two phones apart.
const minMatchDigits = 7

// PhonesMatch reports whether a and b are the same phone number for
// deduplication. They match when their NormalizePhone forms are equal and
// not empty, or when exactly one is in the international form ("+...") and
// the other's digits, without a leading trunk "0", end it and count at least
// seven digits: "+1 555 010 0199" matches "(555) 010-0199", and
// "+44 20 7946 0958" matches "020 7946 0958". It is a heuristic for finding
// candidates, not a proof: two different countries' numbers can share their
// national digits.
func PhonesMatch(a, b string) bool {
	na, nb := NormalizePhone(a), NormalizePhone(b)
	if na == "" || nb == "" {
		return false
	}
	if na == nb {
		return true
	}
	intlA, intlB := strings.HasPrefix(na, "+"), strings.HasPrefix(nb, "+")
	if intlA == intlB {
		return false
	}
	intl, national := na, nb
	if intlB {
		intl, national = nb, na
	}
	national = strings.TrimLeft(national, "0")
	if len(national) < minMatchDigits {
		return false
	}
	return strings.HasSuffix(intl[1:], national) && len(intl)-1 > len(national)
}
