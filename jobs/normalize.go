package jobs

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Where a field came from, recorded in Posting.Sources. RDFa counts as
// microdata: both are markup inside the page's HTML.
const (
	SourceJSONLD    = "jsonld"
	SourceMicrodata = "microdata"
	SourcePage      = "page"
	SourceAI        = "ai"
	SourceUser      = "user"
)

// postingFields names every Posting field by its JSON name, with accessors
// to tell whether it is set and to copy it, so merging stays in one place.
var postingFields = []struct {
	name string
	set  func(p *Posting) bool
	copy func(dst, src *Posting)
}{
	{"title", func(p *Posting) bool { return p.Title != "" }, func(d, s *Posting) { d.Title = s.Title }},
	{"company", func(p *Posting) bool { return p.Company != "" }, func(d, s *Posting) { d.Company, d.Recruiter = s.Company, s.Recruiter }},
	{"location", func(p *Posting) bool { return p.Location != "" }, func(d, s *Posting) { d.Location = s.Location }},
	{"locations", func(p *Posting) bool { return len(p.Locations) > 0 }, func(d, s *Posting) { d.Locations = s.Locations }},
	{"workplace", func(p *Posting) bool { return p.Workplace != "" }, func(d, s *Posting) { d.Workplace = s.Workplace }},
	{"employment_type", func(p *Posting) bool { return p.EmploymentType != "" }, func(d, s *Posting) { d.EmploymentType = s.EmploymentType }},
	{"seniority", func(p *Posting) bool { return p.Seniority != "" }, func(d, s *Posting) { d.Seniority = s.Seniority }},
	{"salary", func(p *Posting) bool { return !p.Salary.Empty() }, func(d, s *Posting) { d.Salary = s.Salary }},
	{"date_posted", func(p *Posting) bool { return p.DatePosted != "" }, func(d, s *Posting) { d.DatePosted = s.DatePosted }},
	{"application_deadline", func(p *Posting) bool { return p.Deadline != "" }, func(d, s *Posting) { d.Deadline = s.Deadline }},
	{"description", func(p *Posting) bool { return p.Description != "" }, func(d, s *Posting) { d.Description = s.Description }},
	{"responsibilities", func(p *Posting) bool { return len(p.Responsibilities) > 0 }, func(d, s *Posting) { d.Responsibilities = s.Responsibilities }},
	{"requirements", func(p *Posting) bool { return len(p.Requirements) > 0 }, func(d, s *Posting) { d.Requirements = s.Requirements }},
	{"nice_to_have", func(p *Posting) bool { return len(p.NiceToHave) > 0 }, func(d, s *Posting) { d.NiceToHave = s.NiceToHave }},
	{"skills", func(p *Posting) bool { return len(p.Skills) > 0 }, func(d, s *Posting) { d.Skills = s.Skills }},
	{"benefits", func(p *Posting) bool { return len(p.Benefits) > 0 }, func(d, s *Posting) { d.Benefits = s.Benefits }},
	{"how_to_apply", func(p *Posting) bool { return p.HowToApply != "" }, func(d, s *Posting) { d.HowToApply = s.HowToApply }},
	{"apply_url", func(p *Posting) bool { return p.ApplyURL != "" }, func(d, s *Posting) { d.ApplyURL = s.ApplyURL }},
	{"source_url", func(p *Posting) bool { return p.SourceURL != "" }, func(d, s *Posting) { d.SourceURL = s.SourceURL }},
	{"language", func(p *Posting) bool { return p.Language != "" }, func(d, s *Posting) { d.Language = s.Language }},
}

// fillPosting copies into dst every field dst lacks and src has. The
// source recorded is src's own record for that field, else srcName. This is
// the whole merging rule: what is already there wins.
func fillPosting(dst, src Posting, srcName string) Posting {
	if dst.Sources == nil {
		dst.Sources = map[string]string{}
	}
	for _, f := range postingFields {
		if f.set(&dst) || !f.set(&src) {
			continue
		}
		f.copy(&dst, &src)
		if s := src.Sources[f.name]; s != "" && srcName == "" {
			dst.Sources[f.name] = s
		} else if srcName != "" {
			dst.Sources[f.name] = srcName
		} else if s != "" {
			dst.Sources[f.name] = s
		}
	}
	return dst
}

