package drafting

import (
	"regexp"
	"strings"
)

// mdEscaper escapes the characters that would turn a person's text into
// emphasis or code; the rest of Markdown is left alone so the copy stays
// readable as plain text.
var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "`", "\\`", "_", `\_`)

func md(s string) string { return mdEscaper.Replace(strings.TrimSpace(s)) }

// DateRange renders a CV entry's dates in one format whatever the profile
// wrote: "Mar 2021 – present" (no end), "Sep 2017 – Jun 2019", "2020" (no
// start) or "". The page and the Markdown download use it, so both show the
// same dates.
func DateRange(start, end string) string {
	start, end = FormatDate(start), FormatDate(end)
	switch {
	case start != "" && end != "" && start != end:
		return start + " – " + end
	case start != "" && end != "":
		return start
	case start != "":
		return start + " – present"
	case end != "":
		return end
	}
	return ""
}

var monthAbbr = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

var (
	isoDateRe   = regexp.MustCompile(`^(\d{4})(?:[-/.](\d{1,2}))?(?:[-/.]\d{1,2})?(?:T.*)?$`)
	monthYearRe = regexp.MustCompile(`(?i)^([a-z]{3,9})\.?,?\s+(\d{4})$`)
	numMonthRe  = regexp.MustCompile(`^(\d{1,2})[/.-](\d{4})$`)
	presentRe   = regexp.MustCompile(`(?i)^(present|current|currently|now|today|ongoing|to date|heute|aktuell)$`)
)

// FormatDate writes one profile date as "Mar 2021" or "2021", from
// "2021-03", "2021-03-15", "March 2021", "03/2021" or "2021"; "present" and
// its synonyms read "present". Anything else is returned trimmed, as written.
func FormatDate(s string) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return ""
	case presentRe.MatchString(s):
		return "present"
	}
	if m := isoDateRe.FindStringSubmatch(s); m != nil {
		return monthYear(m[2], m[1])
	}
	if m := numMonthRe.FindStringSubmatch(s); m != nil {
		return monthYear(m[1], m[2])
	}
	if m := monthYearRe.FindStringSubmatch(s); m != nil {
		name := strings.ToLower(m[1])
		for _, a := range monthAbbr {
			if strings.HasPrefix(name, strings.ToLower(a)) {
				return a + " " + m[2]
			}
		}
	}
	return s
}

// monthYear writes "Mar 2021" for month "3" or "03", or the year alone
// when the month is missing or out of range.
func monthYear(month, year string) string {
	n := 0
	for _, c := range month {
		n = n*10 + int(c-'0')
	}
	if n < 1 || n > 12 {
		return year
	}
	return monthAbbr[n-1] + " " + year
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// Markdown renders a CV as Markdown, for copying into a document or
// downloading. The job it was tailored to is not printed: the CV goes to
// that employer.
func Markdown(cv CV) string {
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	if cv.Name != "" {
		line("# " + md(cv.Name))
		line("")
	}
	if cv.Headline != "" {
		line("**" + md(cv.Headline) + "**")
		line("")
	}
	if c := joinNonEmpty(" · ", md(cv.Contact.Email), md(cv.Contact.Phone), md(cv.Contact.Location), md(cv.Contact.URL)); c != "" {
		line(c)
		line("")
	}
	if cv.Summary != "" {
		line("## Summary")
		line("")
		line(md(cv.Summary))
		line("")
	}
	if len(cv.Experience) > 0 {
		line("## Experience")
		line("")
		for _, r := range cv.Experience {
			line("### " + joinNonEmpty(" — ", md(r.Title), md(r.Company)))
			if meta := joinNonEmpty(" · ", md(r.Location), DateRange(r.StartDate, r.EndDate)); meta != "" {
				line("*" + meta + "*")
			}
			line("")
			for _, h := range r.Highlights {
				if h = md(h); h != "" {
					line("- " + h)
				}
			}
			if len(r.Highlights) > 0 {
				line("")
			}
		}
	}
	if len(cv.Education) > 0 {
		line("## Education")
		line("")
		for _, e := range cv.Education {
			degree := joinNonEmpty(" in ", md(e.StudyType), md(e.Area))
			line("### " + joinNonEmpty(" — ", degree, md(e.Institution)))
			if d := DateRange(e.StartDate, e.EndDate); d != "" {
				line("*" + d + "*")
			}
			line("")
		}
	}
	if len(cv.Skills) > 0 {
		line("## Skills")
		line("")
		var ss []string
		for _, s := range cv.Skills {
			if s = md(s); s != "" {
				ss = append(ss, s)
			}
		}
		line(strings.Join(ss, " · "))
		line("")
	}
	if len(cv.Projects) > 0 {
		line("## Projects")
		line("")
		for _, p := range cv.Projects {
			line("### " + md(p.Name))
			if p.Description != "" {
				line("")
				line(md(p.Description))
			}
			line("")
			for _, h := range p.Highlights {
				if h = md(h); h != "" {
					line("- " + h)
				}
			}
			if len(p.Highlights) > 0 {
				line("")
			}
		}
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// sortDate writes a profile date as "2021-03" (or "2021") so dates written
// in different formats sort together; "present" sorts last.
func sortDate(s string) string {
	f := FormatDate(s)
	if f == "present" {
		return "9999"
	}
	parts := strings.Fields(f)
	if len(parts) == 2 {
		for i, a := range monthAbbr {
			if parts[0] == a {
				return parts[1] + "-" + string(rune('0'+(i+1)/10)) + string(rune('0'+(i+1)%10))
			}
		}
	}
	return f
}
