package drafting

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"tailor/profile"
	"tailor/skills"
)

// itemKind is what part of the profile an evidence item is; it sets how
// much the item counts as evidence (an achievement more than a listed
// keyword, a listed keyword more than the summary).
type itemKind uint8

const (
	itemHighlight itemKind = iota + 1
	itemWorkSummary
	itemPosition
	itemProjectHighlight
	itemProject
	itemKeyword
	itemEducation
	itemCourse
	itemCertificate
	itemLanguage
	itemSummary
	itemLabel
)

var itemWeight = map[itemKind]float64{
	itemHighlight: 1, itemProjectHighlight: 0.9, itemWorkSummary: 0.8, itemCertificate: 0.85, itemEducation: 0.75,
	itemPosition: 0.7, itemProject: 0.7, itemKeyword: 0.6, itemCourse: 0.5, itemLanguage: 0.8, itemSummary: 0.5, itemLabel: 0.4,
}

// evidenceItem is one string of the profile that can support a requirement.
type evidenceItem struct {
	path   string // JSON pointer into the profile
	text   string
	kind   itemKind
	work   int // index in profile.Work, or -1
	order  int // position in the profile: earlier items rank first on ties
	skills []string
	tokens []string
}

// profileIndex is the profile cut into evidence items, with inverted
// indexes from skill and word to item, so each requirement looks only at
// the items that share something with it.
type profileIndex struct {
	items     []evidenceItem
	bySkill   map[string][]int // lower-cased canonical skill → items
	byToken   map[string][]int
	lower     []string          // items' text, lower-cased, for skills outside the vocabulary
	has       map[string]string // lower-cased skill or keyword → path of its first evidence
	work      []workSpan
	workSkill []map[string]bool // per work entry: skills its items name
	workTok   []map[string]bool
	workText  []string // per work entry: its title, summary and highlights, lower-cased
	education []profile.Education
	langs     []spokenLanguage
	hasLangs  bool
	listed    map[string]bool // vocabulary skills the skills section lists
}

type spokenLanguage struct {
	path, name, fluency string
}

// resumeExtra are the JSON Resume sections profile.Resume keeps unparsed.
type resumeCertificate struct {
	Name   string `json:"name"`
	Issuer string `json:"issuer"`
}

type resumeLanguage struct {
	Language string `json:"language"`
	Fluency  string `json:"fluency"`
}

