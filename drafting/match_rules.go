package drafting

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"tailor/skills"
	"unicode"

	"tailor/profile"
)

// workSpan is when one work entry ran; zero from means the dates could not
// be read.
type workSpan struct {
	work     int
	from, to time.Time
	text     string // "Position, Company (2019 – present)"
}

func spanOf(i int, w profile.Work, now time.Time) workSpan {
	s := workSpan{work: i}
	from, okFrom := parseResumeDate(w.StartDate)
	to, okTo := parseResumeDate(w.EndDate)
	if !okTo {
		to = now // no or unreadable end: still there
	}
	if okFrom && !to.Before(from) {
		s.from, s.to = from, to
	}
	label := strings.Trim(strings.Join([]string{w.Position, w.Name}, ", "), ", ")
	if okFrom {
		end := "present"
		if okTo {
			end = strconv.Itoa(to.Year())
		}
		label += fmt.Sprintf(" (%d – %s)", from.Year(), end)
	}
	s.text = label
	return s
}

var monthNames = map[string]time.Month{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
	"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}

// parseResumeDate reads the dates JSON Resume allows ("2021", "2021-03",
// "2021-03-15") and the ones people type ("Mar 2021", "March 2021",
// "03/2021"). "present" and "" are not dates.
func parseResumeDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range []string{"2006-01-02", "2006-01", "2006", "01/2006", "1/2006", "2006/01"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	f := strings.Fields(strings.ReplaceAll(s, ",", " "))
	if len(f) == 2 {
		if m, ok := monthNames[strings.TrimSuffix(f[0], ".")]; ok {
			if y, err := strconv.Atoi(f[1]); err == nil && y > 1900 && y < 2200 {
				return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), true
			}
		}
		if len(f[0]) >= 3 {
			if m, ok := monthNames[f[0][:3]]; ok {
				if y, err := strconv.Atoi(f[1]); err == nil && y > 1900 && y < 2200 {
					return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), true
				}
			}
		}
	}
	return time.Time{}, false
}

// yearsIn returns the years covered by the chosen work entries, counting
// overlapping roles once.
func yearsIn(spans []workSpan, keep func(workSpan) bool) float64 {
	var iv []workSpan
	for _, s := range spans {
		if !s.from.IsZero() && keep(s) {
			iv = append(iv, s)
		}
	}
	sort.Slice(iv, func(i, j int) bool { return iv[i].from.Before(iv[j].from) })
	var total time.Duration
	var cur workSpan
	for i, s := range iv {
		if i == 0 || s.from.After(cur.to) {
			if i > 0 {
				total += cur.to.Sub(cur.from)
			}
			cur = s
			continue
		}
		if s.to.After(cur.to) {
			cur.to = s.to
		}
	}
	if len(iv) > 0 {
		total += cur.to.Sub(cur.from)
	}
	return total.Hours() / 24 / 365.25
}

var (
	numberWords = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
		"nine": 9, "ten": 10, "twelve": 12, "fifteen": 15}
	// yearsRe finds "5+ years", "3-5 years", "at least two years", "5 yrs".
	yearsRe = regexp.MustCompile(`(?i)\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen)\s*\+?\s*(?:(?:-|–|to)\s*\d{1,2}\s*\+?\s*)?(?:\(\d+\)\s*)?(?:full[- ]time\s+)?(?:years?|yrs?|jahren?|ans|años|anos|jaar|anni)\b`)
)

// yearsOfRe and experienceRe tell years of experience ("5 years of Go",
// "3+ years' experience", "Minimum 10 yrs") from other years ("a one year
// trial period").
var (
	yearsOfRe = regexp.MustCompile(`(?i)^\s*(of|in|with|as|at|working|doing|leading|managing|building|running|hands|post|relevant|` +
		`professional|industry|commercial|proven|progressive|['’+]|$|erfahrung|berufserfahrung|d'expérience|de experiencia|ervaring|di esperienza)`)
	experienceRe = regexp.MustCompile(`(?i)\b(experience|experienced|minimum|min\.|at least|track record|` +
		`erfahrung|berufserfahrung|mindestens|expérience|experiencia|experiência|ervaring|esperienza)\b|\+`)
)

