package drafting

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"tailor/apperr"
	"tailor/jobs"
	"tailor/orchestrator"
	"tailor/orchestrator/provider"
	"tailor/profile"
)

// fakeLink is one provider of a chainGen: answer gives its n-th answer.
type fakeLink struct {
	name, model string
	answer      func(n int, req orchestrator.Request) string
	calls       int
}

// chainGen is a Generator that behaves like the orchestrator's chain: links
// in order, Skip honoured, an answer Validate refuses asked for once more at
// the same link and then at the next one.
type chainGen struct {
	links    []*fakeLink
	requests []orchestrator.Request
}

func (g *chainGen) Generate(_ context.Context, req orchestrator.Request) (orchestrator.Response, error) {
	g.requests = append(g.requests, req)
	var refused []string
	for _, l := range g.links {
		if slices.Contains(req.Skip, l.name) {
			continue
		}
		for try := 0; try < 2; try++ {
			l.calls++
			text := l.answer(l.calls, req)
			if req.Validate != nil && req.Validate(text) != nil {
				if try == 1 {
					refused = append(refused, l.name)
				}
				continue
			}
			return orchestrator.Response{Text: text, ProviderType: l.name, Model: l.model, Link: l.name, Refused: refused}, nil
		}
	}
	var last error = errors.New("no link left")
	if len(refused) > 0 {
		last = &provider.Error{Class: provider.ClassInvalid, Err: errors.New("not JSON")}
	}
	return orchestrator.Response{}, apperr.Wrap(last, apperr.EUNAVAILABLE, "Every AI provider failed to answer.")
}

func always(text string) func(int, orchestrator.Request) string {
	return func(int, orchestrator.Request) string { return text }
}

// inventedLetter is a well-formed letter whose first paragraph claims a job
// at Google and a PhD from MIT; the other paragraphs are true.
func inventedLetter(t *testing.T, long bool) string {
	l := modelLetter("I spent four years as a Staff Engineer at Google. I also hold a PhD from MIT.")
	if !long {
		// Without the invented sentences the body is too short to keep.
		l.Paragraphs = []string{"I spent four years as a Staff Engineer at Google. I also hold a PhD from MIT. " + para(6), para(7), para(7)}
	}
	return mustJSON(t, l)
}

func noInvention(t *testing.T, text string) {
	t.Helper()
	for _, bad := range []string{"Google", "PhD", "MIT", "Staff Engineer"} {
		if strings.Contains(text, bad) {
			t.Errorf("%q reached the person:\n%s", bad, text)
		}
	}
}

