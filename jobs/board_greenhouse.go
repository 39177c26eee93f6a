package jobs

import (
	"regexp"
	"strings"
)

// greenhouseBoard reads Greenhouse job boards: the classic
// boards.greenhouse.io page (h1.app-title, span.company-name, div.location)
// and the newer job-boards.greenhouse.io page, whose job sits in the
// embedded window.__remixContext JSON (jobPost) and .job__* classes. A
// board's index page is a list of openings.
var greenhouseBoard = boardAdapter{
	name:    "greenhouse",
	hosts:   []string{"greenhouse.io"},
	markers: []string{`id="app_body"`, `class="app-title"`, `class="job__title"`},
	read:    readGreenhouse,
}

var ghTitleRe = regexp.MustCompile(`(?i)^job application for (.+?) at (.+)$`)

func readGreenhouse(bp *boardPage) boardResult {
	var r boardResult
	p := &r.posting
	// The post sits under a route-specific loader key ("jobPost", or "job"
	// on some boards); its job_post_location key is what stays the same.
	if post := findKey(embeddedJSON(bp.raw, "window.__remixContext ="), "job_post_location", 0); post != nil {
		p.Title = digString(post, "title")
		p.Company = digString(post, "company_name")
		p.Location = digString(post, "job_post_location")
		r.text = htmlBlock(digString(post, "content"))
		if pay := dig(post, "pay_ranges", "0"); pay != nil {
			p.Salary = ParseSalary(digString(pay, "min") + " - " + digString(pay, "max") + " " + digString(pay, "currency_type"))
		}
	}
	p.Title = firstNonEmpty(p.Title, bp.text("h1.app-title"), bp.text(".job__title h1"))
	p.Company = firstNonEmpty(p.Company, strings.TrimPrefix(bp.text("span.company-name"), "at "))
	p.Location = firstNonEmpty(p.Location, bp.text("div.location"), bp.text(".job__location div"), bp.text(".job__location"))
	if r.text == "" {
		r.text = firstNonEmpty(bp.block("#content"), bp.block(".job__description"))
	}
	if m := ghTitleRe.FindStringSubmatch(bp.meta.Title); m != nil {
		p.Title = firstNonEmpty(p.Title, m[1])
		p.Company = firstNonEmpty(p.Company, m[2])
	}
	if p.Salary.Empty() {
		if s := bp.text(".pay-range"); s != "" {
			p.Salary = ParseSalary(s)
		}
	}
	ld := bp.firstLD()
	p.Company = firstNonEmpty(p.Company, ld.Company)
	p.DatePosted, p.Deadline = ld.DatePosted, ld.Deadline
	if p.Title == "" {
		r.openings = append(bp.links("div.opening", "a"), bp.links("tr.job-post", "p.body--medium")...)
		if len(r.openings) > 0 {
			r.kind = kindListing
		}
	}
	return r
}
