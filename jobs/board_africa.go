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
		p.Title = cleanInline(firstString(job["title"]))
		if org, ok := g.get(job, "hiringOrganization").(map[string]any); ok {
			p.Company = cleanInline(firstString(org["name"]))
		}
		if place, ok := g.get(job, "jobLocation").(map[string]any); ok {
			if addr, ok := g.get(place, "address").(map[string]any); ok {
				p.Location = cleanInline(firstString(firstNonNil(addr["streetAddress"], addr["addressLocality"])))
			}
		}
		p.DatePosted = normalizeDate(firstString(job["datePosted"]))
		p.Deadline = normalizeDate(firstString(job["validThrough"]))
		p.EmploymentType = normalizeEmploymentType(firstString(job["employmentType"]))
		if d := firstString(job["description"]); d != "" {
			r.text = htmlToText(d)
		}
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
		p.Company = ""
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

var fuzuBoard = boardAdapter{
	name:     "fuzu",
	jobBoard: true,
	hosts:    []string{"fuzu.com"},
	markers:  []string{"window.__FUZU__"},
	read:     readFuzu,
}

// readFuzu reads Fuzu's JobPosting JSON-LD (the employer under
// hiringOrganization, the town as addressLocality); a page of jobs carries
// an ItemList instead, whose entries are the openings.
func readFuzu(bp *boardPage) boardResult {
	var r boardResult
	p := &r.posting
	g := bp.jsonLD()
	if job := g.node("JobPosting"); job != nil {
		p.Title = cleanInline(firstString(job["title"]))
		if org, ok := g.get(job, "hiringOrganization").(map[string]any); ok {
			p.Company = cleanInline(firstString(org["name"]))
		}
		if place, ok := g.get(job, "jobLocation").(map[string]any); ok {
			if addr, ok := g.get(place, "address").(map[string]any); ok {
				p.Location = cleanInline(firstString(addr["addressLocality"]))
			}
		}
		p.EmploymentType = normalizeEmploymentType(firstString(job["employmentType"]))
		p.DatePosted = normalizeDate(firstString(job["datePosted"]))
		p.Deadline = normalizeDate(firstString(job["validThrough"]))
		if d := firstString(job["description"]); d != "" {
			r.text = htmlToText(d)
		}
	}
	if m := titleAtRe.FindStringSubmatch(bp.meta.OGTitle); m != nil {
		p.Title = firstNonEmpty(p.Title, m[1])
		p.Company = firstNonEmpty(p.Company, m[2])
	}
	if isConfidential(p.Company) {
		p.Company = ""
	}
	if p.Title == "" {
		if list := g.node("ItemList"); list != nil {
			for _, e := range asList(list["itemListElement"]) {
				name, link := digString(e, "name"), digString(e, "url")
				if name != "" && strings.HasPrefix(link, "http") {
					r.openings = append(r.openings, Opening{Title: name, URL: link})
				}
			}
		}
		if len(r.openings) > 0 {
			r.kind = kindListing
			if listingOrSearch(bp.u) == kindSearch {
				r.kind = kindSearch
			}
		}
	}
	return r
}

var myJobMagBoard = boardAdapter{
	name:     "myjobmag",
	jobBoard: true,
	hosts:    []string{"myjobmag.com", "myjobmag.co.ke", "myjobmag.co.za", "myjobmagghana.com"},
	markers:  []string{`class="job-key-info"`, `class="jkey-title"`},
	read:     readMyJobMag,
}

var (
	// titleAtRe splits "Accountant at Acme Ltd" (and "Accountant job at Acme").
	titleAtRe = regexp.MustCompile(`^(.+?)\s+(?:job\s+)?at\s+(.+?)(?:\s*[|–-]\s*(?:Fuzu|MyJobMag|Jobs?).*)?$`)
	// monthYearRe is the "June, 2026" MyJobMag sometimes adds after the company.
	monthYearRe = regexp.MustCompile(`(?i)\s+(january|february|march|april|may|june|july|august|september|october|november|december),?\s+\d{4}$`)
)

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
		p.Company = ""
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

var confidentialRe = regexp.MustCompile(`(?i)^(confidential|undisclosed|anonymous|a reputable (company|organi[sz]ation|firm)|(a|our) client|private (company|advertiser|employer))\b`)

// isConfidential reports an employer the ad keeps secret.
func isConfidential(company string) bool {
	return confidentialRe.MatchString(strings.TrimSpace(company))
}
