package jobs

import (
	"context"
	"strings"
	"testing"

	"tailor/apperr"
)

func TestClassifyPage(t *testing.T) {
	tests := []struct {
		fixture, url string
		status       int
		want         pageKind
		msg          string // part of the refusal message
	}{
		{"jsonld_graph.html", "https://savannapay.example/jobs/42", 200, kindJob, ""},
		{"microdata.html", "https://nordlicht.example/jobs/7", 200, kindJob, ""},
		{"rdfa.html", "https://lumen.example/jobs/ux", 200, kindJob, ""},
		{"plain.html", "https://brightwater.example/jobs/designer", 200, kindJob, ""},
		{"linkedin_authwall.html", "https://www.linkedin.com/authwall?trk=x&sessionRedirect=y", 200, kindLoginWall, "asks you to sign in"},
		{"linkedin_authwall.html", "https://jobs.example.test/view/1", 200, kindLoginWall, "paste the posting's text or upload a screenshot"},
		{"signin_wall.html", "https://portal.example/jobs/9", 200, kindLoginWall, "asks you to sign in"},
		{"listing.html", "https://board.example/search?q=engineer", 200, kindSearch, "search results"},
		{"listing.html", "https://board.example/careers", 200, kindListing, "list of jobs"},
		{"article.html", "https://blog.example/posts/go", 200, kindNotJob, "doesn't look like a job posting"},
		{"captcha.html", "https://jobs.example.com/view/1", 403, kindBotCheck, "paste the posting's text or upload a screenshot"},
		{"captcha.html", "https://jobs.example.com/view/1", 200, kindBotCheck, "robot check"},
	}
	for _, tt := range tests {
		t.Run(tt.fixture+" "+tt.url, func(t *testing.T) {
			pp, err := parsePage(tt.url, readFixture(t, tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			if got := classifyPage(pp, tt.status); got != tt.want {
				t.Fatalf("classifyPage = %s, want %s (score %d, job links %d)", got, tt.want, jobScore(pp.mainText), pp.signals.jobLinks)
			}
			if tt.want == kindJob {
				return
			}
			// Through Extract, the model is never asked and the person is told what to do.
			gen := &fakeGen{fn: nil}
			ex := NewExtractor(gen, staticFetcher{tt.url: {URL: tt.url, StatusCode: tt.status, HTML: readFixture(t, tt.fixture)}}, ExtractorOptions{})
			_, err = ex.Extract(context.Background(), 1, Source{URL: tt.url}, false)
			if apperr.Code(err) != apperr.EUNPROCESSABLE || !strings.Contains(apperr.Message(err), tt.msg) {
				t.Errorf("Extract error = %v, want EUNPROCESSABLE containing %q", err, tt.msg)
			}
			if len(gen.reqs) != 0 {
				t.Errorf("the model was asked %d times for a refused page", len(gen.reqs))
			}
		})
	}
}

func TestTwoJobPostingsIsAListing(t *testing.T) {
	page := `<html><body><script type="application/ld+json">[
{"@type":"JobPosting","title":"Cook","hiringOrganization":"Diner"},
{"@type":"JobPosting","title":"Waiter","hiringOrganization":"Diner"}]</script><p>Two jobs.</p></body></html>`
	pp, err := parsePage("https://diner.example/jobs", page)
	if err != nil {
		t.Fatal(err)
	}
	if got := classifyPage(pp, 200); got != kindListing {
		t.Errorf("classifyPage = %s, want listing", got)
	}
}

func TestJobScoreSeparatesPostingsFromProse(t *testing.T) {
	job := cleanText(readFixture(t, "pasted.txt"))
	prose := "The weather in Nairobi was lovely this weekend. We walked in Karura forest and had lunch by the waterfall."
	if s := jobScore(job); s < 5 {
		t.Errorf("jobScore(posting) = %d, want >= 5", s)
	}
	if s := jobScore(prose); s != 0 {
		t.Errorf("jobScore(prose) = %d, want 0", s)
	}
}