func indexProfile(p profile.Resume, now time.Time) *profileIndex {
	ix := &profileIndex{bySkill: map[string][]int{}, byToken: map[string][]int{}, has: map[string]string{},
		education: p.Education}
	listed := listedSkills(p)
	ix.listed = map[string]bool{}
	for _, l := range listed {
		ix.listed[l.name] = true
	}
	add := func(path, text string, kind itemKind, work int, term bool) {
		text = strings.TrimSpace(text)
		if text == "" {
			return
		}
		it := evidenceItem{path: path, text: text, kind: kind, work: work, order: len(ix.items)}
		if term {
			it.skills = skills.FindTerm(text)
			// A keyword outside the vocabulary is still a skill the person
			// lists ("Dropbox", "LAMP").
			ix.note(strings.ToLower(skills.Canonical(text)), path)
		} else {
			it.skills = withListed(skills.Find(text), text, listed)
		}
		it.tokens = contentWords(text)
		i := len(ix.items)
		ix.items = append(ix.items, it)
		ix.lower = append(ix.lower, strings.ToLower(text))
		for _, s := range withImplied(it.skills) {
			k := strings.ToLower(s)
			ix.bySkill[k] = append(ix.bySkill[k], i)
			ix.note(k, path)
		}
		for _, t := range it.tokens {
			ix.byToken[t] = append(ix.byToken[t], i)
		}
	}
	b := p.Basics
	add("/basics/label", b.Label, itemLabel, -1, false)
	for _, s := range sentencesOf(b.Summary) {
		add("/basics/summary", s, itemSummary, -1, false)
	}
	ix.workSkill = make([]map[string]bool, len(p.Work))
	ix.workTok = make([]map[string]bool, len(p.Work))
	for i, w := range p.Work {
		first := len(ix.items)
		pre := "/work/" + strconv.Itoa(i)
		add(pre+"/position", w.Position, itemPosition, i, false)
		add(pre+"/summary", w.Summary, itemWorkSummary, i, false)
		for j, h := range w.Highlights {
			add(pre+"/highlights/"+strconv.Itoa(j), h, itemHighlight, i, false)
		}
		ix.workSkill[i], ix.workTok[i] = map[string]bool{}, map[string]bool{}
		var text []string
		for _, it := range ix.items[first:] {
			text = append(text, it.text)
			for _, s := range withImplied(it.skills) {
				ix.workSkill[i][strings.ToLower(s)] = true
			}
			for _, t := range it.tokens {
				ix.workTok[i][t] = true
			}
		}
		ix.workText = append(ix.workText, strings.ToLower(strings.Join(text, "\n")))
		ix.work = append(ix.work, spanOf(i, w, now))
	}
	for i, e := range p.Education {
		pre := "/education/" + strconv.Itoa(i)
		add(pre, educationText(e), itemEducation, -1, false)
		for j, c := range e.Courses {
			add(pre+"/courses/"+strconv.Itoa(j), c, itemCourse, -1, false)
		}
	}
	for i, s := range p.Skills {
		pre := "/skills/" + strconv.Itoa(i)
		if len(s.Keywords) == 0 {
			// A name with no keywords is the skill itself; with keywords
			// it is a group label ("Data", "Languages") and no skill.
			add(pre+"/name", s.Name, itemKeyword, -1, true)
			continue
		}
		for j, k := range s.Keywords {
			add(pre+"/keywords/"+strconv.Itoa(j), k, itemKeyword, -1, true)
		}
	}
	for i, pr := range p.Projects {
		pre := "/projects/" + strconv.Itoa(i)
		add(pre+"/description", pr.Description, itemProject, -1, false)
		for j, h := range pr.Highlights {
			add(pre+"/highlights/"+strconv.Itoa(j), h, itemProjectHighlight, -1, false)
		}
		for j, k := range pr.Keywords {
			add(pre+"/keywords/"+strconv.Itoa(j), k, itemKeyword, -1, true)
		}
	}
	var certs []resumeCertificate
	if raw, ok := p.Extra["certificates"]; ok && json.Unmarshal(raw, &certs) == nil {
		for i, c := range certs {
			add("/certificates/"+strconv.Itoa(i), c.Name, itemCertificate, -1, false)
		}
	}
	var langs []resumeLanguage
	if raw, ok := p.Extra["languages"]; ok && json.Unmarshal(raw, &langs) == nil {
		for i, l := range langs {
			path := "/languages/" + strconv.Itoa(i)
			name := strings.TrimSpace(l.Language)
			if name == "" {
				continue
			}
			ix.hasLangs = true
			ix.langs = append(ix.langs, spokenLanguage{path: path, name: name, fluency: strings.TrimSpace(l.Fluency)})
		}
	}
	return ix
}

// listedSkill is a vocabulary skill the profile's skills section lists.
// Short names (Go, R, C) match only in their own case.
type listedSkill struct {
	name, lower string
	fold        bool
}

// listedSkills are the vocabulary skills the profile lists. Where the
// profile lists a skill, its bare name elsewhere in the profile is that
// skill even without the context the vocabulary asks of a text in
// general: "Moved nightly jobs to Airflow" is the tool when the skills
// section lists Airflow.
func listedSkills(p profile.Resume) []listedSkill {
	var out []listedSkill
	seen := map[string]bool{}
	addTerm := func(t string) {
		for _, n := range skills.FindTerm(t) {
			if !seen[n] {
				seen[n] = true
				out = append(out, listedSkill{name: n, lower: strings.ToLower(n), fold: len(n) > 3})
			}
		}
	}
	for _, s := range p.Skills {
		if len(s.Keywords) == 0 {
			addTerm(s.Name)
		}
		for _, k := range s.Keywords {
			addTerm(k)
		}
	}
	return out
}

