package drafting

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"tailor/jobs"
	"tailor/profile"
)

// Kinds of fact the verifier checks in a model's draft.
const (
	KindOrganisation  = "organisation"
	KindEmployer      = "employer"
	KindSchool        = "school"
	KindTitle         = "title"
	KindDegree        = "degree"
	KindCertification = "certification"
	KindNumber        = "number"
	KindSkill         = "skill"
	// KindName is a capitalised name the verifier cannot place: a method,
	// a language, a product.
	KindName = "name"
)

// Violation is one fact a draft states that neither the profile nor the job
// supports: an employer, a school, a degree the person never had.
type Violation struct {
	Kind     string `json:"kind"`
	Text     string `json:"text"`
	Where    string `json:"where"`    // "paragraph 2", "summary", ...
	Sentence string `json:"sentence"` // the sentence that states it
}

// Feedback says the violation in words a model can act on in a redraft.
func (v Violation) Feedback() string {
	if v.Kind == KindName {
		return fmt.Sprintf("The %s names %q, which is in neither the profile nor the job posting; leave it out and use only facts from the profile.",
			v.Where, v.Text)
	}
	return fmt.Sprintf("The %s names the %s %q, which is in neither the profile nor the job posting; leave it out and use only facts from the profile.",
		v.Where, v.Kind, v.Text)
}

// Verifier checks a model's text against the profile and the job. Facts
// about the candidate (said in the first person, or in a CV) must come from
// the profile; names of the job's company, title and skills may also come
// from the job when the text speaks about the job.
type Verifier struct {
	prof       truth
	profWord   map[string]bool // lower-case words of the profile
	jobText    string          // normalized job text, space-padded
	jobWord    map[string]bool
	jobNums    map[string]bool
	employer   []string // normalized profile employers and schools
	degrees    map[string]bool
	hasCert    bool
	jobSkill   []string
	jobTitle   string
	jobCompany string
	// jobPhrases are the job's responsibilities and requirements of three
	// words or more, normalized.
	jobPhrases []string
}

// NewVerifier prepares the facts of p and job for checking drafts.
func NewVerifier(p profile.Resume, job jobs.Posting) *Verifier {
	v := &Verifier{prof: profileTruth(p), profWord: map[string]bool{}, jobWord: map[string]bool{}, degrees: map[string]bool{}}
	ps := append(profileStrings(p), extraStrings(p.Extra)...)
	v.prof.text += " " + norm(strings.Join(extraStrings(p.Extra), " | ")) + " "
	for _, s := range ps {
		for _, w := range tokens(s) {
			v.profWord[w] = true
		}
		if l := strings.ToLower(s); strings.Contains(l, "certif") || strings.Contains(l, "licen") {
			v.hasCert = true
		}
	}
	for _, w := range p.Work {
		if n := norm(w.Name); n != "" {
			v.employer = append(v.employer, n)
		}
	}
	for _, e := range p.Education {
		if n := norm(e.Institution); n != "" {
			v.employer = append(v.employer, n)
		}
		for _, d := range degreeClasses(e.StudyType + " " + e.Area) {
			v.degrees[d] = true
		}
	}
	for _, d := range degreeClasses(plain(p.Basics.Summary) + " " + plain(p.Basics.Label)) {
		v.degrees[d] = true
	}
	js := jobStrings(job)
	parts := make([]string, 0, len(js))
	for _, s := range js {
		parts = append(parts, norm(s))
		for _, w := range tokens(s) {
			v.jobWord[w] = true
		}
	}
	v.jobText = " " + strings.Join(parts, " | ") + " "
	v.jobNums = numberSet(js...)
	v.jobSkill = append(v.jobSkill, job.Skills...)
	v.jobTitle, v.jobCompany = plain(job.Title), plain(job.Company)
	for _, list := range [][]string{job.Responsibilities, job.Requirements, job.NiceToHave} {
		for _, x := range list {
			if n := norm(plain(x)); len(strings.Fields(n)) >= 3 {
				v.jobPhrases = append(v.jobPhrases, n)
			}
		}
	}
	return v
}

