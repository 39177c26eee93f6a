package jobs

import (
	"net/url"
	"regexp"
	"strings"
)

// indeedBoard reads Indeed job pages on every country domain (indeed.com,
// de.indeed.com, nl.indeed.com, indeed.co.uk, …): the job JSON the page
// embeds (window._initialData with jobInfoHeaderModel), the header's
// data-testid attributes, then its og:title ("Acme hiring Engineer in
// Austin, TX"). Search pages are named as such, with their jobs.
var indeedBoard = boardAdapter{
	jobBoard: true,
	name:     "indeed",
	hosts:    []string{"indeed.", "indeedjobs.com"},
	markers:  []string{"jobsearch-JobInfoHeader", "jobInfoHeaderModel", "mosaic-provider-jobcards"},
	read:     readIndeed,
}

var (
	// indeedTitleSuffixRe is the "- job post" Indeed appends to the title
	// heading, in the page's language.
	indeedTitleSuffixRe = regexp.MustCompile(`(?i)\s*[-–]\s*(job post|jobanzeige|stellenanzeige|vacature|offre d'emploi|oferta de (empleo|trabajo)|vaga|annuncio di lavoro|offerta di lavoro)\s*$`)
	// indeedOGRe reads "Acme hiring Engineer in Austin, TX | Indeed.com"
	// and its translations.
	indeedOGRe = regexp.MustCompile(`^(.+?)\s+(?:hiring|sucht|zoekt|recrute|contrata|assume|is hiring)\s+(.+?)\s+(?:in|en|em|a|à)\s+(.+?)(?:\s*\|\s*Indeed.*)?$`)
)

func readIndeed(bp *boardPage) boardResult {
	var r boardResult
	p := &r.posting
	path := strings.ToLower(bp.u.Path)
	q := bp.u.Query()

	data := embeddedJSON(bp.raw, "window._initialData=")
	if data == nil {
		data = embeddedJSON(bp.raw, "window._initialData =")
	}
	if h := findKey(data, "jobInfoHeaderModel", 0); h != nil {
		hm := h["jobInfoHeaderModel"]
		p.Title = digString(hm, "jobTitle")
		p.Company = digString(hm, "companyName")
		p.Location = firstNonEmpty(digString(hm, "formattedLocation"), digString(hm, "companyLocation"))
		r.text = htmlBlock(digString(h, "sanitizedJobDescription"))
		if r.text == "" {
			if d, ok := h["sanitizedJobDescription"].(map[string]any); ok {
				r.text = htmlBlock(firstString(d["content"]))
			}
		}
		p.EmploymentType = normalizeEmploymentType(digString(h, "jobMetadataHeaderModel", "jobType"))
	}
	if s := findKey(data, "salaryInfoModel", 0); s != nil {
		if t := digString(s["salaryInfoModel"], "salaryText"); t != "" {
			p.Salary = ParseSalary(t)
		}
	}
	if e, ok := dig(data, "jobInfoWrapperModel", "jobInfoModel", "expired").(bool); ok && e {
		r.expired = true
	}

	// The header as the page shows it.
	p.Title = firstNonEmpty(p.Title, bp.text(`[data-testid="jobsearch-JobInfoHeader-title"] span`),
		bp.text(`[data-testid="jobsearch-JobInfoHeader-title"]`), bp.text(`[data-testid="simpler-jobTitle"]`),
		bp.text(`.jobsearch-JobInfoHeader-title`), bp.text(`.jobsearch-JobInfoHeader-title-container h1`))
	p.Title = indeedTitleSuffixRe.ReplaceAllString(p.Title, "")
	p.Company = firstNonEmpty(p.Company, bp.text(`[data-testid="inlineHeader-companyName"] a`),
		bp.text(`[data-testid="inlineHeader-companyName"]`), bp.text(`[data-company-name="true"]`),
		bp.text(`[data-testid="companyInfo-name"]`), bp.text(`.jobsearch-JobInfoHeader-companyNameLink`),
		bp.text(`.jobsearch-JobInfoHeader-companyNameSimple`), bp.metaContent("indeed:employer"),
		bp.text(`.jobsearch-InlineCompanyRating div`), bp.text(`.jobsearch-CompanyInfoContainer a`))
	p.Location = firstNonEmpty(p.Location, bp.text(`[data-testid="inlineHeader-companyLocation"] div`),
		bp.text(`[data-testid="inlineHeader-companyLocation"]`), bp.text(`[data-testid="job-location"]`),
		bp.text(`[data-testid="jobsearch-JobInfoHeader-companyLocation"]`), bp.text(`[data-testid="companyInfo-location"]`))
	// "Columbus, OH 43228•Hybrid work": the place, then the workplace.
	if i := strings.Index(p.Location, "•"); i > 0 {
		p.Workplace = normalizeWorkplace(p.Location[i:])
		p.Location = strings.TrimSpace(p.Location[:i])
	}
	if p.Salary.Empty() {
		if s := firstNonEmpty(bp.text(`#salaryInfoAndJobType span`), bp.text(`[data-testid="jobsearch-OtherJobDetailsContainer"] [data-testid*="salary"]`)); s != "" {
			if sal := ParseSalary(s); sal.Min != nil || sal.Max != nil {
				p.Salary = sal
			}
		}
	}
	if p.EmploymentType == "" {
		p.EmploymentType = normalizeEmploymentType(bp.text(`#salaryInfoAndJobType`))
	}
	if r.text == "" {
		r.text = bp.block(`#jobDescriptionText`)
	}
	// Meta tags: og:title names company, title and place.
	if m := indeedOGRe.FindStringSubmatch(bp.metaContent("og:title")); m != nil {
		p.Company = firstNonEmpty(p.Company, m[1])
		p.Title = firstNonEmpty(p.Title, m[2])
		p.Location = firstNonEmpty(p.Location, m[3])
	}
	ld := bp.firstLD()
	p.Title = firstNonEmpty(p.Title, ld.Title)
	p.Company = firstNonEmpty(p.Company, ld.Company)
	p.DatePosted, p.Deadline = firstNonEmpty(ld.DatePosted, postedDate(bp.text(`[data-testid="jobsearch-JobMetadataFooter-item"]`))), ld.Deadline

	searchPage := strings.HasPrefix(path, "/jobs") || strings.HasPrefix(path, "/q-") || strings.Contains(path, "-jobs.html") ||
		strings.HasPrefix(path, "/m/jobs") || strings.Contains(bp.raw, `"mosaic-provider-jobcards"`)
	if searchPage && (p.Title == "" || q.Get("q") != "" || q.Get("l") != "") && !strings.HasPrefix(path, "/viewjob") {
		r.kind = kindSearch
		if jk := firstNonEmpty(q.Get("vjk"), q.Get("jk")); jk != "" {
			r.openings = append(r.openings, Opening{Title: firstNonEmpty(p.Title, "The job shown beside the results"),
				URL: "https://" + bp.u.Host + "/viewjob?jk=" + jk})
		}
		if cards := indeedCards(bp); len(cards) > 0 {
			r.openings = append(r.openings, cards...)
		} else {
			r.openings = append(r.openings, indeedTitleLinks(bp)...)
		}
		r.posting = Posting{}
	}
	return r
}

