package drafting

import (
	"fmt"
	"hash/fnv"
	"regexp"
	"sort"
	"strings"

	"tailor/jobs"
	"tailor/profile"
	"tailor/skills"
)

// evItem is one thing the profile says that the offline drafts may quote:
// a highlight, a role summary or a project line, with the JSON pointer that
// names it in the profile.
type evItem struct {
	path string
	text string // plain, cleaned, no trailing full stop
	work int    // index in the profile's work, or -1
	rank int    // the role's place by date, most recent 0; projects last
	proj int    // index in the profile's projects, or -1
}

// profileItems lists the profile's quotable statements, placeholders left
// out. A role with no usable highlight offers its summary's first sentence.
func profileItems(p profile.Resume) []evItem {
	var out []evItem
	for rank, i := range workByDate(p.Work) {
		w := p.Work[i]
		n := len(out)
		for j, h := range w.Highlights {
			if isPlaceholder(h) || isTrivia(h) {
				continue
			}
			if t := capWords(cleanBullet(h), 45); CountWords(t) >= 3 {
				out = append(out, evItem{path: fmt.Sprintf("/work/%d/highlights/%d", i, j), text: t, work: i, rank: rank, proj: -1})
			}
		}
		if len(out) == n {
			if s := capWords(firstSentences(plain(w.Summary), 1, 40), 45); s != "" && !isPlaceholder(s) {
				out = append(out, evItem{path: fmt.Sprintf("/work/%d/summary", i), text: cleanBullet(s), work: i, rank: rank, proj: -1})
			}
		}
	}
	for i, pr := range p.Projects {
		for j, h := range pr.Highlights {
			if isPlaceholder(h) {
				continue
			}
			if t := capWords(cleanBullet(h), 45); CountWords(t) >= 3 {
				out = append(out, evItem{path: fmt.Sprintf("/projects/%d/highlights/%d", i, j), text: t, work: -1, rank: len(p.Work) + i, proj: i})
			}
		}
	}
	return out
}

// skillItem is one skill of the profile with its pointer.
type skillItem struct {
	name, path string
}

// profileSkills lists the profile's skills. A JSON Resume skill with
// keywords is a group ("Languages": Go, Python): its keywords are skills,
// its name is a label and never a skill.
func profileSkills(p profile.Resume) []skillItem {
	var out []skillItem
	seen := map[string]bool{}
	add := func(name, path string) {
		name = strings.TrimSpace(plain(name))
		k := norm(name)
		if k == "" || seen[k] || isPlaceholder(name) || CountWords(name) > 6 {
			return
		}
		seen[k] = true
		out = append(out, skillItem{name: name, path: path})
	}
	for i, s := range p.Skills {
		if len(s.Keywords) == 0 {
			add(s.Name, fmt.Sprintf("/skills/%d/name", i))
			continue
		}
		for j, k := range s.Keywords {
			add(k, fmt.Sprintf("/skills/%d/keywords/%d", i, j))
		}
	}
	return out
}

// jobAsk is one thing the job asks for, with its pointer into the job.
type jobAsk struct {
	path  string // "job:/requirements/2"
	text  string // what is matched: the posting's words, or only the label of "Label - explanation"
	short string // short enough to name in a sentence
	index int    // position in its list
	// skills are the job's one-word skills, lower-cased, shared by all asks.
	skills map[string]bool
	terms  map[string]bool // stems of text
}

// boilerplateRe matches requirements that are application rules or legal
// conditions, not skills: nobody answers "U.S. citizenship" with a bullet.
var boilerplateRe = regexp.MustCompile(`(?i)\b(citizen|citizenship|national\b|background (investigation|check)|selective service|direct deposit|trial period|probation|financial disclosure|e-verify|drug (test|screen)|discrepanc|condition of (continued )?employment|hours per week|exact dates|month/year|work status|eligib|security clearance|right to work|visa|sponsorship|equal opportunity|reasonable accommodation|resume|cv\b|cover letter|apply|application)\b`)

