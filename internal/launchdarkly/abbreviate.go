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
