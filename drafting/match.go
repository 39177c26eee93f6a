package drafting

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"tailor/jobs"
	"tailor/profile"
	"tailor/skills"
)

// Requirement statuses of a match.
const (
	MatchMet     = "met"
	MatchPartial = "partial"
	MatchMissing = "missing"
)

// Requirement kinds: how a requirement was judged.
const (
	ReqSkill      = "skill"      // skills of the vocabulary, found in the profile
	ReqExperience = "experience" // years, counted from work dates
	ReqEducation  = "education"  // degree level and field, from education
	ReqLanguage   = "language"   // spoken languages, from the profile's languages
	ReqGeneral    = "general"    // shared words with profile items
	ReqPersonal   = "personal"   // citizenship, licence, shifts, travel: rarely in a profile
)

// Match is how a profile stands against one job, computed in code.
type Match struct {
	Score        int                `json:"score"` // 0–100
	Requirements []RequirementMatch `json:"requirements"`
	Skills       SkillMatch         `json:"skills"`
}

// RequirementMatch is one requirement of the job and the profile items that
// support it.
type RequirementMatch struct {
	Text   string `json:"text"`
	Index  int    `json:"-"` // position in job.Requirements
	Status string `json:"status"`
	// Kind says how the requirement was judged (ReqSkill, ReqExperience…).
	Kind string `json:"kind"`
	// Judged is false when the profile cannot say (a driving licence, a
	// right to work, night shifts, no dates on the work entries): such a
	// requirement is shown as one to check, and left out of the score.
	Judged bool `json:"judged"`
	// Note explains the verdict when evidence alone does not ("About 4
	// years of relevant work, from your work dates; the job asks for 5").
	Note string `json:"note,omitempty"`
	// Skills are the vocabulary skills the requirement names.
	Skills []string `json:"skills,omitempty"`
	// Evidence is best first.
	Evidence []Evidence `json:"evidence"`
}

// Evidence is one profile item: a JSON pointer into the profile and its text.
type Evidence struct {
	Path  string  `json:"path"`
	Text  string  `json:"text"`
	score float64 // higher is stronger; orders evidence best first
}

// SkillMatch splits the job's skills into those the profile has and not.
type SkillMatch struct {
	Matched []string `json:"matched"`
	Missing []string `json:"missing"`
}

// maxEvidence bounds the evidence kept per requirement.
const maxEvidence = 4

// AnalyzeMatch compares the job's requirements and skills with the profile,
// in code and without a model, fast enough to run on every page view (it
// indexes the profile once, so each requirement looks only at the items
// that share a skill or a word with it: linear in the profile's size).
//
// Each requirement gets a status with evidence, best first: profile items
// as JSON pointers ("/work/0/highlights/1", "/skills/2/keywords/0",
// "/education/0", "/certificates/1", "/basics/summary") and their text.
// Skills are compared through the skills vocabulary (aliases, whole
// words); a skills[].name that has keywords is a group label, not a skill.
// Requirements are judged by kind:
//
//   - skills: met when the profile names every skill the requirement
//     names (any one, for "Python or Go"), partial when some;
//   - years ("5+ years of nursing"): the years of the work entries that
//     mention the subject, from their dates, overlaps counted once: met at
//     the years asked, partial at half or when only total work reaches them;
//   - degrees: the level (high school < associate < bachelor < master <
//     doctorate) and the field of study, from education;
//   - spoken languages: from the profile's languages section;
//   - other text: the share of the requirement's words found in one item
//     (met at 60 %, partial at 30 %);
//   - things a profile rarely says (citizenship, a driving licence, shifts,
//     travel, lifting) are met when the profile says them, else left
//     unjudged with a note, and out of the score.
//
// Score = round(100 × (0.7 × R + 0.3 × S)), where R is the mean over the
// judged requirements of met = 1, partial = ½, missing = 0, and S is the
// share of the job's skills the profile has. With no judged requirements
// the score is 100 × S; with no skills, 100 × R; with neither, 0.
func AnalyzeMatch(p profile.Resume, job jobs.Posting) Match {
	return analyzeMatch(p, job, time.Now())
}

