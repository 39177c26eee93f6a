package jobs

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// textLine is one line of cleaned text with what the heuristics need to
// know about its shape.
type textLine struct {
	text    string // without heading marks or bullet
	heading bool
	level   int // 1-6 for "#" headings, 7 for headings guessed from shape
	bullet  bool
}

var (
	bulletRe  = regexp.MustCompile(`^\s*(?:[-*•·–—▪▫◦○●■□✓✔➢►>]|\d{1,2}[.)]|[a-z][.)])\s+`)
	mdHeadRe  = regexp.MustCompile(`^(#{1,6})\s+(.*)$`)
	boldRe    = regexp.MustCompile(`^\*\*(.+?)\*\*:?$`)
	keyLineRe = regexp.MustCompile(`^([\p{L}][\p{L} &/()'’.#-]{0,60}?)\s*:\s*(.*)$`)
)

// splitLines turns text (from a page or pasted) into classified lines.
func splitLines(text string) []textLine {
	var out []textLine
	for _, raw := range strings.Split(strings.ReplaceAll(text, "\r", ""), "\n") {
		s := strings.TrimSpace(raw)
		if s == "" {
			continue
		}
		s = strings.Join(strings.Fields(s), " ")
		if m := mdHeadRe.FindStringSubmatch(s); m != nil {
			t := strings.TrimSpace(strings.Trim(m[2], "*"))
			if t != "" {
				out = append(out, textLine{text: t, heading: true, level: len(m[1])})
			}
			continue
		}
		if m := bulletRe.FindString(s); m != "" && len(s) > len(m) {
			out = append(out, textLine{text: strings.TrimSpace(s[len(m):]), bullet: true})
			continue
		}
		if m := boldRe.FindStringSubmatch(s); m != nil {
			out = append(out, textLine{text: strings.TrimSpace(m[1]), heading: true, level: 7})
			continue
		}
		// "Softwareentwickler" / "(m/w/d)": a title wrapped before its
		// gender suffix is one line.
		if onlyGenderMark(s) && len(out) > 0 && !out[len(out)-1].bullet {
			out[len(out)-1].text += " " + s
			continue
		}
		out = append(out, textLine{text: s, heading: looksLikeHeading(s), level: 7})
	}
	return out
}

// looksLikeHeading guesses headings in plain text: a short line ending in
// a colon, a short line in capitals, or a known section name on its own.
func looksLikeHeading(s string) bool {
	words := len(strings.Fields(s))
	if words == 0 || words > 9 || len(s) > 70 {
		return false
	}
	if strings.HasSuffix(s, ":") {
		return true
	}
	if sectionOf(s) != "" && words <= 6 && !strings.HasSuffix(s, ".") {
		return true
	}
	letters, upper := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters >= 4 && upper == letters
}

// Section kinds.
const (
	secResponsibilities = "responsibilities"
	secRequirements     = "requirements"
	secNice             = "nice_to_have"
	secBenefits         = "benefits"
	secApply            = "how_to_apply"
	secOther            = "other" // a known non-list section: about us, summary, evaluation...
)

