package domain

import "testing"

func TestSourceString(t *testing.T) {
	for _, c := range []struct {
		s       Source
		want    string
		offline bool
	}{
		{Source{Kind: SourceModel, Provider: "openai", Model: "gpt-4o"}, "openai · gpt-4o", false},
		{Source{Kind: SourceOffline, Provider: "openai", Model: "gpt-4o"}, "offline", true},
		{Source{Kind: SourceModel}, "model", false},
		{Source{}, "", false},
	} {
		if got := c.s.String(); got != c.want || c.s.Offline() != c.offline {
			t.Errorf("%+v: String %q Offline %v; want %q %v", c.s, got, c.s.Offline(), c.want, c.offline)
		}
	}
}

func TestSalaryEmpty(t *testing.T) {
	lo := 50000.0
	if !(Salary{}).Empty() {
		t.Error("zero salary is not empty")
	}
	for _, s := range []Salary{{Min: &lo}, {Max: &lo}, {Currency: "EUR"}, {Period: "year"}, {Raw: "Competitive"}} {
		if s.Empty() {
			t.Errorf("%+v reported empty", s)
		}
	}
}

func TestLetterText(t *testing.T) {
	l := Letter{Subject: " Application ", Greeting: "Dear team,", Paragraphs: []string{"One.", " ", "Two."},
		Closing: "Kind regards,", Signature: "Ada"}
	want := "Subject: Application\n\nDear team,\n\nOne.\n\nTwo.\n\nKind regards,\nAda\n"
	if got := l.Text(); got != want {
		t.Errorf("Text() = %q, want %q", got, want)
	}
}
