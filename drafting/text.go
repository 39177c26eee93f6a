package drafting

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"tailor/jobs"
	"tailor/profile"
)

// CountWords counts the words a reader would count: runs of non-space
// characters that hold at least one letter or digit. A dash or a bullet
// standing alone is not a word; "e-mail", "don't" and "C++" are one each.
func CountWords(s string) int {
	n := 0
	inWord, hasAlnum := false, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if inWord && hasAlnum {
				n++
			}
			inWord, hasAlnum = false, false
			continue
		}
		inWord = true
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			hasAlnum = true
		}
	}
	if inWord && hasAlnum {
		n++
	}
	return n
}

// stopWords are words too common to say anything about fit.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an and are as at be been being but by can could did do does
		for from had has have he her his how i if in into is it its me my of on or our ours she so
		such than that the their them then there these they this those to too us was we were what
		when where which while who whom why will with would you your yours all any also etc etc.
		about across after again against am before both during each few further here just more most
		no nor not only other own same some very up down out over under within without per via
		able ability new including include includes role job team work working experience experienced
		year years strong good great plus must should may using use used well`) {
		m[w] = true
	}
	return m
}()

// tokens splits s into lower-case words, keeping the characters that make
// tech names distinct ("c++", "c#", "node.js").
func tokens(s string) []string {
	var out []string
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '+' || r == '#' || r == '.')
	})
	for _, t := range f {
		t = strings.Trim(t, ".")
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

// suffixes are stripped, first match only, so "managed", "manager" and
// "management" meet at one stem.
var suffixes = []string{"ations", "ation", "ments", "ment", "ings", "ing",
	"ers", "er", "ies", "ied", "ed", "es", "ly", "s"}

// stem reduces a word to a light stem; tech names with symbols are kept.
func stem(w string) string {
	if strings.ContainsAny(w, "+#.") || utf8.RuneCountInString(w) <= 3 {
		return w
	}
	for _, suf := range suffixes {
		if !strings.HasSuffix(w, suf) {
			continue
		}
		if suf == "s" && strings.HasSuffix(w, "ss") {
			break
		}
		base := w[:len(w)-len(suf)]
		if utf8.RuneCountInString(base) < 3 {
			continue // "uses": too short without "es", try "s"
		}
		if suf == "ies" || suf == "ied" {
			base += "y"
		}
		w = base
		break
	}
	if len(w) > 4 && strings.HasSuffix(w, "e") {
		w = w[:len(w)-1]
	}
	return w
}

// terms returns the stems of the content words of s, stop words removed.
func terms(s string) []string {
	var out []string
	for _, t := range tokens(s) {
		if stopWords[t] {
			continue
		}
		if st := stem(t); st != "" {
			out = append(out, st)
		}
	}
	return out
}

// jobWeights is how much each stem says about a job: the title and the
// skills say most, requirements and responsibilities next, the free
// description least.
type jobWeights map[string]float64

func weightsFor(job jobs.Posting) jobWeights {
	w := jobWeights{}
	add := func(s string, weight float64) {
		for _, t := range terms(s) {
			if weight > w[t] {
				w[t] = weight
			}
		}
	}
	add(job.Description, 1)
	for _, s := range job.NiceToHave {
		add(s, 1.5)
	}
	for _, s := range job.Responsibilities {
		add(s, 2)
	}
	for _, s := range job.Requirements {
		add(s, 2)
	}
	add(job.Title, 3)
	for _, s := range job.Skills {
		add(s, 3)
	}
	return w
}

// score is the relevance of s to the job: the summed weight of the distinct
// job stems it mentions.
func (w jobWeights) score(s string) float64 {
	seen := map[string]bool{}
	total := 0.0
	for _, t := range terms(s) {
		if seen[t] {
			continue
		}
		seen[t] = true
		total += w[t]
	}
	return total
}

// rankStrings orders items by score, highest first, keeping the original
// order among equals so the output is deterministic.
func rankStrings(items []string, score func(string) float64) []string {
	type scored struct {
		s string
		v float64
		i int
	}
	all := make([]scored, len(items))
	for i, s := range items {
		all[i] = scored{s, score(s), i}
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].v > all[b].v })
	out := make([]string, len(all))
	for i, s := range all {
		out[i] = s.s
	}
	return out
}

// norm lower-cases s and reduces every run of non-alphanumerics to one space,
// so "Acme, Inc." and "acme inc" compare equal.
func norm(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '+' || r == '#' {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// similar reports how alike two names are, 0 to 1: 1 for equal normalized
// text or one wholly containing the other word for word, else the Dice
// coefficient over character bigrams, which forgives small rephrasing.
func similar(a, b string) float64 {
	a, b = norm(a), norm(b)
	if a == b {
		return 1
	}
	if a == "" || b == "" {
		return 0
	}
	if strings.Contains(" "+a+" ", " "+b+" ") || strings.Contains(" "+b+" ", " "+a+" ") {
		return 0.9
	}
	ba, bb := bigrams(a), bigrams(b)
	if len(ba) == 0 || len(bb) == 0 {
		return 0
	}
	common := 0
	for g, n := range ba {
		common += min(n, bb[g])
	}
	total := 0
	for _, n := range ba {
		total += n
	}
	for _, n := range bb {
		total += n
	}
	return 2 * float64(common) / float64(total)
}

func bigrams(s string) map[string]int {
	r := []rune(s)
	m := map[string]int{}
	for i := 0; i+1 < len(r); i++ {
		m[string(r[i:i+2])]++
	}
	return m
}

var (
	mdLink  = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdMarks = regexp.MustCompile("[*`]{1,3}")
	// mdUnder is _emphasis_ or __strong__ at word edges; "snake_case" and
	// "jane_doe@example.org" keep their underscores.
	mdUnder = regexp.MustCompile(`(^|[\s(])_{1,2}([^_\s][^_]*?)_{1,2}($|[\s).,;:!?])`)
	htmlTag = regexp.MustCompile(`</?[A-Za-z][^<>]*>`)
)