var sectionRules = []struct {
	re   *regexp.Regexp
	kind string
}{
	{regexp.MustCompile(`(?i)(nice[\s-]to[\s-]have|preferred|bonus points|bonus if|desired|desirable|good to have|would be a plus|it'?s a plus|pluses|extra credit|great if you|even better|assets?\b|advantageous|ways to stand out|stand out from the crowd|sets? you apart)`), secNice},
	{regexp.MustCompile(`(?i)(how to apply|to apply|application process|apply now|apply for this|next steps|interested\?|ready to apply|submit your application)`), secApply},
	{regexp.MustCompile(`(?i)(benefits|perks|what we offer|we offer|what you'?ll get|what'?s in it for you|why (join|work)|compensation (and|&) benefits|our offer|rewards)`), secBenefits},
	{regexp.MustCompile(`(?i)(responsibilit|duties|what you'?ll do|what you will do|what you'?ll be doing|what you will be doing|your role|the role\b|role overview|key objectives?|objective #?\d|objectives|day[\s-]to[\s-]day|in this role|your impact|your mission|what you'?ll work on|accountabilit|tasks|key result areas|job functions|the job\b|the work)`), secResponsibilities},
	{regexp.MustCompile(`(?i)(requirement|qualification|what you'?ll need|what you need|what we'?re looking for|what we are looking for|who you are|what you bring|you bring|skills (and|&) experience|experience (and|&) skills|must[\s-]haves?|about you|you have|you are|your profile|your background|competenc|education|experience required|required skills|key skills|skills required|ideal candidate|who we'?re looking for|eligibility|prerequisites|what we need to see|what we need|you'?ll need|you might be a (good |great )?fit|what it takes)`), secRequirements},
	{regexp.MustCompile(`(?i)^(about (us|the company|the team|[A-Z0-9]\S*)|company overview|who we are|our (company|story|mission|team|culture)|job summary|role summary|summary|overview|description|job description|basic information|evaluation|equal opportunity|eeo|diversity|location|salary|compensation|additional information|other information|quick links|disclaimer|the company|about the job|about this role|about the role)\b`), secOther},
}

// sectionOf classifies a heading; "" when it names no known section.
func sectionOf(h string) string {
	h = strings.ReplaceAll(strings.TrimSpace(strings.TrimRight(h, ":.!?")), "’", "'")
	if h == "" || len(h) > 90 {
		return ""
	}
	for _, r := range sectionRules {
		if r.re.MatchString(h) {
			return r.kind
		}
	}
	for _, r := range langSectionRules {
		if r.re.MatchString(h) {
			return r.kind
		}
	}
	return ""
}

// sections gathers the items under each known section heading. Bullets are
// the items; where a section has no bullets its paragraphs are.
func sections(lines []textLine) map[string][]string {
	out := map[string][]string{}
	// prose holds the items of sections that had only paragraphs: "The
	// role" opening with an introduction. When a section of the same kind
	// has bullets, those are the items and the prose is no duty.
	prose := map[string][]string{}
	cur, curLevel := "", 0
	var bullets, paras []string
	flush := func() {
		if cur != "" && cur != secOther {
			if len(bullets) > 0 {
				out[cur] = appendUnique(out[cur], bullets...)
			} else {
				prose[cur] = appendUnique(prose[cur], paras...)
			}
		}
		bullets, paras = nil, nil
	}
	for _, l := range lines {
		if l.heading {
			kind := sectionOf(l.text)
			switch {
			case kind != "":
				if kind == cur && l.level > curLevel {
					continue // "Objective #1" under "Key Objectives"
				}
				flush()
				cur, curLevel = kind, l.level
			case l.level <= curLevel || (cur != "" && l.level == 7 && curLevel == 7 && !strings.HasSuffix(l.text, ":")):
				flush()
				cur, curLevel = "", 0
			}
			continue
		}
		// "Responsibilities: design and build ..." on one line.
		if m := keyLineRe.FindStringSubmatch(l.text); m != nil && !l.bullet && inlineSectionRe.MatchString(strings.TrimSpace(m[1])) {
			if kind := sectionOf(m[1]); kind != "" && kind != secOther {
				flush()
				cur, curLevel = kind, 7
				if strings.TrimSpace(m[2]) != "" {
					paras = append(paras, strings.TrimSpace(m[2]))
				}
				continue
			}
		}
		if cur == "" {
			continue
		}
		if l.bullet {
			bullets = append(bullets, l.text)
		} else if !strings.HasSuffix(l.text, ":") && len(l.text) > 2 {
			paras = append(paras, l.text)
		}
	}
	flush()
	for kind, items := range prose {
		if len(out[kind]) == 0 {
			out[kind] = items
		}
	}
	return out
}

