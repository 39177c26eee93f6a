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

// claimIndex resolves every claim's sources once.
type claimIndex struct {
	claims  []drafting.Claim
	sources [][]ClaimSource
}

func newClaimIndex(claims []drafting.Claim, resolve Resolver) *claimIndex {
	x := &claimIndex{claims: claims, sources: make([][]ClaimSource, len(claims))}
	for i, c := range claims {
		for _, ptr := range c.Sources {
			if src, ok := resolve(ptr); ok {
				x.sources[i] = append(x.sources[i], src)
			}
		}
	}
	return x
}

// of returns the evidence of a sentence: the sources of every claim made
// inside it (a skill, a role, the whole sentence) or spanning it, each once.
func (x *claimIndex) of(sentence string) []ClaimSource {
	var out []ClaimSource
	seen := map[ClaimSource]bool{}
	for i, c := range x.claims {
		if c.Text == "" || !containsPhrase(sentence, c.Text) && !containsPhrase(c.Text, sentence) {
			continue
		}
		for _, src := range x.sources[i] {
			if !seen[src] {
				seen[src] = true
				out = append(out, src)
			}
		}
	}
	return out
}

// spans splits text into sentences, each with the evidence its claims have.
func spans(text, idPrefix string, idx *claimIndex) []ClaimSpan {
	var out []ClaimSpan
	for i, s := range drafting.Sentences(text) {
		out = append(out, ClaimSpan{ID: fmt.Sprintf("%s-%d", idPrefix, i), Text: s, Sources: idx.of(s)})
	}
	return out
}

// LetterSpans returns the letter's paragraphs as evidence spans, or nil
// when the letter carries no claims (then the page shows plain text).
func LetterSpans(l drafting.Letter, resolve Resolver) [][]ClaimSpan {
	if len(l.Claims) == 0 {
		return nil
	}
	idx := newClaimIndex(l.Claims, resolve)
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
	idx := newClaimIndex(cv.Claims, resolve)
	summary = spans(cv.Summary, "ev-cv-summary", idx)
	highlights = make([][]ClaimSpan, len(cv.Experience))
	for i, r := range cv.Experience {
		for j, h := range r.Highlights {
			highlights[i] = append(highlights[i], ClaimSpan{ID: fmt.Sprintf("ev-cv-%d-%d", i, j), Text: h, Sources: idx.of(h)})
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

// containsPhrase reports whether phrase occurs in s as whole words, so the
// skill "Go" is not found in "Google".
func containsPhrase(s, phrase string) bool {
	for i := 0; i <= len(s)-len(phrase); {
		j := strings.Index(s[i:], phrase)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(phrase)
		if (j == 0 || !isWordByte(s[j-1])) && (end == len(s) || !isWordByte(s[end])) {
			return true
		}
		i = j + 1
	}
	return false
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}