// plain removes Markdown a profile may carry ("**bold**", "[text](url)") and
// collapses whitespace, so text can go into a sentence or a CV line.
func plain(s string) string {
	if strings.Contains(s, "](") {
		s = mdLink.ReplaceAllString(s, "$1")
	}
	if strings.ContainsAny(s, "*`") {
		s = mdMarks.ReplaceAllString(s, "")
	}
	if strings.Contains(s, "_") {
		s = mdUnder.ReplaceAllString(s, "$1$2$3")
	}
	return strings.Join(strings.Fields(s), " ")
}

// truth is what a profile states, prepared for grounding checks.
type truth struct {
	// text is every piece of free text, normalized, with spaces at both
	// ends so a phrase can be looked up word for word.
	text    string
	terms   map[string]bool
	numbers map[string]bool
}

// profileStrings is every piece of text in the profile a draft may draw on.
func profileStrings(p profile.Resume) []string {
	var out []string
	add := func(ss ...string) {
		for _, s := range ss {
			if s = plain(s); s != "" {
				out = append(out, s)
			}
		}
	}
	add(p.Basics.Name, p.Basics.Label, p.Basics.Summary)
	for _, w := range p.Work {
		add(w.Name, w.Position, w.Location, w.Summary, w.StartDate, w.EndDate)
		add(w.Highlights...)
	}
	for _, e := range p.Education {
		add(e.Institution, e.Area, e.StudyType, e.StartDate, e.EndDate)
		add(e.Courses...)
	}
	for _, s := range p.Skills {
		add(s.Name, s.Level)
		add(s.Keywords...)
	}
	for _, pr := range p.Projects {
		add(pr.Name, pr.Description)
		add(pr.Highlights...)
		add(pr.Keywords...)
	}
	return out
}

func profileTruth(p profile.Resume) truth {
	ss := profileStrings(p)
	parts := make([]string, 0, len(ss))
	for _, s := range ss {
		parts = append(parts, norm(s))
	}
	t := truth{text: " " + strings.Join(parts, " | ") + " ", numbers: numberSet(ss...)}
	t.terms = termSet(t.text)
	return t
}