// keyAliases maps the labels postings put before values ("Location:",
// "Salary Range:") to the field they fill.
var keyAliases = map[string]string{
	"job title": "title", "position": "title", "position title": "title", "title": "title", "role": "title", "job": "title", "vacancy": "title",
	"company": "company", "organization": "company", "organisation": "company", "employer": "company", "company name": "company",
	"hiring organization": "company", "agency": "company", "client": "company",
	"location": "location", "locations": "location", "job location": "location", "work location": "location",
	"duty location": "location", "based in": "location", "city": "location", "office location": "location", "place of work": "location",
	"salary": "salary", "salary range": "salary", "pay": "salary", "pay range": "salary", "base pay": "salary",
	"base pay range": "salary", "compensation": "salary", "remuneration": "salary", "wage": "salary", "salary package": "salary",
	"base salary": "salary", "rate": "salary", "day rate": "salary", "hourly rate": "salary",
	"employment type": "employment", "job type": "employment", "type": "employment", "work schedule": "employment",
	"schedule": "employment", "hours": "employment", "contract type": "employment", "contract": "employment", "employment": "employment",
	"workplace": "workplace", "workplace type": "workplace", "remote": "workplace", "work model": "workplace", "work arrangement": "workplace",
	"date posted": "posted", "posted": "posted", "posted on": "posted", "publication date": "posted", "published": "posted", "posting date": "posted",
	"deadline": "deadline", "closing date": "deadline", "application deadline": "deadline", "apply by": "deadline", "closes": "deadline",
	"expiry date": "deadline", "valid through": "deadline", "closing": "deadline", "applications close": "deadline",
	"seniority": "seniority", "experience level": "seniority", "level": "seniority", "career level": "seniority", "seniority level": "seniority",
	"contact": "contact", "contact person": "contact", "hiring manager": "contact", "recruiter": "contact",
	"ansprechpartner": "contact", "ansprechpartnerin": "contact", "ihr ansprechpartner": "contact", "ihre ansprechpartnerin": "contact",
	"contactpersoon": "contact", "personne à contacter": "contact", "persona de contacto": "contact",
}

// keyValues reads "Label: value" lines (and a label alone on a line
// followed by its value) into fields. The first value for a field wins.
func keyValues(lines []textLine) map[string]string {
	out := map[string]string{}
	put := func(k, v string) {
		v = strings.TrimSpace(v)
		if v != "" && out[k] == "" {
			out[k] = v
		}
	}
	for i, l := range lines {
		key, val := "", ""
		if m := keyLineRe.FindStringSubmatch(l.text); m != nil {
			key, val = strings.ToLower(strings.TrimSpace(m[1])), m[2]
		} else if len(strings.Fields(l.text)) <= 4 {
			key = strings.ToLower(strings.TrimRight(l.text, ":"))
		} else {
			continue
		}
		key = strings.Trim(key, "*# ")
		field := keyAlias(key)
		if strings.HasPrefix(key, "opening and closing period") || strings.HasPrefix(key, "application period") {
			field = "period"
		}
		if field == "" {
			continue
		}
		// "Télétravail : 2 jours par semaine": the label itself says how
		// the work is done, unless the value says no.
		if field == "workplace" && keyAliases[key] == "" && !noRe.MatchString(val) {
			val = key + " " + val
		}
		if strings.TrimSpace(val) == "" && i+1 < len(lines) && !lines[i+1].heading {
			next := lines[i+1].text
			if len(strings.Fields(next)) > 10 || strings.HasSuffix(next, ".") {
				continue // a paragraph under a heading ("Unternehmen"), not a value
			}
			if m := keyLineRe.FindStringSubmatch(next); m == nil || keyAlias(strings.ToLower(m[1])) == "" {
				val = next
			}
		}
		put(field, val)
	}
	return out
}

