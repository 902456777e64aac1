package launchdarkly

import "unicode/utf8"

// Abbreviate is s cut to at most n bytes, on a character boundary, with "…" after it when anything was
// cut: how every message quotes a value that came from a server or the environment, whose length no one
// controls. Invalid UTF-8 is left as it is; %q shows it escaped.
func Abbreviate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && cut > n-utf8.UTFMax && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if !utf8.RuneStart(s[cut]) {
		cut = n
	}
	return s[:cut] + "…"
}

// abbreviateBytes is Abbreviate for a body, without copying more of it than the message keeps.
func abbreviateBytes(b []byte, n int) string {
	if len(b) > n+1 {
		b = b[:n+1] // one byte past n: Abbreviate sees that something was cut
	}
	return Abbreviate(string(b), n)
}