func analyzeMatch(p profile.Resume, job jobs.Posting, now time.Time) Match {
	ix := indexProfile(p, now)
	jobSkills := map[string]bool{}
	for _, s := range job.Skills {
		jobSkills[strings.ToLower(skills.Canonical(s))] = true
	}
	m := Match{Requirements: make([]RequirementMatch, 0, len(job.Requirements)),
		Skills: ix.skillMatch(job.Skills)}
	for i, r := range job.Requirements {
		if strings.TrimSpace(r) == "" {
			continue
		}
		m.Requirements = append(m.Requirements, ix.judge(i, strings.TrimSpace(r), jobSkills))
	}
	m.Score = matchScore(m)
	return m
}

func matchScore(m Match) int {
	var sum float64
	n := 0
	for _, r := range m.Requirements {
		if !r.Judged {
			continue
		}
		n++
		switch r.Status {
		case MatchMet:
			sum++
		case MatchPartial:
			sum += 0.5
		}
	}
	ns := len(m.Skills.Matched) + len(m.Skills.Missing)
	var score float64
	switch {
	case n > 0 && ns > 0:
		score = 0.7*sum/float64(n) + 0.3*float64(len(m.Skills.Matched))/float64(ns)
	case n > 0:
		score = sum / float64(n)
	case ns > 0:
		score = float64(len(m.Skills.Matched)) / float64(ns)
	}
	return int(score*100 + 0.5)
}

// skillMatch splits the job's skills: a vocabulary skill is matched when
// any item names it under any alias; another is matched as whole words.
func (ix *profileIndex) skillMatch(jobSkills []string) SkillMatch {
	sm := SkillMatch{Matched: []string{}, Missing: []string{}}
	seen := map[string]bool{}
	for _, s := range jobSkills {
		c := skills.Canonical(s)
		k := strings.ToLower(c)
		if c == "" || seen[k] {
			continue
		}
		seen[k] = true
		switch {
		case ix.hasSkill(c):
			sm.Matched = append(sm.Matched, c)
		case personalRe.MatchString(c):
			// A driving licence is no skill a profile lists: the
			// requirement that asks for it is shown to check instead.
		default:
			sm.Missing = append(sm.Missing, c)
		}
	}
	return sm
}

func (ix *profileIndex) hasSkill(c string) bool {
	k := strings.ToLower(c)
	if _, ok := ix.has[k]; ok {
		return true
	}
	if _, known := skills.Lookup(c); known {
		return false
	}
	for _, t := range ix.lower {
		if containsWords(t, k) {
			return true
		}
	}
	return false
}

// containsWords reports whether phrase occurs in text as whole words.
func containsWords(text, phrase string) bool {
	for off := 0; ; {
		i := strings.Index(text[off:], phrase)
		if i < 0 {
			return false
		}
		s, e := off+i, off+i+len(phrase)
		if (s == 0 || !isWordByte(text[s-1])) && (e == len(text) || !isWordByte(text[e])) {
			return true
		}
		off = s + 1
	}
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b >= 0x80
}

// verdict is one way a requirement was judged.
type verdict struct {
	kind     string
	status   string
	judged   bool
	note     string
	evidence []Evidence
}

var (
	alternativesRe = regexp.MustCompile(`(?i)\b(or|either|one of|any of|such as|e\.g\.|for example|like|similar|at least one)\b|/`)
	equivalentRe   = regexp.MustCompile(`(?i)\bequivalent\b|\bin lieu\b|\bor (relevant |related |comparable )?(work )?experience\b`)
	// subjectStop are words of experience requirements that are not their
	// subject ("5+ years of professional experience").
	subjectStop = stems("professional industry commercial practical progressive post qualification paid full time " +
		"prior previous recent total overall combined minimum field hands")
)