var (
	hiringVerbRe = regexp.MustCompile(`\s(?:is|are)\s+(?:now\s+)?(?:hiring|seeking|looking for|recruiting|searching for)\b|\sseeks\b|\srecruits\b|\s(?:sucht|recrute|recherche|busca|contrata|zoekt|cerca|ricerca|procura|inatafuta|inakaribisha)\s`)
	// noRe is a value that says no ("Télétravail : non").
	noRe = regexp.MustCompile(`(?i)^\s*(no|non|nein|não|nao|nee|hapana|aucun|ninguno|nessuno)\b`)
	// articleRe is a leading article before a company name ("Die Acme GmbH sucht").
	articleRe       = regexp.MustCompile(`^(?i:die|der|das|la|le|les|l'|el|los|het|de|il|lo|o)\s+`)
	sentenceBreakRe = regexp.MustCompile(`[:!?;]\s|\.\s`)
	// inlineSectionRe names the labels that start a section on the same line
	// as their text ("Responsibilities: design and build ...").
	inlineSectionRe = regexp.MustCompile(`(?i)^(key |main |core |minimum |basic |preferred |required )?(responsibilities|duties|requirements|qualifications|benefits|perks|nice to have|skills|what you'?ll do|how to apply|desired skills|aufgaben|anforderungen|taken|functie-eisen|missions|profil|requisitos|responsabilidades|funciones|requisiti|competenze|mansioni|majukumu|sifa)$`)
	basedInRe       = regexp.MustCompile(`(?i)\b(?:based in|located in|position is in)\s+([A-Z][\p{L} .'-]+(?:,\s*[A-Z][\p{L} .'-]+)?)`)
	semicolonRe     = regexp.MustCompile(`\s*;\s*`)
	siteWordsRe     = regexp.MustCompile(`(?i)^(careers at|jobs at|join)\s+|\s+(careers|jobs|job board|recruiting)$`)
	ocrCityRe       = regexp.MustCompile(`^(\p{Lu}[\p{L}' -]+)\. (\p{Lu}{2,3})$`)
	aboutRe         = regexp.MustCompile(`^About\s+(.{2,50})$`)
	yearsRe         = regexp.MustCompile(`(?i)(\d{1,2})\+?\s*(?:-\s*\d{1,2}\s*)?(?:years|yrs)(?:'|’)?\s+(?:of\s+)?(?:\w+\s+){0,3}experience`)
	urlRe           = regexp.MustCompile(`https?://[^\s<>"')]+`)
	emailRe         = regexp.MustCompile(`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`)
	splitMetaRe     = regexp.MustCompile(`\s+[·•|–—-]\s+|\s*·\s*`)
	genericLines    = regexp.MustCompile(`(?i)^(about the (job|role|position|company)|job description|description|apply( now)?|save|share|new|easy apply|job details|overview|summary|back to (all )?jobs|skip to (main )?content|home|menu|careers?|jobs?|show more|see more|promoted|actively recruiting|reposted.*|\d+ applicants?)$`)
)

