package jobs

import "strings"

// leverBoard reads Lever postings (jobs.lever.co/<company>/<id>): the
// .posting-headline block, its category tags, and the company from the
// page title ("Acme - Senior Engineer"). A company's index is a list.
var leverBoard = boardAdapter{
	name:    "lever",
	hosts:   []string{"lever.co"},
	markers: []string{`class="posting-headline"`, `class="posting-categories"`},
	read:    readLever,
}

func readLever(bp *boardPage) boardResult {
	var r boardResult
	p := &r.posting
	p.Title = firstNonEmpty(bp.text(".posting-headline h2"), bp.text(".posting-header h2"))
	p.Location = firstNonEmpty(bp.text(".posting-categories .location"), bp.text(".posting-categories .sort-by-location"))
	p.EmploymentType = normalizeEmploymentType(firstNonEmpty(bp.text(".posting-categories .commitment"), bp.text(".posting-categories .sort-by-commitment")))
	p.Workplace = normalizeWorkplace(bp.text(".posting-categories .workplaceTypes"))
	for _, t := range []string{bp.meta.OGTitle, bp.meta.Title} {
		if i := strings.Index(t, " - "); i > 0 && p.Title != "" && strings.Contains(t[i:], p.Title) {
			p.Company = strings.TrimSpace(t[:i])
			break
		}
	}
	if p.Company == "" {
		p.Company = strings.TrimSuffix(bp.attr(".main-header-logo img", "alt"), " logo")
	}
	if s := firstNonEmpty(bp.text(`[data-qa="salary-range"] div`), bp.text(`[data-qa="salary-range"]`)); s != "" {
		p.Salary = ParseSalary(s)
	}
	r.text = firstNonEmpty(bp.block(".content .section-wrapper.page-full-width"), bp.block(`[data-qa="job-description"]`))
	ld := bp.firstLD()
	p.Company = firstNonEmpty(p.Company, ld.Company)
	p.DatePosted = ld.DatePosted
	if p.Title == "" {
		if r.openings = bp.links("a.posting-title", `[data-qa="posting-name"]`); len(r.openings) > 0 {
			r.kind = kindListing
		}
	}
	return r
}
