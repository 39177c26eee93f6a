package jobs

import (
	"regexp"
	"strings"
)

// The African boards: BrighterMonday (Kenya, Uganda, Tanzania; Jobberman in
// Nigeria and Ghana runs the same site), Fuzu and MyJobMag. Their ads often
// come from recruiters and "confidential" employers; a company the page
// does not name stays empty.

var brighterMondayBoard = boardAdapter{
	name:     "brightermonday",
	jobBoard: true,
	hosts:    []string{"brightermonday.co.ke", "brightermonday.co.ug", "brightermonday.co.tz", "jobberman.com", "jobberman.com.gh"},
	markers:  []string{`content="BrighterMonday`, `content="Jobberman`},
	read:     readBrighterMonday,
}

// readBrighterMonday reads the job header of a listing page: the h1, the
// company link (/company/...), the pills of location and job type, and
// the salary line; the JSON-LD the page carries fills the dates.
func readBrighterMonday(bp *boardPage) boardResult {
	var r boardResult
	p := &r.posting
	head := "article.job__details"
	if bp.doc.Find(head).Length() == 0 {
		head = "main"
	}
	p.Title = bp.text(head + " h1")
	p.Company = firstNonEmpty(bp.text(head+` h2 a[href*="/company/"]`), bp.text(head+" h2"))
	p.Location = bp.text(head + ` a[href*="/jobs/"][href*="location"], ` + head + ` span.job-location a`)
	if p.Location == "" {
		p.Location = bp.text(head + ` .job-header__pills a`)
	}
	p.EmploymentType = normalizeEmploymentType(bp.words(head + ` .job-header__pills a`))
	if s := bp.text(head + ` .job-header__salary`); s != "" {
		p.Salary = ParseSalary(s)
	}
	r.text = bp.block(head + " .job__description")
	if isConfidential(p.Company) {
		p.Company = ""
	}
	ld := bp.firstLD()
	p.Title = firstNonEmpty(p.Title, ld.Title)
	p.DatePosted, p.Deadline = ld.DatePosted, ld.Deadline
	if p.Title == "" {
		if r.openings = bp.links(`a[data-cy="listing-title-link"]`, ""); len(r.openings) > 0 {
			r.kind = kindSearch
		}
	}
	return r
}

var fuzuBoard = boardAdapter{
	name:     "fuzu",
	jobBoard: true,
	hosts:    []string{"fuzu.com"},
	markers:  []string{`content="Fuzu"`},
	read:     readFuzu,
}

// titleAtRe splits "Accountant at Acme Ltd" (and "Accountant job at Acme").
var titleAtRe = regexp.MustCompile(`^(.+?)\s+(?:job\s+)?at\s+(.+?)(?:\s*[|–-]\s*(?:Fuzu|MyJobMag|Jobs?).*)?$`)

// readFuzu reads the job from the page's Next.js data (a "job" object with
// title, company name, location) and its header, falling back to the
// og:title "Title at Company".
func readFuzu(bp *boardPage) boardResult {
	var r boardResult
	p := &r.posting
	data := embeddedJSON(bp.raw, `<script id="__NEXT_DATA__" type="application/json">`)
	if j := findKey(data, "job", 0); j != nil {
		job := j["job"]
		p.Title = digString(job, "title")
		p.Company = firstNonEmpty(digString(job, "company", "name"), digString(job, "company_name"))
		p.Location = firstNonEmpty(digString(job, "location"), digString(job, "town"), digString(job, "location", "name"))
		p.EmploymentType = normalizeEmploymentType(digString(job, "employment_type"))
		r.text = htmlBlock(digString(job, "description"))
		if d := digString(job, "deadline"); d != "" {
			p.Deadline = normalizeDate(d)
		}
	}
	p.Title = firstNonEmpty(p.Title, bp.text(".job-header h1, h1.job-title"))
	p.Company = firstNonEmpty(p.Company, bp.text(`.job-header a[href*="/company/"]`))
	p.Location = firstNonEmpty(p.Location, bp.text(".job-header .location"))
	if m := titleAtRe.FindStringSubmatch(bp.meta.OGTitle); m != nil {
		p.Title = firstNonEmpty(p.Title, m[1])
		p.Company = firstNonEmpty(p.Company, m[2])
	}
	if r.text == "" {
		r.text = bp.block(".job-description")
	}
	if isConfidential(p.Company) {
		p.Company = ""
	}
	ld := bp.firstLD()
	p.Title = firstNonEmpty(p.Title, ld.Title)
	p.DatePosted = firstNonEmpty(p.DatePosted, ld.DatePosted)
	p.Deadline = firstNonEmpty(p.Deadline, ld.Deadline)
	return r
}

var myJobMagBoard = boardAdapter{
	name:     "myjobmag",
	jobBoard: true,
	hosts:    []string{"myjobmag.com", "myjobmag.co.ke", "myjobmag.co.za", "myjobmagghana.com"},
	markers:  []string{`class="job-key-info"`, `class="jkey-title"`},
	read:     readMyJobMag,
}

// readMyJobMag reads MyJobMag's job page: the h1 "Title at Company", the
// key-info list (Job Type, Location, Salary, …) and the deadline line.
func readMyJobMag(bp *boardPage) boardResult {
	var r boardResult
	p := &r.posting
	h1 := firstNonEmpty(bp.text(".read-head h1"), bp.text("h1"))
	if m := titleAtRe.FindStringSubmatch(h1); m != nil {
		p.Title, p.Company = m[1], m[2]
	} else {
		p.Title = h1
	}
	if bp.doc != nil {
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
	if d := bp.text(".read-date-sec-li"); d != "" {
		for _, part := range strings.Split(d, "|") {
			part = strings.TrimSpace(part)
			if v, ok := strings.CutPrefix(part, "Deadline:"); ok {
				p.Deadline = normalizeDate(v)
			} else if v, ok := strings.CutPrefix(part, "Posted:"); ok {
				p.DatePosted = normalizeDate(v)
			}
		}
	}
	r.text = bp.block(".job-details")
	if isConfidential(p.Company) {
		p.Company = ""
	}
	if p.Title == "" {
		if r.openings = bp.links(`ul.job-list li .mag-b h2 a`, ""); len(r.openings) > 0 {
			r.kind = kindListing
		}
	}
	return r
}

var confidentialRe = regexp.MustCompile(`(?i)^(confidential|undisclosed|anonymous|a reputable (company|organi[sz]ation|firm)|(a|our) client|private (company|advertiser|employer))\b`)

// isConfidential reports an employer the ad keeps secret.
func isConfidential(company string) bool {
	return confidentialRe.MatchString(strings.TrimSpace(company))
}
