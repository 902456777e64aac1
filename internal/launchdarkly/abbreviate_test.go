package launchdarkly

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAbbreviate(t *testing.T) {
	cases := []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"eleven char", 10, "eleven cha…"},
		// "é" is two bytes: a cut inside it backs off to before it.
		{"abcdefghié", 10, "abcdefghi…"},
		{"日本語テキスト", 7, "日本…"},
		{"", 0, ""},
		{"x", 0, "…"},
		// Invalid UTF-8 is cut where asked.
		{"\xff\xff\xff\xff\xff\xff", 3, "\xff\xff\xff…"},
	}
	for _, tc := range cases {
		if got := Abbreviate(tc.s, tc.n); got != tc.want {
			t.Errorf("Abbreviate(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
	for _, tc := range cases {
		if got := abbreviateBytes([]byte(tc.s), tc.n); got != tc.want {
			t.Errorf("abbreviateBytes(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
	long := strings.Repeat("€", 1000)
	for n := 0; n < 20; n++ {
		got := Abbreviate(long, n)
		if !utf8.ValidString(got) || len(strings.TrimSuffix(got, "…")) > n {
			t.Errorf("Abbreviate(€×1000, %d) = %q: want valid UTF-8 of at most %d bytes before the ellipsis", n, got, n)
		}
	}
}