// withListed adds the listed skills a text names by their bare name.
func withListed(found []string, text string, listed []listedSkill) []string {
	lower := ""
	for _, l := range listed {
		if slices.Contains(found, l.name) {
			continue
		}
		hay, needle := text, l.name
		if l.fold {
			if lower == "" {
				lower = strings.ToLower(text)
			}
			hay, needle = lower, l.lower
		}
		if containsWords(hay, needle) {
			found = append(found, l.name)
		}
	}
	return found
}

// withImplied adds the skills each skill shows by itself (MySQL → SQL).
func withImplied(names []string) []string {
	out := names
	for _, n := range names {
		for _, m := range skills.Implied(n) {
			if !slices.Contains(out, m) {
				if len(out) == len(names) {
					out = slices.Clone(names)
				}
				out = append(out, m)
			}
		}
	}
	return out
}

func (ix *profileIndex) note(key, path string) {
	if key == "" {
		return
	}
	if _, ok := ix.has[key]; !ok {
		ix.has[key] = path
	}
}

func educationText(e profile.Education) string {
	var parts []string
	if deg := strings.TrimSpace(strings.TrimSpace(e.StudyType) + " " + strings.TrimSpace(e.Area)); deg != "" {
		parts = append(parts, deg)
	}
	if e.Institution != "" {
		parts = append(parts, e.Institution)
	}
	return strings.Join(parts, ", ")
}

// sentencesOf splits a paragraph into sentences at ". ", "! " and "? "
// followed by a capital, keeping abbreviations like "B.S." whole.
func sentencesOf(s string) []string {
	s = strings.TrimSpace(s)
	var out []string
	start := 0
	for i := 0; i < len(s)-2; i++ {
		c := s[i]
		if (c == '.' || c == '!' || c == '?') && s[i+1] == ' ' && unicode.IsUpper(rune(s[i+2])) {
			// "Dr. Smith", "B.S. Accounting": a short word before the dot.
			w := s[strings.LastIndexAny(s[:i], " (")+1 : i]
			if c == '.' && (len(w) <= 2 || strings.Contains(w, ".")) {
				continue
			}
			out = append(out, strings.TrimSpace(s[start:i+1]))
			start = i + 2
		}
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// reqStopwords are words that say nothing about what a requirement asks
// for ("strong", "experience", "ability") or about a profile item.
var reqStopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or of in on at to for with by from as is are be been being this that these
		those it its our your you we they their who whom which what will would can could should must may might shall do does
		did have has had not no nor but if then than so such via per into onto over under within across about above
		experience experienced experiences year years yrs ability able strong excellent good great proven demonstrated
		demonstrable knowledge understanding skill skills skilled work working worked including include includes etc
		required require requires requirement requirements preferred prefer plus least minimum related relevant similar
		equivalent familiarity familiar proficiency proficient background environment using use used ensure highly
		candidate candidates role position team teams new high level well other others various effective effectively
		solid deep hands hand track record ideally also both e.g eg i.e ie like any all some more most very
		one two three four five six seven eight nine ten first based closely strongly willing willingness
		responsible responsibility responsibilities duties job jobs day days must-have nice preferably
		ability abilities capacity capable comfortable thrive passion passionate desire eager motivated self`) {
		m[w] = true
	}
	return m
}()

// contentWords returns the distinct stemmed words of s that carry meaning.
func contentWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '+' && r != '#'
	}) {
		w = strings.Trim(w, "+")
		if len(w) < 2 || reqStopwords[w] || isNumber(w) {
			continue
		}
		// Items are short: a slice is cheaper than a set.
		if w = stem(w); !reqStopwords[w] && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}
