package jobs

import "strings"

// stepstoneBoard reads StepStone job pages (stepstone.de, .at, .be, .nl,
// and the same markup on Totaljobs): the data-at attributes of the job
// header, which keep the company, location and contract type apart.
var stepstoneBoard = boardAdapter{
	name:     "stepstone",
	jobBoard: true,
	hosts:    []string{"stepstone.", "totaljobs.com", "cwjobs.co.uk"},
	markers:  []string{`data-at="header-job-title"`, `data-at="metadata-company-name"`},
	read:     readStepstone,
}

func readStepstone(bp *boardPage) boardResult {
	var r boardResult
	p := &r.posting
	p.Title = bp.text(`[data-at="header-job-title"]`)
	p.Company = firstNonEmpty(bp.text(`[data-at="metadata-company-name"]`), bp.text(`[data-at="header-company-name"]`))
	p.Location = bp.text(`[data-at="metadata-location"]`)
	p.EmploymentType = normalizeEmploymentType(firstNonEmpty(bp.text(`[data-at="metadata-work-type"]`), bp.text(`[data-at="metadata-contract-type"]`)))
	p.Workplace = normalizeWorkplace(bp.text(`[data-at="metadata-work-type"]`) + " " + bp.text(`[data-at="metadata-remote"]`))
	if s := bp.text(`[data-at="metadata-salary"]`); s != "" {
		if sal := ParseSalary(s); sal.Min != nil || sal.Max != nil {
			p.Salary = sal
		}
	}
	r.text = bp.block(`[data-at="job-ad-content"]`)
	if r.text == "" {
		// Newer pages split the ad into sections: intro, description,
		// profile, we offer.
		var parts []string
		bp.doc.Find(`[data-at^="section-text-"]`).Each(func(_ int, s selection) {
			parts = append(parts, blockText(s.Nodes[0], true))
		})
		r.text = strings.Join(parts, "\n\n")
	}
	ld := bp.firstLD()
	p.Title = firstNonEmpty(p.Title, ld.Title)
	p.Company = firstNonEmpty(p.Company, ld.Company)
	p.DatePosted, p.Deadline = ld.DatePosted, ld.Deadline
	if p.Title == "" {
		if r.openings = bp.links(`a[data-at="job-item-title"]`, ""); len(r.openings) > 0 {
			r.kind = kindSearch
		}
	}
	return r
}