var dateLayouts = []string{
	"2006-01-02", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05",
	"January 2, 2006", "Jan 2, 2006", "January 2 2006", "Jan 2 2006", "Jan. 2, 2006",
	"2 January 2006", "2 Jan 2006", "02 January 2006", "02 Jan 2006", "2 January, 2006",
	"Monday, January 2, 2006", "Mon, January 2, 2006", "Monday, 2 January 2006", "Mon, 02 Jan 2006",
	"01/02/2006", "1/2/2006", "02/01/2006", "2/1/2006", "02.01.2006", "2.1.2006", "2006/01/02", "20060102",
}

var (
	isoDateRe   = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	isoMonthRe  = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
	longDateRe  = regexp.MustCompile(`(?i)\b(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?,?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b`)
	euroDateRe  = regexp.MustCompile(`(?i)\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b`)
	slashDateRe = regexp.MustCompile(`\b\d{1,2}[/.]\d{1,2}[/.]\d{4}\b`)
	ordinalRe   = regexp.MustCompile(`(?i)(\d)(st|nd|rd|th)\b`)
	relativeRe  = regexp.MustCompile(`(?i)\b(\d+|an?|one)\s+(minute|hour|day|week|month)s?\s+ago\b`)
)

// normalizeDate turns a date as written into ISO 8601 (2006-01-02). A bare
// year and month ("2024-07") stays as it is; text without a date gives "".
func normalizeDate(s string) string {
	return normalizeDateAt(s, time.Now())
}

// shortAgoRe is a board's short form of "2 days ago": "2d ago", "3w ago".
var shortAgoRe = regexp.MustCompile(`(?i)\b(\d+)\s*(m|h|d|w|mo)\s+ago\b`)

// postedDate reads a board's "Posted 2d ago" or "Posted 4 days ago" line
// as an ISO date; "" when it holds none.
func postedDate(s string) string {
	s = shortAgoRe.ReplaceAllStringFunc(s, func(m string) string {
		g := shortAgoRe.FindStringSubmatch(m)
		unit := map[string]string{"m": "minute", "h": "hour", "d": "day", "w": "week", "mo": "month"}[strings.ToLower(g[2])]
		return g[1] + " " + unit + "s ago"
	})
	if m := relativeRe.FindString(s); m != "" {
		return normalizeDate(m)
	}
	return ""
}

// normalizeDateAt is normalizeDate with a clock, for "3 days ago".
func normalizeDateAt(s string, now time.Time) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if isoMonthRe.MatchString(s) {
		return s
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format("2006-01-02")
		}
	}
	if m := isoDateRe.FindString(s); m != "" {
		if t, err := time.Parse("2006-01-02", m); err == nil {
			return t.Format("2006-01-02")
		}
	}
	for _, re := range []*regexp.Regexp{longDateRe, euroDateRe, slashDateRe} {
		if m := re.FindString(s); m != "" {
			m = ordinalRe.ReplaceAllString(m, "$1")
			m = strings.Join(strings.Fields(strings.ReplaceAll(m, " of ", " ")), " ")
			for _, l := range dateLayouts {
				if t, err := time.Parse(l, m); err == nil {
					return t.Format("2006-01-02")
				}
				// "Sept" and full month names with a comma-less day.
				if t, err := time.Parse(l, strings.Replace(m, "Sept", "Sep", 1)); err == nil {
					return t.Format("2006-01-02")
				}
			}
		}
	}
	lower := strings.ToLower(s)
	switch {
	case strings.Contains(lower, "today") || strings.Contains(lower, "just now"):
		return now.Format("2006-01-02")
	case strings.Contains(lower, "yesterday"):
		return now.AddDate(0, 0, -1).Format("2006-01-02")
	}
	if m := relativeRe.FindStringSubmatch(lower); m != nil {
		n, err := strconv.Atoi(m[1])
		if err != nil {
			n = 1
		}
		switch m[2] {
		case "minute":
			return now.Add(-time.Duration(n) * time.Minute).Format("2006-01-02")
		case "hour":
			return now.Add(-time.Duration(n) * time.Hour).Format("2006-01-02")
		case "day":
			return now.AddDate(0, 0, -n).Format("2006-01-02")
		case "week":
			return now.AddDate(0, 0, -7*n).Format("2006-01-02")
		case "month":
			return now.AddDate(0, -n, 0).Format("2006-01-02")
		}
	}
	return ""
}

