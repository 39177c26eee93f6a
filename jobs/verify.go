package jobs

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Confidence levels recorded in Posting.Confidence.
const (
	ConfidenceHigh = "high"
	ConfidenceLow  = "low"
)

// checkModelAnswer merges a language model's answer under the structured
// data, checking the facts a model is known to invent against the text the
// page really shows:
//
//   - title, company, location and salary from the model are kept when the
//     page text contains them;
//   - otherwise the offline rules' reading of the same text wins when it
//     found the field;
//   - otherwise a title or location the text partly supports is kept as a
//     guess (Confidence "low"), and anything else is dropped: an employer
//     or a salary the page never states never reaches the job.
//
// With no text to check against (a screenshot on a server without
// tesseract), the model's fields are kept, each marked low: unconfirmed.
func checkModelAnswer(base, model Posting, in ExtractInput) Posting {
	raw := referenceText(in)
	ref := " " + normMatch(raw) + " "
	if strings.TrimSpace(in.Text) == "" {
		// Nothing to check against: the model's reading stands, marked as
		// unconfirmed so the job page asks the person to check it.
		p := fillPosting(base, model, SourceAI)
		for _, field := range []string{"title", "company", "location", "salary"} {
			if p.Sources[field] == SourceAI {
				if p.Confidence == nil {
					p.Confidence = map[string]string{}
				}
				p.Confidence[field] = ConfidenceLow
			}
		}
		return p
	}
	var offline Posting
	if in.Screen != nil {
		offline = screenPosting(*in.Screen)
	} else {
		offline = heuristicPosting(in.Text, in.Meta)
	}
	conf := map[string]string{}
	fromPage := Posting{Sources: map[string]string{}}
	use := func(field string, supported, partial, offlineHas bool, keep, takeOffline func()) {
		switch {
		case supported:
			keep()
			conf[field] = ConfidenceHigh
		case offlineHas:
			takeOffline()
		case partial:
			keep()
			conf[field] = ConfidenceLow
		}
	}
	checked := model
	checked.Title, checked.Company, checked.Location, checked.Salary = "", "", "", Salary{}
	if model.Title != "" {
		use("title", phraseIn(stripGenderMark(model.Title), ref), tokenShare(model.Title, ref) >= 0.6, offline.Title != "",
			func() { checked.Title = model.Title }, func() { fromPage.Title = offline.Title })
	} else {
		fromPage.Title = offline.Title
	}
	if model.Company != "" {
		use("company", companyIn(model.Company, ref), false, offline.Company != "",
			func() { checked.Company = model.Company }, func() { fromPage.Company = offline.Company })
	} else {
		fromPage.Company = offline.Company
	}
	if model.Location != "" {
		use("location", phraseIn(model.Location, ref), placeShare(model.Location, ref), offline.Location != "",
			func() { checked.Location = model.Location }, func() { fromPage.Location = offline.Location; fromPage.Locations = offline.Locations })
		if checked.Location == "" {
			checked.Locations = nil
		}
	} else {
		fromPage.Location = offline.Location
	}
	if !model.Salary.Empty() {
		use("salary", salaryIn(model.Salary, raw), false, !offline.Salary.Empty(),
			func() { checked.Salary = model.Salary }, func() { fromPage.Salary = offline.Salary })
	} else {
		fromPage.Salary = offline.Salary
	}
	checked.Responsibilities = dropIntro(checked.Responsibilities, offline.Description)
	p := fillPosting(base, fromPage, SourcePage)
	p = fillPosting(p, checked, SourceAI)
	// The rest of the rules' reading fills what the model left out.
	p = fillPosting(p, offline, SourcePage)
	p.ApplicationNotes = appendUnique(p.ApplicationNotes, offline.ApplicationNotes...)
	for field, c := range conf {
		if p.Sources[field] != SourceAI {
			continue // structured data or the rules won
		}
		if p.Confidence == nil {
			p.Confidence = map[string]string{}
		}
		p.Confidence[field] = c
	}
	return p
}

// dropIntro removes from a model's duties the posting's introduction (a
// paragraph of the description the rules read): models like to list it
// as the first responsibility.
func dropIntro(items []string, description string) []string {
	if description == "" {
		return items
	}
	intro := " " + normMatch(description) + " "
	out := items[:0:0]
	for _, it := range items {
		n := normMatch(it)
		if len(strings.Fields(n)) >= 10 && strings.Contains(intro, " "+n+" ") {
			continue
		}
		out = append(out, it)
	}
	return out
}

