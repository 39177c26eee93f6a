package jobs

// brighterMondayBoard reads BrighterMonday (Kenya, Uganda, Tanzania;
// Jobberman in Nigeria and Ghana runs the same site). Its ads often come
// from recruiters and "confidential" employers; a company the page does not
// name stays empty.
var brighterMondayBoard = boardAdapter{
	name:     "brightermonday",
	jobBoard: true,
	hosts:    []string{"brightermonday.co.ke", "brightermonday.co.ug", "brightermonday.co.tz", "jobberman.com", "jobberman.com.gh"},
	markers:  []string{`content="BrighterMonday`, `content="Jobberman`},
	read:     readBrighterMonday,
}

// readBrighterMonday reads the JobPosting of the page's JSON-LD @graph,
// whose organisation and place are @id references to other nodes. The
// site's PostalAddress puts the city in streetAddress and the country in
// addressLocality; the city is what the page shows. The job header (h1,
// the /company/ link, the pills) is the fallback.
func readBrighterMonday(bp *boardPage) boardResult {
	var r boardResult
	p := &r.posting
	g := bp.jsonLD()
	if job := g.node("JobPosting"); job != nil {
		readLDJob(g, job, &r, "streetAddress", "addressLocality")
	}
	head := "article.job__details"
	if bp.doc.Find(head).Length() == 0 {
		head = "main"
	}
	p.Title = firstNonEmpty(p.Title, bp.text(head+" h1"))
	p.Company = firstNonEmpty(p.Company, bp.text(head+` h2 a[href*="/company/"]`), bp.text(head+` a[href*="/company/"]`))
	if p.EmploymentType == "" {
		p.EmploymentType = normalizeEmploymentType(bp.words(head + ` .job-header__pills a`))
	}
	if s := bp.text(head + ` .job-header__salary`); s != "" {
		p.Salary = ParseSalary(s)
	}
	if d := bp.block(head + " .job__description"); len(d) > len(r.text) {
		r.text = d
	}
	if isConfidential(p.Company) {
		p.Company, r.companyWithheld = "", true
	}
	if p.Title == "" {
		if r.openings = bp.links(`a[href*="/listings/"]`, ""); len(r.openings) > 1 {
			r.kind = kindSearch
		}
	}
	return r
}

func firstNonNil(vs ...any) any {
	for _, v := range vs {
		if v != nil && firstString(v) != "" {
			return v
		}
	}
	return nil
}