// extraStrings is the text of the profile's sections Tailor does not edit
// (languages, certificates, awards, volunteering): a draft may mention them.
func extraStrings(extra map[string]json.RawMessage) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			if x = plain(x); x != "" && !strings.HasPrefix(x, "http") {
				out = append(out, x)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for _, raw := range extra {
		var v any
		if json.Unmarshal(raw, &v) == nil {
			walk(v)
		}
	}
	sort.Strings(out)
	return out
}

// jobStrings is every piece of text of a posting a draft may quote.
func jobStrings(j jobs.Posting) []string {
	var out []string
	add := func(ss ...string) {
		for _, s := range ss {
			if s = plain(s); s != "" {
				out = append(out, s)
			}
		}
	}
	add(j.Title, j.Company, j.Location, j.Seniority, j.EmploymentType, j.Description, j.HowToApply)
	add(j.Locations...)
	add(j.Responsibilities...)
	add(j.Requirements...)
	add(j.NiceToHave...)
	add(j.Skills...)
	add(j.Benefits...)
	return out
}

// inProfile reports whether the profile states phrase word for word.
func (v *Verifier) inProfile(phrase string) bool { return v.prof.has(phrase) }

// inJob reports whether the job states phrase word for word.
func (v *Verifier) inJob(phrase string) bool {
	n := norm(phrase)
	return n != "" && strings.Contains(v.jobText, " "+n+" ")
}

var (
	firstPersonRe = regexp.MustCompile(`(?i)\b(i|i'm|i’m|i've|i’ve|i'd|i’d|me|my|myself)\b`)
	// employmentRe finds "worked at X", "my time at X", "while at X": a claim
	// that the person was employed by X.
	employmentRe = regexp.MustCompile(`(?i:\b(?:worked|working|served|serving|spent|was|been|employed|my (?:time|role|work|years?|tenure|position|experience)|while|previously|most recently|currently|formerly)\b[^.;:]{0,60}?\b(?:at|for|by)\s+)((?:[Tt]he\s+)?[A-Z0-9][\w&'’-]*(?:\s+(?:of|for|and|&|de|the)?\s*[A-Z0-9][\w&'’-]*){0,5})`)
	// pastClaimRe marks an employment phrase as a claim about the past.
	pastClaimRe = regexp.MustCompile(`(?i)\b(worked|was|been|served|spent|employed|my|previously|formerly)\b`)
	// degreeClaimRe finds degrees, spelled out or abbreviated.
	degreeClaimRe = regexp.MustCompile(`(?i)\b((?:bachelor|master|doctor)(?:'?s|’s)? of (?:the )?\w+(?: \w+)?|ph\.?\s?d\.?|doctorate|doctoral degree|master'?s|master’s|masters|m\.?sc\.?|m\.?eng\.?|mba|m\.a\.|m\.s\.|bachelor'?s|bachelor’s|bachelors|b\.?sc\.?|b\.?eng\.?|b\.a\.|b\.s\.|associate'?s degree)(?:\s|$|[,.;)])`)
	// certRe finds certification claims and well-known certificates.
	certRe = regexp.MustCompile(`(?i)\b(certified|certification|certificate|licensed|pmp|cissp|cka|ckad|ccna|ccnp|cpa|cfa|csm|itil|togaf)\b`)
	// titleClaimRe finds a job title the person says they held: "as a Staff
	// Engineer", "I am a Principal Architect".
	titleClaimRe = regexp.MustCompile(`(?i)\b(?:as an?|as the|i am an?|i'm an?|i’m an?|i was an?|i was the|served as an?|worked as an?|served as|worked as|promoted to|role of|position of)\s+((?:[\w+#.-]+\s+){0,3}?(?:engineer|developer|manager|director|lead|architect|scientist|designer|analyst|consultant|officer|head|president|administrator|specialist|researcher|professor|lecturer))\b`)
	// schoolRe marks a name as a school.
	schoolRe = regexp.MustCompile(`(?i)\b(university|college|institute|school|academy|polytechnic|mit|caltech|eth)\b`)
	// orgWordRe marks a name as an organisation.
	orgWordRe = regexp.MustCompile(`\b(Inc|Ltd|LLC|GmbH|AG|SA|plc|Corp|Corporation|Company|Co|Group|Labs|Technologies|Systems|Bank|Foundation|Agency|Ministry|Council|Hospital)\b`)
	// titleWordRe marks a name as a job title.
	titleWordRe = regexp.MustCompile(`(?i)\b(engineer|developer|manager|director|lead|architect|scientist|designer|analyst|consultant|officer|president|vp|cto|ceo|cfo|head)\b$`)
)

