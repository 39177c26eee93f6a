package skills

import (
	"slices"
	"strings"
	"testing"
)

func TestFind(t *testing.T) {
	tests := []struct {
		text string
		want []string // exactly these, in this order
	}{
		// Aliases become one canonical name.
		{"We use JS and JavaScript daily", []string{"JavaScript"}},
		{"Postgres, PostgreSQL and psql", []string{"PostgreSQL"}},
		{"k8s or Kubernetes", []string{"Kubernetes"}},
		{"Golang services in production", []string{"Go"}},
		{"Node.js, NodeJS", []string{"Node.js"}},
		{"Amazon Web Services (AWS): EC2 and S3", []string{"AWS", "EC2", "S3"}},
		{"CI/CD pipelines and continuous integration", []string{"CI/CD"}},
		// Go: only as a word, with capitals, in a technical context.
		{"We use Go, PostgreSQL and Kubernetes (k8s). Go is great.", []string{"Go", "PostgreSQL", "Kubernetes"}},
		{"Senior Backend Engineer (Go)", []string{"Go"}},
		{"Let's go to the office and go-live with C++ and C#.", []string{"C++", "C#"}},
		{"Go-live support for the new ward", nil},
		{"He earned degrees from Oklahoma and Stanford. (Go Sooners and Cardinal!) Before Pied Piper he sold cars.", nil},
		{"Go to market: our go-to-market plan", []string{"Go-to-market"}},
		// REST only as REST or RESTful.
		{"Work with the rest of the team", nil},
		{"Partner with the rest of 18F leadership", []string{"Leadership"}},
		{"THE REST OF THE TEAM WILL HELP", nil},
		{"Design REST APIs", []string{"REST"}},
		{"RESTful services in Python", []string{"REST", "Python"}},
		{"Rest API design", []string{"REST"}},
		// Express only as Express.js or in a JavaScript context.
		{"Able to express ideas clearly", nil},
		{"Express ideas clearly in writing", nil},
		{"Express.js backends", []string{"Express"}},
		{"APIs in Node.js with Express and MongoDB", []string{"Node.js", "Express", "MongoDB"}},
		// C and R.
		{"Experience with R&D budgeting and React.js", []string{"Budget management", "React"}},
		{"Plan B and plan C", nil},
		{"Statistics in R and Python", []string{"Statistics", "R", "Python"}},
		{"Objective-C and C", []string{"Objective-C", "C"}},
		// Word boundaries.
		{"Javanese culture, Scalable systems, gorgeous views", nil},
		{"ASP.NET and .NET Core", []string{".NET"}},
		{"Excel at teamwork; Excel spreadsheets", []string{"Excel", "Teamwork"}},
		// Skills of other work.
		{"ACLS and PALS certified; BLS (Basic Life Support)", []string{"ACLS", "PALS", "BLS"}},
		{"Documentation in Epic and Cerner electronic health records", []string{"Epic", "Cerner", "Electronic health records"}},
		{"An epic journey", nil},
		{"CPA with GAAP compliance and month-end close", []string{"CPA", "GAAP", "Month-end close"}},
		{"Operate reach truck and order picker forklifts; RF scanner", []string{"Reach truck", "Order picker", "Forklift operation", "RF scanner"}},
		{"Lesson plans, classroom management and differentiated instruction", []string{"Lesson planning", "Classroom management", "Differentiated instruction"}},
		{"SEO/SEM, Google Analytics 4 and HubSpot", []string{"SEO", "SEM", "Google Analytics", "HubSpot"}},
		{"A valid driver's license is required", []string{"Driving licence"}},
		{"Full clean driving licence", []string{"Driving licence"}},
		{"Head Chef for a busy kitchen", nil},
		{"Excel in a fast-paced environment", nil},
		{"Strong Excel skills (pivot tables)", []string{"Excel"}},
		{"React quickly to customer complaints", nil},
		{"Ruby Jenkins will be your manager in Cypress, California", nil},
		{"Frontend in React, backend in Ruby, builds on Jenkins", []string{"React", "Ruby", "Jenkins"}},
		{"We use the Department of Homeland Security's e-Verify system", nil},
		{"Apply security best practices to our cloud", []string{"Security"}},
		{"Chef and Puppet for configuration management, Terraform", []string{"Chef", "Puppet", "Terraform"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Find(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Find(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestFindTerm(t *testing.T) {
	tests := map[string][]string{
		"Go":     {"Go"},
		"golang": {"Go"},
		"REST":   {"REST"},
		"Electronic Health Records (Epic, Cerner)": {"Electronic health records", "Epic", "Cerner"},
		"SEO/SEM":                            {"SEO", "SEM"},
		"Team Management (up to 12 reports)": {"Leadership"},
		"Dropbox":                            nil,
	}
	for in, want := range tests {
		if got := FindTerm(in); !slices.Equal(got, want) {
			t.Errorf("FindTerm(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCanonicalAndSame(t *testing.T) {
	canon := map[string]string{
		"js": "JavaScript", "Postgres": "PostgreSQL", "K8S": "Kubernetes", "golang": "Go", "node": "Node.js",
		"amazon web services": "AWS", "CI / CD": "CI/CD", "  react.js ": "React", "Dropbox": "Dropbox",
		"Advanced  Excel": "Excel", "restful": "REST",
	}
	for in, want := range canon {
		if got := Canonical(in); got != want {
			t.Errorf("Canonical(%q) = %q, want %q", in, got, want)
		}
	}
	same := []struct {
		a, b string
		want bool
	}{
		{"JS", "JavaScript", true}, {"Postgres", "PostgreSQL", true}, {"k8s", "Kubernetes", true},
		{"Golang", "Go", true}, {"Node", "Node.js", true}, {"AWS", "Amazon Web Services", true},
		{"Java", "JavaScript", false}, {"C", "C++", false}, {"LAMP", "lamp", true}, {"Dropbox", "Box", false},
		{"", "", false},
	}
	for _, tt := range same {
		if got := Same(tt.a, tt.b); got != tt.want {
			t.Errorf("Same(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	if KindOf("ACLS") != Cert || KindOf("Python") != Tech || KindOf("nonsense") != 0 {
		t.Errorf("KindOf: ACLS %v, Python %v, nonsense %v", KindOf("ACLS"), KindOf("Python"), KindOf("nonsense"))
	}
}

// TestVocabularyForms keeps the table consistent as it grows: every
// lower-cased form belongs to one entry, and every entry finds itself.
func TestVocabularyForms(t *testing.T) {
	owner := map[string]string{}
	for _, e := range vocabulary {
		forms := []string{e.name}
		for _, a := range strings.Split(e.aliases, "|") {
			if a != "" {
				forms = append(forms, strings.TrimLeft(a, "=~"))
			}
		}
		for _, f := range forms {
			k := strings.ToLower(f)
			if o, ok := owner[k]; ok && o != e.name {
				t.Errorf("form %q belongs to both %q and %q", f, o, e.name)
			}
			owner[k] = e.name
		}
		if got := FindTerm(e.name); !slices.Equal(got, []string{e.name}) {
			t.Errorf("FindTerm(%q) = %q", e.name, got)
		}
	}
}

func TestMentionsOffsets(t *testing.T) {
	text := "Kubernetes, then k8s and Go services"
	ms := Mentions(text)
	if len(ms) != 3 {
		t.Fatalf("Mentions = %+v, want 3", ms)
	}
	for _, m := range ms {
		if !Same(text[m.Start:m.End], m.Name) {
			t.Errorf("mention %+v covers %q", m, text[m.Start:m.End])
		}
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"Go and C++", "the rest of the team", "ASP.NET", "Node.js/Express", "R&D", "é C# ü", ".", "C"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, m := range Mentions(text) {
			if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
				t.Fatalf("mention %+v outside %q", m, text)
			}
			if _, ok := Lookup(text[m.Start:m.End]); !ok {
				t.Fatalf("mention %+v covers %q, not a form", m, text[m.Start:m.End])
			}
		}
		names := Find(text)
		for _, n := range names {
			if Canonical(n) != n {
				t.Fatalf("Find gave %q, not canonical", n)
			}
		}
	})
}

func BenchmarkFind(b *testing.B) {
	text := strings.Repeat("We build Go and Python services on Kubernetes and PostgreSQL; the rest of the team writes React. ", 200)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Find(text)
	}
}

func TestImplied(t *testing.T) {
	tests := map[string][]string{
		"Postgres": {"SQL"}, "ACLS": {"BLS", "CPR"}, "Next.js": {"React", "JavaScript"}, "SQL": nil,
	}
	for in, want := range tests {
		if got := Implied(in); !slices.Equal(got, want) {
			t.Errorf("Implied(%q) = %q, want %q", in, got, want)
		}
	}
	// Every name in the table is a canonical name of the vocabulary.
	for from, to := range implies {
		for _, n := range append([]string{from}, to...) {
			if c, ok := Lookup(n); !ok || c != n {
				t.Errorf("implies: %q is not a canonical name", n)
			}
		}
	}
}
