// Package number measures numbers read from untrusted text (Syncro's
// answers, request bodies of the fake, CSV cells) before any parser sees
// them, so that a value of millions of digits or a huge exponent costs one
// pass over its bytes instead of minutes in an arbitrary-precision parser.
package number

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxLen caps the characters of a number's text.
const MaxLen = 2 * MaxDigits

// MaxDigits caps the digits of a number read from Syncro or a file
// (ids, money, hours): far more than any real value has, and few enough
// that reading one costs nothing. The text is measured before any parser
// sees it, so a hostile answer of millions of digits is refused at once.
const MaxDigits = 40

// MaxExponent caps the exponent of a number in scientific notation.
const MaxExponent = 40

// Check refuses, in one pass, text that is not a plain decimal number
// (an optional sign, digits with an optional fraction, an optional exponent)
// or that has more than MaxDigits digits or an exponent beyond
// MaxExponent. A comma is refused: "12,5" is not a number, never 125.
func Check(s string) error {
	if len(s) > MaxLen {
		return fmt.Errorf("%d characters is too long for a number (at most %d digits)", len(s), MaxDigits)
	}
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits, dot := 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		case c == ',':
			return fmt.Errorf("%q has a comma: write the number with a point and no thousands separators", s)
		case (c == 'e' || c == 'E') && digits > 0:
			exp := strings.TrimLeft(s[i+1:], "+-")
			if len(s[i+1:])-len(exp) > 1 {
				return fmt.Errorf("%q is not a number", s)
			}
			if v, err := strconv.Atoi(exp); err != nil || exp == "" || exp[0] < '0' || exp[0] > '9' || v > MaxExponent {
				return fmt.Errorf("%q is not a number with an exponent of at most %d", s, MaxExponent)
			}
			i = len(s)
		default:
			return fmt.Errorf("%q is not a number", s)
		}
	}
	switch {
	case digits == 0:
		return fmt.Errorf("%q is not a number", s)
	case digits > MaxDigits:
		return fmt.Errorf("%d digits is too many for a number (at most %d)", digits, MaxDigits)
	}
	return nil
}