// commonCaps are capitalised words any letter may use that name nothing
// the person would have to have done.
var commonCaps = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`i dear hiring manager managers team sincerely regards best kind yours
		mr mrs ms dr sir madam thank thanks cv resume résumé re subject application position role job
		january february march april may june july august september october november december
		monday tuesday wednesday thursday friday saturday sunday today summary experience skills
		education projects profile highlights english`) {
		m[w] = true
	}
	return m
}()

// sentenceOpeners are words that start a sentence with a capital for
// grammar's sake, not because they name something.
var sentenceOpeners = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the my our your their his her its this that these those there here
		in at on as by for from with without within to into over under during since while when where which
		who what why how after before beyond throughout across through together additionally also moreover
		furthermore however ultimately overall finally first second third then today currently recently
		previously most many each every both one two three some several all any more much such just only
		thank thanks dear i we you he she it they please given having being because although though if
		whether besides alongside beyond among between outside inside upon until unless once perhaps
		above below again yes no not nor or and but so yet`) {
		m[w] = true
	}
	return m
}()

// capRun is a run of capitalised words in a sentence.
type capRun struct {
	text  string
	start int // byte offset in the sentence
	first bool
}

var capTokenRe = regexp.MustCompile(`[\p{L}\p{N}][\p{L}\p{N}&+#.'’-]*`)

// capitalRuns finds the names in a sentence: runs of words that start with
// a capital letter or are acronyms, joined by "of", "and", "&", "for".
func capitalRuns(s string) []capRun {
	locs := capTokenRe.FindAllStringIndex(s, -1)
	var out []capRun
	var cur []string
	curStart, curFirst := -1, false
	lastEnd := -1
	flush := func() {
		// A run does not end in a joining word.
		for len(cur) > 0 && isJoiner(cur[len(cur)-1]) {
			cur = cur[:len(cur)-1]
		}
		if len(cur) > 0 {
			out = append(out, capRun{text: strings.Join(cur, " "), start: curStart, first: curFirst})
		}
		cur, curStart, curFirst = nil, -1, false
	}
	for i, l := range locs {
		w := strings.TrimRight(s[l[0]:l[1]], ".'’-")
		gap := ""
		if lastEnd >= 0 {
			gap = s[lastEnd:l[0]]
		}
		contiguous := lastEnd >= 0 && strings.TrimSpace(gap) == ""
		switch {
		case startsUpper(w):
			if len(cur) == 0 || !contiguous {
				flush()
				curStart, curFirst = l[0], i == 0 || sentenceStartBefore(s[:l[0]])
			}
			cur = append(cur, w)
		case len(cur) > 0 && contiguous && isJoiner(w):
			cur = append(cur, w)
		default:
			flush()
		}
		lastEnd = l[1]
	}
	flush()
	return out
}

func isJoiner(w string) bool {
	switch strings.ToLower(w) {
	case "of", "and", "&", "for", "de", "the":
		return true
	}
	return false
}

func startsUpper(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r) || unicode.IsDigit(r) && strings.IndexFunc(w, unicode.IsLetter) > 0 && hasUpper(w)
	}
	return false
}

