package secret

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	for _, c := range []struct{ in, secret string }{
		{`Incorrect API key provided: sk-proj-abcdefghijklmnop1234.`, "sk-proj-abcdefghijklmnop1234"},
		{`POST "https://x/v1beta/models/m:generateContent?key=AIzaSyA1234567890abcdefghijklmnop": 400`, "AIzaSyA1234567890abcdefghijklmnop"},
		{`header Authorization: Bearer xyz`, "xyz"},
		{`{"api_key": "abcd1234efgh"}`, "abcd1234efgh"},
		{`x-api-key=sk-ant-api03-secretsecret`, "secretsecret"},
		{`token=0123456789abcdef`, "0123456789abcdef"},
	} {
		got := Redact(c.in)
		if strings.Contains(got, c.secret) || !strings.Contains(got, "[redacted]") {
			t.Errorf("Redact(%q) = %q", c.in, got)
		}
	}
	if got := Redact("HTTP 503: the model is overloaded"); got != "HTTP 503: the model is overloaded" {
		t.Errorf("plain message changed: %q", got)
	}
	long := strings.Repeat("é", 400)
	if got := Redact(long); len(got) > 504 || !strings.HasSuffix(got, "…") || !utf8Valid(got) {
		t.Errorf("long message cut badly: %d bytes", len(got))
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "?") == s }
