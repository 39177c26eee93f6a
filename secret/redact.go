package secret

import (
	"regexp"
	"unicode/utf8"
)

// secretPatterns match keys and tokens as they appear in SDK error messages:
// OpenAI and Anthropic keys (sk-...), Google keys (AIza...), bearer tokens,
// and key=value pairs in URLs, headers and JSON.
var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`\bsk-[A-Za-z0-9_\-]{6,}`),
	regexp.MustCompile(`\bAIza[0-9A-Za-z_\-]{10,}`),
	regexp.MustCompile(`(?i)\b(bearer|basic)\s+[A-Za-z0-9_\-\.=:+/~]+`),
	regexp.MustCompile(`(?i)((?:api[_-]?key|x-goog-api-key|x-api-key|access[_-]?token|token|secret|password|authorization|key)["']?\s*[=:]\s*["']?)[^\s"'&,;}]{4,}`),
}

// Redact removes anything that looks like a key from an error message before
// it is stored or logged, and caps its length at 500 bytes (on a character
// boundary).
func Redact(s string) string {
	for i, p := range secretPatterns {
		switch i {
		case 2:
			s = p.ReplaceAllString(s, "$1 [redacted]")
		case 3:
			s = p.ReplaceAllString(s, "${1}[redacted]")
		default:
			s = p.ReplaceAllString(s, "[redacted]")
		}
	}
	if len(s) > 500 {
		cut := 500
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