// indeedCards lists the jobs of a search page's embedded card data.
func indeedCards(bp *boardPage) []Opening {
	data := embeddedJSON(bp.raw, `window.mosaic.providerData["mosaic-provider-jobcards"]=`)
	results, _ := dig(findKey(data, "results", 0), "results").([]any)
	var out []Opening
	for _, c := range results {
		title, jk := digString(c, "title"), digString(c, "jobkey")
		if title == "" || jk == "" {
			continue
		}
		host := bp.u.Host
		if host == "" {
			host = "www.indeed.com"
		}
		if co := digString(c, "company"); co != "" {
			title += " (" + co + ")"
		}
		out = append(out, Opening{Title: title, URL: "https://" + host + "/viewjob?jk=" + jk})
	}
	return out
}

// indeedTitleLinks lists a search page's job title links as the jobs'
// own pages (/viewjob?jk=…, not the /rc/clk redirect), with the company.
func indeedTitleLinks(bp *boardPage) []Opening {
	var out []Opening
	host := firstNonEmpty(bp.u.Host, "www.indeed.com")
	bp.doc.Find("a.jcs-JobTitle").Each(func(_ int, a selection) {
		title := cleanInline(a.Text())
		jk, _ := a.Attr("data-jk")
		if jk == "" {
			if href, ok := a.Attr("href"); ok {
				if u, err := bp.u.Parse(href); err == nil {
					jk = u.Query().Get("jk")
				}
			}
		}
		if title == "" || jk == "" {
			return
		}
		card := a.Closest("li, .cardOutline, .job_seen_beacon")
		if co := cleanInline(card.Find(`[data-testid="company-name"], .companyName`).First().Text()); co != "" {
			title += " (" + co + ")"
		}
		out = append(out, Opening{Title: title, URL: "https://" + host + "/viewjob?jk=" + url.QueryEscape(jk)})
	})
	return out
}