func TestWriteLetterVerifier(t *testing.T) {
	good := mustJSON(t, modelLetter("Designed a Go service that ingests 2 million events a day into PostgreSQL."))
	greeting := modelLetter("Designed a Go service that ingests 2 million events a day into PostgreSQL.")
	greeting.Greeting, greeting.Subject = "Dear Google recruiters,", "Staff Engineer application"
	tests := []struct {
		name      string
		links     []*fakeLink
		wantCalls []int // per link
		source    Source
	}{
		{"invented greeting and subject rewritten", []*fakeLink{{name: "openai", model: "gpt-4o", answer: always(mustJSON(t, greeting))}},
			[]int{1}, Source{Kind: SourceModel, Provider: "openai", Model: "gpt-4o"}},
		{"invention dropped by repair", []*fakeLink{{name: "openai", model: "gpt-4o", answer: always(inventedLetter(t, true))}},
			[]int{1}, Source{Kind: SourceModel, Provider: "openai", Model: "gpt-4o"}},
		{"invention redrafted with feedback", []*fakeLink{{name: "openai", model: "gpt-4o", answer: func(n int, _ orchestrator.Request) string {
			if n == 1 {
				return inventedLetter(t, false)
			}
			return good
		}}}, []int{2}, Source{Kind: SourceModel, Provider: "openai", Model: "gpt-4o"}},
		{"invention twice: next provider", []*fakeLink{
			{name: "openai", model: "gpt-4o", answer: always(inventedLetter(t, false))},
			{name: "anthropic", model: "claude-sonnet-4-5", answer: always(good)}},
			[]int{2, 1}, Source{Kind: SourceModel, Provider: "anthropic", Model: "claude-sonnet-4-5"}},
		{"non-JSON asked again, then next provider", []*fakeLink{
			{name: "gemini", model: "gemini-2.5-pro", answer: always("Here is a lovely letter for you!")},
			{name: "openai", model: "gpt-4o", answer: always(good)}},
			[]int{2, 1}, Source{Kind: SourceModel, Provider: "openai", Model: "gpt-4o"}},
		{"no JSON from anyone: offline, labelled offline", []*fakeLink{
			{name: "gemini", model: "gemini-2.5-pro", answer: always("Dear team, I am great.")},
			{name: "openai", model: "gpt-4o", answer: always("no JSON here")}},
			[]int{2, 2}, Source{Kind: SourceOffline}},
		{"refused everywhere: offline, labelled offline", []*fakeLink{
			{name: "gemini", model: "gemini-2.5-pro", answer: always(inventedLetter(t, false))},
			{name: "openai", model: "gpt-4o", answer: always("no JSON here")},
			{name: "anthropic", model: "claude-sonnet-4-5", answer: always(inventedLetter(t, false))}},
			[]int{2, 2, 2}, Source{Kind: SourceOffline}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gen := &chainGen{links: tt.links}
			l, err := quiet(gen).WriteLetter(context.Background(), 1, ada(), backendJob(), ToneProfessional, false)
			if err != nil {
				t.Fatal(err)
			}
			assertValid(t, l)
			noInvention(t, l.Text())
			if l.Source != tt.source {
				t.Errorf("source = %+v, want %+v", l.Source, tt.source)
			}
			for i, want := range tt.wantCalls {
				if tt.links[i].calls != want {
					t.Errorf("link %s answered %d times, want %d", tt.links[i].name, tt.links[i].calls, want)
				}
			}
			if tt.name == "invention redrafted with feedback" {
				fb := gen.requests[1].Input.(LetterInput).Feedback
				if !strings.Contains(strings.Join(fb, "\n"), `"Google"`) || !strings.Contains(gen.requests[1].Prompt, "Google") ||
					!gen.requests[1].Force {
					t.Errorf("redraft feedback = %q", fb)
				}
			}
			if l.Source.Kind == SourceModel {
				checkClaims(t, l.Claims, strings.Join(l.Paragraphs, "\n"), ada(), backendJob())
				if strings.Contains(l.Text(), "Designed a Go service") && len(l.Claims) == 0 {
					t.Errorf("a model letter has no claims")
				}
			}
		})
	}
}

// checkClaims asserts every claim is a substring of the draft and every
// source resolves in the profile or the job.
func checkClaims(t *testing.T, claims []Claim, draft string, p profile.Resume, job jobs.Posting) {
	t.Helper()
	for _, c := range claims {
		if !strings.Contains(draft, c.Text) {
			t.Errorf("claim %q is not in the draft", c.Text)
		}
		if len(c.Sources) == 0 {
			t.Errorf("claim %q has no source", c.Text)
		}
		for _, s := range c.Sources {
			if _, _, ok := ResolveSource(p, job, s); !ok {
				t.Errorf("claim %q: source %q does not resolve", c.Text, s)
			}
		}
	}
}

