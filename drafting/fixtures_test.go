package drafting

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"tailor/billing"
	"tailor/jobs"
	"tailor/orchestrator"
	"tailor/orchestrator/provider"
	"tailor/orchestrator/provider/builtin"
	"tailor/profile"
)

// fakeGen is a Generator whose answer is a function; it records every
// request so tests can count calls and read what was asked.
type fakeGen struct {
	GenerateFunc func(n int, req orchestrator.Request) (orchestrator.Response, error)
	requests     []orchestrator.Request
}

func (f *fakeGen) Generate(_ context.Context, req orchestrator.Request) (orchestrator.Response, error) {
	f.requests = append(f.requests, req)
	return f.GenerateFunc(len(f.requests), req)
}

// quiet returns a Drafter that logs nowhere, so test output stays readable.
func quiet(g Generator) *Drafter {
	d := New(g)
	d.log = slog.New(slog.DiscardHandler)
	return d
}

// answers returns a fakeGen that answers with texts in turn, repeating the
// last one.
func answers(texts ...string) *fakeGen {
	return &fakeGen{GenerateFunc: func(n int, _ orchestrator.Request) (orchestrator.Response, error) {
		if n > len(texts) {
			n = len(texts)
		}
		return orchestrator.Response{Text: texts[n-1], ProviderType: "fake"}, nil
	}}
}

