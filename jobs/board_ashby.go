package jobs

import "strings"

// ashbyBoard reads Ashby job pages (jobs.ashbyhq.com/<org>/<id>): the page
// embeds everything in window.__appData: the organisation, the posting
// (title, locationName, employmentType, workplaceType, descriptionHtml,
// compensationTierSummary) or, on the board's index, its jobPostings.
var ashbyBoard = boardAdapter{
	name:    "ashby",
	hosts:   []string{"ashbyhq.com"},
	markers: []string{"window.__appData", `data-testid="job-posting-title"`},
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
	p.Title = firstNonEmpty(p.Title, bp.firstLD().Title, bp.text(`[data-testid="job-posting-title"]`))
	// Pages rendered without the app data: the place has its own test id,
	// the description its own block, and the tab title is "<job> - <Employer>".
	p.Location = firstNonEmpty(p.Location, bp.text(`[data-testid="job-location"]`))
	// Beside the place: "Hybrid · Full Time · $245,000 - $385,000".
	for _, part := range strings.Split(bp.doc.Find(`[data-testid="job-location"]`).Parent().Text(), "·") {
		part = cleanInline(part)
		switch {
		case p.EmploymentType == "" && normalizeEmploymentType(part) != "":
			p.EmploymentType = normalizeEmploymentType(part)
		case p.Workplace == "" && normalizeWorkplace(part) != "":
			p.Workplace = normalizeWorkplace(part)
		case p.Salary.Min == nil && strings.ContainsAny(part, "$€£"):
			p.Salary = ParseSalary(part)
		}
	}
	if r.text == "" {
		r.text = bp.block(`[data-testid="job-description"]`)
	}
	if p.Company == "" && p.Title != "" {
		if rest, ok := strings.CutPrefix(bp.text("title"), p.Title+" - "); ok {
			p.Company = strings.TrimSpace(rest)
		}
	}
	return r
}
