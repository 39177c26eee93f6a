package jobs

import "strings"

// workdayBoard reads Workday career sites (<tenant>.wd*.myworkdayjobs.com):
// the server-rendered page carries a JSON-LD JobPosting and og tags; a page
// saved from the browser also has the data-automation-id attributes of the
// rendered posting. A search of a career site is a list of openings.
var workdayBoard = boardAdapter{
	name:    "workday",
	hosts:   []string{"myworkdayjobs.com", "myworkdaysite.com"},
	markers: []string{`data-automation-id="jobPostingHeader"`, `data-automation-id="jobPostingDescription"`},
	read:    readWorkday,
}

func readWorkday(bp *boardPage) boardResult {
	var r boardResult
	p := &r.posting
	p.Title = firstNonEmpty(bp.text(`[data-automation-id="jobPostingHeader"]`), bp.metaContent("og:title"))
	// A posting for several sites lists each in its own <dd>.
	bp.doc.Find(`[data-automation-id="locations"] dd`).Each(func(_ int, s selection) {
		p.Locations = appendUnique(p.Locations, cleanInline(s.Text()))
	})
	if len(p.Locations) == 0 {
		// Newer Workday pages put the place in a single element.
		p.Locations = appendUnique(nil, bp.text(`[data-automation-id="jobPostingLocation"]`))
	}
	p.Location = strings.Join(p.Locations, "; ")
	if len(p.Locations) < 2 {
		p.Locations = nil
	}
	p.EmploymentType = normalizeEmploymentType(firstNonEmpty(bp.text(`[data-automation-id="time"] dd`), bp.text(`[data-automation-id="time"]`),
		bp.text(`[data-automation-id="timeType"]`)))

	r.text = bp.block(`[data-automation-id="jobPostingDescription"]`)
	ld := bp.firstLD()
	p.Title = firstNonEmpty(p.Title, ld.Title)
	p.Company = firstNonEmpty(ld.Company, workdayCareersOf(bp.text("title")))
	// Workday's JSON-LD gives the city as the page shows it; a page that
	// lists several sites says so ("2 Locations") and JSON-LD has the first.
	p.Location = firstNonEmpty(p.Location, ld.Location)
	p.EmploymentType = firstNonEmpty(p.EmploymentType, ld.EmploymentType)
	// JSON-LD has the date; the page only says "Posted 10 Days Ago".
	p.DatePosted = firstNonEmpty(ld.DatePosted, normalizeDate(bp.text(`[data-automation-id="postedOn"] dd`)))
	p.Deadline = ld.Deadline
	if p.Title == "" {
		if r.openings = bp.links(`a[data-automation-id="jobTitle"]`, ""); len(r.openings) > 0 {
			r.kind = kindListing
		}
	}
	return r
}

// workdayCareersOf reads the employer from a Workday tab title written
// "<job> - <Employer> Careers" (Workday is the software, never the employer).
func workdayCareersOf(title string) string {
	i := strings.LastIndex(title, " - ")
	if i < 0 {
		return ""
	}
	name, ok := strings.CutSuffix(strings.TrimSpace(title[i+3:]), " Careers")
	if !ok || strings.EqualFold(name, "Workday") {
		return ""
	}
	return strings.TrimSpace(name)
}
