package jobs

import (
	"strings"
	"testing"
	"time"
)

// want lists the fields a fixture must yield; empty strings are not checked.
type want struct {
	title, company, location, employment, workplace, datePosted, deadline, currency, period, seniority string
	min, max                                                                                           *float64
	responsibilities, requirements, nice, benefits, skills                                             []string // each must be present
	sources                                                                                            map[string]string
}

func checkPosting(t *testing.T, p Posting, w want) {
	t.Helper()
	for _, c := range []struct{ name, got, want string }{
		{"title", p.Title, w.title}, {"company", p.Company, w.company}, {"location", p.Location, w.location},
		{"employment_type", p.EmploymentType, w.employment}, {"workplace", p.Workplace, w.workplace},
		{"date_posted", p.DatePosted, w.datePosted}, {"deadline", p.Deadline, w.deadline},
		{"currency", p.Salary.Currency, w.currency}, {"period", p.Salary.Period, w.period}, {"seniority", p.Seniority, w.seniority},
	} {
		if c.want != "" && c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if w.min != nil && !eqPtr(p.Salary.Min, w.min) {
		t.Errorf("salary min = %v, want %v", deref(p.Salary.Min), *w.min)
	}
	if w.max != nil && !eqPtr(p.Salary.Max, w.max) {
		t.Errorf("salary max = %v, want %v", deref(p.Salary.Max), *w.max)
	}
	for _, l := range []struct {
		name      string
		got, want []string
	}{
		{"responsibilities", p.Responsibilities, w.responsibilities}, {"requirements", p.Requirements, w.requirements},
		{"nice_to_have", p.NiceToHave, w.nice}, {"benefits", p.Benefits, w.benefits}, {"skills", p.Skills, w.skills},
	} {
		for _, item := range l.want {
			if !contains(l.got, item) {
				t.Errorf("%s = %q, missing %q", l.name, l.got, item)
			}
		}
	}
	for k, v := range w.sources {
		if p.Sources[k] != v {
			t.Errorf("sources[%s] = %q, want %q", k, p.Sources[k], v)
		}
	}
}

func TestParseHTMLStructured(t *testing.T) {
	tests := []struct {
		fixture string
		want    want
	}{
		{"jsonld_graph.html", want{
			title: "Backend Engineer (Go)", company: "Savanna Pay Ltd", location: "Nairobi, Nairobi County, KE; Mombasa, Kenya",
			employment: "Full-time, Contract", workplace: "remote", datePosted: "2024-03-05", deadline: "2024-04-30",
			currency: "KES", period: "month", min: fp(250000), max: fp(400000),
			responsibilities: []string{"Build payment APIs in Go", "Run PostgreSQL in production"},
			requirements:     []string{"3+ years of Go", "Experience with Kubernetes"},
			benefits:         []string{"Medical cover", "Learning budget"}, skills: []string{"Go", "PostgreSQL"},
			sources: map[string]string{"title": SourceJSONLD, "company": SourceJSONLD, "salary": SourceJSONLD},
		}},
		{"jsonld_broken.html", want{
			title: "Night Nurse", company: "St. Mary Clinic", location: "Leeds, GB", employment: "Part-time",
			currency: "GBP", period: "hour", min: fp(18.5), max: fp(18.5),
		}},
		{"microdata.html", want{
			title: "Data Analyst", company: "Nordlicht GmbH", location: "Hamburg, DE", employment: "Full-time",
			datePosted: "2024-02-01", currency: "EUR", period: "year", min: fp(45000), max: fp(55000),
			responsibilities: []string{"Build dashboards in Tableau", "Write SQL for ad-hoc analyses"},
			requirements:     []string{"Degree in statistics or similar", "Fluent SQL and Python"},
			sources:          map[string]string{"title": SourceMicrodata, "responsibilities": SourceMicrodata},
		}},
		{"rdfa.html", want{
			title: "UX Designer", company: "Lumen Studio", location: "Lisbon, PT", employment: "Full-time", datePosted: "2024-05-10",
			sources: map[string]string{"title": SourceMicrodata, "company": SourceMicrodata},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			p, text, err := ParseHTML("https://jobs.example.test/x", readFixture(t, tt.fixture))
			if err != nil {
				t.Fatal(err)
			}
			checkPosting(t, p, tt.want)
			if strings.Contains(text, "<") && strings.Contains(text, ">") && tagRe.MatchString(text) {
				t.Errorf("main text has markup: %q", text)
			}
		})
	}
}

func TestParseJSONLDShapes(t *testing.T) {
	tests := []struct {
		name  string
		block string
		n     int
		title string
	}{
		{"single", `{"@type":"JobPosting","title":"A"}`, 1, "A"},
		{"array", `[{"@type":"Organization","name":"X"},{"@type":"JobPosting","name":"B"}]`, 1, "B"},
		{"graph", `{"@graph":[{"@type":"WebSite"},{"@type":["Thing","JobPosting"],"title":"C"}]}`, 1, "C"},
		{"item list", `{"@type":"ItemList","itemListElement":[{"@type":"ListItem","item":{"@type":"JobPosting","title":"D"}},{"@type":"ListItem","item":{"@type":"JobPosting","title":"E"}}]}`, 2, "D"},
		{"prefixed type", `{"@type":"schema:JobPosting","title":"F"}`, 1, "F"},
		{"url type", `{"@type":"http://schema.org/JobPosting","title":"G"}`, 1, "G"},
		{"trailing comma", `{"@type":"JobPosting","title":"H",}`, 1, "H"},
		{"not a job", `{"@type":"Article","headline":"News"}`, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nodes, err := parseJSONLD(tt.block)
			if err != nil {
				t.Fatal(err)
			}
			if len(nodes) != tt.n {
				t.Fatalf("got %d postings, want %d", len(nodes), tt.n)
			}
			if tt.n > 0 {
				if got := postingFromSchema(nodes[0], SourceJSONLD).Title; got != tt.title {
					t.Errorf("title = %q, want %q", got, tt.title)
				}
			}
		})
	}
	if _, err := parseJSONLD(`{"@type": "JobPosting", "title": `); err == nil {
		t.Error("truncated JSON: want an error")
	}
}

