// Package skills is Tailor's vocabulary of skills: technologies, methods,
// certifications and the skills of work outside software (nursing,
// teaching, accounting, warehouse and logistics, marketing), each with its
// aliases. It finds skills in free text as whole words with case and
// context rules, so "the rest of the team" is not REST, "express ideas" is
// not Express and "let's go" is not Go, and it says when two names are the
// same skill (k8s and Kubernetes, Postgres and PostgreSQL).
//
// Job extraction uses it to list a posting's skills; the match analysis
// uses it to compare a posting with a profile.
package skills

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is what sort of skill an entry is.
type Kind uint8

// Kinds of skill.
const (
	Tech   Kind = iota + 1 // a language, framework, platform or tool
	Method                 // a practice or way of working
	Cert                   // a certification, licence or clearance
	Domain                 // a skill of a trade or profession outside software
	Soft                   // a people skill
)

func (k Kind) String() string {
	switch k {
	case Tech:
		return "tech"
	case Method:
		return "method"
	case Cert:
		return "certification"
	case Domain:
		return "domain"
	case Soft:
		return "soft"
	}
	return ""
}

// context is the kind of text a "~" form needs around it.
type context uint8

const (
	ctxNone context = iota
	ctxTech
	ctxJS
	ctxDesign
	ctxHealth
	ctxEducation
	ctxOffice
)

type entry struct {
	name    string
	kind    Kind
	aliases string // "|"-separated; "=" case-sensitive, "~" case-sensitive and in context
	ctx     context
}

// form is one way of writing a skill.
type form struct {
	text     string
	entry    int
	exact    bool // case-sensitive
	needsCtx bool
	keyOff   int  // byte offset of the form's first word
	short    bool // at most two letters or digits ("Go", "C", "JS")
	shout    bool // all capitals ("REST"): not in a run of shouted words
}

var (
	byKey   map[string][]form // first word, lower-cased → forms, longest first
	byLower map[string]int    // any form or name, lower-cased → entry
	// contextNames are the entries whose mention puts a text in a context.
	contextNames = map[context][]string{
		ctxJS: {"JavaScript", "TypeScript", "Node.js", "React", "Angular", "Vue.js", "Next.js", "jQuery", "Redux",
			"Webpack", "Backbone.js", "Express", "HTML", "CSS", "GraphQL", "REST", "MongoDB"},
		ctxDesign: {"Figma", "Adobe Creative Suite", "Photoshop", "InDesign", "UX design", "UI design", "Canva", "User research"},
		ctxHealth: {"Electronic health records", "Cerner", "Patient care", "Patient assessment", "Registered Nurse",
			"Medication administration", "Care coordination"},
		ctxEducation: {"Google Classroom", "Learning management systems", "Educational technology", "Lesson planning",
			"Curriculum development", "Student assessment"},
		ctxOffice: {"Microsoft Office", "PowerPoint", "Microsoft Word", "Google Workspace", "Data entry", "Accounting",
			"Bookkeeping", "Financial reporting", "Financial analysis", "Data analysis", "QuickBooks", "SQL", "Tableau",
			"Power BI", "Variance analysis", "Budget management", "Forecasting", "VBA", "SAP", "ERP"},
	}
	// contextCues are words that put a text in a context.
	contextCues = map[context][]string{
		ctxTech: {"programming", "programmer", "developer", "developers", "engineer", "engineers", "engineering", "software",
			"backend", "frontend", "code", "coding", "language", "languages", "framework", "frameworks", "stack",
			"microservices", "api", "apis", "library", "libraries", "compiler", "scripting", "devops", "tooling", "deploy",
			"web", "app", "apps", "application", "applications", "components", "pipeline", "pipelines", "database", "databases",
			"server", "servers", "cloud", "front", "ui", "sdk", "repository", "deployment", "deployments", "ci"},
		ctxJS:        {"npm", "middleware", "server", "api", "apis", "routes", "framework", "javascript"},
		ctxDesign:    {"design", "designs", "designer", "prototype", "prototypes", "prototyping", "wireframes", "mockups"},
		ctxHealth:    {"ehr", "emr", "charting", "clinical", "patient", "patients", "hospital", "nursing", "records"},
		ctxEducation: {"lms", "students", "course", "courses", "classroom", "teaching", "learning", "instructure"},
		ctxOffice: {"spreadsheet", "spreadsheets", "pivot", "vlookup", "xlookup", "formulas", "macros", "workbook",
			"workbooks", "office", "microsoft", "word", "outlook", "reports", "reporting", "data", "skills", "proficient",
			"proficiency", "advanced", "models", "modelling", "modeling"},
	}
	inContext map[int]map[context]bool // entry → contexts its mention creates
	cueSet    map[context]map[string]bool
)