func TestDraftCVVerifier(t *testing.T) {
	p := ada()
	p.Work = append(p.Work,
		profile.Work{Name: "Babbage Labs", Position: "Data Engineer", StartDate: "2014-01", EndDate: "2016-08",
			Highlights: []string{"Built nightly ETL jobs in Python"}},
		profile.Work{Name: "Lovelace Tutoring", Position: "Maths Tutor", StartDate: "2012-01", EndDate: "2013-12",
			Highlights: []string{"Taught algebra to 30 pupils"}})
	oneRole := `{"headline":"Backend Engineer","summary":"Backend engineer who builds reliable data services in Go and PostgreSQL. Previously a Staff Engineer at Google, with a PhD from MIT.",
		"experience":[{"company":"Analytical Engines Ltd","title":"Senior Backend Engineer","highlights":["Designed a Go service that ingests 2 million events a day into PostgreSQL","Was a Staff Engineer at Google"]}],
		"education":[{"institution":"University of London"}],"skills":["Go","PostgreSQL"]}`
	allInvented := `{"headline":"Backend Engineer","summary":"Backend engineer who builds reliable Go and PostgreSQL data services at Google and holds a PhD from MIT.",
		"experience":[{"company":"Analytical Engines Ltd","title":"Senior Backend Engineer","highlights":["Designed a Go service"]}],"skills":["Go"]}`
	good := `{"headline":"Backend Engineer","summary":"Backend engineer who builds reliable data services in Go and PostgreSQL.",
		"experience":[{"company":"Analytical Engines Ltd","title":"Senior Backend Engineer","highlights":["Designed a Go service"]}],"skills":["Go"]}`

	tests := []struct {
		name      string
		links     []*fakeLink
		wantCalls []int
		source    Source
	}{
		{"1 of 4 roles and an invented summary sentence", []*fakeLink{{name: "openai", model: "gpt-4o", answer: always(oneRole)}},
			[]int{1}, Source{Kind: SourceModel, Provider: "openai", Model: "gpt-4o"}},
		{"summary all invented: redraft", []*fakeLink{{name: "openai", model: "gpt-4o", answer: func(n int, _ orchestrator.Request) string {
			if n == 1 {
				return allInvented
			}
			return good
		}}}, []int{2}, Source{Kind: SourceModel, Provider: "openai", Model: "gpt-4o"}},
		{"non-JSON: asked again, then next provider", []*fakeLink{
			{name: "gemini", model: "gemini-2.5-flash", answer: always("I can't produce JSON today.")},
			{name: "anthropic", model: "claude-haiku-4-5", answer: always(oneRole)}},
			[]int{2, 1}, Source{Kind: SourceModel, Provider: "anthropic", Model: "claude-haiku-4-5"}},
		{"refused everywhere: offline", []*fakeLink{
			{name: "gemini", model: "gemini-2.5-flash", answer: always(allInvented)},
			{name: "openai", model: "gpt-4o", answer: always("nope")}},
			[]int{2, 2}, Source{Kind: SourceOffline}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gen := &chainGen{links: tt.links}
			cv, err := quiet(gen).DraftCV(context.Background(), 1, p, backendJob(), false)
			if err != nil {
				t.Fatal(err)
			}
			noInvention(t, Markdown(cv))
			assertGrounded(t, cv, p)
			if len(cv.Experience) != 4 {
				t.Errorf("CV has %d roles, the profile 4: %+v", len(cv.Experience), cv.Experience)
			}
			if cv.Source != tt.source {
				t.Errorf("source = %+v, want %+v", cv.Source, tt.source)
			}
			for i, want := range tt.wantCalls {
				if tt.links[i].calls != want {
					t.Errorf("link %s answered %d times, want %d", tt.links[i].name, tt.links[i].calls, want)
				}
			}
			if tt.source.Kind == SourceModel {
				if !strings.Contains(cv.Summary, "Backend engineer who builds reliable data services") {
					t.Errorf("the model's true sentence was lost: %q", cv.Summary)
				}
				checkClaims(t, cv.Claims, Markdown(cv), p, backendJob())
			}
			if tt.name == "summary all invented: redraft" && (len(gen.requests) < 2 || !strings.Contains(gen.requests[1].Prompt, `"MIT"`)) {
				t.Errorf("redraft prompt lacks the violations:\n%s", gen.requests[1].Prompt)
			}
		})
	}
}