func hasUpper(w string) bool { return strings.IndexFunc(w, unicode.IsUpper) >= 0 }

// sentenceStartBefore reports whether only punctuation or a list mark comes
// before a word, so the word's capital may be grammar.
func sentenceStartBefore(prefix string) bool {
	return strings.TrimFunc(prefix, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) == ""
}

// knownWord reports whether a capitalised word is in the profile, the job
// or the common words of a letter.
func (v *Verifier) knownWord(w string) bool {
	lw := strings.ToLower(strings.Trim(w, ".'’-"))
	lw = strings.TrimSuffix(strings.TrimSuffix(lw, "'s"), "’s")
	known := func(x string) bool {
		return x == "" || v.profWord[x] || v.jobWord[x] || commonCaps[x] || isJoiner(x) ||
			numberRe.MatchString(x) && numberRe.FindString(x) == x
	}
	if known(lw) {
		return true
	}
	// "Cloud-native" is known when "cloud" and "native" are.
	parts := strings.Split(lw, "-")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if !known(p) {
			return false
		}
	}
	return true
}

// Check returns every violation in text, a piece of a draft named where
// ("paragraph 2", "summary"). aboutCandidate says the whole text speaks of
// the person (a CV), not only its first-person sentences.
func (v *Verifier) Check(text, where string, aboutCandidate bool) []Violation {
	var out []Violation
	for _, s := range splitSentences(text) {
		out = append(out, v.checkSentence(s, where, aboutCandidate)...)
	}
	return out
}

func (v *Verifier) checkSentence(s, where string, aboutCandidate bool) []Violation {
	var out []Violation
	seen := map[string]bool{}
	add := func(kind, text string) {
		k := kind + "|" + strings.ToLower(text)
		if seen[k] {
			return
		}
		seen[k] = true
		out = append(out, Violation{Kind: kind, Text: text, Where: where, Sentence: s})
	}
	personal := aboutCandidate || firstPersonRe.MatchString(s)

	// Numbers: every number must be stated by the profile or the job.
	for _, n := range numberRe.FindAllString(s, -1) {
		c := canonicalNumber(n)
		if v.prof.numbers[c] || v.jobNums[c] {
			continue
		}
		add(KindNumber, n)
	}

	// Degrees the person claims must be in the profile's education.
	if personal {
		for _, m := range degreeClaimRe.FindAllStringSubmatch(s, -1) {
			for _, d := range degreeClasses(m[1]) {
				if !v.degrees[d] {
					add(KindDegree, strings.TrimSpace(m[1]))
				}
			}
		}
		for _, m := range certRe.FindAllStringSubmatch(s, -1) {
			w := m[1]
			lw := strings.ToLower(w)
			known := v.inProfile(w)
			if lw == "certified" || lw == "certification" || lw == "certificate" || lw == "licensed" {
				known = v.hasCert || v.profWord[lw]
			}
			if !known {
				add(KindCertification, w)
			}
		}
		// Employment claims name a profile employer or school, never the
		// job's company.
		for _, m := range employmentRe.FindAllStringSubmatch(s, -1) {
			org := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(m[1], "the "), "The "))
			// The profile's own words ("he worked for Hooli" in its
			// summary) support the claim too.
			if org == "" || !hasUpper(org) || v.isProfileOrg(org) || v.inProfile(org) {
				continue
			}
			// "currently excited about the role at Globex" names the job's
			// company; "I worked at Globex" claims a past there.
			if v.inJob(org) && !pastClaimRe.MatchString(m[0]) {
				continue
			}
			if commonCaps[strings.ToLower(org)] {
				continue
			}
			add(KindEmployer, org)
		}
		for _, m := range titleClaimRe.FindAllStringSubmatch(s, -1) {
			t := strings.TrimSpace(m[1])
			if v.inProfile(t) || v.inJob(t) || v.inProfile(lastWords(t, 2)) {
				continue
			}
			add(KindTitle, t)
		}
		// Skills the job asks for that the profile lacks; the job's title,
		// its company and what the sentence quotes from the job are about
		// the job, not the person.
		rest := v.withoutJobWords(s)
		ns := v.withoutJobPhrases(" " + norm(rest) + " ")
		for _, k := range v.jobSkill {
			n := norm(k)
			if n == "" || !strings.Contains(ns, " "+n+" ") || v.inProfile(k) {
				continue
			}
			// A short name keeps its case: "go through" is not Go.
			if len(n) <= 3 && !containsWord(rest, strings.TrimSpace(k)) {
				continue
			}
			add(KindSkill, k)
		}
	}

	// Names: every capitalised name is in the profile, or in the job.
	for _, r := range capitalRuns(s) {
		name := r.text
		ws := strings.Fields(name)
		if r.first && len(ws) > 1 && looksLikeGrammar(ws[0]) {
			ws = ws[1:]
			for len(ws) > 0 && isJoiner(ws[0]) {
				ws = ws[1:]
			}
			name = strings.Join(ws, " ")
		}
		if name == "" || reported(out, name) {
			continue
		}
		if r.first && len(ws) == 1 && (looksLikeGrammar(ws[0]) || name == r.text && !looksLikeName(ws[0])) {
			// One capitalised word opening a sentence is most likely an
			// ordinary word; an acronym or "GitLab" still counts.
			continue
		}
		if v.inProfile(name) || v.inJob(name) {
			continue
		}
		unknown := false
		for _, w := range ws {
			if !v.knownWord(w) {
				unknown = true
				break
			}
		}
		if !unknown {
			continue
		}
		if degreeClaimRe.MatchString(name+" ") || certRe.MatchString(name) && personal {
			continue // reported above
		}
		add(nameKind(name, s[:min(r.start, len(s))]), name)
	}
	return out
}