// judge decides one requirement.
func (ix *profileIndex) judge(index int, text string, jobSkills map[string]bool) RequirementMatch {
	rm := RequirementMatch{Text: text, Index: index, Evidence: []Evidence{}, Judged: true}
	inText := map[string]bool{}
	for _, s := range skills.Find(text) {
		inText[s] = true
	}
	// A requirement is short: "3+ years of Go" has no technical words
	// around Go, but the posting did, so the posting's skills count too.
	// So does a skill the profile lists: "Experience with Airflow" asks
	// for the tool the person lists, though nothing around it says tech.
	for _, s := range skills.FindTerm(text) {
		if inText[s] || jobSkills[strings.ToLower(s)] || ix.listed[s] {
			rm.Skills = append(rm.Skills, s)
		}
	}
	var vs []verdict
	if langs := languagesAsked(text); len(langs) > 0 {
		vs = append(vs, ix.judgeLanguages(langs))
	}
	degree := wantsDegree(text)
	if degree {
		vs = append(vs, ix.judgeDegree(text))
	}
	if n := requiredYears(text); n > 0 {
		vs = append(vs, ix.judgeYears(text, n, rm.Skills))
	} else if len(rm.Skills) > 0 && !degree {
		vs = append(vs, ix.judgeSkills(text, rm.Skills))
	}
	if len(vs) == 0 {
		vs = append(vs, ix.judgeWords(text))
	}
	v := vs[0]
	if len(vs) > 1 {
		alt := equivalentRe.MatchString(text)
		for _, o := range vs[1:] {
			better := statusRank(o.status) > statusRank(v.status)
			if (alt && better) || (!alt && !better && o.status != v.status) {
				v.status, v.kind, v.judged = o.status, o.kind, o.judged
				if o.note != "" {
					v.note = o.note
				}
			} else if v.note == "" {
				v.note = o.note
			}
			v.evidence = append(v.evidence, o.evidence...)
		}
	}
	switch {
	case !v.judged || v.status == MatchMet:
	case personalRe.MatchString(text) && (v.status == MatchMissing || v.kind == ReqGeneral):
		// Only a clear statement in the profile answers these.
		v.evidence, v.status = nil, MatchMissing
		v.kind, v.judged = ReqPersonal, false
		v.note = "Your profile does not say, so Tailor cannot judge this. If it applies to you, say so in your application."
	case v.status == MatchMissing && v.kind == ReqGeneral && qualityRe.MatchString(text):
		v.kind, v.judged = ReqPersonal, false
		v.note = "A quality rather than a record: Tailor cannot judge it from your profile. Show it with an example in your letter."
	}
	rm.Kind, rm.Status, rm.Judged, rm.Note = v.kind, v.status, v.judged, v.note
	rm.Evidence = bestEvidence(v.evidence, maxEvidence)
	return rm
}

func statusRank(s string) int {
	switch s {
	case MatchMet:
		return 2
	case MatchPartial:
		return 1
	}
	return 0
}

// bestEvidence sorts evidence best first, drops repeats and keeps n.
func bestEvidence(ev []Evidence, n int) []Evidence {
	sort.SliceStable(ev, func(i, j int) bool { return ev[i].score > ev[j].score })
	out := []Evidence{}
	seen := map[string]bool{}
	for _, e := range ev {
		k := e.Path + "\x00" + e.Text
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
		if len(out) == n {
			break
		}
	}
	return out
}

// candidates scores the items that name one of the skills or share a word
// with the requirement: 2 per skill, 1 per word, times the item's weight.
// Only items in the indexes' lists are visited.
func (ix *profileIndex) candidates(reqSkills, words []string) map[int]float64 {
	score := map[int]float64{}
	for _, s := range reqSkills {
		for _, i := range ix.bySkill[strings.ToLower(s)] {
			score[i] += 2
		}
	}
	for _, w := range words {
		for _, i := range ix.byToken[w] {
			score[i]++
		}
	}
	return score
}

// ranked turns candidate scores into evidence, best first, at most n.
func (ix *profileIndex) ranked(score map[int]float64, n int, keep func(int) bool) []Evidence {
	type cand struct {
		i int
		s float64
	}
	better := func(a, b cand) bool {
		if a.s != b.s {
			return a.s > b.s
		}
		return ix.items[a.i].order < ix.items[b.i].order
	}
	// Keep the best n in a small sorted slice: one pass, no full sort.
	top := make([]cand, 0, n+1)
	for i, s := range score {
		c := cand{i, s * itemWeight[ix.items[i].kind]}
		if len(top) == n && !better(c, top[n-1]) || keep != nil && !keep(i) {
			continue
		}
		at := sort.Search(len(top), func(k int) bool { return better(c, top[k]) })
		top = slices.Insert(top, at, c)
		if len(top) > n {
			top = top[:n]
		}
	}
	out := make([]Evidence, 0, len(top))
	for _, c := range top {
		it := ix.items[c.i]
		out = append(out, Evidence{Path: it.path, Text: it.text, score: c.s})
	}
	return out
}