var employmentTypes = []struct {
	re   *regexp.Regexp
	norm string
}{
	{regexp.MustCompile(`(?i)\b(full[\s_-]?time|permanent|fulltime|\bFT\b|vollzeit)\b`), "Full-time"},
	{regexp.MustCompile(`(?i)\b(part[\s_-]?time|parttime|teilzeit)\b`), "Part-time"},
	{regexp.MustCompile(`(?i)\b(contract|contractor|freelance|fixed[\s-]term|consultancy)\b`), "Contract"},
	{regexp.MustCompile(`(?i)\b(temporary|temp|seasonal)\b`), "Temporary"},
	{regexp.MustCompile(`(?i)\b(intern|internship|trainee|apprenticeship|graduate programme)\b`), "Internship"},
	{regexp.MustCompile(`(?i)\b(volunteer|voluntary)\b`), "Volunteer"},
	{regexp.MustCompile(`(?i)\bper[\s_-]?diem\b`), "Per diem"},
}

// normalizeEmploymentType maps FULL_TIME, "full time", "Permanent" and the
// like to one readable value ("Full-time", "Part-time", "Contract",
// "Temporary", "Internship", "Volunteer", "Per diem").
func normalizeEmploymentType(s string) string {
	for _, e := range employmentTypes {
		if e.re.MatchString(s) {
			return e.norm
		}
	}
	return ""
}

var (
	remoteRe = regexp.MustCompile(`(?i)\b(fully remote|100% remote|remote[- ]first|remote|telecommute|telework|work from home|work from anywhere|wfh|virtual)\b`)
	hybridRe = regexp.MustCompile(`(?i)\bhybrid\b`)
	onsiteRe = regexp.MustCompile(`(?i)\b(on[- ]?site|in[- ]office|office[- ]based|in person)\b`)
)

// normalizeWorkplace maps text to onsite, hybrid or remote, "" when unsaid.
func normalizeWorkplace(s string) string {
	switch {
	case hybridRe.MatchString(s):
		return "hybrid"
	case remoteRe.MatchString(s):
		return "remote"
	case onsiteRe.MatchString(s):
		return "onsite"
	}
	return ""
}

var seniorityRules = []struct {
	re    *regexp.Regexp
	level string
}{
	{regexp.MustCompile(`(?i)\b(intern|internship|trainee|apprentice)\b`), "intern"},
	{regexp.MustCompile(`(?i)\b(chief|vp|vice president|cto|ceo|cfo|coo|cio|c-level|executive director)\b`), "executive"},
	{regexp.MustCompile(`(?i)\b(director|head of)\b`), "director"},
	{regexp.MustCompile(`(?i)\b(principal|distinguished|fellow)\b`), "principal"},
	{regexp.MustCompile(`(?i)\b(staff|lead|tech lead|team lead)\b`), "lead"},
	{regexp.MustCompile(`(?i)\b(senior|sr\.?|snr|experienced|iii|iv)\b`), "senior"},
	{regexp.MustCompile(`(?i)\b(junior|jr\.?|entry[- ]level|graduate|new grad|associate|i)\b`), "junior"},
	{regexp.MustCompile(`(?i)\b(mid[- ]?level|mid|intermediate|ii)\b`), "mid"},
	{regexp.MustCompile(`(?i)\b(manager)\b`), "manager"},
}

// seniorityFromTitle reads the level a title states: intern, junior, mid,
// senior, lead, principal, manager, director or executive.
func seniorityFromTitle(title string) string {
	// "Data Engineer II" uses a roman level; match it case-sensitively so the
	// English word "I" in a sentence does not count.
	for _, r := range seniorityRules {
		if m := r.re.FindString(title); m != "" {
			if (strings.EqualFold(m, "i") || strings.EqualFold(m, "ii") || strings.EqualFold(m, "iii") || strings.EqualFold(m, "iv")) &&
				m != strings.ToUpper(m) {
				continue
			}
			return r.level
		}
	}
	return ""
}

// normalizeSeniority maps a stated level ("Mid-level", "Senior") to the
// same values as seniorityFromTitle.
func normalizeSeniority(s string) string {
	if s == "" {
		return ""
	}
	return seniorityFromTitle(s)
}