func TestVerifierSentences(t *testing.T) {
	p := ada()
	p.Extra = map[string]json.RawMessage{"languages": json.RawMessage(`[{"language":"English","fluency":"Native"},{"language":"Spanish"}]`)}
	v := NewVerifier(p, backendJob())
	tests := []struct {
		text  string
		kinds []string // kinds of the violations found, in order
	}{
		{"I am excited to apply for the Senior Go Engineer role at Globex.", nil},
		{"At Analytical Engines Ltd I designed a Go service that ingests 2 million events a day.", nil},
		{"I hold a BSc in Mathematics from the University of London.", nil},
		{"Thank you for your time and consideration.", nil},
		{"Globex builds event pipelines for logistics, and I want to help.", nil},
		{"Designing reliable services is what I enjoy most.", nil},
		{"I worked as a Staff Engineer at Google.", []string{KindEmployer, KindTitle}},
		{"I also hold a PhD from MIT.", []string{KindDegree, KindSchool}},
		{"I grew revenue by 35% in two years.", []string{KindNumber}},
		{"I am an AWS Certified Solutions Architect.", []string{KindCertification, KindTitle}},
		{"I have run Kubernetes clusters for years.", []string{KindSkill}},
		{"My time at Initech taught me patience.", []string{KindEmployer}},
		{"I previously worked at Globex.", []string{KindEmployer}}, // the job's company is not a past employer
		{"I am currently excited about joining the team at Globex.", nil},
		{"Event-driven services in Go are what I build.", nil},
		{"I built dashboards in Tableau.", []string{KindName}},
		{"My experience with Agile methods would help.", []string{KindOrganisation}},
		{"I hold a Bachelor of Science in Mathematics from the University of London.", nil},
		{"I hold a Master of Science in Physics.", []string{KindDegree, KindName}},
		{"I want to master event pipelines in Go.", nil}, // "master" the verb is no degree
		{"I speak English and Spanish.", nil},            // the profile lists its languages
		{"As a Senior Backend Engineer at Analytical Engines Ltd, I cut API latency by 40%.", nil},
		{"During my time at Difference Co, I maintained the PHP billing system.", nil},
		{"Kubernetes is new to me, but Docker is not.", []string{KindSkill}},
	}
	for _, tt := range tests {
		vs := v.Check(tt.text, "paragraph 1", false)
		var kinds []string
		for _, x := range vs {
			kinds = append(kinds, x.Kind)
		}
		if !slices.Equal(kinds, tt.kinds) {
			t.Errorf("%q: violations %+v, want kinds %q", tt.text, vs, tt.kinds)
		}
	}
}

func TestResolveSource(t *testing.T) {
	p, j := ada(), backendJob()
	for ptr, want := range map[string]string{
		"/work/0/highlights/1":   "Designed a Go service that ingests 2 million events a day into PostgreSQL",
		"/education/0/studyType": "BSc",
		"/skills/1/keywords/2":   "Redis",
		"job:/requirements/1":    "Experience with PostgreSQL and Redis",
	} {
		label, text, ok := ResolveSource(p, j, ptr)
		if !ok || text != want || label == "" {
			t.Errorf("%s = %q, %q, %v; want %q", ptr, label, text, ok, want)
		}
	}
	for _, ptr := range []string{"/work/9/name", "/work/0", "work/0/name", "job:/nope", ""} {
		if _, _, ok := ResolveSource(p, j, ptr); ok {
			t.Errorf("%q resolved", ptr)
		}
	}
}