func (ix *profileIndex) judgeSkills(text string, reqSkills []string) verdict {
	v := verdict{kind: ReqSkill, judged: true}
	var have, lack []string
	for _, s := range reqSkills {
		if len(ix.bySkill[strings.ToLower(s)]) > 0 {
			have = append(have, s)
		} else {
			lack = append(lack, s)
		}
	}
	switch {
	case len(lack) == 0:
		v.status = MatchMet
	case len(have) > 0 && alternativesRe.MatchString(text):
		v.status = MatchMet
	case len(have) > 0:
		v.status = MatchPartial
		v.note = "Your profile does not mention " + joinAnd(lack) + "."
	default:
		v.status = MatchMissing
		v.note = "Your profile does not mention " + joinAnd(lack) + "."
	}
	v.evidence = ix.ranked(ix.candidates(have, contentWords(text)), maxEvidence, func(i int) bool {
		for _, s := range ix.items[i].skills {
			if slices.Contains(have, s) {
				return true
			}
		}
		return false
	})
	return v
}

// judgeWords compares a requirement with no known skill to each item by
// the share of its words the item has.
func (ix *profileIndex) judgeWords(text string) verdict {
	v := verdict{kind: ReqGeneral, judged: true, status: MatchMissing}
	words := contentWords(text)
	if len(words) == 0 {
		v.judged = false
		v.note = "Tailor could not tell what this asks for."
		return v
	}
	score := ix.candidates(nil, words)
	best := 0.0
	for _, s := range score {
		best = max(best, s)
	}
	cover := best / float64(len(words))
	need := min(2, len(words))
	switch {
	case cover >= 0.6 && best >= float64(need):
		v.status = MatchMet
	case cover >= 0.3 && (best >= 2 || len(words) <= 2):
		// One shared word of a longer requirement is chance, not evidence.
		v.status = MatchPartial
	}
	if v.status != MatchMissing {
		// Evidence shares at least half the best item's words.
		v.evidence = ix.ranked(score, maxEvidence, func(i int) bool { return score[i] >= best/2 })
	}
	return v
}

func (ix *profileIndex) judgeYears(text string, need float64, reqSkills []string) verdict {
	v := verdict{kind: ReqExperience, judged: true}
	dated := 0
	for _, s := range ix.work {
		if !s.from.IsZero() {
			dated++
		}
	}
	if dated == 0 {
		v.judged, v.status = false, MatchMissing
		v.note = "Your work entries have no dates, so Tailor cannot count your years. Add start and end dates to your profile."
		return v
	}
	var subject []string
	for _, w := range contentWords(text) {
		if !subjectStop[w] {
			subject = append(subject, w)
		}
	}
	// A role counts when it names one of the skills, or most of the
	// subject's words ("web development": both words; "accounting" also
	// in "Staff Accountant").
	need2 := len(subject)
	if need2 > 2 {
		need2 = (need2 + 1) / 2
	}
	fams, allFams := familiesAsked(text)
	relevant := func(s workSpan) bool {
		if len(reqSkills) == 0 && len(subject) == 0 {
			return true
		}
		for _, k := range reqSkills {
			if ix.workSkill[s.work][strings.ToLower(k)] {
				return true
			}
		}
		hits := 0
		for _, w := range subject {
			if ix.workTok[s.work][w] {
				hits++
				continue
			}
			for t := range ix.workTok[s.work] {
				if sameStem(w, t) {
					hits++
					break
				}
			}
		}
		if len(subject) > 0 && hits >= need2 {
			return true
		}
		// A field the title does not name ("backend") shows in what the
		// role did: its highlights, summary and the skills they name.
		if len(fams) == 0 {
			return false
		}
		for _, f := range fams {
			shows := showsFamily(f, ix.workText[s.work], ix.workSkill[s.work])
			if shows && !allFams {
				return true
			}
			if !shows && allFams {
				return false
			}
		}
		return allFams
	}
	total := yearsIn(ix.work, func(workSpan) bool { return true })
	rel := yearsIn(ix.work, relevant)
	anyWork := len(reqSkills) == 0 && len(subject) == 0
	switch {
	case rel >= need-0.05:
		v.status = MatchMet
	case rel >= need/2 || rel > 0 && total >= need:
		v.status = MatchPartial
	default:
		v.status = MatchMissing
	}
	asks := "the job asks for " + roundYears(need) + "."
	if !anyWork && rel < need-0.05 {
		// The person's own summary may state the years the dated roles do
		// not show ("full-stack developer with 6+ years"): partly met, in
		// their words, with a hint to name it in the roles.
		if n, it, ok := ix.summaryYears(subject, need2, fams, allFams); ok && n > rel && n >= need/2 {
			v.status = MatchPartial
			v.note = "Your summary says " + roundYears(n) + ", but no dated work entry shows this work; " + asks +
				" Name it in the roles where you did it."
			v.evidence = append(v.evidence, Evidence{Path: it.path, Text: it.text, score: 1})
			return v
		}
	}
	switch {
	case anyWork:
		v.note = "About " + roundYears(total) + " of work, from your work dates; " + asks
	case rel == 0:
		v.note = "None of your work entries mentions this (" + roundYears(total) + " of work in all); " + asks
	default:
		v.note = "About " + roundYears(rel) + " of relevant work, from your work dates (" + roundYears(total) + " in all); " + asks
	}
	for _, s := range ix.work {
		if s.from.IsZero() || !relevant(s) {
			continue
		}
		// Recent roles first: they are the ones a reader weighs.
		v.evidence = append(v.evidence, Evidence{Path: "/work/" + strconv.Itoa(s.work), Text: s.text,
			score: 1 + float64(s.to.Unix())/1e12})
	}
	// Then the achievements that show the subject, after the roles.
	find, wordsOf := reqSkills, subject
	for _, f := range fams {
		for k := range f.skills {
			if c, ok := skills.Lookup(k); ok {
				find = append(find, c)
			}
		}
		wordsOf = append(wordsOf, contentWords(familyWords[f.name])...)
	}
	words := ix.candidates(find, wordsOf)
	for _, e := range ix.ranked(words, maxEvidence, func(i int) bool {
		it := ix.items[i]
		return it.kind == itemHighlight && relevant(ix.work[it.work])
	}) {
		e.score /= 10
		v.evidence = append(v.evidence, e)
	}
	return v
}