// builtinGen answers like the offline provider does, through the exported
// builtin functions.
func builtinGen() *fakeGen {
	return &fakeGen{GenerateFunc: func(_ int, req orchestrator.Request) (orchestrator.Response, error) {
		call := provider.Call{Task: req.Task, System: req.System, Prompt: req.Prompt, Schema: req.Schema, Input: req.Input}
		var text string
		var err error
		switch req.Task {
		case billing.TaskCVDraft:
			text, err = BuiltinCV(context.Background(), call)
		case billing.TaskCoverLetter:
			text, err = BuiltinLetter(context.Background(), call)
		}
		return orchestrator.Response{Text: text, ProviderType: builtin.Type, Offline: true}, err
	}}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// ada is a profile with two roles, one of which matches backendJob well.
func ada() profile.Resume {
	return profile.Resume{
		Basics: profile.Basics{Name: "Ada Byron", Label: "Backend Engineer", Email: "ada@example.org",
			Phone: "+44 20 7946 0000", URL: "https://ada.example.org",
			Summary:  "Backend engineer who builds reliable data services in Go and PostgreSQL.",
			Location: profile.Location{City: "London", CountryCode: "GB"}},
		Work: []profile.Work{
			{Name: "Analytical Engines Ltd", Position: "Senior Backend Engineer", Location: "London",
				StartDate: "2020-03", Highlights: []string{
					"Organised the annual office party for 80 people",
					"Designed a Go service that ingests 2 million events a day into PostgreSQL",
					"Cut API latency by 40% by adding Redis caching",
				}},
			{Name: "Difference Co", Position: "Junior Developer", StartDate: "2016-09", EndDate: "2020-02",
				Highlights: []string{"Maintained the PHP billing system", "Wrote Python scripts for monthly reports"}},
		},
		Education: []profile.Education{{Institution: "University of London", StudyType: "BSc",
			Area: "Mathematics", StartDate: "2013-09", EndDate: "2016-06"}},
		Skills: []profile.Skill{
			{Name: "Cooking"},
			{Name: "Backend", Keywords: []string{"Go", "PostgreSQL", "Redis", "Docker"}},
			{Name: "Scripting", Keywords: []string{"Python", "PHP"}},
		},
		Projects: []profile.Project{{Name: "pgwatch", Description: "A PostgreSQL monitoring tool written in Go",
			Highlights: []string{"Used by 300 teams"}}},
	}
}

func backendJob() jobs.Posting {
	return jobs.Posting{
		Title: "Senior Go Engineer", Company: "Globex",
		Description:      "Globex builds event pipelines for logistics.",
		Responsibilities: []string{"Design Go services for event ingestion", "Operate PostgreSQL databases"},
		Requirements:     []string{"5+ years building backend services", "Experience with PostgreSQL and Redis"},
		Skills:           []string{"Go", "PostgreSQL", "Redis", "Kubernetes"},
	}
}

// sparse is an empty-ish profile: a name and nothing else.
func sparse() profile.Resume {
	return profile.Resume{Basics: profile.Basics{Name: "Sam Lee"}}
}

// emptyProfile has nothing to draft from.
func emptyProfile() profile.Resume { return profile.Resume{Basics: profile.Basics{Label: "  "}} }

// noWork has skills and education but no positions.
func noWork() profile.Resume {
	return profile.Resume{
		Basics:    profile.Basics{Name: "Noor Haddad", Label: "Graduate"},
		Education: []profile.Education{{Institution: "Leeds Beckett University", Area: "Computing"}},
		Skills:    []profile.Skill{{Name: "Java"}, {Name: "SQL"}},
	}
}

// longWinded has a title, company and bullets far too long for a letter.
func longWinded() (profile.Resume, jobs.Posting) {
	long := ""
	for range 60 {
		long += "Delivered "
	}
	p := profile.Resume{Basics: profile.Basics{Name: "Kim Park", Label: long},
		Work: []profile.Work{{Name: long, Position: long, Highlights: []string{long, long + "Go"}}}}
	j := jobs.Posting{Title: long, Company: long, Responsibilities: []string{long}, Skills: []string{"Go"}}
	return p, j
}

const sharedTestdata = "../../shared/testdata"

// sampleResumes loads the shared sample profiles, or skips.
func sampleResumes(t testing.TB) map[string]profile.Resume {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(sharedTestdata, "resumes", "*.json"))
	if len(files) == 0 {
		t.Skip("shared sample resumes not present")
	}
	out := map[string]profile.Resume{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := profile.Parse(b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[filepath.Base(f)] = r
	}
	return out
}

// sampleJob loads the JSON Resume sample job and maps it onto a Posting, or
// returns false when it is absent.
func sampleJob(t testing.TB) (jobs.Posting, bool) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sharedTestdata, "jobs", "jsonresume_sample.job.json"))
	if err != nil {
		return jobs.Posting{}, false
	}
	var raw struct {
		Title            string   `json:"title"`
		Company          string   `json:"company"`
		Description      string   `json:"description"`
		Responsibilities []string `json:"responsibilities"`
		Qualifications   []string `json:"qualifications"`
		Skills           []struct {
			Name     string   `json:"name"`
			Keywords []string `json:"keywords"`
		} `json:"skills"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	j := jobs.Posting{Title: raw.Title, Company: raw.Company, Description: raw.Description,
		Responsibilities: raw.Responsibilities, Requirements: raw.Qualifications}
	for _, s := range raw.Skills {
		j.Skills = append(j.Skills, s.Name)
		j.Skills = append(j.Skills, s.Keywords...)
	}
	return j, true
}

// allProfiles is every profile fixture, plus the shared samples when present.
func allProfiles(t testing.TB) map[string]profile.Resume {
	lw, _ := longWinded()
	out := map[string]profile.Resume{"ada": ada(), "sparse": sparse(), "no-work": noWork(), "long-winded": lw}
	files, _ := filepath.Glob(filepath.Join(sharedTestdata, "resumes", "*.json"))
	if len(files) > 0 {
		for k, v := range sampleResumes(t) {
			out[k] = v
		}
	}
	return out
}

// allJobs is every job fixture, plus the shared sample job when present.
func allJobs(t testing.TB) map[string]jobs.Posting {
	_, lj := longWinded()
	out := map[string]jobs.Posting{
		"backend":      backendJob(),
		"empty":        {},
		"title-only":   {Title: "Data Analyst"},
		"company-only": {Company: "Initech"},
		"brackets":     {Title: "Engineer [Remote]", Company: "{Acme}", Responsibilities: []string{"<b>Ship</b> features"}},
		"long":         lj,
	}
	if j, ok := sampleJob(t); ok {
		out["jsonresume-sample"] = j
	}
	return out
}
