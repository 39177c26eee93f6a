package jobs

import "strings"

// seekBoard reads SEEK job pages (seek.com.au, seek.co.nz, and the same
// markup on Jobstreet and JobsDB): the data-automation attributes of the
// job header, or the job in window.SEEK_REDUX_DATA. The employer is the
// advertiser the page names, never "SEEK Australia"; an anonymous
// "Private Advertiser" is no company at all.
var seekBoard = boardAdapter{
	name:     "seek",
	jobBoard: true,
	hosts:    []string{"seek.com.au", "seek.co.nz", "jobstreet.com", "jobstreet.co.id", "jobsdb.com"},
	markers:  []string{`data-automation="job-detail-title"`, "SEEK_REDUX_DATA"},
	read:     readSeek,
}

func readSeek(bp *boardPage) boardResult {
	var r boardResult
	p := &r.posting
	data := embeddedJSON(bp.raw, "window.SEEK_REDUX_DATA =")
	if data == nil {
		data = embeddedJSON(bp.raw, "window.SEEK_REDUX_DATA=")
	}
	job := dig(data, "jobdetails", "result", "job")
	if job != nil {
		p.Title = digString(job, "title")
		p.Company = digString(job, "advertiser", "name")
		p.Location = firstNonEmpty(digString(job, "location", "label"), digString(job, "location"))
		p.EmploymentType = normalizeEmploymentType(digString(job, "workTypes", "label"))
		if s := digString(job, "salary", "label"); s != "" {
			p.Salary = ParseSalary(s)
		}
		r.text = htmlBlock(digString(job, "content"))
		if e, ok := dig(job, "isExpired").(bool); ok && e {
			r.expired = true
		}
		if strings.EqualFold(digString(job, "status"), "expired") {
			r.expired = true
		}
	}
	p.Title = firstNonEmpty(p.Title, bp.text(`[data-automation="job-detail-title"]`))
	p.Company = firstNonEmpty(p.Company, bp.text(`[data-automation="advertiser-name"]`), bp.text(`[data-automation="job-detail-company"]`))
	p.Location = firstNonEmpty(p.Location, bp.text(`[data-automation="job-detail-location"]`))
	if p.EmploymentType == "" {
		p.EmploymentType = normalizeEmploymentType(bp.text(`[data-automation="job-detail-work-type"]`))
	}
	if p.Salary.Empty() {
		if s := bp.text(`[data-automation="job-detail-salary"]`); s != "" {
			p.Salary = ParseSalary(s)
		}
	}
	if r.text == "" {
		r.text = bp.block(`[data-automation="jobAdDetails"]`)
	}
	if strings.EqualFold(p.Company, "Private Advertiser") || isConfidential(p.Company) {
		p.Company, r.companyWithheld = "", true
	}
	if bp.doc != nil && bp.doc.Find(`[data-automation="expiredJobPage"], [data-automation="expiredJobBanner"]`).Length() > 0 {
		r.expired = true
	}
	ld := bp.firstLD()
	p.DatePosted = firstNonEmpty(ld.DatePosted, postedDate(bp.text(`[data-automation="job-detail-date"]`)))
	if p.Title == "" {
		r.openings = bp.links(`a[data-automation="jobTitle"]`, "")
		if len(r.openings) > 0 {
			r.kind = kindSearch
		}
	}
	return r
}
