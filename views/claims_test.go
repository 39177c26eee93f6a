package views

import (
	"testing"

	"tailor/drafting"
)

func TestLetterSpans(t *testing.T) {
	l := drafting.Letter{Paragraphs: []string{
		"I built Go services at Acme. I admire Google. Thank you.",
	}, Claims: []drafting.Claim{
		{Text: "I built Go services at Acme.", Sources: []string{"/work/0/highlights/0"}},
		{Text: "Go", Sources: []string{"/skills/0/keywords/0", "/work/0/highlights/0"}},
		{Text: "gone", Sources: []string{"/nowhere"}},
	}}
	resolve := func(ptr string) (ClaimSource, bool) {
		if ptr == "/nowhere" {
			return ClaimSource{}, false
		}
		return ClaimSource{Label: "Your profile", Text: ptr}, true
	}
	got := LetterSpans(l, resolve)
	if len(got) != 1 || len(got[0]) != 3 {
		t.Fatalf("spans = %+v", got)
	}
	first, google, thanks := got[0][0], got[0][1], got[0][2]
	if first.Text != "I built Go services at Acme." || len(first.Sources) != 2 {
		t.Errorf("first sentence: %+v (want its own claim and the skill, each source once)", first)
	}
	if len(google.Sources) != 0 || len(thanks.Sources) != 0 {
		t.Errorf("'Go' found inside 'Google', or a sentence got sources it has not: %+v %+v", google, thanks)
	}
	if first.ID == google.ID || first.ID == "" {
		t.Errorf("ids %q %q", first.ID, google.ID)
	}
	if LetterSpans(drafting.Letter{Paragraphs: l.Paragraphs}, resolve) != nil {
		t.Error("a letter without claims gets spans (every sentence would be marked)")
	}
}
