package jobs

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"

	"tailor/orchestrator"
	"tailor/orchestrator/provider"
)

// scriptedProvider is a model that answers every call with one JSON
// posting, behind the real orchestrator (so the answer is not "offline").
type scriptedProvider struct{ answer string }

func (p *scriptedProvider) Type() string { return "fake" }

func (p *scriptedProvider) Generate(context.Context, provider.Call) (provider.Result, error) {
	return provider.Result{Text: p.answer, InputTokens: 800, OutputTokens: 200}, nil
}

func modelExtractor(t *testing.T, answer string) *Extractor {
	t.Helper()
	orch := orchestrator.New(orchestrator.Options{
		Chain:  orchestrator.StaticChain{{Provider: &scriptedProvider{answer: answer}, FastModel: "fake-fast", QualityModel: "fake-quality"}},
		Plans:  planOf("FREEMIUM"),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	return NewExtractor(orch, nil, ExtractorOptions{})
}

// A posting that names no employer and no pay: whatever a model says about
// either is invented.
const noCompanyPosting = `Cloud Support Engineer

We run the servers behind a dozen public libraries and want an engineer who enjoys fixing things for people.
The team works from Leeds, with two days a week in the office.

Responsibilities
- Answer support tickets from library staff
- Patch and monitor our Linux servers

Requirements
- 2+ years of Linux administration
- Calm under pressure`

func TestModelInventionsNeverReachTheJob(t *testing.T) {
	answer := `{"is_job_posting": true, "title": "Cloud Support Engineer", "company": "Amazon Web Services",
		"location": "Seattle, WA", "salary": {"min": 120000, "max": 160000, "currency": "USD", "period": "year", "raw": "$120,000 - $160,000"},
		"employment_type": "Full-time", "description": "Support engineer.", "responsibilities": ["Answer support tickets from library staff"],
		"requirements": ["2+ years of Linux administration", "You must be a U.S. Citizen"], "skills": ["Linux"]}`
	p, err := modelExtractor(t, answer).Extract(context.Background(), 1, Source{Text: noCompanyPosting}, false)
	if err != nil {
		t.Fatal(err)
	}
	j, _ := json.Marshal(p)
	for _, invented := range []string{"Amazon", "120000", "160000", "Seattle"} {
		if strings.Contains(string(j), invented) {
			t.Errorf("invented %q reached the job: %s", invented, j)
		}
	}
	if p.Company != "" || !p.Salary.Empty() {
		t.Errorf("company %q, salary %+v: want both empty", p.Company, p.Salary)
	}
	if p.Title != "Cloud Support Engineer" || p.Sources["title"] != SourceAI || p.Confidence["title"] != ConfidenceHigh {
		t.Errorf("title %q from %q (%q): want the model's title, confirmed by the page", p.Title, p.Sources["title"], p.Confidence["title"])
	}
	if contains(p.Requirements, "You must be a U.S. Citizen") || !contains(p.ApplicationNotes, "You must be a U.S. Citizen") {
		t.Errorf("requirements %q, notes %q: citizenship belongs in the notes", p.Requirements, p.ApplicationNotes)
	}
}

func TestModelAnswerCheckedField(t *testing.T) {
	const page = `Senior Backend Engineer (Go) – Freightwise GmbH – Berlin, Germany

Freightwise moves pallets across Europe with software we write ourselves.

What you'll do
- Build Go services

What we offer
- €75,000 – €90,000 per year`
	tests := []struct {
		name       string
		model      string // the model's fields, JSON without braces
		field      string
		want       string // the value stored
		source     string
		confidence string
	}{
		{"company on the page, without its legal form", `"company": "Freightwise"`, "company", "Freightwise", SourceAI, ConfidenceHigh},
		{"company the page never names: the rules' company wins", `"company": "Amazon Web Services"`, "company", "Freightwise GmbH", SourcePage, ""},
		{"title the page shows", `"title": "Senior Backend Engineer (Go)"`, "title", "Senior Backend Engineer (Go)", SourceAI, ConfidenceHigh},
		{"title the page does not show: the rules' title wins", `"title": "Staff Software Engineer"`, "title", "Senior Backend Engineer (Go)", SourcePage, ""},
		{"location rewritten: the rules' location wins", `"location": "Berlin, Deutschland"`, "location", "Berlin, Germany", SourcePage, ""},
		{"salary the page states", `"salary": {"min": 75000, "max": 90000, "currency": "EUR", "period": "year"}`, "salary", "75000-90000", SourceAI, ConfidenceHigh},
		{"salary the page does not state: the rules' salary wins", `"salary": {"min": 80000, "max": 120000, "currency": "EUR"}`, "salary", "75000-90000", SourcePage, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			answer := `{"is_job_posting": true, "description": "Backend work.", ` + tt.model + `}`
			p, err := modelExtractor(t, answer).Extract(context.Background(), 1, Source{Text: page}, false)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{"company": p.Company, "title": p.Title, "location": p.Location}[tt.field]
			if tt.field == "salary" {
				got = ""
				if p.Salary.Min != nil && p.Salary.Max != nil {
					got = jsonNum(*p.Salary.Min) + "-" + jsonNum(*p.Salary.Max)
				}
			}
			if got != tt.want || p.Sources[tt.field] != tt.source || p.Confidence[tt.field] != tt.confidence {
				t.Errorf("%s = %q from %q (confidence %q); want %q from %q (%q)", tt.field, got, p.Sources[tt.field], p.Confidence[tt.field],
					tt.want, tt.source, tt.confidence)
			}
		})
	}
}

func jsonNum(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

// With nothing on the page to prefer, a place the model rewrote is kept as
// a guess to confirm; an employer it made up is dropped.
func TestModelGuessesMarkedLow(t *testing.T) {
	const page = `Warehouse Associate

Our new depot in Leeds needs people for early shifts.

Responsibilities
- Pick and pack orders

Requirements
- Able to lift 20 kg`
	answer := `{"is_job_posting": true, "title": "Warehouse Associate", "location": "Leeds, West Yorkshire, UK", "company": "Parcelly Logistics",
		"description": "Depot work."}`
	p, err := modelExtractor(t, answer).Extract(context.Background(), 1, Source{Text: page}, false)
	if err != nil {
		t.Fatal(err)
	}
	if p.Location != "Leeds, West Yorkshire, UK" || p.Confidence["location"] != ConfidenceLow || p.Sources["location"] != SourceAI {
		t.Errorf("location %q (%q, %q): want the model's place kept as a low-confidence guess", p.Location, p.Sources["location"], p.Confidence["location"])
	}
	if p.Company != "" {
		t.Errorf("company = %q, want it dropped", p.Company)
	}
}

// A screenshot read by a model: its answer is checked against the text
// tesseract read on the server.
func TestModelScreenshotAnswerChecked(t *testing.T) {
	screen := screenshot{Title: "Data Engineer II", Company: "Microsoft", Location: "Redmond, WA",
		Text: "Data Engineer II\nMicrosoft - Redmond, WA\nBase pay range\n$100,600.00/yr - $215,400.00/yr\nMicrosoft is looking for a data engineer."}
	model := Posting{Title: "Data Engineer II", Company: "Amazon Web Services", Location: "Redmond, Washington, United States",
		Salary: Salary{Min: fp(100600), Max: fp(215400), Currency: "USD", Period: "year"}}
	p := checkModelAnswer(Posting{}, model, ExtractInput{Image: []byte{1}, Screen: &screen, Text: screen.Text})
	if p.Company != "Microsoft" || p.Sources["company"] != SourcePage {
		t.Errorf("company = %q from %q, want Microsoft from the screenshot", p.Company, p.Sources["company"])
	}
	if p.Location != "Redmond, WA" || p.Sources["location"] != SourcePage {
		t.Errorf("location = %q from %q, want the screenshot's", p.Location, p.Sources["location"])
	}
	if p.Salary.Min == nil || *p.Salary.Min != 100600 || p.Sources["salary"] != SourceAI || p.Confidence["salary"] != ConfidenceHigh {
		t.Errorf("salary = %+v from %q: the page states it", p.Salary, p.Sources["salary"])
	}
}

func TestNumberReadings(t *testing.T) {
	raw := "Pay: €75,000 – €90,000; or 85k; also 100,600.00/yr and 3.800 en 5.000 per maand"
	for _, v := range []float64{75000, 90000, 85000, 100600, 3800, 5000} {
		if !salaryIn(Salary{Min: &v}, raw) {
			t.Errorf("%v not found in %q", v, raw)
		}
	}
	for _, v := range []float64{120000, 7500090000} {
		if salaryIn(Salary{Min: &v}, raw) {
			t.Errorf("%v found in %q, but the page does not state it", v, raw)
		}
	}
}

// A model that lists the introduction as a duty: the rules know it is the
// description.
func TestModelIntroIsNoDuty(t *testing.T) {
	const intro = "Freightwise moves 40,000 pallets a day across Europe with software we write ourselves."
	page := "Senior Backend Engineer (Go) – Freightwise GmbH – Berlin, Germany\n\n" + intro + "\n\nWhat you'll do\n- Build Go services\n"
	answer := `{"is_job_posting": true, "title": "Senior Backend Engineer (Go)", "description": "Freight software.",
		"responsibilities": ["` + intro + `", "Build Go services"]}`
	p, err := modelExtractor(t, answer).Extract(context.Background(), 1, Source{Text: page}, false)
	if err != nil {
		t.Fatal(err)
	}
	if contains(p.Responsibilities, intro) || !contains(p.Responsibilities, "Build Go services") {
		t.Errorf("responsibilities = %q", p.Responsibilities)
	}
}

// A screenshot read by a model on a server without tesseract: nothing to
// check the answer against, so its facts are kept as guesses to confirm.
func TestModelScreenshotWithoutOCRIsUnconfirmed(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	gen := &fakeGen{fn: func(orchestrator.Request) (orchestrator.Response, error) {
		return orchestrator.Response{Text: `{"is_job_posting": true, "title": "Chef", "company": "Diner", "description": "Cook."}`}, nil
	}}
	p, err := NewExtractor(gen, nil, ExtractorOptions{}).Extract(context.Background(), 1, Source{Image: photo(t)}, false)
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Chef" || p.Confidence["title"] != ConfidenceLow || p.Confidence["company"] != ConfidenceLow || p.Sources["company"] != SourceAI {
		t.Errorf("title %q, confidence %v, sources %v: want the model's fields marked low", p.Title, p.Confidence, p.Sources)
	}
}