// requiredYears returns the years of experience a requirement asks for,
// or 0.
func requiredYears(req string) float64 {
	loc := yearsRe.FindStringSubmatchIndex(req)
	if loc == nil {
		return 0
	}
	m := []string{req[loc[0]:loc[1]], req[loc[2]:loc[3]]}
	if !yearsOfRe.MatchString(req[loc[1]:]) && !experienceRe.MatchString(req) {
		return 0
	}
	if n, err := strconv.Atoi(m[1]); err == nil {
		return float64(n)
	}
	return float64(numberWords[strings.ToLower(m[1])])
}

// Degree levels, lowest first.
const (
	levelNone = iota
	levelSchool
	levelAssociate
	levelBachelor
	levelMaster
	levelDoctorate
)

var levelNames = []string{"", "high-school diploma", "associate degree or certificate", "bachelor's degree", "master's degree", "doctorate"}

var degreeRes = []struct {
	level int
	re    *regexp.Regexp
}{
	{levelDoctorate, regexp.MustCompile(`(?i)\b(ph\s?d|doctorate|doctoral|doctor of|dphil|edd)\b`)},
	{levelMaster, regexp.MustCompile(`(?i)\b(master'?s?|masters|msc|ms|ma|mba|med|meng|mphil|mpa|mph|msn|llm|graduate degree|postgraduate)\b`)},
	{levelBachelor, regexp.MustCompile(`(?i)\b(bachelor'?s?|bachelors|bsc|bs|ba|beng|bsn|bba|bed|llb|undergraduate degree|university degree|college degree|four-year degree|4-year degree|degree)\b`)},
	{levelAssociate, regexp.MustCompile(`(?i)\b(associate'?s?|associate of|aa|aas|certificate|diploma|hnd|hnc|vocational)\b`)},
	{levelSchool, regexp.MustCompile(`(?i)\b(high school|ged|secondary school|a-levels?|gcse)\b`)},
}

// degreeLevel returns the highest level a text names ("B.S." is read as
// "BS", "Ph.D." as "PhD").
func degreeLevel(s string) int {
	s = undot(s)
	for _, d := range degreeRes {
		if d.re.MatchString(s) {
			return d.level
		}
	}
	return levelNone
}

// undot drops the dots of abbreviations: "B.S." → "BS", "M.Ed." → "MEd".
func undot(s string) string {
	b := []byte(s)
	out := b[:0]
	for i, c := range b {
		if c == '.' && i > 0 && isLetterByte(b[i-1]) && (i+1 == len(b) || isLetterByte(b[i+1]) || b[i+1] == ' ' || b[i+1] == ',' || b[i+1] == ')') {
			continue
		}
		out = append(out, c)
	}
	return string(out)
}

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// namedDegreeFields are the fields some degrees name by themselves.
var namedDegreeFields = map[string][]string{"bsn": {"nurs"}, "msn": {"nurs"}, "mba": {"business"}, "bba": {"business"},
	"med": {"education"}, "bed": {"education"}, "llb": {"law"}, "llm": {"law"}, "beng": {"engineer"}, "meng": {"engineer"}}

// sameStem reports whether two stems are one word: equal, or one a prefix
// of the other of at least five letters ("account", "accountant",
// "accountancy").
func sameStem(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) >= 5 && strings.HasPrefix(b, a)
}

// wantsDegree reports whether a requirement asks for education.
var wantsDegreeRe = regexp.MustCompile(`(?i)\b(degree|bachelor'?s?|master'?s|ph\s?d|doctorate|diploma|graduate of|graduated|bsc|msc|bs|ms|ba|mba|bsn|msn|bba|beng|meng|high school|ged|qualification in|qualified in)\b`)

// wantsDegree reports whether a requirement asks for education.
func wantsDegree(req string) bool { return wantsDegreeRe.MatchString(undot(req)) }

// degreeField returns the subject words of "degree in Computer Science or
// a related field": the words after "in"/"of" up to "or", "and", a comma.
var degreeFieldRe = regexp.MustCompile(`(?i)\b(?:in|of)\s+([A-Za-z][A-Za-z &/-]{2,60}?)(?:\s+(?:or|and|with|from|is|preferred|required)\b|[,;.()]|$)`)

var genericFieldWords = stems("science arts studies applied field discipline subject area bachelor master degree " +
	"accredited university college related relevant similar technical quantitative")

