package jobs

import "strings"

// fuzuBoard reads Fuzu (Kenya, Uganda, Nigeria).
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
		readLDJob(g, job, &r, "addressLocality")
	}
	if m := titleAtRe.FindStringSubmatch(bp.meta.OGTitle); m != nil {
		p.Title = firstNonEmpty(p.Title, m[1])
		p.Company = firstNonEmpty(p.Company, m[2])
	}
	if isConfidential(p.Company) {
		p.Company, r.companyWithheld = "", true
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

// readLDJob reads a JSON-LD JobPosting node whose organisation and place
// may be @id references: title, employer, the place from the first of
// placeKeys the address has, dates, type, and the description as text.
func readLDJob(g *ldGraph, job map[string]any, r *boardResult, placeKeys ...string) {
	p := &r.posting
	p.Title = cleanInline(firstString(job["title"]))
	if org, ok := g.get(job, "hiringOrganization").(map[string]any); ok {
		p.Company = cleanInline(firstString(org["name"]))
	}
	if place, ok := g.get(job, "jobLocation").(map[string]any); ok {
		if addr, ok := g.get(place, "address").(map[string]any); ok {
			for _, k := range placeKeys {
				if v := cleanInline(firstString(addr[k])); v != "" {
					p.Location = v
					break
				}
			}
		}
	}
	p.DatePosted = normalizeDate(firstString(job["datePosted"]))
	p.Deadline = normalizeDate(firstString(job["validThrough"]))
	p.EmploymentType = normalizeEmploymentType(firstString(job["employmentType"]))
	if d := firstString(job["description"]); d != "" {
		r.text = htmlToText(d)
	}
}