// jobAsks lists the job's requirements (or, when it has none that a
// profile could answer, its responsibilities), boilerplate left out.
func jobAsks(job jobs.Posting) []jobAsk {
	collect := func(list []string, field string) []jobAsk {
		var out []jobAsk
		for i, r := range list {
			t := strings.TrimSpace(plain(r))
			if CountWords(t) < 2 || boilerplateRe.MatchString(t) || credentialRe.MatchString(t) {
				continue
			}
			match := t
			if m := askLabelRe.FindStringSubmatch(t); m != nil && CountWords(m[1]) <= 6 {
				match = m[1]
			}
			short := shortAsk(t)
			if field == "responsibilities" {
				// A duty ("Lead incident response") is asked for as
				// experience of it ("experience leading incident response").
				short = ""
				if g := gerundPhrase(t); g != "" && CountWords(g) <= 13 {
					short = "experience " + g
				}
			}
			out = append(out, jobAsk{path: fmt.Sprintf("job:/%s/%d", field, i), text: match, short: short, index: i,
				terms: termSet(match)})
		}
		return out
	}
	out := collect(job.Requirements, "requirements")
	if len(out) < 2 {
		out = append(out, collect(job.Responsibilities, "responsibilities")...)
	}
	skills := map[string]bool{}
	for _, s := range job.Skills {
		if ts := tokens(s); len(ts) == 1 && !stopWords[ts[0]] && !genericStems[stem(ts[0])] {
			skills[ts[0]] = true
		}
	}
	for i := range out {
		out[i].skills = skills
	}
	return out
}

var (
	askLeadRe = regexp.MustCompile(`(?i)^(you (must|should|will) (have|be)|you have|you are|must (have|be)|should (have|be)|we are looking for|we're looking for|looking for|candidates? (must|should) (have|be)|required:?|requirements?:|minimum)\s+`)
	// askAdjRe turns an adjective-headed requirement into a noun phrase
	// that can follow "You ask for".
	askAdjRe = []struct {
		re *regexp.Regexp
		to string
	}{
		{regexp.MustCompile(`(?i)^(?:highly |very )?confident (?:with|in|using) `), "confidence with "},
		{regexp.MustCompile(`(?i)^comfortable (?:with|in|using) `), "confidence with "},
		{regexp.MustCompile(`(?i)^(?:be )?able to `), "the ability to "},
		{regexp.MustCompile(`(?i)^familiar with `), "familiarity with "},
		{regexp.MustCompile(`(?i)^proficient (?:in|with) `), "proficiency in "},
		{regexp.MustCompile(`(?i)^fluent in `), "fluency in "},
		{regexp.MustCompile(`(?i)^skilled in `), "skill in "},
		{regexp.MustCompile(`(?i)^experienced (?:in|with) `), "experience in "},
	}
	// countLeadRe finds a requirement that starts with a countable noun
	// ("strong record of ...") and needs an article in a sentence.
	countLeadRe = regexp.MustCompile(`(?i)^(?:(?:strong|solid|proven|demonstrated|excellent|good|great|clear|deep|thorough|sound|working|keen|real|genuine)\s+)*(?:record|track record|background|history|understanding|grasp|eye|passion|commitment|degree|bachelor's degree|master's degree|team player|self-starter)\b`)
	askLabelRe  = regexp.MustCompile(`^([^.:;]{3,60}?)\s+(?:-|–|—|:)\s+`)
)

