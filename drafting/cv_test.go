package drafting

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"tailor/apperr"
	"tailor/billing"
	"tailor/jobs"
	"tailor/orchestrator"
	"tailor/orchestrator/provider"
	"tailor/profile"
)

// assertGrounded fails when cv names anything the profile does not have:
// every role, degree and project is a profile entry with the profile's
// facts, every skill is in the profile.
func assertGrounded(t *testing.T, cv CV, p profile.Resume) {
	t.Helper()
	p.Clean()
	for _, r := range cv.Experience {
		ok := false
		for _, w := range p.Work {
			ok = ok || (r.Company == w.Name && r.Title == w.Position && r.Location == w.Location &&
				r.StartDate == w.StartDate && r.EndDate == w.EndDate)
		}
		if !ok {
			t.Errorf("role %q at %q (%s–%s) is not in the profile", r.Title, r.Company, r.StartDate, r.EndDate)
		}
	}
	for _, e := range cv.Education {
		ok := false
		for _, pe := range p.Education {
			ok = ok || e == eduFromProfile(pe)
		}
		if !ok {
			t.Errorf("education %+v is not in the profile", e)
		}
	}
	tr := profileTruth(p)
	for _, s := range cv.Skills {
		if !tr.has(s) {
			t.Errorf("skill %q is not in the profile", s)
		}
	}
	for _, pr := range cv.Projects {
		ok := false
		for _, pp := range p.Projects {
			ok = ok || pr.Name == pp.Name
		}
		if !ok {
			t.Errorf("project %q is not in the profile", pr.Name)
		}
	}
	if cv.Name != p.Basics.Name {
		t.Errorf("name %q, profile says %q", cv.Name, p.Basics.Name)
	}
}

// inventedCV is a model answer that mixes the profile's facts with made-up
// ones: another employer, a degree, skills, numbers, wrong dates.
const inventedCV = `{
 "name": "Ada King",
 "headline": "Principal Kubernetes Architect",
 "summary": "Backend engineer with 15 years of Kubernetes experience.",
 "experience": [
  {"company": "Hooli", "title": "Staff Engineer", "start_date": "2010-01", "highlights": ["Led 50 engineers"]},
  {"company": "Analytical Engines", "title": "Sr. Backend Engineer", "location": "Mars", "start_date": "2015-01", "end_date": "2019-01",
   "highlights": ["Designed a Go service ingesting 2 million events a day into PostgreSQL", "Managed a team of 50 engineers",
                  "Migrated the platform to Kubernetes on AWS"]}
 ],
 "education": [
  {"institution": "MIT", "study_type": "PhD", "area": "Physics", "start_date": "2001", "end_date": "2005"},
  {"institution": "University of London", "study_type": "PhD", "area": "Mathematics", "end_date": "2012"}
 ],
 "skills": ["Go", "postgresql", "Kubernetes", "Leadership", "Python", "go"],
 "projects": [
  {"name": "pgwatch", "description": "Monitoring tool for PostgreSQL written in Go", "highlights": ["Used by 3000 teams"]},
  {"name": "Skynet", "description": "A self-aware AI"}
 ]
}`