// heuristicPosting reads a posting from text with rules only: labelled
// values, section headings, known skills. meta (may be empty) carries the
// page's own title and site name. Every field it fills is recorded as
// SourcePage.
func heuristicPosting(text string, meta PageMeta) Posting {
	lines := splitLines(text)
	kv := keyValues(lines)
	secs := sections(lines)
	p := Posting{Sources: map[string]string{}}

	// Title: the page's h1, the first heading, a labelled value, the first
	// line shaped like a title.
	p.Title = meta.BestTitle()
	if p.Title == "" {
		for _, l := range lines {
			if l.heading && l.level <= 6 && sectionOf(l.text) == "" && !genericLines.MatchString(l.text) {
				p.Title = l.text
				break
			}
		}
	}
	if p.Title == "" {
		p.Title = kv["title"]
	}
	if p.Title == "" {
		p.Title = firstTitleLine(lines)
	}
	p.Title = strings.TrimRight(strings.TrimSpace(p.Title), ":")

	// Pasted text often opens with "Title – Company – City". A page's own
	// title (its h1, a screenshot's largest line) is kept whole: "Staff
	// Nurse - Cardiology" names no company.
	hdr, hasHeader := pastedHeader(lines)
	switch {
	case !hasHeader:
	case meta.BestTitle() == "" && (p.Title == "" || p.Title == hdr.line):
		p.Title = hdr.title
	case stripGenderMark(p.Title) != stripGenderMark(hdr.title):
		hdr = header{} // the header line is not this title's
	}

	company, location := companyLocationLine(lines, p.Title)
	joinCo, joinPlace := joinCompany(text)
	p.Company = firstNonEmpty(kv["company"], hdr.company, company, hiringCompany(lines), joinCo, aboutCompany(lines),
		careersTitleCompany(meta.Title), siteCompany(meta.SiteName))
	p.Location = firstNonEmpty(kv["location"], hdr.location, location)
	if kv["location"] != "" && hdr.location != "" && strings.Contains(hdr.location, kv["location"]) {
		p.Location = hdr.location // "Lyon, France" says more than "Lieu : Lyon"
	}
	if p.Location == "" {
		if m := basedInRe.FindStringSubmatch(text); m != nil {
			p.Location = strings.TrimSpace(m[1])
		}
	}
	if p.Location == "" && joinPlace != "" && (joinCo == p.Company || p.Company == "") {
		p.Location = joinPlace
	}
	for _, part := range semicolonRe.Split(p.Location, -1) {
		if part = strings.TrimSpace(part); part != "" && len(p.Location) > 0 {
			p.Locations = appendUnique(p.Locations, part)
		}
	}
	if len(p.Locations) < 2 {
		p.Locations = nil
	}

	p.Language = detectLanguage(text)
	p.EmploymentType = firstNonEmpty(normalizeEmploymentType(kv["employment"]), langEmploymentType(kv["employment"]))
	if p.EmploymentType == "" {
		p.EmploymentType = dominantEmploymentType(text)
	}
	p.Workplace = firstNonEmpty(normalizeWorkplace(kv["workplace"]), langWorkplace(kv["workplace"]), normalizeWorkplace(p.Location),
		langWorkplace(p.Location), normalizeWorkplace(text))
	if p.Language != "" && p.Language != "en" {
		// Words such as "stage" or "temporal" mean a contract only in
		// their own language.
		p.EmploymentType = firstNonEmpty(p.EmploymentType, langEmploymentType(text))
		p.Workplace = firstNonEmpty(p.Workplace, langWorkplace(text))
	}

	if v := kv["salary"]; v != "" {
		p.Salary = parseSalaryAnyLang(v)
	}
	if p.Salary.Min == nil && p.Salary.Max == nil {
		if s, ok := salaryLine(lines); ok {
			p.Salary = s
		}
	}

	p.DatePosted = normalizeDate(kv["posted"])
	p.Deadline = normalizeDate(kv["deadline"])
	if p.Deadline == "" && kv["period"] != "" {
		if i := strings.LastIndex(strings.ToLower(kv["period"]), " to "); i >= 0 {
			p.Deadline = normalizeDate(kv["period"][i+4:])
		}
	}

	p.Responsibilities = secs[secResponsibilities]
	p.Requirements = secs[secRequirements]
	p.NiceToHave = secs[secNice]
	p.Benefits = secs[secBenefits]
	apply := secs[secApply]
	if c := kv["contact"]; c != "" && !strings.Contains(strings.Join(apply, "\n"), c) {
		// The named contact goes with how to apply, so a letter can greet them.
		apply = append([]string{"Contact: " + c}, apply...)
	}
	if len(apply) > 0 {
		p.HowToApply = strings.Join(apply, "\n")
		if u := urlRe.FindString(p.HowToApply); u != "" {
			p.ApplyURL = strings.TrimRight(u, ".,;")
		}
	}
	p.Skills = matchSkills(text)
	// Instructions and legal statements are not requirements a CV meets.
	p.ApplicationNotes = moveBoilerplate(&p.Requirements, &p.NiceToHave, &p.Responsibilities, &p.Benefits)
	for _, s := range secs[secApply] {
		if isBoilerplate(s) {
			p.ApplicationNotes = appendUnique(p.ApplicationNotes, s)
		}
	}
	p.ApplicationNotes = appendUnique(p.ApplicationNotes, boilerplateParagraphs(lines)...)

	p.Seniority = firstNonEmpty(seniorityFromTitle(p.Title), normalizeSeniority(kv["seniority"]), seniorityFromYears(text))
	p.Description = summarize(lines, func(l string) bool {
		// The header and the "Company · City · Hybrid" line are not prose.
		return l == hdr.line || p.Company != "" && p.Location != "" && strings.Contains(l, p.Company) && strings.Contains(l, p.Location) && len(l) < len(p.Company)+len(p.Location)+40
	})
	for _, f := range postingFields {
		if f.set(&p) {
			p.Sources[f.name] = SourcePage
		}
	}
	return p
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// firstTitleLine returns the first line shaped like a job title, preferring
// one that names a role ("Engineer", "Manager") among the first few.
func firstTitleLine(lines []textLine) string {
	var cands []string
	for _, l := range lines {
		if len(cands) >= 6 {
			break
		}
		t := l.text
		words := len(strings.Fields(t))
		if l.bullet || words == 0 || words > 12 || len(t) > 100 || strings.HasSuffix(t, ".") ||
			genericLines.MatchString(t) || sectionOf(t) != "" || keyLineRe.MatchString(t) || !hasLetter(t) {
			continue
		}
		cands = append(cands, t)
	}
	for _, c := range cands {
		if isTitleLike(c) {
			return c
		}
	}
	if len(cands) > 0 {
		return cands[0]
	}
	return ""
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// companyLocationLine reads the "Company · City, Region · 3 days ago" line
// job boards put under the title (and OCR sees in screenshots).
func companyLocationLine(lines []textLine, title string) (string, string) {
	for i, l := range lines {
		if i > 8 {
			break
		}
		if l.text == title || l.bullet {
			continue
		}
		parts := splitMetaRe.Split(l.text, -1)
		if len(parts) < 2 {
			continue
		}
		c, loc := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1])
		if len(strings.Fields(c)) > 4 || len(strings.Fields(loc)) > 6 || c == "" || !unicode.IsUpper([]rune(c)[0]) && !unicode.IsDigit([]rune(c)[0]) {
			continue
		}
		// OCR often reads the comma of "Austin, TX" as a dot.
		if m := ocrCityRe.FindStringSubmatch(loc); m != nil {
			loc = m[1] + ", " + m[2]
		}
		if strings.Contains(loc, ",") || normalizeWorkplace(loc) != "" {
			return c, loc
		}
	}
	return "", ""
}