// reported reports whether name is already part of a violation found in
// the same sentence, so "Staff Engineer" is not named twice.
func reported(vs []Violation, name string) bool {
	n := norm(name)
	for _, v := range vs {
		t := norm(v.Text)
		if strings.Contains(" "+t+" ", " "+n+" ") || strings.Contains(" "+n+" ", " "+t+" ") {
			return true
		}
	}
	return false
}

// looksLikeGrammar reports whether a sentence's first word is an ordinary
// word with a capital: a gerund, an adverb, a past tense.
func looksLikeGrammar(w string) bool {
	lw := strings.ToLower(w)
	if sentenceOpeners[lw] || stopWords[lw] || commonCaps[lw] {
		return true
	}
	if strings.ToUpper(w) == w {
		return false // an acronym
	}
	for _, suf := range []string{"ing", "ly", "ed", "ful", "ous", "ive"} {
		if strings.HasSuffix(lw, suf) && len(lw) > len(suf)+2 {
			return true
		}
	}
	return false
}

var quotedRe = regexp.MustCompile(`“[^”]*”|"[^"]*"|‘[^’]*’`)

// withoutJobWords removes from s what names the job rather than the person:
// quotations, the job's title and its company.
func (v *Verifier) withoutJobWords(s string) string {
	s = quotedRe.ReplaceAllString(s, " ")
	for _, x := range []string{v.jobTitle, v.jobCompany} {
		if strings.TrimSpace(x) != "" {
			s = strings.ReplaceAll(s, x, " ")
		}
	}
	return s
}

// withoutJobPhrases removes from a normalized, space-padded sentence the
// job's own responsibilities and requirements it repeats: "I would be glad
// to operate PostgreSQL databases" speaks of the job, not of the person.
func (v *Verifier) withoutJobPhrases(ns string) string {
	for _, p := range v.jobPhrases {
		ns = strings.ReplaceAll(ns, " "+p+" ", " | ")
	}
	return ns
}