func TestDraftCVGrounding(t *testing.T) {
	tests := []struct {
		name   string
		answer string
		check  func(t *testing.T, cv CV)
	}{
		{"invented entries dropped and facts overwritten", inventedCV, func(t *testing.T, cv CV) {
			// The role the model left out is completed from the profile.
			if len(cv.Experience) != 2 || cv.Experience[1].Company != "Difference Co" {
				t.Fatalf("experience = %+v", cv.Experience)
			}
			r := cv.Experience[0]
			want := CVRole{Company: "Analytical Engines Ltd", Title: "Senior Backend Engineer", Location: "London",
				StartDate: "2020-03", Highlights: []string{"Designed a Go service ingesting 2 million events a day into PostgreSQL"}}
			if !reflect.DeepEqual(r, want) {
				t.Errorf("role = %+v\nwant %+v", r, want)
			}
			if want := []CVEducation{{Institution: "University of London", StudyType: "BSc", Area: "Mathematics",
				StartDate: "2013-09", EndDate: "2016-06"}}; !reflect.DeepEqual(cv.Education, want) {
				t.Errorf("education = %+v", cv.Education)
			}
			if want := []string{"Go", "PostgreSQL", "Python"}; !reflect.DeepEqual(cv.Skills, want) {
				t.Errorf("skills = %q, want %q", cv.Skills, want)
			}
			if len(cv.Projects) != 1 || cv.Projects[0].Name != "pgwatch" ||
				cv.Projects[0].Description != "Monitoring tool for PostgreSQL written in Go" ||
				!reflect.DeepEqual(cv.Projects[0].Highlights, []string{"Used by 300 teams"}) {
				t.Errorf("projects = %+v", cv.Projects)
			}
			if cv.Headline != "Backend Engineer" || strings.Contains(cv.Summary, "Kubernetes") || strings.Contains(cv.Summary, "15") {
				t.Errorf("headline %q summary %q", cv.Headline, cv.Summary)
			}
			if cv.Name != "Ada Byron" || cv.Contact.Email != "ada@example.org" {
				t.Errorf("name %q contact %+v", cv.Name, cv.Contact)
			}
		}},
		{"nothing matches: sections come from the profile", `{"headline":"CEO","experience":[{"company":"Hooli","title":"CEO","highlights":["Ran it"]}],
			"education":[{"institution":"Stanford","study_type":"MBA"}],"skills":["Kubernetes"],"summary":"x"}`,
			func(t *testing.T, cv CV) {
				base := builtinCV(CVInput{Profile: ada(), Job: backendJob()})
				if !reflect.DeepEqual(cv.Experience, base.Experience) || !reflect.DeepEqual(cv.Education, base.Education) ||
					!reflect.DeepEqual(cv.Skills, base.Skills) || cv.Summary != base.Summary {
					t.Errorf("cv = %+v\nwant sections of %+v", cv, base)
				}
			}},
		{"good answer kept in the model's words", "Sure! Here it is:\n```json\n" + `{"headline":"Backend engineer, Go and PostgreSQL",
			"summary":"Backend engineer who builds reliable Go and PostgreSQL data services.",
			"experience":[{"company":"difference co","title":"junior developer","highlights":["Wrote Python reporting scripts every month"]},
			              {"company":"Analytical Engines Ltd","title":"Senior Backend Engineer","highlights":["Cut API latency 40% with Redis caching"]}],
			"education":[{"institution":"university of london"}],
			"skills":[{"name":"Backend","keywords":["Go","Redis"]}],
			"projects":[{"name":"PGWatch","highlights":["- Used by 300 teams"]}]}` + "\n```",
			func(t *testing.T, cv CV) {
				if cv.Headline != "Backend engineer, Go and PostgreSQL" || !strings.HasPrefix(cv.Summary, "Backend engineer who builds reliable Go") {
					t.Errorf("headline %q summary %q", cv.Headline, cv.Summary)
				}
				if len(cv.Experience) != 2 || cv.Experience[0].Company != "Analytical Engines Ltd" ||
					cv.Experience[1].Company != "Difference Co" || cv.Experience[1].EndDate != "2020-02" ||
					cv.Experience[0].Highlights[0] != "Cut API latency 40% with Redis caching" {
					t.Errorf("experience = %+v", cv.Experience)
				}
				if !reflect.DeepEqual(cv.Skills, []string{"Backend", "Go", "Redis"}) {
					t.Errorf("skills = %q", cv.Skills)
				}
				if len(cv.Projects) != 1 || cv.Projects[0].Name != "pgwatch" || !slices.Equal(cv.Projects[0].Highlights, []string{"Used by 300 teams"}) {
					t.Errorf("projects = %+v", cv.Projects)
				}
			}},
		{"camelCase keys", `{"experience":[{"name":"Analytical Engines Ltd","position":"Senior Backend Engineer","startDate":"1999","highlights":["Designed a Go service"]}],"skills":["Docker"]}`,
			func(t *testing.T, cv CV) {
				if len(cv.Experience) != 2 || cv.Experience[0].StartDate != "2020-03" || !reflect.DeepEqual(cv.Skills, []string{"Docker"}) {
					t.Errorf("cv = %+v", cv)
				}
			}},
		{"garbage gives the builtin CV", "I'm sorry, I can't do that.", func(t *testing.T, cv CV) {
			want := builtinCV(CVInput{Profile: ada(), Job: backendJob()})
			want.Source = Source{Kind: SourceOffline}
			if !reflect.DeepEqual(cv, want) {
				t.Errorf("cv = %+v\nwant %+v", cv, want)
			}
		}},
		{"empty object gives the builtin CV", "{}", func(t *testing.T, cv CV) {
			want := builtinCV(CVInput{Profile: ada(), Job: backendJob()})
			want.Source = Source{Kind: SourceOffline}
			if !reflect.DeepEqual(cv, want) {
				t.Errorf("cv = %+v", cv)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gen := answers(tt.answer)
			cv, err := quiet(gen).DraftCV(context.Background(), 3, ada(), backendJob(), true)
			if err != nil {
				t.Fatal(err)
			}
			assertGrounded(t, cv, ada())
			if cv.JobTitle != "Senior Go Engineer" || cv.Company != "Globex" {
				t.Errorf("job %q at %q", cv.JobTitle, cv.Company)
			}
			// An unusable answer is refused at each of the three links this
			// fake stands for; a usable one is taken at once.
			if wantCalls := map[bool]int{true: 3, false: 1}[strings.Contains(tt.name, "builtin")]; len(gen.requests) != wantCalls {
				t.Fatalf("calls = %d, want %d", len(gen.requests), wantCalls)
			}
			req := gen.requests[0]
			in, ok := req.Input.(CVInput)
			if req.Task != billing.TaskCVDraft || req.UserID != 3 || !req.Force || req.Schema == nil || !ok ||
				in.Profile.Basics.Name != "Ada Byron" || in.Job.Title != "Senior Go Engineer" {
				t.Errorf("request = %+v", req)
			}
			for _, want := range []string{"Analytical Engines Ltd", "Designed a Go service", "Senior Go Engineer", "Operate PostgreSQL databases"} {
				if !strings.Contains(req.Prompt, want) {
					t.Errorf("prompt lacks %q", want)
				}
			}
			tt.check(t, cv)
		})
	}
}

func TestDraftCVErrors(t *testing.T) {
	gen := answers("{}")
	if _, err := quiet(gen).DraftCV(context.Background(), 1, emptyProfile(), backendJob(), false); apperr.Code(err) != apperr.EINVALID || len(gen.requests) != 0 {
		t.Errorf("empty profile: err %v, calls %d", err, len(gen.requests))
	}
	quota := &fakeGen{GenerateFunc: func(int, orchestrator.Request) (orchestrator.Response, error) {
		return orchestrator.Response{}, apperr.New(apperr.EQUOTA, "No drafts left this month.")
	}}
	if _, err := quiet(quota).DraftCV(context.Background(), 1, ada(), backendJob(), false); apperr.Code(err) != apperr.EQUOTA {
		t.Errorf("quota: err %v", err)
	}
}

func TestBuiltinCVRanksForTheJob(t *testing.T) {
	p := ada()
	slices.Reverse(p.Work) // the profile lists the old role first
	cv := builtinCV(CVInput{Profile: p, Job: backendJob()})
	if len(cv.Experience) != 2 || cv.Experience[0].Company != "Analytical Engines Ltd" {
		t.Fatalf("roles not most recent first: %+v", cv.Experience)
	}
	hs := cv.Experience[0].Highlights
	// The office party is trivia: never printed.
	if len(hs) != 2 || !strings.HasPrefix(hs[0], "Designed a Go service") || !strings.HasPrefix(hs[1], "Cut API latency") {
		t.Errorf("bullets not ranked, or trivia kept: %q", hs)
	}
	if !slices.Equal(cv.Skills[:3], []string{"Go", "PostgreSQL", "Redis"}) || slices.Index(cv.Skills, "Cooking") < 3 {
		t.Errorf("skills not ranked: %q", cv.Skills)
	}
	if !strings.Contains(cv.Summary, "Backend engineer who builds reliable data services") ||
		!strings.Contains(cv.Summary, "Go, PostgreSQL and Redis") || strings.Contains(cv.Summary, "Kubernetes") {
		t.Errorf("summary %q", cv.Summary)
	}
	if cv.Headline != "Backend Engineer" || cv.Contact.Location != "London, GB" || cv.JobTitle != "Senior Go Engineer" {
		t.Errorf("headline %q contact %+v", cv.Headline, cv.Contact)
	}

	// A different job reorders the same bullets.
	reports := jobs.Posting{Title: "Reporting Analyst", Skills: []string{"Python"}, Requirements: []string{"Monthly reports"}}
	cv = builtinCV(CVInput{Profile: p, Job: reports})
	if got := cv.Experience[1].Highlights[0]; got != "Wrote Python scripts for monthly reports" {
		t.Errorf("reporting job top bullet = %q", got)
	}
	if cv.Skills[0] != "Python" {
		t.Errorf("reporting job top skill = %q", cv.Skills[0])
	}
}

func TestRankStrings(t *testing.T) {
	jw := weightsFor(backendJob())
	tests := []struct {
		in   []string
		want []string
	}{
		{[]string{"Baked bread", "Managed PostgreSQL databases"}, []string{"Managed PostgreSQL databases", "Baked bread"}},
		// "Designing services" meets "Design Go services" through the stems.
		{[]string{"Planned events", "Built a Go API", "Designing services"}, []string{"Designing services", "Built a Go API", "Planned events"}},
		{[]string{"b", "a"}, []string{"b", "a"}}, // equal scores keep their order
		{nil, []string{}},
	}
	for _, tt := range tests {
		if got := rankStrings(tt.in, jw.score); !slices.Equal(got, tt.want) {
			t.Errorf("rankStrings(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBuiltinCVGroundedForEveryProfile(t *testing.T) {
	for pn, p := range allProfiles(t) {
		for jn, j := range allJobs(t) {
			t.Run(pn+"/"+jn, func(t *testing.T) {
				p.Clean()
				text, err := BuiltinCV(context.Background(), provider.Call{Task: billing.TaskCVDraft, Input: CVInput{Profile: p, Job: j}})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := parseCV(text); err != nil {
					t.Fatalf("builtin answer does not parse: %v", err)
				}
				// Through DraftCV the offline answer comes back unchanged.
				got, err := quiet(builtinGen()).DraftCV(context.Background(), 1, p, j, false)
				if err != nil {
					t.Fatal(err)
				}
				want := builtinCV(CVInput{Profile: p, Job: j})
				want.Source = Source{Kind: SourceOffline}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("DraftCV through the builtin provider changed the CV:\n%+v\nwant\n%+v", got, want)
				}
				assertGrounded(t, got, p)
			})
		}
	}
}

func TestMarkdown(t *testing.T) {
	cv := CV{
		Name: "Ada Byron", Headline: "Backend Engineer",
		Contact: Contact{Email: "ada@example.org", Phone: "+44 20", Location: "London, GB", URL: "https://ada.example.org"},
		Summary: "Builds *reliable* services.",
		Experience: []CVRole{
			{Company: "Analytical Engines Ltd", Title: "Senior Backend Engineer", Location: "London", StartDate: "2020-03",
				Highlights: []string{"Designed a Go service", "Cut latency by 40%"}},
			{Company: "Difference Co", Title: "Junior Developer", StartDate: "2016-09", EndDate: "2020-02"},
		},
		Education: []CVEducation{{Institution: "University of London", StudyType: "BSc", Area: "Mathematics", StartDate: "2013", EndDate: "2016"}},
		Skills:    []string{"Go", "PostgreSQL"},
		Projects:  []CVProject{{Name: "pgwatch", Description: "Monitoring", Highlights: []string{"Used by 300 teams"}}},
		JobTitle:  "Senior Go Engineer", Company: "Globex",
	}
	md := Markdown(cv)
	for _, want := range []string{
		"# Ada Byron\n", "**Backend Engineer**", "ada@example.org · +44 20 · London, GB · https://ada.example.org",
		"## Summary\n\nBuilds \\*reliable\\* services.",
		"## Experience", "### Senior Backend Engineer — Analytical Engines Ltd\n*London · Mar 2020 – present*",
		"- Designed a Go service\n- Cut latency by 40%", "### Junior Developer — Difference Co\n*Sep 2016 – Feb 2020*",
		"## Education", "### BSc in Mathematics — University of London\n*2013 – 2016*",
		"## Skills\n\nGo · PostgreSQL", "## Projects", "### pgwatch\n\nMonitoring\n\n- Used by 300 teams",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "Globex") {
		t.Error("Markdown names the employer the CV is sent to")
	}
	sparse := Markdown(CV{Name: "Sam Lee", Skills: []string{"SQL"}})
	for _, absent := range []string{"## Experience", "## Education", "## Projects", "## Summary", "**"} {
		if strings.Contains(sparse, absent) {
			t.Errorf("empty section %q rendered:\n%s", absent, sparse)
		}
	}
}

func TestBuiltinCVFunc(t *testing.T) {
	in := CVInput{Profile: ada(), Job: backendJob()}
	a, err := BuiltinCV(context.Background(), provider.Call{Input: in})
	if err != nil {
		t.Fatal(err)
	}
	b, err := BuiltinCV(context.Background(), provider.Call{Input: &in})
	if err != nil || a != b {
		t.Errorf("pointer input: %v, same answer %v", err, a == b)
	}
	if _, err := BuiltinCV(context.Background(), provider.Call{Input: LetterInput{}}); err == nil {
		t.Error("wrong input type accepted")
	}
}

// TestLongProfileDraftsItsRecentRoles: a profile far longer than any CV
// drafts from its most recent roles, and the caller's profile is untouched.
func TestLongProfileDraftsItsRecentRoles(t *testing.T) {
	p := longProfile(10_000)
	p.Work[0].Highlights = append(p.Work[0].Highlights, make([]string, 100)...)
	cv, err := quiet(builtinGen()).DraftCV(context.Background(), 1, p, backendJob(), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(cv.Experience) == 0 || len(cv.Experience) > maxProfileRoles {
		t.Fatalf("CV has %d roles, want 1 to %d", len(cv.Experience), maxProfileRoles)
	}
	if newest := sortedWork(p.Work)[0]; cv.Experience[0].Company != newest.Name {
		t.Fatalf("first role %q, want the most recent %q", cv.Experience[0].Company, newest.Name)
	}
	if len(p.Work) != 10_000 || len(p.Work[0].Highlights) != 103 {
		t.Fatal("drafting changed the caller's profile")
	}
}