// hiringCompany finds "<Company> is hiring ..." / "<Company> seeks ...".
func hiringCompany(lines []textLine) string {
	for i, l := range lines {
		if i > 60 {
			break
		}
		loc := hiringVerbRe.FindStringIndex(l.text)
		if loc == nil {
			continue
		}
		before := l.text[:loc[0]]
		if parts := sentenceBreakRe.Split(before, -1); len(parts) > 1 {
			before = parts[len(parts)-1]
		}
		words := strings.Fields(before)
		var name []string
		for k := len(words) - 1; k >= 0 && len(name) < 6; k-- {
			w := words[k]
			r := []rune(w)[0]
			if unicode.IsUpper(r) || unicode.IsDigit(r) || w == "&" || w == "of" || w == "and" {
				name = append([]string{w}, name...)
				continue
			}
			break
		}
		n := articleRe.ReplaceAllString(strings.Join(name, " "), "")
		switch strings.ToLower(n) {
		case "", "we", "our team", "the company", "the team", "i", "you", "they",
			"wir", "unser team", "team", "unternehmen", "nous", "l'équipe", "l'entreprise", "empresa", "equipo", "equipe", "bedrijf",
			"azienda", "kampuni", "taasisi":
			continue
		}
		return strings.Trim(n, ",;")
	}
	return ""
}

func aboutCompany(lines []textLine) string {
	for _, l := range lines {
		if !l.heading {
			continue
		}
		if m := aboutRe.FindStringSubmatch(strings.TrimRight(l.text, ":")); m != nil {
			n := strings.TrimSpace(m[1])
			switch strings.ToLower(n) {
			case "the job", "the role", "us", "you", "the team", "the company", "this role", "the position", "the opportunity", "this job":
				continue
			}
			if unicode.IsUpper([]rune(n)[0]) || unicode.IsDigit([]rune(n)[0]) {
				return n
			}
		}
	}
	return ""
}

