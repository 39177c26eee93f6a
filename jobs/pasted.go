package jobs

import (
	"regexp"
	"strings"
	"unicode"
)

// header is what the first lines of a pasted posting say about the job:
// "Senior Backend Engineer (Go) – Freightwise GmbH – Berlin, Germany".
type header struct {
	line                     string // the line it was read from
	title, company, location string
}

var (
	// headerSepRe splits "Title – Company – City" (also with -, |, ·, •).
	headerSepRe = regexp.MustCompile(`\s+[–—|-]\s+|\s*[·•|]\s*`)
	// headerAtRe splits "Title at Company" and its cousins in other languages.
	headerAtRe = regexp.MustCompile(`\s+(?:at|@|bei|chez|bij|presso|katika)\s+`)
	// legalFormRe ends company names: GmbH, Ltd, Inc., S.A., B.V., ...
	legalFormRe = regexp.MustCompile(`(?i)(?:^|\s)(gmbh|ag|se|kg|ug|gbr|e\.?\s?v\.?|ltd\.?|limited|llc|llp|plc|inc\.?|corp\.?|corporation|co\.?|company|s\.?a\.?s?\.?|s\.?a\.?r\.?l\.?|sarl|s\.?l\.?|s\.?r\.?l\.?|s\.?p\.?a\.?|b\.?v\.?|n\.?v\.?|ltda\.?|oy|ab|as|a/s|pty|group|gruppe|groupe|grupo|bank|labs?|technologies|solutions|systems)\.?$`)
	// countryRe names the countries and regions people put after a city.
	countryRe   = regexp.MustCompile(`(?i)\b(germany|deutschland|austria|österreich|switzerland|schweiz|suisse|france|belgium|belgique|belgië|netherlands|nederland|the netherlands|spain|españa|portugal|italy|italia|united kingdom|ireland|united states|canada|mexico|méxico|brazil|brasil|argentina|chile|colombia|peru|kenya|tanzania|uganda|rwanda|nigeria|ghana|south africa|egypt|india|singapore|australia|new zealand|remote|emea|europe|worldwide|anywhere)\b`)
	stateCodeRe = regexp.MustCompile(`,\s*[A-Z]{2}\b|\b(?:US|USA|UK|EU)\b`)
)

// pastedHeader reads the first lines of pasted text the way people copy a
// job from a board: "Title – Company – City", "Title | Company | City",
// "Title · Company · City" or "Title at Company". ok is false when no
// line has that shape.
func pastedHeader(lines []textLine) (header, bool) {
	seen := 0
	for _, l := range lines {
		if seen >= 3 {
			break
		}
		seen++
		t := l.text
		if l.bullet || len(t) > 160 || len(strings.Fields(t)) > 22 || strings.HasSuffix(t, ".") || keyLineRe.MatchString(t) {
			continue
		}
		if h, ok := splitHeader(t, seen == 1); ok {
			h.line = t
			return h, true
		}
	}
	return header{}, false
}

// splitHeader splits one line into title, company and location. first
// tells whether it is the posting's first line, where a title is expected
// even when it names no known role.
func splitHeader(t string, first bool) (header, bool) {
	parts := nonEmpty(headerSepRe.Split(t, -1))
	if len(parts) < 2 {
		if loc := headerAtRe.FindStringIndex(t); loc != nil {
			parts = []string{t[:loc[0]], t[loc[1]:]}
		}
	}
	if len(parts) < 2 || len(parts) > 4 {
		return header{}, false
	}
	title := parts[0]
	if !first && !isTitleLike(title) {
		return header{}, false
	}
	if sectionOf(title) != "" || genericLines.MatchString(title) || len(strings.Fields(title)) > 12 {
		return header{}, false
	}
	h := header{title: title}
	rest := parts[1:]
	// "Title at Company (City)" and "Title at Company, City".
	if len(rest) == 1 {
		if i := strings.LastIndex(rest[0], " ("); i > 0 && strings.HasSuffix(rest[0], ")") && startsUpperOrDigit(rest[0][i+2:]) {
			rest = []string{rest[0][:i], rest[0][i+2 : len(rest[0])-1]}
		}
	}
	for i, part := range rest {
		if len(strings.Fields(part)) > 8 || !startsUpperOrDigit(part) && normalizeWorkplace(part) == "" {
			return header{}, false
		}
		switch {
		case h.company == "" && legalFormRe.MatchString(part):
			h.company = part
		case h.location == "" && looksLikeLocation(part):
			h.location = part
		case h.company == "" && i == 0:
			h.company = part
		case h.location == "" && i == len(rest)-1 && len(rest) >= 2:
			h.location = part // "Title – Company – City": the last is the place
		}
	}
	// "Berlin, Germany · Remote": a workplace after the city belongs to it.
	if len(rest) == 3 && h.location != "" && normalizeWorkplace(rest[2]) != "" && !strings.Contains(h.location, rest[2]) {
		h.location += " (" + rest[2] + ")"
	}
	if h.company == "" && h.location == "" {
		return header{}, false
	}
	return h, true
}

// looksLikeLocation tells whether a short phrase reads as a place: "City,
// Country", "Austin, TX", a country or region, or a workplace (Remote).
func looksLikeLocation(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || legalFormRe.MatchString(s) {
		return false
	}
	if normalizeWorkplace(s) != "" || countryRe.MatchString(s) || stateCodeRe.MatchString(s) {
		return true
	}
	// "Nairobi, Westlands": capitalised words on both sides of a comma.
	if i := strings.Index(s, ","); i > 0 && i < len(s)-1 {
		return startsUpperOrDigit(strings.TrimSpace(s[:i])) && startsUpperOrDigit(strings.TrimSpace(s[i+1:]))
	}
	return false
}

func startsUpperOrDigit(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r) || unicode.IsDigit(r)
	}
	return false
}

func nonEmpty(parts []string) []string {
	out := parts[:0:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