func FuzzParseJSONLD(f *testing.F) {
	for _, s := range []string{
		`{"@type":"JobPosting","title":"A","baseSalary":{"@type":"MonetaryAmount","currency":"USD","value":{"minValue":1,"maxValue":"2","unitText":"HOUR"}}}`,
		`{"@graph":[{"@type":"JobPosting","name":"B","jobLocation":[{"address":{"addressLocality":"X"}},"Y"],"employmentType":["FULL_TIME"]}]}`,
		`[{"@type":"JobPosting","hiringOrganization":["Z"],"datePosted":"2020-01-01","validThrough":5}]`,
		`{"@type":"JobPosting","baseSalary":[1,"2"],"skills":{"name":"Go"},"description":"<ul><li>x</li></ul>"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		nodes, err := parseJSONLD(s)
		if err != nil {
			return
		}
		for _, n := range nodes {
			p := postingFromSchema(n, SourceJSONLD)
			if p.Salary.Min != nil && p.Salary.Max != nil && *p.Salary.Min > *p.Salary.Max {
				t.Fatalf("salary min %v > max %v", *p.Salary.Min, *p.Salary.Max)
			}
		}
	})
}

func TestHeuristicsPlainPage(t *testing.T) {
	_, text, err := ParseHTML("https://brightwater.example/jobs/designer", readFixture(t, "plain.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, chrome := range []string{"We use cookies", "Privacy", "Sign in"} {
		if strings.Contains(text, chrome) {
			t.Errorf("main text keeps page chrome %q", chrome)
		}
	}
	p := heuristicPosting(text, PageMeta{H1: "Senior Product Designer", SiteName: "Brightwater Labs Careers"})
	checkPosting(t, p, want{
		title: "Senior Product Designer", company: "Brightwater Labs", location: "Manchester, UK", workplace: "hybrid",
		employment: "Full-time", deadline: "2024-06-14", currency: "GBP", period: "year", min: fp(30000), max: fp(35000),
		seniority:        "senior",
		responsibilities: []string{"Run usability tests with council engineers"},
		requirements:     []string{"5+ years of experience in product design"},
		nice:             []string{"Experience with accessibility audits (WCAG)"},
		benefits:         []string{"25 days holiday", "Cycle to work scheme"},
		skills:           []string{"Figma", "User research", "Accessibility"},
		sources:          map[string]string{"title": SourcePage, "salary": SourcePage},
	})
	if p.ApplyURL != "https://brightwater.example/apply/designer" {
		t.Errorf("apply_url = %q", p.ApplyURL)
	}
	if !strings.Contains(p.HowToApply, "Send your CV") {
		t.Errorf("how_to_apply = %q", p.HowToApply)
	}
}

func TestHeuristicsPastedText(t *testing.T) {
	p := heuristicPosting(cleanText(readFixture(t, "pasted.txt")), PageMeta{})
	checkPosting(t, p, want{
		title: "Junior Accountant", company: "Mwangaza Foods Ltd", location: "Nairobi, Kenya (On-site)", workplace: "onsite",
		employment: "Full-time", deadline: "2024-06-30", currency: "KES", period: "month", min: fp(80000), max: fp(120000),
		seniority:        "junior",
		responsibilities: []string{"Prepare monthly bank reconciliations", "Post supplier invoices in SAP"},
		requirements:     []string{"CPA Part II or higher", "Good command of Excel"},
		skills:           []string{"SAP", "Excel", "Accounting"},
	})
	if !strings.Contains(p.HowToApply, "jobs@mwangaza.example") {
		t.Errorf("how_to_apply = %q", p.HowToApply)
	}
}

func TestSectionHeadingPhrasings(t *testing.T) {
	tests := map[string]string{
		"Key Responsibilities":      secResponsibilities,
		"Duties:":                   secResponsibilities,
		"What you'll do":            secResponsibilities,
		"What You’ll Be Doing":      secResponsibilities,
		"Your role":                 secResponsibilities,
		"Qualifications":            secRequirements,
		"Who you are":               secRequirements,
		"What we're looking for":    secRequirements,
		"Requirements:":             secRequirements,
		"Preferred qualifications":  secNice,
		"Nice to have":              secNice,
		"Bonus points":              secNice,
		"Benefits":                  secBenefits,
		"What we offer":             secBenefits,
		"Perks":                     secBenefits,
		"How to apply":              secApply,
		"About us":                  secOther,
		"Senior Product Designer":   "",
		"Objective #2: Build tools": secResponsibilities,
		// Workday pages (NVIDIA's among them) head their lists so.
		"What we need to see:":                 secRequirements,
		"Ways to stand out from the crowd:":    secNice,
		"You might be a great fit if you have": secRequirements,
		"What it takes":                        secRequirements,
	}
	for h, want := range tests {
		if got := sectionOf(h); got != want {
			t.Errorf("sectionOf(%q) = %q, want %q", h, got, want)
		}
	}
}

func TestNormalizers(t *testing.T) {
	now := time.Date(2024, 6, 10, 12, 0, 0, 0, time.UTC)
	dates := map[string]string{
		"2011-10-31": "2011-10-31", "2024-03-05T10:00:00+03:00": "2024-03-05", "March 1, 2021": "2021-03-01",
		"11:59pm on Monday, March  1, 2021 EDT": "2021-03-01", "14 June 2024": "2024-06-14", "1st of July 2024": "2024-07-01",
		"2024-07": "2024-07", "3 days ago": "2024-06-07", "11 hours ago": "2024-06-10", "yesterday": "2024-06-09",
		"tbd": "", "": "",
	}
	for in, want := range dates {
		if got := normalizeDateAt(in, now); got != want {
			t.Errorf("normalizeDate(%q) = %q, want %q", in, got, want)
		}
	}
	types := map[string]string{"FULL_TIME": "Full-time", "Full time": "Full-time", "PART_TIME": "Part-time",
		"CONTRACTOR": "Contract", "Internship": "Internship", "TEMPORARY": "Temporary", "OTHER": ""}
	for in, want := range types {
		if got := normalizeEmploymentType(in); got != want {
			t.Errorf("normalizeEmploymentType(%q) = %q, want %q", in, got, want)
		}
	}
	levels := map[string]string{"Senior Backend Engineer": "senior", "Data Engineer II": "mid", "Junior Accountant": "junior",
		"Staff Engineer": "lead", "Head of Design": "director", "Software Engineering Intern": "intern", "Product Designer": ""}
	for in, want := range levels {
		if got := seniorityFromTitle(in); got != want {
			t.Errorf("seniorityFromTitle(%q) = %q, want %q", in, got, want)
		}
	}
	places := map[string]string{"Virtual (100% remote)": "remote", "Hybrid - London": "hybrid", "On-site in Lagos": "onsite", "Paris": ""}
	for in, want := range places {
		if got := normalizeWorkplace(in); got != want {
			t.Errorf("normalizeWorkplace(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatchSkills(t *testing.T) {
	tests := []struct {
		text      string
		want, not []string
	}{
		{"We use Go, PostgreSQL and Kubernetes (k8s). Go is great.", []string{"Go", "PostgreSQL", "Kubernetes"}, []string{"C"}},
		{"Let's go to the office and go-live with C++ and C#.", []string{"C++", "C#"}, []string{"Go", "C"}},
		{"Experience with R&D budgeting and React.js", []string{"React", "Budget management"}, []string{"R"}},
		// Plain words are not skills (issue 8): "the rest of 18F leadership", "express ideas".
		{"You will work with the rest of 18F leadership and express ideas clearly.", []string{"Leadership"}, []string{"REST", "REST APIs", "Express"}},
		{"Build RESTful APIs in Node.js and Express", []string{"REST", "Node.js", "Express"}, nil},
	}
	for _, tt := range tests {
		got := matchSkills(tt.text)
		for _, w := range tt.want {
			if !contains(got, w) {
				t.Errorf("matchSkills(%q) = %q, missing %q", tt.text, got, w)
			}
		}
		for _, n := range tt.not {
			for _, g := range got {
				if g == n {
					t.Errorf("matchSkills(%q) = %q, should not have %q", tt.text, got, n)
				}
			}
		}
	}
}