// The offline drafts state only what the profile and the job say, so the
// verifier finds nothing in them: a check on its false alarms, over every
// profile and job fixture (and the shared samples when present).
func TestVerifierAcceptsOfflineDrafts(t *testing.T) {
	sentences := 0
	for pn, p := range allProfiles(t) {
		for jn, j := range allJobs(t) {
			p.Clean()
			v := NewVerifier(p, j)
			l := builtinLetter(LetterInput{Profile: p, Job: j, Tone: ToneProfessional})
			for i, para := range l.Paragraphs {
				sentences += len(splitSentences(para))
				if vs := v.Check(para, "paragraph", false); len(vs) > 0 {
					t.Errorf("%s/%s paragraph %d: %+v", pn, jn, i+1, vs)
				}
			}
			cv := builtinCV(CVInput{Profile: p, Job: j})
			sentences += len(splitSentences(cv.Summary))
			if vs := v.Check(cv.Summary, "summary", true); len(vs) > 0 {
				t.Errorf("%s/%s summary: %+v", pn, jn, vs)
			}
		}
	}
	t.Logf("%d sentences checked", sentences)
}

func TestClaimSources(t *testing.T) {
	p, j := ada(), backendJob()
	x := newEvidenceIndex(p, p, j)
	tests := []struct {
		sentence string
		want     []string // sources that must be there
		not      []string // sources that must not
	}{
		{"At Analytical Engines Ltd I designed a Go service that ingests 2 million events a day into PostgreSQL.",
			[]string{"/work/0/highlights/1", "/work/0/name"}, []string{"job:/requirements/1"}},
		{"I am applying for the Senior Go Engineer role at Globex.", []string{"job:/title", "job:/company"}, nil},
		// About the job, its requirements are the source.
		{"Globex asks for experience with PostgreSQL and Redis.", []string{"job:/requirements/1"}, nil},
		// "go beyond" is not the Go language.
		{"I always go beyond what is asked.", nil, []string{"/skills/1/keywords/0"}},
	}
	for _, tt := range tests {
		personal := firstPersonRe.MatchString(tt.sentence)
		got := x.sources(tt.sentence, "", personal)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q: sources %q lack %q", tt.sentence, got, w)
			}
		}
		for _, n := range tt.not {
			if slices.Contains(got, n) {
				t.Errorf("%q: sources %q hold %q", tt.sentence, got, n)
			}
		}
	}
	// A CV's claims: roles, degrees and skills point at their profile items.
	cv := builtinCV(CVInput{Profile: p, Job: j})
	claims := cvClaims(cv, p, p, j)
	checkClaims(t, claims, Markdown(cv), p, j)
	found := map[string]bool{}
	for _, c := range claims {
		for _, s := range c.Sources {
			found[s] = true
		}
	}
	for _, w := range []string{"/work/0/position", "/work/1/name", "/education/0/institution", "/skills/1/keywords/0"} {
		if !found[w] {
			t.Errorf("no CV claim rests on %s: %+v", w, claims)
		}
	}
}

// BenchmarkVerifyLetter is the cost of checking one model letter: building
// the verifier from the profile and job, then every sentence.
func BenchmarkVerifyLetter(b *testing.B) {
	p, j := ada(), backendJob()
	l := modelLetter("I spent four years as a Staff Engineer at Google. I also hold a PhD from MIT.")
	for b.Loop() {
		v := NewVerifier(p, j)
		for _, para := range l.Paragraphs {
			_ = v.Check(para, "paragraph", false)
		}
	}
}

// BenchmarkCVClaimsLongProfile ties a model CV's statements to a profile of
// 10,000 roles (what the API accepts): the CV holds at most its recent
// roles, but the evidence index covers the whole profile.
func BenchmarkCVClaimsLongProfile(b *testing.B) {
	p := ada()
	for i := range 10_000 {
		p.Work = append(p.Work, profile.Work{Name: "Company " + strconv.Itoa(i), Position: "Backend Engineer",
			StartDate: "2001-01", Highlights: []string{"Built Go services on PostgreSQL " + strconv.Itoa(i), "Mentored engineers and reviewed code"}})
	}
	j := backendJob()
	cv := builtinCV(CVInput{Profile: ada(), Job: j})
	seen := ada() // the roles the draft was written from
	b.ReportAllocs()
	for b.Loop() {
		_ = cvClaims(cv, p, seen, j)
	}
}
