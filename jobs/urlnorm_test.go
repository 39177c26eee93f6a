package jobs

import (
	"net/url"
	"strings"
	"testing"

	"tailor/apperr"
)

func TestNormalizeURL(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"lower-cases scheme and host, drops default port, fragment, slash and utm", "  HTTPS://Example.COM:443/Jobs/123/?utm_source=x&b=2&a=1#apply ", "https://example.com/Jobs/123?a=1&b=2"},
		{"empty path becomes root", "http://example.com:80", "http://example.com/"},
		{"root keeps its slash", "https://example.com/", "https://example.com/"},
		{"other port kept", "http://example.com:8080/a/", "http://example.com:8080/a"},
		{"https on port 80 keeps it", "https://example.com:80/a", "https://example.com:80/a"},
		{"repeated trailing slashes", "https://example.com/a/b///", "https://example.com/a/b"},
		{"path case kept", "https://example.com/Careers/Job-42", "https://example.com/Careers/Job-42"},
		{"trailing dot on host", "https://jobs.example.com./x", "https://jobs.example.com/x"},
		{"user info dropped", "https://user:secret@example.com/x", "https://example.com/x"},
		{"ipv6 host", "http://[2001:DB8::1]:80/x/", "http://[2001:db8::1]/x"},
		{"ad click ids dropped", "https://example.com/j?gclid=1&fbclid=2&msclkid=3&igshid=4&si=5&id=7", "https://example.com/j?id=7"},
		{"mailchimp and hubspot dropped", "https://example.com/j?mc_cid=1&mc_eid=2&_hsenc=3&_hsmi=4&id=7", "https://example.com/j?id=7"},
		{"ref and tracking ids dropped", "https://example.com/j?ref=hn&refId=a&trackingId=b&trk=c&id=7", "https://example.com/j?id=7"},
		{"upper-case utm dropped", "https://example.com/j?UTM_Source=x&Utm_Medium=y&id=7", "https://example.com/j?id=7"},
		{"escaped utm key dropped", "https://example.com/j?utm%5Fsource=x&%75tm_campaign=y&id=7", "https://example.com/j?id=7"},
		{"only tracking params leaves no query", "https://example.com/j?utm_source=x&gclid=y", "https://example.com/j"},
		{"linkedin tracking dropped, job id kept", "https://www.linkedin.com/jobs/view/123/?trk=public_jobs&refId=abc&trackingId=xyz&position=1&pageNum=0&currentJobId=5&eBP=z&midToken=q", "https://www.linkedin.com/jobs/view/123?currentJobId=5"},
		{"position kept off linkedin", "https://boards.example.com/job?position=dev", "https://boards.example.com/job?position=dev"},
		{"greenhouse job id kept, source dropped", "https://example.com/careers?gh_jid=42&gh_src=abc", "https://example.com/careers?gh_jid=42"},
		{"repeated keys sorted by value", "https://example.com/s?q=go+developer&q=a", "https://example.com/s?q=a&q=go+developer"},
		{"escapes re-encoded one way", "https://example.com/s?a=/x", "https://example.com/s?a=%2Fx"},
		{"escaped slash in value kept", "https://example.com/s?a=%2Fx", "https://example.com/s?a=%2Fx"},
		{"key without value", "https://example.com/s?b&a=1", "https://example.com/s?a=1&b"},
		{"empty pieces dropped", "https://example.com/s?&&a=1&", "https://example.com/s?a=1"},
		{"stray percent read as itself", "https://example.com/s?a=%zz&b=1%", "https://example.com/s?a=%25zz&b=1%25"},
		{"escaped path kept", "https://example.com/a%2Fb/", "https://example.com/a%2Fb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeURL(tt.in)
			if err != nil {
				t.Fatalf("NormalizeURL(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("NormalizeURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestNormalizeURLSamePosting checks the point of normalizing: the same
// posting reached by different routes gives one key.
func TestNormalizeURLSamePosting(t *testing.T) {
	groups := [][]string{
		{
			"https://jobs.example.com/postings/42",
			"https://JOBS.example.com:443/postings/42/",
			"https://jobs.example.com/postings/42?utm_source=newsletter&utm_medium=email",
			"https://jobs.example.com/postings/42#apply",
			"https://jobs.example.com/postings/42?fbclid=IwAR0abc",
		},
		{
			"https://www.linkedin.com/jobs/view/3999999999/",
			"https://www.linkedin.com/jobs/view/3999999999/?trk=public_jobs_topcard-title&refId=x&trackingId=y",
			"https://www.linkedin.com/jobs/view/3999999999?originalSubdomain=de&lipi=urn",
		},
	}
	for _, group := range groups {
		first, err := NormalizeURL(group[0])
		if err != nil {
			t.Fatalf("NormalizeURL(%q): %v", group[0], err)
		}
		for _, in := range group[1:] {
			got, err := NormalizeURL(in)
			if err != nil {
				t.Fatalf("NormalizeURL(%q): %v", in, err)
			}
			if got != first {
				t.Errorf("NormalizeURL(%q) = %q, want the same as %q: %q", in, got, group[0], first)
			}
		}
	}
}

func TestNormalizeURLRejects(t *testing.T) {
	for _, in := range []string{
		"",
		"   ",
		"example.com/job",
		"ftp://example.com/job",
		"file:///etc/passwd",
		"mailto:jobs@example.com",
		"javascript:alert(1)",
		"http://",
		"http:///path",
		"http:example.com",
		"https://exa mple.com/",
		"http://[::1",
	} {
		t.Run(in, func(t *testing.T) {
			got, err := NormalizeURL(in)
			if err == nil {
				t.Fatalf("NormalizeURL(%q) = %q, want an error", in, got)
			}
			if code := apperr.Code(err); code != apperr.EINVALID {
				t.Errorf("code = %q, want %q", code, apperr.EINVALID)
			}
			if msg := apperr.Message(err); !strings.Contains(msg, "http://") {
				t.Errorf("message %q does not say which links work", msg)
			}
		})
	}
}

func FuzzNormalizeURL(f *testing.F) {
	for _, seed := range []string{
		"https://example.com/jobs/1?utm_source=x&b=2&a=1#frag",
		"HTTP://EXAMPLE.com:80/a/b/?q=go+dev&q=%2F",
		"https://www.linkedin.com/jobs/view/1/?trk=x&currentJobId=2",
		"http://[2001:db8::1]:8080/x/?a=%zz",
		"https://example.com/a%2Fb/?utm%5Fsource=x",
		"https://u:p@example.com./?&&=&a",
		"http://example.com/%",
		"https://example.com/?utm_=1&UTM_x=2&%75tm_y=3",
		// Inputs the fuzzer once broke idempotency with.
		"http://..",
		"HTTP://0? % #",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		once, err := NormalizeURL(in)
		if err != nil {
			return
		}
		twice, err := NormalizeURL(once)
		if err != nil {
			t.Fatalf("NormalizeURL(%q) = %q, which it then rejects: %v", in, once, err)
		}
		if twice != once {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, once, twice)
		}
		u, err := url.Parse(once)
		if err != nil {
			t.Fatalf("NormalizeURL(%q) = %q, which does not parse: %v", in, once, err)
		}
		if u.Fragment != "" {
			t.Errorf("NormalizeURL(%q) = %q keeps a fragment", in, once)
		}
		for _, piece := range strings.Split(u.RawQuery, "&") {
			key, _, _ := strings.Cut(piece, "=")
			if k, err := url.QueryUnescape(key); err == nil {
				key = k
			}
			if strings.HasPrefix(strings.ToLower(key), "utm_") {
				t.Errorf("NormalizeURL(%q) = %q keeps %q", in, once, piece)
			}
		}
	})
}

func BenchmarkNormalizeURL(b *testing.B) {
	in := "https://www.linkedin.com/jobs/view/3999999999/?trk=public_jobs_topcard-title&refId=abc&trackingId=xyz&utm_source=share&currentJobId=3999999999"
	for b.Loop() {
		if _, err := NormalizeURL(in); err != nil {
			b.Fatal(err)
		}
	}
}
