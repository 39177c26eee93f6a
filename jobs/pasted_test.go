package jobs

import (
	"context"
	"strings"
	"testing"
)

// A "Contact:" line is kept with how to apply, so the letter can greet the
// person the posting names.
func TestPastedContactIsKept(t *testing.T) {
	text := "Senior Backend Engineer (Go) – Freightwise GmbH – Berlin, Germany\n\nFreightwise builds route planning software.\n\nYour tasks\n- Build Go services\n- Run PostgreSQL\n\nYour profile\n- 5+ years of backend development\n- Go and PostgreSQL\n\nContact: Julia Becker\n"
	p := heuristicPosting(cleanText(text), PageMeta{})
	if !strings.Contains(p.HowToApply, "Contact: Julia Becker") {
		t.Fatalf("how to apply = %q, want the contact", p.HowToApply)
	}
	for _, r := range p.Requirements {
		if strings.Contains(r, "Julia") {
			t.Fatalf("the contact became a requirement: %q", r)
		}
	}
}

// Workday pages head their lists "What you'll be doing:", "What we need
// to see:" and "Ways to stand out from the crowd:" (found on NVIDIA's).
func TestWorkdayStyleHeadings(t *testing.T) {
	text := "Senior Site Reliability Engineer\n\nWe are looking for an engineer to keep our clusters running.\n\n" +
		"What you'll be doing:\n- Run Kubernetes clusters across regions\n- Lead incident response\n\n" +
		"What we need to see:\n- 5+ years of SRE or DevOps work\n- Strong Python or Go\n\n" +
		"Ways to stand out from the crowd:\n- Experience with Slurm\n- Contributions to open source\n"
	p := heuristicPosting(cleanText(text), PageMeta{})
	if len(p.Requirements) != 2 || !strings.Contains(p.Requirements[0], "SRE") {
		t.Errorf("requirements = %q", p.Requirements)
	}
	if len(p.NiceToHave) != 2 || !strings.Contains(p.NiceToHave[0], "Slurm") {
		t.Errorf("nice to have = %q", p.NiceToHave)
	}
	if len(p.Responsibilities) != 2 {
		t.Errorf("responsibilities = %q", p.Responsibilities)
	}
}

// TestCompanyFromJoinAndCareersTitle: a page whose h1 names only the role
// ("Senior Accountant - Finance") gives its employer in "Join Northwind
// Traders in Seattle, WA" or in its title's careers-site suffix.
func TestCompanyFromJoinAndCareersTitle(t *testing.T) {
	cases := []struct {
		page, company, location string
	}{
		{`<html><head><title>Senior Accountant - Finance | Northwind Traders careers</title></head><body><h1>Senior Accountant - Finance</h1><p>Join Northwind Traders in Seattle, WA. We are hiring a senior accountant to own the monthly close.</p><h2>Qualifications</h2><ul><li>CPA</li><li>5+ years of accounting experience</li></ul></body></html>`,
			"Northwind Traders", "Seattle, WA"},
		{`<html><head><title>Warehouse Lead - Nights | Careers at Bramble Foods</title></head><body><h1>Warehouse Lead - Nights</h1><p>Lead a night shift of twelve pickers. Join our team and grow with us.</p><h2>Requirements</h2><ul><li>2+ years leading a warehouse shift</li><li>Forklift licence</li></ul></body></html>`,
			"Bramble Foods", ""},
		{`<html><head><title>Support Engineer — EMEA</title></head><body><h1>Support Engineer — EMEA</h1><p>Join us to help customers every day. You will answer tickets and fix problems.</p><h2>Requirements</h2><ul><li>3+ years in support</li></ul></body></html>`,
			"", ""},
	}
	for i, c := range cases {
		url := "https://careers.example.com/jobs/" + string(rune('a'+i))
		fetch := staticFetcher{url: {URL: url, StatusCode: 200, ContentType: "text/html", HTML: c.page}}
		p, err := NewExtractor(newBuiltinGen(), fetch, ExtractorOptions{}).Extract(context.Background(), 1, Source{URL: url}, false)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if p.Company != c.company || p.Location != c.location {
			t.Errorf("%d: company %q, location %q; want %q, %q", i, p.Company, p.Location, c.company, c.location)
		}
	}
}
