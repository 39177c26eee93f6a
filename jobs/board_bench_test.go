package jobs

import (
	"net/url"
	"strings"
	"testing"
)

// BenchmarkMatchBoardMiss1MB is what the board step costs a page from
// any other site: a host lookup, no scan of the page.
func BenchmarkMatchBoardMiss1MB(b *testing.B) {
	page := page1MB(b)
	u, _ := url.Parse("https://savannapay.example/jobs/42")
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if matchBoard(u, page) != nil {
			b.Fatal("a board matched an unrelated page")
		}
	}
}

// BenchmarkParseLinkedInPage1MB parses a LinkedIn guest page padded to
// about 1 MB with the same menus, scripts and rails as page1MB: the board
// adapter's selector lookups come on top of the generic parse.
func BenchmarkParseLinkedInPage1MB(b *testing.B) {
	base := page1MB(b)
	li := readFixture(b, "boards/linkedin_guest_en.html")
	pad := base[strings.Index(base, "<body>")+len("<body>") : strings.Index(base, "<main")]
	page := strings.Replace(li, "<body>", "<body>"+pad, 1)
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		p, _, err := ParseHTML("https://www.linkedin.com/jobs/view/3901234567", page)
		if err != nil || p.Company != "Acme Robotics" {
			b.Fatalf("company %q, %v", p.Company, err)
		}
	}
}
