package jobs

import (
	"regexp"
	"strings"
)

var careerSiteRe = regexp.MustCompile(`(?i)^(careers? (at|with)|jobs at|karriere (bei|bei der|bei den)|jobs bei|carrières chez|empleo en|carreiras na|werken bij|lavora con)\s+|\s+(careers?|karriere|jobs)$`)

// successFactorsBoard reads SAP SuccessFactors career sites: their job
// pages mark each field with data-careersite-propertyid (title, location,
// city, company, description). Some show little more than the title; the
// title alone makes it one posting.
var successFactorsBoard = boardAdapter{
	name:    "successfactors",
	hosts:   []string{"successfactors.com", "successfactors.eu", "sapsf.com", "sapsf.eu"},
	markers: []string{"data-careersite-propertyid"},
	read:    readSuccessFactors,
}

func readSuccessFactors(bp *boardPage) boardResult {
	var r boardResult
	p := &r.posting
	prop := func(id string) string {
		return bp.text(`[data-careersite-propertyid="` + id + `"]`)
	}
	p.Title = firstNonEmpty(prop("title"), bp.text(`.jobTitle [itemprop="title"]`), bp.text("h1.jobTitle"))
	// A career site is the employer's own: its name is the company.
	p.Company = firstNonEmpty(prop("company"), careerSiteRe.ReplaceAllString(bp.meta.SiteName, ""))
	p.Location = firstNonEmpty(prop("location"), strings.Trim(strings.Join([]string{prop("city"), prop("country")}, ", "), ", "))
	if d := prop("date"); d != "" {
		p.DatePosted = normalizeDate(d)
	}
	r.text = firstNonEmpty(bp.block(`[data-careersite-propertyid="description"]`), bp.block(".jobdescription"))
	if p.Title == "" {
		if r.openings = bp.links("a.jobTitle-link", ""); len(r.openings) > 1 {
			r.kind = kindListing
		}
	}
	return r
}
