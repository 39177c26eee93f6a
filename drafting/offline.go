package drafting

import (
	"encoding/json"
	"strings"
)

// offlineLetter reads the builtin provider's answer as it was written,
// claims included: it is built from the profile, so the repairs and the
// grounding a model's answer needs would only lose its claims.
func offlineLetter(text string) (Letter, bool) {
	var l Letter
	if err := json.Unmarshal([]byte(text), &l); err != nil || len(CheckLetter(l)) > 0 || !claimsHold(l.Claims, l.Paragraphs...) {
		return Letter{}, false
	}
	return l, true
}

// offlineCV reads the builtin provider's CV as it was written, claims
// included.
func offlineCV(text string) (CV, bool) {
	var cv CV
	if err := json.Unmarshal([]byte(text), &cv); err != nil || len(cv.Experience)+len(cv.Education)+len(cv.Skills) == 0 && cv.Name == "" {
		return CV{}, false
	}
	return cv, claimsHold(cv.Claims, cvTexts(cv)...)
}

// claimsHold reports whether every claim's text is in the draft's texts.
func claimsHold(claims []Claim, texts ...string) bool {
	for _, c := range claims {
		found := false
		for _, t := range texts {
			if c.Text != "" && len(c.Sources) > 0 && containsText(t, c.Text) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func containsText(s, sub string) bool { return strings.Contains(s, sub) }

// cvTexts is every piece of text a CV prints, for checking its claims.
func cvTexts(cv CV) []string {
	out := []string{cv.Name, cv.Headline, cv.Summary}
	for _, r := range cv.Experience {
		out = append(out, r.Company, r.Title, r.Location, r.StartDate, r.EndDate)
		out = append(out, r.Highlights...)
	}
	for _, e := range cv.Education {
		out = append(out, e.Institution, e.StudyType, e.Area)
	}
	out = append(out, cv.Skills...)
	for _, p := range cv.Projects {
		out = append(out, p.Name, p.Description)
		out = append(out, p.Highlights...)
	}
	return out
}