// termSet is the set of stems of a text, for grounding checks.
func termSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, t := range terms(s) {
		m[t] = true
	}
	return m
}

var numberRe = regexp.MustCompile(`\d+(?:[.,]\d+)*`)

// canonicalNumber writes "2,000" as "2000" so the same number matches
// however it is grouped.
func canonicalNumber(n string) string { return strings.ReplaceAll(n, ",", "") }

// numberSet collects every number written in texts.
func numberSet(texts ...string) map[string]bool {
	m := map[string]bool{}
	for _, s := range texts {
		for _, n := range numberRe.FindAllString(s, -1) {
			m[canonicalNumber(n)] = true
		}
	}
	return m
}

// numbersKnown reports whether every number in s is one the profile states.
func (t truth) numbersKnown(s string) bool {
	for _, n := range numberRe.FindAllString(s, -1) {
		if !t.numbers[canonicalNumber(n)] {
			return false
		}
	}
	return true
}

// has reports whether the profile says phrase word for word.
func (t truth) has(phrase string) bool {
	n := norm(phrase)
	return n != "" && strings.Contains(t.text, " "+n+" ")
}

// grounded reports whether a sentence the model wrote stays within what the
// profile says: every number in it appears in the profile (no invented
// metrics) and most of its content words do too.
func (t truth) grounded(s string) bool {
	if !t.numbersKnown(s) {
		return false
	}
	ts := terms(s)
	if len(ts) == 0 {
		return false
	}
	known := 0
	for _, x := range ts {
		if t.terms[x] {
			known++
		}
	}
	return float64(known) >= 0.6*float64(len(ts))
}

// capWords returns s when it has at most n words, else "" so the caller
// leaves it out rather than cut a sentence in half.
func capWords(s string, n int) string {
	if CountWords(s) > n {
		return ""
	}
	return s
}

// sanitize makes profile or job text safe to put inside a letter sentence:
// one line, no template brackets, trimmed of trailing punctuation.
func sanitize(s string) string {
	s = plain(htmlTag.ReplaceAllString(s, ""))
	s = strings.Map(func(r rune) rune {
		switch r {
		case '[':
			return '('
		case ']':
			return ')'
		case '{', '}', '<', '>':
			return -1
		}
		return r
	}, s)
	t := strings.TrimSpace(s)
	out := strings.TrimSpace(strings.TrimRight(t, ".;:,"))
	// An initialism keeps its last full stop: "B.S.", "Ph.D.", "U.S.".
	if strings.HasSuffix(t, ".") {
		last := out[strings.LastIndexAny(out, " ")+1:]
		if strings.Contains(last, ".") && len(last) <= 6 {
			out += "."
		}
	}
	return out
}

// lowerFirst lower-cases the first letter of s unless it starts an acronym
// or a name ("AWS", "iOS").
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) < 2 || !unicode.IsUpper(r[0]) || !unicode.IsLower(r[1]) {
		return s
	}
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

// sentence makes s end with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	switch s[len(s)-1] {
	case '.', '!', '?':
		return s
	}
	return s + "."
}

// joinList writes "a", "a and b" or "a, b and c".
func joinList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// vowelLetters are the letters whose spoken name starts with a vowel sound,
// for acronyms read letter by letter: "an FBI", "an MBA", "a U.S.", "a UX".
const vowelLetters = "AEFHILMNORSX"

// anExceptions are words spelled with a vowel that start with a consonant
// sound ("a university", "a one-year"), and words spelled with "h" that
// start with a vowel sound ("an hour").
var (
	consonantSound = []string{"uni", "use", "usu", "uti", "ura", "ure", "uro", "eu", "ewe", "one", "once", "ubiq", "uga", "uk "}
	silentH        = []string{"hour", "honest", "honor", "honour", "heir"}
)

