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
	name:     "linkedin",
	jobBoard: true,
	hosts:    []string{"linkedin.com"},
	markers: []string{"topcard__org-name-link", "top-card-layout__title", "jobs-unified-top-card",
		"jobs-search__results-list", "jobs-search-results-list"},
	read: readLinkedIn,
}

// Selector groups: each names one field in every LinkedIn design, so one
// pass over the page finds it whichever design the page uses.
const (
	liTopCard = "section.top-card-layout, div.top-card-layout, .job-details-jobs-unified-top-card__container--two-pane, .job-details-jobs-unified-top-card, " +
		".jobs-unified-top-card, .jobs-details-top-card, [data-view-name=\"job-details-top-card\"]"
	liDescription = "div.show-more-less-html__markup, #job-details, .jobs-description-content__text, .jobs-description__content, " +
		".jobs-box__html-content, .jobs-description"
	liSearchList = "ul.jobs-search__results-list, .jobs-search-results-list"
)

func readLinkedIn(bp *boardPage) boardResult {
	var r boardResult
	p := &r.posting
	path := strings.ToLower(bp.u.Path)
	top := bp.doc.Find(liTopCard).First()
	in := func(sel string) string { return cleanInline(top.Find(sel).First().Text()) }

	guest := top.Find("a.topcard__org-name-link").Length() > 0
	if guest {
		p.Title = in(".top-card-layout__title, .topcard__title")
		p.Company = in("a.topcard__org-name-link")
		p.Location = in(".topcard__flavor-row .topcard__flavor--bullet")
		if p.Location == "" {
			// "Give · India (Remote)": the company, then the place.
			for _, part := range strings.Split(in(".top-card-layout__second-subline"), "·") {
				if t := strings.TrimSpace(part); t != "" && t != p.Company && hasLetter(t) && !linkedinNotPlaceRe.MatchString(t) {
					p.Location = t
					break
				}
			}
		}
		r.expired = top.Find("figure.closed-job, .closed-job__flavor--closed").Length() > 0
	} else if top.Length() > 0 && !top.Is(".top-card-layout") {
		p.Title = in(".job-details-jobs-unified-top-card__job-title h1, h1.job-details-jobs-unified-top-card__job-title, " +
			"h1.jobs-unified-top-card__job-title, h1, .jobs-details-top-card__job-title")
		// The newest design names nothing by class: the company is the
		// top card's link to a /company/ page.
		p.Company = firstNonEmpty(in(".job-details-jobs-unified-top-card__company-name a, .jobs-unified-top-card__company-name a"),
			in(".job-details-jobs-unified-top-card__company-name, .jobs-unified-top-card__company-name"),
			in(`a[href*="/company/"]`))
		p.Location = firstNonEmpty(in(".job-details-jobs-unified-top-card__bullet, .jobs-unified-top-card__bullet"), linkedinPlace(top, p.Company))
		pills := top.Find(".job-details-preferences-and-skills span, .jobs-unified-top-card__job-insight span, .jobs-unified-top-card__workplace-type, " +
			".job-details-preference-pill, .artdeco-pill")
		var words []string
		pills.Each(func(_ int, s selection) { words = append(words, cleanInline(s.Text())) })
		p.EmploymentType = normalizeEmploymentType(strings.Join(words, " "))
		p.Workplace = normalizeWorkplace(strings.Join(words, " "))
	}
	// "India (Remote)", "NGO Engagement Intern (Remote)": the workplace
	// and the kind of job a card does not state otherwise. The place is
	// the place alone.
	if m := liPlaceModeRe.FindStringSubmatch(p.Location); m != nil {
		p.Location = strings.TrimSpace(p.Location[:len(p.Location)-len(m[0])])
		if p.Workplace == "" {
			p.Workplace = normalizeWorkplace(m[1])
		}
	}
	if p.Workplace == "" {
		p.Workplace = firstNonEmpty(normalizeWorkplace(p.Location), normalizeWorkplace(p.Title))
	}
	if t := normalizeEmploymentType(p.Title); p.EmploymentType == "" && liTitleTypeRe.MatchString(p.Title) {
		// Only words that name the contract, not a field ("Contract
		// Manager" is a job, not a contract).
		p.EmploymentType = t
	}
	if desc := bp.doc.Find(liDescription).First(); desc.Length() > 0 {
		r.text = blockText(desc.Nodes[0], true)
	}
	if s := bp.text(".compensation__salary"); s != "" {
		p.Salary = ParseSalary(s)
	}
	// The criteria list: "Seniority level", "Employment type" (or, on a
	// German page, "Karrierestufe", "Beschäftigungsverhältnis").
	bp.doc.Find("li.description__job-criteria-item").Each(func(_ int, s selection) {
		head := strings.ToLower(cleanInline(s.Find(".description__job-criteria-subheader").Text()))
		val := cleanInline(s.Find(".description__job-criteria-text").Text())
		switch {
		case val == "":
		case strings.Contains(head, "employment") || strings.Contains(head, "beschäftigung") || strings.Contains(head, "type d") ||
			strings.Contains(head, "tipo de empleo") || strings.Contains(head, "dienstverband") || strings.Contains(head, "tipo di impiego"):
			p.EmploymentType = firstNonEmpty(normalizeEmploymentType(val), normalizeEmploymentType(frenchSpanishType(val)), val)
		case strings.Contains(head, "seniority") || strings.Contains(head, "karrierestufe") || strings.Contains(head, "niveau"):
			p.Seniority = normalizeSeniority(val)
		}
	})
	ld := bp.firstLD()
	p.DatePosted = ld.DatePosted
	p.Deadline = ld.Deadline

	searchList := bp.doc.Find(liSearchList).Length() > 0
	switch {
	case p.Title != "" && !searchList && !strings.HasPrefix(path, "/jobs/search"):
		// one posting
	case searchList || strings.HasPrefix(path, "/jobs/search") || strings.HasPrefix(path, "/jobs/collections") ||
		(strings.HasPrefix(path, "/jobs") && !strings.HasPrefix(path, "/jobs/view")):
		r.kind = kindSearch
		cards := linkedinCards(bp)
		// The job open beside the results (?currentJobId=) comes first,
		// named as such; its card is not listed twice.
		if id := bp.u.Query().Get("currentJobId"); id != "" && allDigits(id) {
			title := firstNonEmpty(p.Title, "The job")
			if p.Company != "" {
				title += " (" + p.Company + ")"
			}
			r.openings = append(r.openings, Opening{Title: title + " — shown beside the results", URL: "https://www.linkedin.com/jobs/view/" + id + "/"})
			kept := cards[:0]
			for _, c := range cards {
				if !strings.Contains(c.URL, "/jobs/view/"+id+"/") && !strings.Contains(c.URL, "-"+id+"?") && !strings.HasSuffix(c.URL, "-"+id) {
					kept = append(kept, c)
				}
			}
			cards = kept
		}
		r.openings = append(r.openings, cards...)
		r.posting, r.text = Posting{}, ""
	case p.Title == "" && !strings.HasPrefix(path, "/jobs/view") &&
		((path != "" && path != "/") || bp.doc.Find(`a[href*="/signup"], a[href*="/authwall"]`).Length() > 0):
		// Company, profile and feed pages: LinkedIn shows them to guests
		// behind a "join now" wall, and they hold no one posting.
		r.kind = kindLoginWall
		r.text = ""
	}
	return r
}

