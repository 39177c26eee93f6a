package jobs

import (
	"regexp"
	"strings"
)

// myJobMagBoard reads MyJobMag (Nigeria, Kenya, South Africa, Ghana).
var myJobMagBoard = boardAdapter{
	name:     "myjobmag",
	jobBoard: true,
	hosts:    []string{"myjobmag.com", "myjobmag.co.ke", "myjobmag.co.za", "myjobmagghana.com"},
	markers:  []string{`class="job-key-info"`, `class="jkey-title"`},
	read:     readMyJobMag,
}

// monthYearRe is the "June, 2026" MyJobMag sometimes adds after the company.
var monthYearRe = regexp.MustCompile(`(?i)\s+(january|february|march|april|may|june|july|august|september|october|november|december),?\s+\d{4}$`)

// readMyJobMag reads MyJobMag's server-rendered job page: the <title>
// "Title at Company |  MyJobMag", the unambiguous "View Jobs at Company"
// link, the key-info list (Job Type, Location, Salary, …), the posted date
// and the .job-details block.
func readMyJobMag(bp *boardPage) boardResult {
	var r boardResult
	p := &r.posting
	head := strings.TrimSpace(strings.Split(bp.meta.Title, "|")[0])
	if i := strings.Index(head, " at "); i > 0 {
		p.Title = strings.TrimSpace(head[:i])
		p.Company = monthYearRe.ReplaceAllString(strings.TrimSpace(head[i+4:]), "")
	}
	if bp.doc != nil {
		bp.doc.Find("a").EachWithBreak(func(_ int, s selection) bool {
			if rest, ok := strings.CutPrefix(cleanInline(s.Text()), "View Jobs at "); ok && rest != "" {
				p.Company = rest
				return false
			}
			return true
		})
		bp.doc.Find("ul.job-key-info li").Each(func(_ int, s selection) {
			key := strings.ToLower(cleanInline(s.Find(".jkey-title").Text()))
			val := cleanInline(s.Find(".jkey-info").Text())
			switch key {
			case "job type":
				p.EmploymentType = normalizeEmploymentType(val)
			case "location":
				p.Location = val
			case "salary", "salary range":
				if sal := ParseSalary(val); sal.Min != nil || sal.Max != nil {
					p.Salary = sal
				}
			}
		})
	}
	if p.Title == "" {
		if m := titleAtRe.FindStringSubmatch(bp.text(".read-head h1")); m != nil {
			p.Title, p.Company = m[1], firstNonEmpty(p.Company, m[2])
		}
	}
	if d := strings.TrimPrefix(bp.text("#posted-date"), "Posted:"); d != "" {
		p.DatePosted = normalizeDate(d)
	}
	r.text = bp.block(".job-details")
	if isConfidential(p.Company) {
		p.Company, r.companyWithheld = "", true
	}
	if p.Title == "" {
		if r.openings = bp.links(`li.job-list-li li.job-info h2 a`, ""); len(r.openings) > 0 {
			r.kind = kindListing
			if listingOrSearch(bp.u) == kindSearch {
				r.kind = kindSearch
			}
		}
	}
	return r
}