// shortAsk is a requirement short enough to name inside a sentence, or ""
// when it cannot be shortened without changing its sense. "Attention to
// Detail - This skill is generally demonstrated by ..." → "attention to
// detail"; "Must have a valid RN licence." → "a valid RN licence".
func shortAsk(t string) string {
	t = strings.TrimSpace(strings.TrimRight(t, ".;:, "))
	if m := askLabelRe.FindStringSubmatch(t); m != nil && CountWords(m[1]) <= 6 {
		t = m[1]
	}
	for i := 0; i < 2; i++ {
		t = askLeadRe.ReplaceAllString(t, "")
	}
	if CountWords(t) > 14 {
		// Cut at the first clause boundary that leaves a phrase.
		for _, sep := range []string{"; ", ". ", ", including", ", such as", " such as ", " ("} {
			if i := strings.Index(t, sep); i > 0 && CountWords(t[:i]) >= 3 && CountWords(t[:i]) <= 14 {
				t = t[:i]
				break
			}
		}
	}
	if CountWords(t) > 14 || CountWords(t) < 1 {
		return ""
	}
	t = decap(strings.TrimRight(t, ".;:, "))
	if f := strings.Fields(t); len(f) > 0 && !keepsCase(f[0]) {
		t = lowerFirst(t)
	}
	for _, a := range askAdjRe {
		if a.re.MatchString(t) {
			t = a.re.ReplaceAllString(t, a.to)
			break
		}
	}
	if countLeadRe.MatchString(t) {
		t = article(t)
	}
	if strings.HasPrefix(strings.ToLower(t), "ability to") {
		t = "the " + t
	}
	return t
}

var askTopicRe = regexp.MustCompile(`(?i)^(?:(?:a|an|the)\s+)?(?:(?:\d+\+?|one|two|three|four|five|several)\s+years?\s+(?:of\s+)?)?(?:(?:hands-on|practical|proven|relevant|professional)\s+)?(?:experience|expertise)(?:\s+(?:with|in|of|using|on))?\s+`)

// askTopic is what a requirement is about, for the CV summary: "experience
// with PostgreSQL and Redis" → "PostgreSQL and Redis".
func askTopic(short string) string {
	if t := askTopicRe.ReplaceAllString(short, ""); CountWords(t) >= 1 {
		return t
	}
	return short
}

// credentialRe matches requirements a degree or licence answers, not an
// achievement: the letter does not pair them with a bullet.
var credentialRe = regexp.MustCompile(`(?i)\b(degree|bachelor'?s?|master'?s?|diploma|phd|doctorate|licen[cs]e|licensed|certificat\w*|certified|gcse|a-levels?)\b`)

// genericStems are words so common in bullets and requirements that
// sharing one says nothing about fit ("developed" care plans do not answer
// "web development").
var genericStems = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`develop manage lead support design build deliver implement create improve provide
		level skill environment member various varying field related relevant least demonstrated knowledge
		excellent effective effectively ensure help high complex time day daily part full member members across
		within based drive driving plan planning process quality standard standards result results range wide
		multiple diverse other key core best new need needs meet meeting set setting make making take taking
		use using own ownership person people group groups small large`) {
		m[stem(w)] = true
	}
	return m
}()

// decap lower-cases Title Case words of a label ("Attention to Detail")
// while keeping acronyms and names that are capitalised mid-sentence in the
// posting itself.
func decap(t string) string {
	words := strings.Fields(t)
	capitals := 0
	for _, w := range words {
		if r := []rune(w); len(r) > 0 && isUpper(r[0]) {
			capitals++
		}
	}
	if len(words) < 2 || capitals < len(words)-1 {
		return t
	}
	for i, w := range words {
		if !keepsCase(w) {
			words[i] = lowerFirst(w)
		}
	}
	return strings.Join(words, " ")
}

// keepsCase reports whether a word keeps its capitals mid-sentence: an
// acronym, a name with a capital inside (PostgreSQL, JavaScript) or a skill
// the vocabulary spells with a capital (Python, Excel).
func keepsCase(w string) bool {
	w = strings.Trim(w, ",.;:()!?\"'“”")
	if w == "" || isAcronym(w) {
		return w != ""
	}
	r := []rune(w)
	for _, c := range r[1:] {
		if isUpper(c) {
			return true
		}
	}
	if n, ok := skills.Lookup(w); ok && n == w && isUpper(r[0]) {
		return true
	}
	return false
}