func (ix *profileIndex) judgeDegree(text string) verdict {
	v := verdict{kind: ReqEducation, judged: true, status: MatchMissing}
	need := degreeLevel(text)
	if need == levelNone {
		need = levelBachelor
	}
	field := degreeField(text)
	if len(ix.education) == 0 {
		v.note = "Your profile lists no education."
	}
	unknown := 0
	for i, e := range ix.education {
		deg := strings.TrimSpace(e.StudyType + " " + e.Area)
		lvl := degreeLevel(e.StudyType)
		if lvl == levelNone {
			lvl = degreeLevel(deg)
		}
		if lvl == levelNone {
			unknown++
			continue
		}
		fieldOK := len(field) == 0
		if !fieldOK {
			own := append(contentWords(deg+" "+strings.Join(e.Courses, " ")), degreeField(deg)...)
			for _, w := range field {
				for _, o := range own {
					if sameStem(w, o) {
						fieldOK = true
					}
				}
			}
		}
		st := MatchMissing
		switch {
		case lvl >= need && fieldOK:
			st = MatchMet
		case lvl >= need || lvl == need-1 && fieldOK:
			st = MatchPartial
		}
		if st == MatchMissing {
			continue
		}
		if statusRank(st) > statusRank(v.status) {
			v.status = st
			v.note = ""
			if st == MatchPartial {
				if lvl >= need {
					v.note = "Your degree is in another field than the one asked for."
				} else {
					v.note = "The job asks for a " + levelNames[need] + "; your highest listed is a " + levelNames[lvl] + "."
				}
			}
		}
		v.evidence = append(v.evidence, Evidence{Path: "/education/" + strconv.Itoa(i), Text: educationText(e),
			score: float64(statusRank(st)) + float64(lvl)/10})
	}
	if v.status == MatchMissing && len(ix.education) > 0 {
		best := levelNone
		for _, e := range ix.education {
			best = max(best, degreeLevel(e.StudyType+" "+e.Area))
		}
		v.note = "The job asks for a " + levelNames[need] + " in another field than yours."
		if best < need && best > levelNone {
			v.note = "The job asks for a " + levelNames[need] + "; your highest listed is a " + levelNames[best] + "."
		}
	}
	if v.status == MatchMissing && unknown > 0 {
		v.judged = false
		v.note = "Your education entries do not say which degree they are. Add the degree (study type) to your profile."
		for i, e := range ix.education {
			v.evidence = append(v.evidence, Evidence{Path: "/education/" + strconv.Itoa(i), Text: educationText(e), score: 0.1})
		}
	}
	if v.status == MatchMissing && equivalentRe.MatchString(text) {
		if y := yearsIn(ix.work, func(workSpan) bool { return true }); y >= 4 {
			v.status, v.judged = MatchPartial, true
			v.note = "No matching degree listed, but " + roundYears(y) + " of work may count as the equivalent experience the job allows."
		}
	}
	return v
}