// liTitleTypeRe finds a title that names the kind of job.
var liTitleTypeRe = regexp.MustCompile(`(?i)\b(intern|internship|trainee|apprentice(ship)?|part[- ]time|full[- ]time)\b`)

// frenchSpanishType maps the employment types LinkedIn writes in French,
// Spanish, Portuguese, Dutch and Italian to English words.
func frenchSpanishType(v string) string {
	return strings.NewReplacer("Temps plein", "Full-time", "Temps partiel", "Part-time", "Jornada completa", "Full-time",
		"Media jornada", "Part-time", "Tempo integral", "Full-time", "Meio período", "Part-time", "Voltijds", "Full-time",
		"Deeltijds", "Part-time", "Tempo pieno", "Full-time", "Part-time", "Part-time", "Stage", "Internship").Replace(v)
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
func linkedinPlace(top selection, company string) string {
	place := ""
	top.Find(".job-details-jobs-unified-top-card__primary-description-container .tvm__text, " +
		".job-details-jobs-unified-top-card__primary-description .tvm__text").EachWithBreak(func(_ int, s selection) bool {
		t := strings.Trim(cleanInline(s.Text()), " ·")
		if t == "" || linkedinNotPlaceRe.MatchString(t) || !hasLetter(t) {
			return true
		}
		place = t
		return false
	})
	if place != "" {
		return place
	}
	// One line with no spans ("India · 1 month ago · Over 100 people
	// clicked apply"), or, in the newest design, the line after the title.
	line := cleanInline(top.Find(".job-details-jobs-unified-top-card__primary-description-container, " +
		".job-details-jobs-unified-top-card__primary-description, .topcard__flavor-row").First().Text())
	if line == "" {
		line = cleanInline(top.Find("h1").First().NextAllFiltered("div").First().Text())
	}
	for _, part := range strings.Split(line, "·") {
		t := strings.TrimSpace(part)
		if t != "" && t != company && hasLetter(t) && !linkedinNotPlaceRe.MatchString(t) {
			return t
		}
	}
	return ""
}

// liPlaceModeRe is the workplace a card writes after the place
// ("Hyderabad, Telangana, India (On-site)").
var liPlaceModeRe = regexp.MustCompile(`(?i)\s*\((remote|hybrid|on-site|onsite)\)\s*$`)

// linkedinCards lists a search page's job cards as "Title (Company)", so
// the person can tell two "Product Designer" cards apart.
func linkedinCards(bp *boardPage) []Opening {
	out := bp.links("ul.jobs-search__results-list li, li.jobs-search-results__list-item", "h3, .job-card-list__title")
	companies := map[string]string{}
	bp.doc.Find("ul.jobs-search__results-list li, li.jobs-search-results__list-item").Each(func(_ int, s selection) {
		href, _ := s.Find("a[href]").First().Attr("href")
		if r, err := bp.u.Parse(href); err == nil {
			r.Fragment = ""
			companies[r.String()] = cleanInline(s.Find("h4.base-search-card__subtitle, .job-card-container__primary-description, .artdeco-entity-lockup__subtitle").First().Text())
		}
	})
	for i, o := range out {
		if c := companies[o.URL]; c != "" && !strings.Contains(o.Title, c) {
			out[i].Title = o.Title + " (" + c + ")"
		}
	}
	return out
}