// looksLikeName reports whether a word is shaped like a name whatever its
// place: an acronym, "GitLab", "S3".
func looksLikeName(w string) bool {
	return len(w) > 1 && strings.ToUpper(w) == w || isCamel(w) || strings.ContainsAny(w, "0123456789+#")
}

// nameKind guesses what an unknown name is from its words and what comes
// before it.
func nameKind(name, before string) string {
	b := strings.ToLower(before)
	switch {
	case schoolRe.MatchString(name) || strings.HasSuffix(strings.TrimSpace(b), "from") && strings.ToUpper(name) == name:
		return KindSchool
	case titleWordRe.MatchString(name):
		return KindTitle
	case strings.ContainsAny(name, "+#.0123456789") || isCamel(name):
		return KindSkill
	case strings.HasSuffix(strings.TrimSpace(b), " at") || strings.HasSuffix(strings.TrimSpace(b), " joined"):
		return KindEmployer
	case strings.HasSuffix(strings.TrimSpace(b), " for") || strings.HasSuffix(strings.TrimSpace(b), " with") ||
		strings.HasSuffix(strings.TrimSpace(b), " by") || orgWordRe.MatchString(name):
		return KindOrganisation
	}
	return KindName
}

func isCamel(s string) bool {
	r := []rune(s)
	for i := 1; i < len(r); i++ {
		if unicode.IsUpper(r[i]) && unicode.IsLower(r[i-1]) {
			return true
		}
	}
	return false
}

// isProfileOrg reports whether org is (part of) a profile employer or school.
func (v *Verifier) isProfileOrg(org string) bool {
	n := norm(org)
	if n == "" {
		return false
	}
	for _, e := range v.employer {
		if e == n || strings.Contains(" "+e+" ", " "+n+" ") || strings.Contains(" "+n+" ", " "+e+" ") || similar(e, n) >= matchThreshold {
			return true
		}
	}
	return false
}

func lastWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[len(f)-n:]
	}
	return strings.Join(f, " ")
}

// degreeClassRes maps each degree class to the names that mean it, so "PhD"
// and "Doctor of Philosophy" meet, as do "MSc" and "Master of Science".
var degreeClassRes = []struct {
	class string
	re    *regexp.Regexp
}{
	{"doctorate", regexp.MustCompile(`\b(phd|ph d|doctorate|doctoral|doctor of|dphil)\b`)},
	{"mba", regexp.MustCompile(`\bmba\b`)},
	{"master", regexp.MustCompile(`\b(master|masters|master's|msc|ms|ma|meng|mphil|mres|mfa|mpa|mph)\b`)},
	{"bachelor", regexp.MustCompile(`\b(bachelor|bachelors|bachelor's|bsc|bs|ba|beng|bfa|ab|sb)\b`)},
	{"associate", regexp.MustCompile(`\b(associate's degree|associates degree|associate degree|aas|as degree)\b`)},
}

// degreeClasses returns the degree classes s names.
func degreeClasses(s string) []string {
	l := strings.NewReplacer(".", "", "’", "'").Replace(strings.ToLower(s))
	var out []string
	for _, d := range degreeClassRes {
		if d.re.MatchString(l) {
			out = append(out, d.class)
		}
	}
	return out
}

// dropViolations removes every sentence of text that holds a violation and
// returns what is left and how many sentences were dropped.
func dropViolations(text string, vs []Violation) (string, int) {
	bad := map[string]bool{}
	for _, v := range vs {
		bad[v.Sentence] = true
	}
	var kept []string
	dropped := 0
	for _, s := range splitSentences(text) {
		if bad[s] {
			dropped++
			continue
		}
		kept = append(kept, s)
	}
	return strings.Join(kept, " "), dropped
}

// feedback turns violations into the lines a redraft prompt lists.
func feedback(vs []Violation) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range vs {
		f := v.Feedback()
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}