// screenPosting is the offline reading of a screenshot's layout.
func screenPosting(s screenshot) Posting {
	p := heuristicPosting(s.Text, PageMeta{H1: s.Title})
	if s.Company != "" {
		p.Company = s.Company
	}
	if s.Location != "" {
		p.Location, p.Locations = s.Location, nil
	}
	return p
}

// referenceText is everything the page shows: its text, its structured
// fields and its own title and site name.
func referenceText(in ExtractInput) string {
	parts := []string{in.Text, in.Meta.Title, in.Meta.OGTitle, in.Meta.H1, in.Meta.SiteName}
	if s := in.Structured; s != nil {
		parts = append(parts, s.Title, s.Company, s.Location, s.Salary.Raw, strings.Join(s.Locations, " "))
	}
	return strings.Join(parts, "\n")
}

// normMatch lower-cases and keeps letters and digits separated by single
// spaces, so "Redmond, WA" matches "redmond wa".
func normMatch(s string) string {
	var b strings.Builder
	space := true
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(r)
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}

// phraseIn tells whether the phrase appears in ref (normalised), as whole words.
func phraseIn(phrase, ref string) bool {
	n := normMatch(phrase)
	return n != "" && strings.Contains(ref, " "+n+" ")
}

// companyIn accepts a company when its name appears with or without its
// legal form ("Acme" for "Acme GmbH", "Acme Inc." for "Acme").
func companyIn(company, ref string) bool {
	if phraseIn(company, ref) {
		return true
	}
	bare := strings.TrimSpace(legalFormRe.ReplaceAllString(strings.TrimRight(company, ".,"), ""))
	return bare != "" && len(bare) >= 2 && phraseIn(bare, ref)
}

// tokenShare is the share of the value's words (of two letters or more)
// found in ref.
func tokenShare(v, ref string) float64 {
	words := strings.Fields(normMatch(v))
	n, found := 0, 0
	for _, w := range words {
		if len([]rune(w)) < 2 {
			continue
		}
		n++
		if strings.Contains(ref, " "+w+" ") {
			found++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(found) / float64(n)
}

// placeShare tells whether the first part of a location (the city: "Redmond"
// of "Redmond, Washington, United States") is on the page: the model
// rewrote a place the page names, a guess worth confirming.
func placeShare(loc, ref string) bool {
	first := strings.TrimSpace(strings.SplitN(loc, ",", 2)[0])
	return first != "" && phraseIn(first, ref)
}

var refNumberRe = regexp.MustCompile(`\d[\d.,\s']*\d(?:\s?[kK]\b)?|\d(?:\s?[kK]\b)?`)

// salaryIn tells whether the page states the model's pay: every amount
// must appear among the page's numbers (in any of the ways postings write
// them: 85,000, 85.000, 85 000, 85k). raw is the page text as written.
func salaryIn(s Salary, raw string) bool {
	if s.Min == nil && s.Max == nil {
		return s.Raw != "" && phraseIn(s.Raw, " "+normMatch(raw)+" ")
	}
	nums := map[int64]bool{}
	for _, m := range refNumberRe.FindAllString(raw, -1) {
		for _, v := range numberReadings(m) {
			nums[int64(math.Round(v))] = true
		}
	}
	for _, v := range []*float64{s.Min, s.Max} {
		if v != nil && !nums[int64(math.Round(*v))] {
			return false
		}
	}
	return true
}

// numberReadings are the values a number as written may mean: "85,000"
// is 85000, "85k" is 85000, "100,600.00" is 100600; a run of groups
// ("75 000 90 000") may hold several numbers, so every run of consecutive
// groups is read.
func numberReadings(s string) []float64 {
	s = strings.TrimSpace(s)
	mult := 1.0
	if strings.HasSuffix(strings.ToLower(s), "k") {
		mult = 1000
		s = strings.TrimSpace(s[:len(s)-1])
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if len(parts) > 8 {
		parts = parts[:8]
	}
	var out []float64
	add := func(t string) {
		if v, err := strconv.ParseFloat(t, 64); err == nil {
			out = append(out, v*mult)
		}
	}
	for i := range parts {
		for j := i + 1; j <= len(parts); j++ {
			add(strings.Join(parts[i:j], ""))
			if j-i > 1 && len(parts[j-1]) == 2 {
				add(strings.Join(parts[i:j-1], "") + "." + parts[j-1]) // cents
			}
		}
	}
	return out
}
