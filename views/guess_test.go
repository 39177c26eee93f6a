package views

import (
	"strings"
	"testing"

	"tailor/jobs"
	"tailor/models"
)

// A model's value the page does not back is shown as a guess to confirm;
// once the person corrects it, it is theirs.
func TestJobPageShowsGuesses(t *testing.T) {
	p := jobs.Posting{Title: "Warehouse Associate", Company: "Parcelly", Location: "Leeds, West Yorkshire, UK",
		Sources:          map[string]string{"title": jobs.SourceAI, "company": jobs.SourcePage, "location": jobs.SourceAI},
		Confidence:       map[string]string{"title": jobs.ConfidenceHigh, "location": jobs.ConfidenceLow},
		ApplicationNotes: []string{"You must be a U.S. Citizen or National"}}
	doc, _ := render(t, JobBody(page(alice), JobView{ID: 9, Status: models.StatusDone, Posting: p}))
	if got := doc.Find(`[data-testid="guess-location"]`).Text(); !strings.Contains(got, "please confirm") {
		t.Errorf("location guess label = %q", got)
	}
	if count(doc, `[data-testid="source-location"]`) != 0 || count(doc, `[data-testid="guess-title"]`) != 0 {
		t.Error("a confirmed field is shown as a guess, or a guess also as a plain source")
	}
	if got := doc.Find(`[data-testid="source-title"]`).Text(); got != "from AI" {
		t.Errorf("title source = %q", got)
	}
	if !strings.Contains(doc.Find(`[data-testid="job-application_notes"]`).Text(), "U.S. Citizen") {
		t.Error("application notes not shown")
	}

	p.Sources["location"] = jobs.SourceUser // corrected by the person
	doc, _ = render(t, JobBody(page(alice), JobView{ID: 9, Status: models.StatusDone, Posting: p}))
	if count(doc, `[data-testid="guess-location"]`) != 0 || doc.Find(`[data-testid="source-location"]`).Text() != "from you" {
		t.Error("a corrected field is still shown as a guess")
	}
}
