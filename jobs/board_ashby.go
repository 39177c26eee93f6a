package jobs

import "strings"

// ashbyBoard reads Ashby job pages (jobs.ashbyhq.com/<org>/<id>): the page
// embeds everything in window.__appData: the organisation, the posting
// (title, locationName, employmentType, workplaceType, descriptionHtml,
// compensationTierSummary) or, on the board's index, its jobPostings.
var ashbyBoard = boardAdapter{
	name:    "ashby",
	hosts:   []string{"ashbyhq.com"},
	markers: []string{"window.__appData"},
	read:    readAshby,
}

func readAshby(bp *boardPage) boardResult {
	var r boardResult
	p := &r.posting
	data := embeddedJSON(bp.raw, "window.__appData =")
	if data == nil {
		data = embeddedJSON(bp.raw, "window.__appData=")
	}
	post := dig(data, "posting")
	if post == nil {
		post = dig(data, "jobPosting")
	}
	p.Title = digString(post, "title")
	p.Company = firstNonEmpty(digString(data, "organization", "name"), digString(post, "organizationName"))
	p.Location = firstNonEmpty(digString(post, "locationName"), digString(post, "location"))
	p.EmploymentType = normalizeEmploymentType(strings.NewReplacer("FullTime", "Full time", "PartTime", "Part time").Replace(digString(post, "employmentType")))
	p.Workplace = normalizeWorkplace(strings.ReplaceAll(digString(post, "workplaceType"), "OnSite", "on-site"))
	if c := digString(post, "compensationTierSummary"); c != "" {
		p.Salary = ParseSalary(c)
	}
	r.text = firstNonEmpty(htmlBlock(digString(post, "descriptionHtml")), strings.TrimSpace(firstString(dig(post, "descriptionPlain"))))
	if p.Title == "" {
		list, _ := dig(data, "jobBoard", "jobPostings").([]any)
		org := strings.Trim(strings.SplitN(strings.TrimPrefix(bp.u.Path, "/"), "/", 2)[0], "/")
		for _, j := range list {
			id, title := digString(j, "id"), digString(j, "title")
			if id != "" && title != "" && org != "" {
				r.openings = append(r.openings, Opening{Title: title, URL: "https://jobs.ashbyhq.com/" + org + "/" + id})
			}
		}
		if len(r.openings) > 0 {
			r.kind = kindListing
		}
	}
	p.Title = firstNonEmpty(p.Title, bp.firstLD().Title)
	return r
}