// stems returns the set of stems of the words of s.
func stems(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[stem(w)] = true
	}
	return m
}

func degreeField(req string) []string {
	var out []string
	for _, w := range strings.Fields(strings.ToLower(undot(req))) {
		out = append(out, namedDegreeFields[strings.Trim(w, ",;()")]...)
	}
	for _, m := range degreeFieldRe.FindAllStringSubmatch(req, -1) {
		for _, w := range contentWords(m[1]) {
			if !genericFieldWords[w] {
				out = append(out, w)
			}
		}
	}
	return out
}

// Human languages a requirement may ask for.
var humanLanguages = []string{"English", "German", "French", "Spanish", "Portuguese", "Dutch", "Italian", "Swahili",
	"Mandarin", "Chinese", "Cantonese", "Japanese", "Korean", "Arabic", "Russian", "Polish", "Turkish", "Hindi",
	"Swedish", "Danish", "Norwegian", "Finnish", "Greek", "Hebrew", "Czech", "Romanian", "Hungarian", "Ukrainian",
	"Vietnamese", "Thai", "Indonesian", "Malay", "Tagalog", "Bengali", "Urdu", "Persian", "Farsi", "Amharic", "Yoruba",
	"Hausa", "Igbo", "Zulu", "Afrikaans", "Catalan", "Welsh", "Irish"}

var languageCueRe = regexp.MustCompile(`(?i)\b(fluent|fluency|native|proficien\w*|speak\w*|spoken|written|bilingual|language|languages|level|[abc][12])\b`)

