package drafting

import (
	"strings"
)

// mdEscaper escapes the characters that would turn a person's text into
// emphasis or code; the rest of Markdown is left alone so the copy stays
// readable as plain text.
var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "`", "\\`", "_", `\_`)

func md(s string) string { return mdEscaper.Replace(strings.TrimSpace(s)) }

// DateRange renders a CV entry's dates: "2019-01 – 2021-06",
// "2019-01 – present" (no end), "2020" (no start) or "". The page and the
// Markdown download use it, so both show the same dates.
func DateRange(start, end string) string {
	start, end = strings.TrimSpace(start), strings.TrimSpace(end)
	switch {
	case start != "" && end != "":
		return start + " – " + end
	case start != "":
		return start + " – present"
	case end != "":
		return end
	}
	return ""
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

// Markdown renders the CV as Markdown, for copying into a document or
// downloading. The job it was tailored to is not printed: the CV goes to
// that employer.
func (cv CV) Markdown() string {
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
