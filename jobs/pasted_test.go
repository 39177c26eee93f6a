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