// pairing is one achievement chosen for the letter and the job's
// requirement it answers (ask is nil when it answers none in particular).
type pairing struct {
	item  evItem
	ask   *jobAsk
	score float64
}

// relevance scores an item against a requirement: the weight of the job
// stems they share, the requirement's own stems counting double.
func relevance(item string, ask jobAsk, jw jobWeights) float64 {
	at := ask.terms
	if at == nil {
		at = termSet(ask.text)
	}
	total := 0.0
	specific := 0
	seen := map[string]bool{}
	for _, t := range terms(item) {
		if seen[t] || !at[t] {
			continue
		}
		seen[t] = true
		total += 1 + jw[t]
		if !genericStems[t] {
			specific++
		}
	}
	// One specific shared word counts only when it is a whole skill the
	// job names ("Excel", "triage"); otherwise two are needed.
	if specific == 0 || (specific == 1 && !oneWordSkill(item, ask.skills)) {
		return 0
	}
	return total
}

// oneWordSkill reports whether item mentions one of the job's one-word
// skills, word for word.
func oneWordSkill(item string, skills map[string]bool) bool {
	for _, t := range tokens(item) {
		if skills[t] {
			return true
		}
	}
	return false
}

// pickEvidence chooses up to n achievements for the job: pairs of a
// requirement and the profile item that best answers it (the match
// analysis's evidence first, then shared words), each requirement and item
// used once; then the items most relevant to the job overall.
func pickEvidence(p profile.Resume, job jobs.Posting, items []evItem, n int) []pairing {
	jw := weightsFor(job)
	seed := jobSeed(job)
	asks := jobAsks(job)
	m := AnalyzeMatch(p, job)
	backed := map[string]bool{} // "reqIndex|path" the match analysis found
	for _, r := range m.Requirements {
		if r.Status == MatchMissing {
			continue
		}
		for _, e := range r.Evidence {
			backed[fmt.Sprintf("%d|%s", r.Index, e.Path)] = true
		}
	}
	type cand struct {
		ai, ii int
		score  float64
	}
	var cands []cand
	for ai, a := range asks {
		for ii, it := range items {
			s := relevance(it.text, a, jw)
			if strings.HasPrefix(a.path, "job:/requirements/") && backed[fmt.Sprintf("%d|%s", a.index, it.path)] {
				s += 4
			}
			if s >= 3 {
				cands = append(cands, cand{ai, ii, s})
			}
		}
	}
	sort.SliceStable(cands, func(x, y int) bool { return cands[x].score > cands[y].score })
	usedA, usedI := map[int]bool{}, map[int]bool{}
	var out []pairing
	for _, c := range cands {
		if len(out) == n {
			break
		}
		if usedA[c.ai] || usedI[c.ii] || asks[c.ai].short == "" {
			continue
		}
		usedA[c.ai], usedI[c.ii] = true, true
		a := asks[c.ai]
		out = append(out, pairing{item: items[c.ii], ask: &a, score: c.score})
	}
	// Fill with the items most relevant to the job, recent roles first
	// among equals, so a letter always has evidence to show.
	if len(out) < 2 {
		order := make([]int, len(items))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(x, y int) bool {
			return standing(items[order[x]], jw, seed) > standing(items[order[y]], jw, seed)
		})
		for _, i := range order {
			if len(out) >= 2 || len(out) == n {
				break
			}
			if usedI[i] {
				continue
			}
			usedI[i] = true
			out = append(out, pairing{item: items[i], score: jw.score(items[i].text)})
		}
	}
	// Tell the story in the order of the person's career: latest role first.
	sort.SliceStable(out, func(x, y int) bool { return workOrder(out[x].item) < workOrder(out[y].item) })
	return out
}

// standing orders items that answer no requirement: by relevance to the
// job, recent roles first among equals; items the job says little about
// are ordered by the job, so letters for two thin postings do not tell the
// same two stories.
func standing(it evItem, jw jobWeights, seed string) float64 {
	if v := jw.score(it.text); v >= 3 {
		return 10 + v + recency(it)
	}
	return recency(it)*0.2 + float64(variant(seed, it.path, 1000))/2000
}