func init() {
	byKey = map[string][]form{}
	byLower = map[string]int{}
	for i, e := range vocabulary {
		forms := map[string]form{}
		add := func(s string) {
			f := form{entry: i}
			switch {
			case strings.HasPrefix(s, "="):
				s, f.exact = s[1:], true
			case strings.HasPrefix(s, "~"):
				s, f.exact, f.needsCtx = s[1:], true, true
			}
			f.text = s
			forms[s] = f
		}
		for _, a := range strings.Split(e.aliases, "|") {
			if a != "" {
				add(a)
			}
		}
		if _, ok := forms[e.name]; !ok {
			add(e.name)
		}
		byLower[strings.ToLower(e.name)] = i
		for _, f := range forms {
			byLower[strings.ToLower(f.text)] = i
			key, off := firstWord(f.text)
			if key == "" {
				continue
			}
			f.keyOff = off
			f.short = alnumCount(f.text) <= 2
			f.shout = f.exact && isShout(f.text)
			byKey[key] = append(byKey[key], f)
		}
	}
	for k := range byKey {
		sort.SliceStable(byKey[k], func(i, j int) bool { return len(byKey[k][i].text) > len(byKey[k][j].text) })
	}
	inContext = map[int]map[context]bool{}
	mark := func(i int, c context) {
		if inContext[i] == nil {
			inContext[i] = map[context]bool{}
		}
		inContext[i][c] = true
	}
	for i, e := range vocabulary {
		if e.kind == Tech {
			mark(i, ctxTech)
		}
	}
	for c, names := range contextNames {
		for _, n := range names {
			if i, ok := byLower[strings.ToLower(n)]; ok {
				mark(i, c)
			}
		}
	}
	cueSet = map[context]map[string]bool{}
	for c, words := range contextCues {
		cueSet[c] = map[string]bool{}
		for _, w := range words {
			cueSet[c][w] = true
		}
	}
}

// Mention is one place a text names a skill.
type Mention struct {
	Name       string // canonical
	Kind       Kind
	Start, End int // byte offsets of the words in the text
}

// Find returns the skills a text names, by canonical name, in order of
// first appearance, each once.
func Find(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range Mentions(text) {
		if !seen[m.Name] {
			seen[m.Name] = true
			out = append(out, m.Name)
		}
	}
	return out
}

// FindTerm is Find for one entry of a skills list ("Go", "Postgres",
// "Electronic Health Records (Epic, Cerner)"): the list is the context, so
// context rules are waived, though case rules still hold inside longer
// text.
func FindTerm(term string) []string {
	if n, ok := Lookup(term); ok {
		return []string{n}
	}
	var out []string
	seen := map[string]bool{}
	for _, m := range scan(term, true) {
		if !seen[m.Name] {
			seen[m.Name] = true
			out = append(out, m.Name)
		}
	}
	return out
}

// Mentions returns every mention of a skill in text, in text order.
func Mentions(text string) []Mention { return scan(text, false) }

