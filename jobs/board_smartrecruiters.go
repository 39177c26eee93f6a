package jobs

import "strings"

// smartRecruitersBoard reads SmartRecruiters postings
// (jobs.smartrecruiters.com/<Company>/<id>-<slug>): h1.job-title, the
// spl-job-location element's formattedaddress, the hiringOrganization
// microdata, and the page title "Title | Company".
var smartRecruitersBoard = boardAdapter{
	name:    "smartrecruiters",
	hosts:   []string{"smartrecruiters.com"},
	markers: []string{"spl-job-location", `id="st-jobDescription"`},
	read:    readSmartRecruiters,
}

func readSmartRecruiters(bp *boardPage) boardResult {
	var r boardResult
	p := &r.posting
	p.Title = firstNonEmpty(bp.text("h1.job-title"), bp.text(`h1[itemprop="title"]`))
	p.Location = firstNonEmpty(bp.attr("spl-job-location", "formattedaddress"), bp.text(`[itemprop="jobLocation"]`))
	p.Company = firstNonEmpty(bp.attr(`[itemprop="hiringOrganization"] meta[itemprop="name"]`, "content"),
		bp.text(`[itemprop="hiringOrganization"] [itemprop="name"]`))
	if p.Company == "" && p.Title != "" {
		parts := strings.Split(bp.meta.Title, " | ")
		if len(parts) >= 2 && strings.TrimSpace(parts[0]) == p.Title {
			p.Company = strings.TrimSpace(parts[1])
		}
	}
	p.EmploymentType = normalizeEmploymentType(bp.text(`[itemprop="employmentType"]`))
	r.text = firstNonEmpty(bp.block(`[itemprop="description"]`), bp.block(".job-sections"))
	ld := bp.firstLD()
	p.Company = firstNonEmpty(p.Company, ld.Company)
	p.DatePosted = ld.DatePosted
	if p.Title == "" {
		if r.openings = bp.links("li.opening-job", "h4"); len(r.openings) > 0 {
			r.kind = kindListing
		}
	}
	return r
}