// recency is a small bonus for recent roles.
func recency(it evItem) float64 { return 0.5 / float64(1+it.rank) }

func workOrder(it evItem) int { return it.rank }

// workByDate returns the indices of work, most recent first (a current
// role above ended ones, then by start date), so pointers keep the
// profile's own order while drafts tell the story newest first.
func workByDate(work []profile.Work) []int {
	idx := make([]int, len(work))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		return roleKey(work[idx[a]].StartDate, work[idx[a]].EndDate) > roleKey(work[idx[b]].StartDate, work[idx[b]].EndDate)
	})
	return idx
}

// variant picks one of n phrasings from the job and a slot name, so two
// jobs rarely share a phrasing while one job always gets the same letter.
func variant(seed, slot string, n int) int {
	if n <= 1 {
		return 0
	}
	h := fnv.New32a()
	h.Write([]byte(seed + "|" + slot))
	return int(h.Sum32() % uint32(n))
}

// jobSeed identifies a job for variant: its title, company and first asks.
func jobSeed(job jobs.Posting) string {
	s := norm(job.Title) + "|" + norm(job.Company)
	for i, r := range job.Requirements {
		if i == 3 {
			break
		}
		s += "|" + norm(r)
	}
	return s
}

// gerundPhrase turns a duty that starts with verbs into its -ing form:
// "Assess and monitor patients" → "assessing and monitoring patients"; ""
// when it does not start with a known verb.
func gerundPhrase(duty string) string {
	words := strings.Fields(strings.TrimRight(sanitize(cutRunOn(duty)), "."))
	if len(words) == 0 || !baseVerbs[strings.ToLower(strings.TrimRight(words[0], ","))] || employerVoiceRe.MatchString(duty) {
		return ""
	}
	i := inflectLeadingVerbs(words, gerund)
	// A second duty joined by "and" ("... and mitigate site errors") is
	// left out rather than guessed at.
	for j := i; j+1 < len(words); j++ {
		if (words[j] == "and" || words[j] == "or") && baseVerbs[strings.ToLower(words[j+1])] {
			words = words[:j]
			break
		}
	}
	return strings.TrimRight(strings.Join(words, " "), ",")
}

// inflectLeadingVerbs rewrites the verbs that open a duty ("pick, pack
// and ship", at most six words) with inflect, keeping their commas, and
// returns the index of the first word after them.
func inflectLeadingVerbs(words []string, inflect func(string) string) int {
	i := 0
	for ; i < len(words) && i < 6; i++ {
		w := strings.ToLower(strings.Trim(words[i], ","))
		if w == "and" || w == "or" {
			continue
		}
		if !baseVerbs[w] {
			break
		}
		suffix := ""
		if strings.HasSuffix(words[i], ",") {
			suffix = ","
		}
		words[i] = inflect(w) + suffix
	}
	return i
}

// gerund writes the -ing form of a base verb.
func gerund(v string) string {
	switch {
	case strings.HasSuffix(v, "ie"):
		return v[:len(v)-2] + "ying"
	case strings.HasSuffix(v, "ee") || strings.HasSuffix(v, "ye") || strings.HasSuffix(v, "oe"):
		return v + "ing"
	case strings.HasSuffix(v, "e") && len(v) > 2:
		return v[:len(v)-1] + "ing"
	case doubled[v]:
		return v + v[len(v)-1:] + "ing"
	}
	return v + "ing"
}

// doubled are the base verbs that double their last letter before -ing
// and -ed ("plan" → "planning").
var doubled = map[string]bool{"plan": true, "ship": true, "run": true, "set": true, "cut": true, "map": true,
	"log": true, "tag": true, "step": true, "scan": true, "get": true, "put": true, "stop": true, "drop": true,
	"chat": true, "pin": true, "sit": true}