// siteCompany reads a company out of og:site_name ("Acme Careers").
var (
	// joinRe finds "Join Northwind Traders in Seattle, WA": the company
	// by its capitals (so not "Join our team"), and a "City, Region" after
	// it.
	joinRe = regexp.MustCompile(`\bJoin\s+([A-Z0-9][\p{L}0-9&.'’-]*(?:\s+(?:[A-Z0-9&][\p{L}0-9&.'’-]*|of|and)){0,4})` +
		`(?:\s+in\s+([A-Z][\p{L}'-]+(?:\s[A-Z][\p{L}'-]+)*,\s*[A-Z][\p{L}'-]+(?:\s[A-Z][\p{L}'-]+)?))?(?:[\s,.!]|$)`)
	// careersTitleRe finds the employer in a page title that names its
	// careers site: "… | Northwind Traders Careers", "… - Jobs at Acme".
	careersTitleRe  = regexp.MustCompile(`(?i)\s[|–—·-]\s+(?:careers at|jobs at|work at|working at)\s+(.{2,60})$`)
	careersSuffixRe = regexp.MustCompile(`(?i)\s[|–—·-]\s+(.{2,60}?)\s+(?:careers?|jobs|career site|job board|karriere|stellenangebote|emplois|recrutement|empleos?|vacatures|carreiras)$`)
)

// joinCompany reads "Join <Company> [in <City, Region>]".
func joinCompany(text string) (company, place string) {
	m := joinRe.FindStringSubmatch(text)
	if m == nil {
		return "", ""
	}
	c := strings.TrimRight(m[1], ".,")
	switch strings.ToLower(c) {
	case "us", "the", "our", "a", "an", "them", "today", "now":
		return "", ""
	}
	return c, m[2]
}

// careersTitleCompany is the employer a page title names with its careers
// site; "" when it names none.
func careersTitleCompany(title string) string {
	for _, re := range []*regexp.Regexp{careersTitleRe, careersSuffixRe} {
		if m := re.FindStringSubmatch(strings.TrimSpace(title)); m != nil {
			c := strings.TrimSpace(m[1])
			if n := len(strings.Fields(c)); n >= 1 && n <= 5 && startsUpperOrDigit(c) {
				return c
			}
		}
	}
	return ""
}

func siteCompany(site string) string {
	s := siteWordsRe.ReplaceAllString(site, "")
	return strings.TrimSpace(s)
}

// dominantEmploymentType is the employment type the text names most.
func dominantEmploymentType(text string) string {
	best, bestN := "", 0
	for _, e := range employmentTypes {
		n := len(e.re.FindAllStringIndex(text, 20))
		if e.norm == "Temporary" || e.norm == "Volunteer" {
			n /= 2 // "temporary" and "voluntary" appear in unrelated prose
		}
		if n > bestN {
			best, bestN = e.norm, n
		}
	}
	return best
}

var salaryHintRe = regexp.MustCompile(`(?i)(salary|pay|compensation|remuneration|wage|gehalt|vergütung|salaris|salaire|rémunération|salario|sueldo|salário|remuneração|retribuzione|stipendio|mshahara|per (hour|month|year|annum)|/\s*(yr|hr|hour|year|month|mo)\b|p\.a\.|\d\s*[kK]\b|–|-| to )`)

// salaryLine finds the first line stating pay with a currency.
func salaryLine(lines []textLine) (Salary, bool) {
	for _, l := range lines {
		if len(l.text) > 300 || !salaryHintRe.MatchString(l.text) {
			continue
		}
		s := parseSalaryAnyLang(l.text)
		if (s.Min != nil || s.Max != nil) && s.Currency != "" {
			return s, true
		}
	}
	return Salary{}, false
}

func seniorityFromYears(text string) string {
	m := yearsRe.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	n, _ := strconv.Atoi(m[1])
	switch {
	case n <= 1:
		return "junior"
	case n <= 4:
		return "mid"
	default:
		return "senior"
	}
}