func (ix *profileIndex) judgeLanguages(langs []string) verdict {
	v := verdict{kind: ReqLanguage, judged: true}
	var lack []string
	for _, l := range langs {
		found := false
		for _, sl := range ix.langs {
			if strings.EqualFold(sl.name, l) || strings.Contains(strings.ToLower(sl.name), strings.ToLower(l)) {
				found = true
				text := sl.name
				if sl.fluency != "" {
					text += " (" + sl.fluency + ")"
				}
				v.evidence = append(v.evidence, Evidence{Path: sl.path, Text: text, score: 1})
			}
		}
		if !found {
			lack = append(lack, l)
		}
	}
	switch {
	case len(lack) == 0:
		v.status = MatchMet
	case !ix.hasLangs:
		v.status, v.judged = MatchMissing, false
		v.note = "Your profile lists no languages. Add the languages you speak (with your level) and Tailor will check."
	case len(lack) < len(langs):
		v.status = MatchPartial
		v.note = "Your profile does not list " + joinAnd(lack) + "."
	default:
		v.status = MatchMissing
		v.note = "Your profile does not list " + joinAnd(lack) + "."
	}
	return v
}

func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// Stress is a requirement the profile answers well and the item that
// shows it: what an application should put forward.
type Stress struct {
	Requirement string   `json:"requirement"`
	Evidence    Evidence `json:"evidence"`
}

// Stress picks up to n met (then partly met) requirements with their best
// achievement, strongest first, each achievement used once. Achievements
// (work and project highlights) come before other evidence.
func (m Match) Stress(n int) []Stress {
	type pick struct {
		s    Stress
		rank float64
	}
	var picks []pick
	used := map[string]bool{}
	for _, r := range m.Requirements {
		if r.Status == MatchMissing || len(r.Evidence) == 0 {
			continue
		}
		var best *Evidence
		for i := range r.Evidence {
			e := &r.Evidence[i]
			if used[e.Path+e.Text] {
				continue
			}
			if best == nil || isAchievement(e.Path) && !isAchievement(best.Path) {
				best = e
			}
			if isAchievement(best.Path) {
				break
			}
		}
		if best == nil {
			continue
		}
		used[best.Path+best.Text] = true
		rank := best.score + float64(statusRank(r.Status))*10
		if isAchievement(best.Path) {
			rank += 5
		}
		picks = append(picks, pick{Stress{Requirement: r.Text, Evidence: *best}, rank})
	}
	sort.SliceStable(picks, func(i, j int) bool { return picks[i].rank > picks[j].rank })
	var out []Stress
	for _, p := range picks {
		if len(out) == n {
			break
		}
		out = append(out, p.s)
	}
	return out
}

func isAchievement(path string) bool { return strings.Contains(path, "/highlights/") }

// summaryYears finds a sentence of the profile's summary that states years
// of the subject asked ("full-stack software developer with 6+ years"):
// the subject's words, or work of the families asked.
func (ix *profileIndex) summaryYears(subject []string, need int, fams []subjectFamily, allFams bool) (float64, evidenceItem, bool) {
	for _, it := range ix.items {
		if it.path != "/basics/summary" {
			continue
		}
		for _, sent := range summarySentences(it.text) {
			n := requiredYears(sent)
			if n <= 0 {
				continue
			}
			l := strings.ToLower(sent)
			hits := 0
			for _, w := range subject {
				if strings.Contains(l, w) {
					hits++
				}
			}
			shows := len(subject) > 0 && hits >= need
			every := len(fams) > 0
			for _, f := range fams {
				ok := f.self.MatchString(l) || f.words.MatchString(l)
				shows = shows || ok && !allFams
				every = every && ok
			}
			if shows || allFams && every {
				return n, evidenceItem{path: it.path, text: sent}, true
			}
		}
	}
	return 0, evidenceItem{}, false
}
