package views

import (
	"fmt"
	"strings"

	"tailor/drafting"
)

// DraftMeta is who wrote a draft and whether it is out of date.
type DraftMeta struct {
	Source drafting.Source
	// Stale says the job or the profile changed after the draft was made;
	// StaleReason names which ("the job", "your profile").
	Stale       bool
	StaleReason string
}

// ClaimSpan is one sentence of a draft with the evidence behind it; a span
// without sources is marked on the page.
type ClaimSpan struct {
	ID      string
	Text    string
	Sources []ClaimSource
}

// ClaimSource is one piece of evidence: where it is and what it says.
type ClaimSource struct {
	Label string
	Text  string
}

// Resolver turns a claim source (a JSON pointer) into its evidence.
type Resolver func(ptr string) (ClaimSource, bool)

// claimIndex maps a claim's text to its resolved sources.
func claimIndex(claims []drafting.Claim, resolve Resolver) map[string][]ClaimSource {
	m := map[string][]ClaimSource{}
	seen := map[string]bool{}
	for _, c := range claims {
		for _, ptr := range c.Sources {
			// A sentence said twice has one list of sources.
			if seen[c.Text+"\x00"+ptr] {
				continue
			}
			seen[c.Text+"\x00"+ptr] = true
			if src, ok := resolve(ptr); ok {
				m[c.Text] = append(m[c.Text], src)
			}
		}
		if _, ok := m[c.Text]; !ok {
			m[c.Text] = nil
		}
	}
	return m
}

// spans splits text into sentences, each with the evidence its claim has.
func spans(text, idPrefix string, idx map[string][]ClaimSource) []ClaimSpan {
	var out []ClaimSpan
	for i, s := range drafting.Sentences(text) {
		out = append(out, ClaimSpan{ID: fmt.Sprintf("%s-%d", idPrefix, i), Text: s, Sources: idx[s]})
	}
	return out
}

// LetterSpans returns the letter's paragraphs as evidence spans, or nil
// when the letter carries no claims (then the page shows plain text).
func LetterSpans(l drafting.Letter, resolve Resolver) [][]ClaimSpan {
	if len(l.Claims) == 0 {
		return nil
	}
	idx := claimIndex(l.Claims, resolve)
	out := make([][]ClaimSpan, len(l.Paragraphs))
	for i, p := range l.Paragraphs {
		out[i] = spans(p, fmt.Sprintf("ev-letter-%d", i), idx)
	}
	return out
}

// CVSpans returns the CV's summary sentences and each bullet as evidence
// spans, or nils when the CV carries no claims.
func CVSpans(cv drafting.CV, resolve Resolver) (summary []ClaimSpan, highlights [][]ClaimSpan) {
	if len(cv.Claims) == 0 {
		return nil, nil
	}
	idx := claimIndex(cv.Claims, resolve)
	summary = spans(cv.Summary, "ev-cv-summary", idx)
	highlights = make([][]ClaimSpan, len(cv.Experience))
	for i, r := range cv.Experience {
		for j, h := range r.Highlights {
			highlights[i] = append(highlights[i], ClaimSpan{ID: fmt.Sprintf("ev-cv-%d-%d", i, j), Text: h, Sources: idx[h]})
		}
	}
	return summary, highlights
}

// highlightSpan returns the span of bullet j of role i, if there is one.
func highlightSpan(v *CVView, i, j int) (ClaimSpan, bool) {
	if v == nil || i >= len(v.Highlights) || j >= len(v.Highlights[i]) {
		return ClaimSpan{}, false
	}
	return v.Highlights[i][j], true
}

// quoteEvidence shortens evidence text for a tooltip.
func quoteEvidence(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 160 {
		s = string(r[:157]) + "…"
	}
	return "“" + s + "”"
}