func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// jobScore measures how much text reads like a job ad: section headings,
// pay, employment type, an invitation to apply, experience asked for.
func jobScore(text string) int {
	lines := splitLines(text)
	kinds := map[string]bool{}
	for _, l := range lines {
		if l.heading {
			if k := sectionOf(l.text); k != "" && k != secOther {
				kinds[k] = true
			}
		} else if m := keyLineRe.FindStringSubmatch(l.text); m != nil && inlineSectionRe.MatchString(strings.TrimSpace(m[1])) {
			if k := sectionOf(m[1]); k != "" && k != secOther {
				kinds[k] = true
			}
		}
	}
	score := 2 * len(kinds)
	lower := strings.ToLower(text)
	for _, re := range jobSignalRes {
		if re.MatchString(lower) {
			score++
		}
	}
	if s, ok := salaryLine(lines); ok && (s.Min != nil || s.Max != nil) {
		score++
	}
	return score
}

var jobSignalRes = []*regexp.Regexp{
	regexp.MustCompile(`\b(full[\s-]time|part[\s-]time|internship|contract role|permanent|freelance)\b`),
	regexp.MustCompile(`\b(apply|application|submit your (cv|resume|résumé)|send your (cv|resume))\b`),
	regexp.MustCompile(`\b(years of (professional |relevant |hands-on )?experience|experience (with|in)|degree in)\b`),
	regexp.MustCompile(`\b(is hiring|we are hiring|we're hiring|join our team|we are looking for|we're looking for|is looking for|is seeking|seeks a|the ideal candidate|you will|you'll)\b`),
	regexp.MustCompile(`\b(job|position|role|vacancy|opening)\b`),
	regexp.MustCompile(`(?m)^(location|job type|employment type|salary|job title)\s*:`),
	// The same signals in the other languages Tailor reads.
	regexp.MustCompile(`\b(vollzeit|teilzeit|festanstellung|unbefristet|befristet|werkstudent|cdi|cdd|temps (plein|partiel)|alternance|jornada (completa|parcial)|tiempo completo|indefinido|tempo integral|clt|fulltime|parttime|vast dienstverband|tempo (pieno|determinato|indeterminato)|ajira ya kudumu|mkataba)\b`),
	regexp.MustCompile(`(bewerb|postuler|postulez|candidature|candidatura|candidate-se|candidati|solliciteer|sollicit|aplicar|postúlate|postulate|tuma maombi|jinsi ya kuomba)`),
	regexp.MustCompile(`(berufserfahrung|jahre erfahrung|expérience|experiencia|experiência|jaar ervaring|ervaring met|esperienza|uzoefu wa)`),
	regexp.MustCompile(`(wir suchen|suchen wir|nous recherchons|nous cherchons|buscamos|estamos procurando|procuramos|wij zoeken|zoeken wij|we zoeken|cerchiamo|stiamo cercando|inatafuta|tunatafuta)`),
	regexp.MustCompile(`\b(stelle|stellenangebot|poste|offre d'emploi|puesto|vacante|vaga|vacature|functie|posizione|offerta di lavoro|nafasi ya kazi)\b`),
}

// summarize is the posting's own introduction: the prose paragraphs before
// its first section (responsibilities, requirements, ...), or, when it has
// none, the first prose paragraphs anywhere. A description is a summary a
// person reads at a glance, never the whole posting again.
func summarize(lines []textLine, skip func(string) bool) string {
	var intro, any []string
	inSections := false
	for _, l := range lines {
		if l.heading && sectionOf(l.text) != "" {
			inSections = true
			continue
		}
		if l.heading || l.bullet || len(strings.Fields(l.text)) < 8 || skip(l.text) || eeoRe.MatchString(l.text) {
			continue
		}
		if !inSections {
			intro = append(intro, l.text)
		}
		any = append(any, l.text)
	}
	if len(intro) == 0 {
		intro = any
	}
	var b strings.Builder
	for _, para := range intro {
		if b.Len() > 0 && b.Len()+len(para) > 1200 {
			break
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(para)
	}
	return truncateUTF8(b.String(), 2000)
}