// indefinite returns "a" or "an" for the word that follows, by how it is
// spoken: vowel sounds for words, letter names for acronyms, number names
// for digits ("an 18F", "an 8-week", "a 5-person").
func indefinite(word string) string {
	w := strings.TrimLeft(word, "“\"'(")
	if w == "" {
		return "a"
	}
	r := []rune(w)
	if isDigit(r[0]) {
		digits := 0
		for _, c := range w {
			if isDigit(c) {
				digits++
			} else if c != ',' {
				break
			}
		}
		switch {
		case r[0] == '8':
			return "an"
		case (strings.HasPrefix(w, "11") || strings.HasPrefix(w, "18")) && (digits == 2 || digits == 4 || digits == 5):
			return "an"
		}
		return "a"
	}
	if isAcronym(w) || (len(r) > 2 && (r[1] == '.' || isUpper(r[1])) && isUpper(r[0])) { // "M.Ed", "MSc"
		if strings.ContainsRune(vowelLetters, unicode.ToUpper(r[0])) {
			return "an"
		}
		return "a"
	}
	lw := strings.ToLower(w)
	for _, p := range silentH {
		if strings.HasPrefix(lw, p) {
			return "an"
		}
	}
	if !strings.ContainsRune("aeiou", rune(lw[0])) {
		return "a"
	}
	for _, p := range consonantSound {
		if strings.HasPrefix(lw+" ", p) {
			return "a"
		}
	}
	return "an"
}

// isAcronym reports whether w is read letter by letter: two or more capitals
// ("AWS", "U.S.", "RN") or capitals with digits ("18F" is handled as a
// number first).
func isAcronym(w string) bool {
	w = strings.TrimRight(w, ".,;:!?)”\"'-")
	letters := 0
	for _, c := range w {
		switch {
		case unicode.IsUpper(c):
			letters++
		case c == '.' || c == '-' || c == '/' || isDigit(c):
		default:
			return false
		}
	}
	return letters >= 2 || (letters == 1 && strings.Contains(w, "."))
}