// Lookup returns the canonical name of a skill written name (any alias,
// any case), and whether the vocabulary knows it.
func Lookup(name string) (string, bool) {
	i, ok := byLower[normalize(name)]
	if !ok {
		return "", false
	}
	return vocabulary[i].name, true
}

// Canonical returns the canonical name of a skill ("k8s" → "Kubernetes"),
// or the name trimmed when the vocabulary does not know it.
func Canonical(name string) string {
	if n, ok := Lookup(name); ok {
		return n
	}
	return strings.Join(strings.Fields(name), " ")
}

// Same reports whether a and b name the same skill.
func Same(a, b string) bool {
	ca, cb := Canonical(a), Canonical(b)
	return ca != "" && strings.EqualFold(ca, cb)
}

// KindOf returns the kind of a known skill, or 0.
func KindOf(name string) Kind {
	if i, ok := byLower[normalize(name)]; ok {
		return vocabulary[i].kind
	}
	return 0
}

func normalize(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

type found struct {
	f          form
	start, end int
	ok         bool
}

// scan finds the mentions of text; with waive, context rules are off.
func scan(text string, waive bool) []Mention {
	var hits []found
	prev := rune(' ')
	var buf [40]byte
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWord(r) || isWord(prev) {
			prev = r
			i += size
			continue
		}
		j := i
		for j < len(text) && j-i < len(buf) && isASCIIAlnum(text[j]) {
			c := text[j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[j-i] = c
			j++
		}
		next := i + size
		if j > i {
			if h, ok := matchAt(text, i, buf[:j-i]); ok {
				hits = append(hits, h)
				next = h.end
			}
		}
		// Continue after the match, or after this character.
		if next > i+size {
			prev, _ = utf8.DecodeLastRuneInString(text[:next])
		} else {
			prev = r
		}
		i = next
	}
	// Accept mentions with no context rule, then those whose context is
	// present, until nothing changes (a mention accepted in context can be
	// the context of another: "Go and C").
	pending := 0
	for k := range hits {
		hits[k].ok = waive || !hits[k].f.needsCtx
		if !hits[k].ok {
			pending++
		}
	}
	for pending > 0 {
		changed := false
		for k := range hits {
			if !hits[k].ok && hasContext(text, hits, k) {
				hits[k].ok, changed = true, true
				pending--
			}
		}
		if !changed {
			break
		}
	}
	var out []Mention
	for _, h := range hits {
		if h.ok {
			e := vocabulary[h.f.entry]
			out = append(out, Mention{Name: e.name, Kind: e.kind, Start: h.start, End: h.end})
		}
	}
	return out
}

// matchAt tries every form whose first word is key, longest first, at the
// word starting at byte i.
func matchAt(text string, i int, key []byte) (found, bool) {
	for _, f := range byKey[string(key)] {
		start := i - f.keyOff
		end := start + len(f.text)
		if start < 0 || end > len(text) {
			continue
		}
		s := text[start:end]
		if f.exact && s != f.text || !f.exact && !strings.EqualFold(s, f.text) {
			continue
		}
		if !boundaries(text, start, end, f) {
			continue
		}
		if f.shout && shouted(text, start, end) {
			continue
		}
		return found{f: f, start: start, end: end}, true
	}
	return found{}, false
}

// boundaries checks the characters either side of a form: whole words,
// "C" is not the start of "C++" or "C#", "Node" is not "Node.js", and a
// short form is not part of "go-live", "R&D" or "x-R".
func boundaries(text string, start, end int, f form) bool {
	if start > 0 {
		p, _ := utf8.DecodeLastRuneInString(text[:start])
		if isWord(p) {
			return false
		}
		if p == '.' && start > 1 {
			if pp, _ := utf8.DecodeLastRuneInString(text[:start-1]); isWord(pp) {
				return false
			}
		}
		if f.short && strings.ContainsRune("-&./@", p) {
			return false
		}
	}
	if end < len(text) {
		n, size := utf8.DecodeRuneInString(text[end:])
		if isWord(n) || n == '+' || n == '#' {
			return false
		}
		var after rune = ' '
		if end+size < len(text) {
			after, _ = utf8.DecodeRuneInString(text[end+size:])
		}
		if n == '.' && isWord(after) {
			return false
		}
		if f.short && (n == '&' || n == '-' && unicode.IsLetter(after)) {
			return false
		}
	}
	return true
}

// shouted reports whether the words next to an all-capitals form are
// shouted too ("THE REST OF THE TEAM"), so the form is an ordinary word.
func shouted(text string, start, end int) bool {
	before := lastWord(text[:start])
	after := nextWord(text[end:])
	return isShoutWord(before) || isShoutWord(after)
}

func isShoutWord(w string) bool {
	if len(w) < 3 || !isShout(w) {
		return false
	}
	_, known := byLower[strings.ToLower(w)]
	return !known
}

func lastWord(s string) string {
	s = strings.TrimRightFunc(s, func(r rune) bool { return !isWord(r) })
	i := strings.LastIndexFunc(s, func(r rune) bool { return !isWord(r) })
	return s[i+1:]
}

func nextWord(s string) string {
	s = strings.TrimLeftFunc(s, func(r rune) bool { return !isWord(r) })
	if i := strings.IndexFunc(s, func(r rune) bool { return !isWord(r) }); i >= 0 {
		return s[:i]
	}
	return s
}

const (
	skillWindow = 100 // bytes either side where a skill sets the context
	cueWindow   = 60  // bytes either side where a cue word sets it
)

func hasContext(text string, hits []found, k int) bool {
	h := hits[k]
	c := vocabulary[h.f.entry].ctx
	// hits are in text order: look at the neighbours within the window.
	near := func(o found) bool { return o.ok && o.f.entry != h.f.entry && inContext[o.f.entry][c] }
	for j := k - 1; j >= 0 && hits[j].end >= h.start-skillWindow; j-- {
		if near(hits[j]) {
			return true
		}
	}
	for j := k + 1; j < len(hits) && hits[j].start <= h.end+skillWindow; j++ {
		if near(hits[j]) {
			return true
		}
	}
	lo, hi := max(0, h.start-cueWindow), min(len(text), h.end+cueWindow)
	for _, w := range strings.FieldsFunc(strings.ToLower(text[lo:hi]), func(r rune) bool { return !isWord(r) }) {
		if cueSet[c][w] {
			return true
		}
	}
	return false
}

func isWord(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// firstWord returns the lower-cased first run of letters and digits of s
// and its offset.
func firstWord(s string) (string, int) {
	i := 0
	for i < len(s) && !isASCIIAlnum(s[i]) {
		i++
	}
	j := i
	for j < len(s) && isASCIIAlnum(s[j]) {
		j++
	}
	return strings.ToLower(s[i:j]), i
}

func alnumCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isASCIIAlnum(s[i]) {
			n++
		}
	}
	return n
}

// isShout reports whether s has letters and all of them are capitals.
func isShout(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters > 0
}

// Implied returns the skills a skill shows by itself (PostgreSQL → SQL,
// ACLS → BLS, CPR), by canonical name, following the chain. The caller
// must not change the slice.
func Implied(name string) []string {
	if out, ok := impliedBy[name]; ok {
		return out
	}
	return impliedBy[Canonical(name)]
}

// impliedBy is implies followed to its end, per canonical name.
var impliedBy = func() map[string][]string {
	m := map[string][]string{}
	for from := range implies {
		var out []string
		seen := map[string]bool{from: true}
		var walk func(n string)
		walk = func(n string) {
			for _, to := range implies[n] {
				if !seen[to] {
					seen[to] = true
					out = append(out, to)
					walk(to)
				}
			}
		}
		walk(from)
		m[from] = out
	}
	return m
}()
