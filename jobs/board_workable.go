package jobs

import "strings"

// workableBoard reads Workable postings (apply.workable.com/<co>/j/<id>,
// <co>.workable.com): the data-ui attributes of the rendered posting and
// og:title "Title - Company".
var workableBoard = boardAdapter{
	name:    "workable",
	hosts:   []string{"workable.com"},
	markers: []string{`data-ui="job-title"`, `data-ui="job-description"`},
	read:    readWorkable,
}

func readWorkable(bp *boardPage) boardResult {
	var r boardResult
	p := &r.posting
	p.Title = bp.text(`[data-ui="job-title"]`)
	p.Location = bp.text(`[data-ui="job-location"]`)
	p.EmploymentType = normalizeEmploymentType(bp.text(`[data-ui="job-type"]`))
	p.Workplace = normalizeWorkplace(bp.text(`[data-ui="job-workplace"]`))
	p.Company = bp.text(`[data-ui="company-name"]`)
	if p.Company == "" && p.Title != "" {
		og := firstNonEmpty(bp.meta.OGTitle, bp.meta.Title)
		if rest, ok := strings.CutPrefix(og, p.Title+" - "); ok {
			p.Company = strings.TrimSpace(rest)
		}
	}
	if s := bp.text(`[data-ui="job-salary"]`); s != "" {
		p.Salary = ParseSalary(s)
	}
	var parts []string
	for _, sel := range []string{`[data-ui="job-description"]`, `[data-ui="job-requirements"]`, `[data-ui="job-benefits"]`} {
		if t := bp.block(sel); t != "" {
			parts = append(parts, t)
		}
	}
	r.text = strings.Join(parts, "\n\n")
	ld := bp.firstLD()
	p.Title = firstNonEmpty(p.Title, ld.Title)
	p.Company = firstNonEmpty(p.Company, ld.Company)
	p.Location = firstNonEmpty(p.Location, ld.Location)
	p.DatePosted = ld.DatePosted
	if p.Title == "" {
		if r.openings = bp.links(`li[data-ui="job"]`, `[data-ui="job-title"], h3`); len(r.openings) > 0 {
			r.kind = kindListing
		}
	}
	return r
}
