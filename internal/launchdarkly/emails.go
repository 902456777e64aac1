package launchdarkly

// Email addresses are compared the way every part of the provider compares them, through these two
// functions: ASCII letters without regard to case, every other character exactly. Unicode case folding
// (strings.EqualFold, strings.ToLower) would make an address that starts with U+212A KELVIN SIGN the
// same as one that starts with "k", and so match a member with a look-alike address.

// SameEmail reports whether a and b are the same email address: equal once their ASCII letters are
// lower-cased.
func SameEmail(a, b string) bool { return equalFoldASCII(a, b) }

// EmailKey is the form of an address for map keys: its ASCII letters lower-cased, nothing else changed.
// SameEmail(a, b) holds exactly when EmailKey(a) == EmailKey(b).
func EmailKey(address string) string { return lowerASCII(address) }

// lowerASCII lower-cases the ASCII letters of s. Bytes of a multi-byte UTF-8 character are never ASCII,
// so working on bytes leaves every other character as it is.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// equalFoldASCII is lowerASCII(a) == lowerASCII(b), without building either.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