// article puts "a" or "an" before s.
func article(s string) string {
	if s == "" {
		return ""
	}
	return indefinite(firstWord(s)) + " " + s
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

var articleRe = regexp.MustCompile(`\b([Aa]n?) ([“"'(]?[\p{L}\p{N}][\p{L}\p{N}.\-/,]*)`)

// fixArticles corrects "a"/"an" before every word of s, so text joined
// from a template and a profile reads right ("a 18F" → "an 18F"). A
// capital "A" is an article only where a sentence starts ("Plan A and B"
// keeps its letter).
func fixArticles(s string) string {
	idx := articleRe.FindAllStringSubmatchIndex(s, -1)
	if idx == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range idx {
		art, next := s[m[2]:m[3]], s[m[4]:m[5]]
		if art[0] == 'A' && !sentenceStart(s[:m[0]]) {
			continue
		}
		want := indefinite(next)
		if art[0] == 'A' {
			want = strings.ToUpper(want[:1]) + want[1:]
		}
		b.WriteString(s[last:m[2]])
		b.WriteString(want)
		last = m[3]
	}
	b.WriteString(s[last:])
	return b.String()
}

// sentenceStart reports whether text before a word ends a sentence (or is
// empty), so the word starts one.
func sentenceStart(before string) bool {
	t := strings.TrimRight(before, " “\"(")
	return t == "" || strings.HasSuffix(t, ".") || strings.HasSuffix(t, "!") || strings.HasSuffix(t, "?") || strings.HasSuffix(t, ":")
}

// bareNounRe finds a past-tense verb followed by a bare action noun and
// "of" ("led migration of"), which reads as a dropped article.
var bareNounRe = regexp.MustCompile(`(?i)\b(led|managed|drove|oversaw|owned|supported|coordinated|ran|completed|delivered|planned|handled|directed|spearheaded|executed|supervised|assisted with|helped with|contributed to|participated in|worked on)\s+(migration|implementation|development|design|redesign|rollout|roll-out|launch|creation|overhaul|adoption|delivery|introduction|replacement|expansion|integration|transition|conversion|consolidation|upgrade|build-out|setup|set-up|deployment|review|audit|rebuild|modernization|modernisation|onboarding|reorganization|reorganisation)\s+of\b`)

// fixBareNouns adds the article a bullet's telegraphic style drops, once the
// bullet becomes a sentence: "led migration of" → "led the migration of".
func fixBareNouns(s string) string {
	if !strings.Contains(s, " of") {
		return s
	}
	return bareNounRe.ReplaceAllString(s, "$1 the $2 of")
}

// placeholderBulletRe matches template filler a profile may still carry.
var placeholderBulletRe = regexp.MustCompile(`(?i)^\W*(?:(?:accomplishment|achievement|responsibility|highlight|bullet|task|item|duty|point|course|keyword|skill)\s*#?\d+|etc|etc\.|lorem ipsum.*|tbd|tba|todo|to do|n/?a|xxx+|\.\.\.|…|-+|sample|example|placeholder|insert .*|add .* here|your .* here)\W*$`)

// isPlaceholder reports whether a bullet is template filler ("Accomplishment
// 2", "Etc.", "Lorem ipsum", "TBD") that must never be printed.
func isPlaceholder(s string) bool {
	s = strings.TrimSpace(plain(s))
	return s == "" || placeholderBulletRe.MatchString(s) || strings.Contains(strings.ToLower(s), "lorem ipsum")
}

// danglingRe is a bullet cut off after a conjunction or comma ("Performed
// backups and ").
var danglingRe = regexp.MustCompile(`(?i)(?:[,;:]|\s+(?:and|or|with|of|to|for|the|a|an|&))\s*$`)

// cleanBullet is a profile bullet ready to print: plain text, without a
// dangling conjunction or the trailing full stop.
func cleanBullet(s string) string {
	s = plain(s)
	for i := 0; i < 3 && danglingRe.MatchString(s); i++ {
		s = strings.TrimSpace(danglingRe.ReplaceAllString(s, ""))
	}
	return strings.TrimSpace(strings.TrimRight(s, ". "))
}

// socialTriviaRe matches a bullet about office social life or a pastime
// ("Ran the team's football sweepstake"): true, but nothing an employer
// weighs, so a CV or letter never prints it.
var socialTriviaRe = regexp.MustCompile(`(?i)\b(sweepstakes?|fantasy (?:football|league)|office (?:party|parties)|christmas party|bake[\s-]?off|karaoke|quiz nights?|pub quiz|secret santa|birthday|foosball|ping[\s-]?pong|football pool|tea rota|coffee rota|hobby|hobbies|spare time|free time)\b`)

// isTrivia reports whether a bullet is social trivia (socialTriviaRe).
func isTrivia(s string) bool { return socialTriviaRe.MatchString(s) }

// triviaRe matches sentences about private life (hobbies, pets, family)
// that a profile summary may hold but a CV or letter should not print.
var triviaRe = regexp.MustCompile(`(?i)\b(enjoys?|enjoying|hobby|hobbies|pets?|dogs?|cats?|beagle|puppy|kitten|native of|spare time|free time|weekends|the company of|(?:my|his|her|their) (?:wife|husband|partner|kids|children|family|dog|cat|daughter|son)|hiking|mystery novels|knitting|gardening|fishing|golf|video games|love to travel|loves? travel(?:l)?ing|hails from|grew up|born in|non-work|interests range|outside (?:of )?work)\b`)

// objectiveRe matches a summary sentence that states what the person is
// looking for, which may name another kind of role than the one applied to.
var objectiveRe = regexp.MustCompile(`(?i)^(seeking|looking for|looking to|aspiring|my goal|i am seeking|i am looking|i'm looking|i'm seeking|currently seeking|eager to find|open to)\b`)

// summarySentences are the profile summary's sentences worth printing:
// no private trivia, no job-search objective.
func summarySentences(summary string) []string {
	var out []string
	for _, s := range splitSentences(plain(summary)) {
		// An aside in brackets or an exclamation ("(Go Sooners and
		// Cardinal!)") is a personal remark, not a statement for a draft.
		if triviaRe.MatchString(s) || objectiveRe.MatchString(s) || CountWords(s) < 3 ||
			strings.HasPrefix(s, "(") || strings.Contains(s, "!") {
			continue
		}
		out = append(out, s)
	}
	return out
}
