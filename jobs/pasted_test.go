package jobs

import (
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
