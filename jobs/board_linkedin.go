package jobs

import (
	"regexp"
	"strings"
)

// linkedinBoard reads LinkedIn job pages: the public guest page
// (linkedin.com/jobs/view/…, "top-card-layout" and "topcard__*" classes)
// and a member's saved page ("jobs-unified-top-card" and
// "job-details-jobs-unified-top-card" classes). Search pages and the
// sign-up walls of company and profile pages are named as such.
var linkedinBoard = boardAdapter{
	jobBoard: true,
	name:     "linkedin",
	hosts:    []string{"linkedin.com"},
	markers: []string{"topcard__org-name-link", "top-card-layout__title", "jobs-unified-top-card",
		"jobs-search__results-list", "jobs-search-results-list"},
	read: readLinkedIn,
}

func readLinkedIn(bp *boardPage) boardResult {
	var r boardResult
	p := &r.posting
	path := strings.ToLower(bp.u.Path)

	// Guest job page.
	p.Title = firstNonEmpty(bp.text("h1.top-card-layout__title"), bp.text("h1.topcard__title"), bp.text("h2.top-card-layout__title"))
	p.Company = firstNonEmpty(bp.text("a.topcard__org-name-link"), bp.text("span.topcard__flavor a"),
		bp.text(".topcard__flavor-row .topcard__flavor:not(.topcard__flavor--bullet)"))
	p.Location = bp.text(".topcard__flavor-row .topcard__flavor--bullet")
	r.text = bp.block("div.show-more-less-html__markup")
	// Member page (two designs).
	if p.Title == "" {
		p.Title = firstNonEmpty(bp.text(".job-details-jobs-unified-top-card__job-title h1"),
			bp.text("h1.job-details-jobs-unified-top-card__job-title"), bp.text("h1.jobs-unified-top-card__job-title"),
			bp.text(".jobs-unified-top-card h1"), bp.text(".jobs-details-top-card__job-title"))
	}
	if p.Company == "" {
		p.Company = firstNonEmpty(bp.text(".job-details-jobs-unified-top-card__company-name a"),
			bp.text(".job-details-jobs-unified-top-card__company-name"), bp.text(".jobs-unified-top-card__company-name a"),
			bp.text(".jobs-unified-top-card__company-name"))
	}
	if p.Location == "" {
		p.Location = firstNonEmpty(bp.text(".job-details-jobs-unified-top-card__bullet"), bp.text(".jobs-unified-top-card__bullet"),
			linkedinPlace(bp))
	}
	if r.text == "" {
		r.text = firstNonEmpty(bp.block("#job-details"), bp.block(".jobs-description-content__text"), bp.block(".jobs-description__content"))
	}
	if s := firstNonEmpty(bp.text(".compensation__salary"), bp.text(".salary.compensation__salary")); s != "" {
		p.Salary = ParseSalary(s)
	}
	// The criteria list: "Seniority level", "Employment type" (or, on a
	// German page, "Karrierestufe", "Beschäftigungsverhältnis").
	if bp.doc != nil {
		bp.doc.Find("li.description__job-criteria-item").Each(func(_ int, s selection) {
			head := strings.ToLower(cleanInline(s.Find(".description__job-criteria-subheader").Text()))
			val := cleanInline(s.Find(".description__job-criteria-text").Text())
			switch {
			case val == "":
			case strings.Contains(head, "employment") || strings.Contains(head, "beschäftigung") || strings.Contains(head, "type d'emploi") ||
				strings.Contains(head, "tipo de empleo") || strings.Contains(head, "dienstverband") || strings.Contains(head, "tipo di impiego"):
				p.EmploymentType = firstNonEmpty(normalizeEmploymentType(val), val)
			case strings.Contains(head, "seniority") || strings.Contains(head, "karrierestufe") || strings.Contains(head, "niveau"):
				p.Seniority = normalizeSeniority(val)
			}
		})
	}
	if p.EmploymentType == "" {
		p.EmploymentType = normalizeEmploymentType(bp.words(".job-details-preferences-and-skills span, .jobs-unified-top-card__job-insight span"))
	}
	p.Workplace = normalizeWorkplace(firstNonEmpty(bp.text(".jobs-unified-top-card__workplace-type"),
		bp.words(".job-details-preferences-and-skills span")))
	ld := bp.firstLD()
	p.DatePosted = ld.DatePosted
	p.Deadline = ld.Deadline
	if p.Title == "" && ld.Title != "" {
		p.Title, p.Company = ld.Title, firstNonEmpty(p.Company, ld.Company)
	}
	r.expired = bp.text("figure.closed-job") != "" || bp.text(".closed-job__flavor--closed") != ""

	jobMarkup := bp.doc.Find("a.topcard__org-name-link, div.show-more-less-html__markup, .job-details-jobs-unified-top-card__company-name, .jobs-unified-top-card, #job-details").Length() > 0
	if !jobMarkup {
		p.Title = "" // a company or school page's top card names the organisation
	}
	switch {
	case p.Title != "" && !strings.HasPrefix(path, "/jobs/search") && bp.doc.Find("ul.jobs-search__results-list").Length() == 0:
		// one posting
	case strings.HasPrefix(path, "/jobs/search") || strings.HasPrefix(path, "/jobs/collections") ||
		bp.doc.Find("ul.jobs-search__results-list, .jobs-search-results-list").Length() > 0 ||
		(strings.HasPrefix(path, "/jobs") && !strings.HasPrefix(path, "/jobs/view")):
		r.kind = kindSearch
		if id := bp.u.Query().Get("currentJobId"); id != "" && allDigits(id) {
			title := firstNonEmpty(p.Title, "The job shown beside the results")
			r.openings = append(r.openings, Opening{Title: title, URL: "https://www.linkedin.com/jobs/view/" + id + "/"})
		}
		r.openings = append(r.openings, bp.links("ul.jobs-search__results-list li, li.jobs-search-results__list-item", "h3, .job-card-list__title")...)
		r.posting = Posting{}
	case p.Title == "" && path != "" && path != "/" && !strings.HasPrefix(path, "/jobs/view"):
		// Company, profile and feed pages: LinkedIn shows them to guests
		// behind a "join now" wall, and they hold no one posting.
		r.kind = kindLoginWall
	}
	return r
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// linkedinNotPlaceRe matches the other items of a member page's
// description line: when it was posted, how many applied, the workplace.
var linkedinNotPlaceRe = regexp.MustCompile(`(?i)\b(applicants?|bewerber|candidat|solicitudes|sollicitanten|ago|vor|il y a|hace|geleden|posted|reposted|promoted|hours?|days?|weeks?|months?|clicked apply|people)\b|^(remote|hybrid|on-site|onsite|hybride?|vor ort|remoto)$|^[·•]$`)

// linkedinPlace is the first item of a member page's description line
// ("Nairobi County, Kenya · Reposted 2 days ago · 48 applicants") that is
// a place.
func linkedinPlace(bp *boardPage) string {
	place := ""
	bp.doc.Find(".job-details-jobs-unified-top-card__primary-description-container .tvm__text, " +
		".job-details-jobs-unified-top-card__primary-description .tvm__text").EachWithBreak(func(_ int, s selection) bool {
		t := strings.Trim(cleanInline(s.Text()), " ·")
		if t == "" || linkedinNotPlaceRe.MatchString(t) || !hasLetter(t) {
			return true
		}
		place = t
		return false
	})
	return place
}