// languagesAsked returns the human languages a requirement asks the
// person to speak ("Fluent German", "English at C1 level").
func languagesAsked(req string) []string {
	if !languageCueRe.MatchString(req) {
		return nil
	}
	var out []string
	for _, w := range strings.FieldsFunc(req, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if humanLanguageSet[w] && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

var humanLanguageSet = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range humanLanguages {
		m[l] = true
	}
	return m
}()

// personalRe finds requirements about the person rather than their
// record: a profile rarely says these, so Tailor does not judge them.
var personalRe = regexp.MustCompile(`(?i)\b(citizen(ship)?|work authori[sz]ation|authori[sz]ed to work|right to work|` +
	`visa|sponsorship|background (check|investigation)|drug (test|screen)|security clearance|clearance|` +
	`driv(ing|er'?s?|er’s) licen[cs]e|licen[cs]e to drive|own (car|vehicle|transport)|reliable transportation|` +
	`lift(ing)? (up to )?\d+|stand(ing)? for|physical(ly)?|relocat\w*|travel|weekends?|night shifts?|shifts?|` +
	`on-call|availab\w*|years of age|\d+ years old|vaccinat\w*|selective service|residen(t|cy)|` +
	`commut\w*|be based in|located in|reside in|live in|direct deposit|trial period|probation\w*|financial disclosure|` +
	`identity|eligib\w*|e-verify|conflict of interest)\b`)

// qualityRe finds requirements that ask for a quality rather than a record
// ("highly motivated", "learns quickly"): a profile shows them only by
// example, so unless one is found they are left for the person to show.
var qualityRe = regexp.MustCompile(`(?i)\b(motivated|self-motivated|self-starter|learns? quickly|quick learner|fast learner|` +
	`team player|enthusias\w*|passion\w*|proactive|reliable|dependable|punctual|flexib\w*|adaptab\w*|curious|curiosity|` +
	`hard-?working|driven|organi[sz]ed|multi-?task\w*|positive attitude|work independently|independently|initiative|` +
	`integrity|professionalism|energetic|friendly|personable|resilien\w*|eager)\b`)

func roundYears(y float64) string {
	if y < 1 && y > 0 {
		return "under a year"
	}
	r := math.Round(y*2) / 2
	if r == math.Trunc(r) {
		if r == 1 {
			return "1 year"
		}
		return strconv.Itoa(int(r)) + " years"
	}
	return strconv.FormatFloat(r, 'f', 1, 64) + " years"
}

// subjectFamily is a field of work a requirement may name by a word its
// roles rarely use in their titles ("5+ years of backend development"),
// with what a role shows of it instead: the skills of the field (by their
// canonical names in the skills vocabulary) and words that only that work
// uses ("APIs", "microservices"). A role that calls itself full-stack
// counts for both backend and frontend.
type subjectFamily struct {
	name   string
	ask    *regexp.Regexp // the requirement names the field
	self   *regexp.Regexp // a role names the field (or full-stack) itself
	words  *regexp.Regexp // words of the field's work
	skills map[string]bool
}

// subjectFamilies is the table judgeYears reads; extend it here.
var subjectFamilies = []subjectFamily{
	newFamily("backend", `\bback[\s-]?end\b|\bserver[\s-]side\b`,
		`\bback[\s-]?end\b|\bserver[\s-]side\b|\bfull[\s-]?stack\b`,
		`\b(apis?|rest(?:ful)?\s+(?:apis?|services?|endpoints?)|micro[\s-]?services?|web\s+services?|server[\s-]side|back[\s-]?end)\b`,
		"Go|Java|Python|Ruby|Ruby on Rails|PHP|C#|Rust|Scala|Elixir|Kotlin|Node.js|Express|Django|Flask|FastAPI|Spring|.NET|Laravel|Symfony|J2EE|Hibernate|"+
			"SQL|NoSQL|PostgreSQL|MySQL|SQLite|MongoDB|Redis|Elasticsearch|Cassandra|DynamoDB|Oracle|SQL Server|Kafka|RabbitMQ|GraphQL|REST|gRPC|SOAP|Microservices|ORM"),
	newFamily("frontend", `\bfront[\s-]?end\b|\bclient[\s-]side\b`,
		`\bfront[\s-]?end\b|\bclient[\s-]side\b|\bfull[\s-]?stack\b`,
		`\b(user\s+interfaces?|ui|single[\s-]page\s+app\w*|responsive\s+(?:design|layouts?|web\w*)|front[\s-]?end|client[\s-]side|web\s+pages?)\b`,
		"JavaScript|TypeScript|HTML|CSS|Sass|React|Angular|Vue.js|Svelte|Next.js|jQuery|Bootstrap|Backbone.js|Redux|Webpack|Tailwind CSS"),
	newFamily("mobile", `\bmobile\b|\bios\b|\bandroid\b`,
		`\bmobile\b|\bios\b|\bandroid\b`,
		`\b(mobile\s+apps?|app\s+store|google\s+play|iphone|ipad)\b`,
		"Swift|Objective-C|Kotlin|Dart|Flutter|React Native|Android|iOS"),
}

// familyWords are the words that make a highlight good evidence of a
// family, once its role counts.
var familyWords = map[string]string{
	"backend":  "backend back-end api apis server servers database databases microservice microservices service services endpoint endpoints",
	"frontend": "frontend front-end ui interface interfaces component components page pages browser responsive accessibility",
	"mobile":   "mobile app apps ios android iphone",
}

// fullStackRe finds a requirement for full-stack work: a role counts when
// it shows both backend and frontend work, or calls itself full-stack.
var fullStackRe = regexp.MustCompile(`(?i)\bfull[\s-]?stack\b`)

func newFamily(name, ask, self, words, skillList string) subjectFamily {
	f := subjectFamily{name: name, ask: regexp.MustCompile(`(?i)` + ask), self: regexp.MustCompile(`(?i)` + self),
		words: regexp.MustCompile(`(?i)` + words), skills: map[string]bool{}}
	for _, s := range strings.Split(skillList, "|") {
		f.skills[strings.ToLower(skills.Canonical(s))] = true
	}
	return f
}

// familiesAsked are the subject families a requirement names; full-stack
// names backend and frontend, both needed.
func familiesAsked(req string) (fams []subjectFamily, all bool) {
	if fullStackRe.MatchString(req) {
		return subjectFamilies[:2], true
	}
	for _, f := range subjectFamilies {
		if f.ask.MatchString(req) {
			fams = append(fams, f)
		}
	}
	return fams, false
}

// showsFamily reports whether a role's own text (title, summary,
// highlights) and the skills it names show work of the family.
func showsFamily(f subjectFamily, roleText string, roleSkills map[string]bool) bool {
	if f.self.MatchString(roleText) || f.words.MatchString(roleText) {
		return true
	}
	for s := range roleSkills {
		if f.skills[s] {
			return true
		}
	}
	return false
}
