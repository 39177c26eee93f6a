package drafting

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"tailor/jobs"
	"tailor/profile"
	"tailor/skills"
)

// values are the facts a letter may name, cleaned so they fit in a sentence.
// A value too long to read well in a sentence (a title scraped with half the
// page) is left empty and the sentence is written around it.
type values struct {
	title, company, name, signature string
	dear                            string // "Ms Becker", "Julia Becker" or ""
}

func letterValues(in LetterInput) values {
	v := values{name: sanitize(in.Profile.Basics.Name)}
	v.signature = firstNonEmpty(v.name, sanitize(in.Profile.Basics.Email), "Applicant")
	v.company = safeText(capWords(sanitize(in.Job.Company), 8), v.signature)
	v.title = safeText(capWords(shortTitle(sanitize(in.Job.Title), v.company, false), 12), v.signature)
	v.dear = safeText(contactName(in.Job), v.signature)
	return v
}

var (
	contactRe = regexp.MustCompile(`(?i)\b(?:contact(?:\s+person)?|hiring manager|recruiter|ansprechpartner(?:in)?|kontakt|your contact|questions\??\s*contact)\s*(?::|-|–|is)\s*` +
		`(?:(mr|ms|mrs|miss|mx|dr|prof|frau|herr)\.?\s+)?(\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){0,2})`)
	notAPersonRe = regexp.MustCompile(`(?i)\b(team|department|office|hr|human|resources|recruiting|recruitment|talent|us|email|phone|information|details|jobs|careers|the|our)\b`)
)

// contactName is how the letter greets the contact the posting names:
// "Ms Becker" when the posting states a title, the full name otherwise, ""
// when it names nobody ("Contact: HR team").
func contactName(job jobs.Posting) string {
	text := strings.Join(append([]string{job.Description, job.HowToApply}, job.ApplicationNotes...), "\n")
	m := contactRe.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	title, name := strings.ToLower(m[1]), strings.TrimSpace(m[2])
	if notAPersonRe.MatchString(name) {
		return ""
	}
	parts := strings.Fields(name)
	titles := map[string]string{"mr": "Mr", "herr": "Mr", "ms": "Ms", "frau": "Ms", "mrs": "Mrs", "miss": "Miss",
		"mx": "Mx", "dr": "Dr", "prof": "Professor"}
	if t, ok := titles[title]; ok {
		return t + " " + parts[len(parts)-1]
	}
	if len(parts) < 2 {
		return ""
	}
	return name
}

// breaksFrame reports whether text, put in a paragraph, would read as a
// greeting, a sign-off or the signature: profile or job text that says
// "Best regards, Ada" must not end up inside the letter's body.
func breaksFrame(text, signature string) bool {
	if hasWhom(text) || strings.ContainsAny(text, "[{<") && placeholderRe.MatchString(text) {
		return true
	}
	for _, p := range pieces(text) {
		if (greetingStartRe.MatchString(p) && isGreeting(p)) || isSignOff(p) || sameName(p, signature) {
			return true
		}
	}
	return false
}

// safeText returns s, or "" when it would break the letter's frame.
func safeText(s, signature string) string {
	if breaksFrame(s, signature) || countGreetings("Dear "+s) > 1 {
		return ""
	}
	return s
}

// dropBroken removes sentences that would break the letter's frame.
func dropBroken(list []piece, signature string) []piece {
	var out []piece
	for _, p := range list {
		if !breaksFrame(p.text, signature) {
			out = append(out, p)
		}
	}
	return out
}

func (v values) subject() string {
	switch {
	case v.title != "" && v.company != "" && strings.Contains(strings.ToLower(v.title), strings.ToLower(v.company)):
		return "Application for " + v.title
	case v.title != "" && v.company != "":
		return "Application for " + v.title + " at " + v.company
	case v.title != "":
		return "Application for " + v.title
	case v.company != "":
		return "Application to " + v.company
	}
	return "Job application"
}

// greeting names the contact the posting gives, else the hiring manager;
// never "Dear the ... team". Every tone greets the same way.
func (v values) greeting(_ string) string {
	if v.dear != "" {
		return "Dear " + v.dear + ","
	}
	return "Dear Hiring Manager,"
}

func (v values) closing(tone string) string {
	switch tone {
	case ToneEnthusiastic:
		return "Warm regards,"
	case ToneConcise:
		return "Kind regards,"
	}
	return "Sincerely,"
}

// Drop ranks: the builtin letter drops the highest rank first when it runs
// over the word limit; rank 0 is never dropped.
const (
	keep = iota
	dropLast
	dropBullet
	dropContent
	dropPadding
)

type piece struct {
	text string
	rank int
	n    int      // word count, filled on first use
	src  []string // the claim's sources, for a statement about the candidate or the job
	ev   *pairing // the achievement the sentence tells, if it tells one
}

func (p *piece) words() int {
	if p.n == 0 {
		p.n = CountWords(p.text)
	}
	return p.n
}

type paragraph struct {
	lead, pad, tail []piece
	// extra are sentences from the profile that may be added to reach the
	// length, before any general sentence of pool.
	extra []piece
	pool  []string
}

func (p *paragraph) words() int {
	n := 0
	for _, list := range [][]piece{p.lead, p.pad, p.tail} {
		for i := range list {
			n += list[i].words()
		}
	}
	return n
}

func (p *paragraph) text() string {
	var parts []string
	for _, list := range [][]piece{p.lead, p.pad, p.tail} {
		for _, x := range list {
			if x.text != "" {
				parts = append(parts, x.text)
			}
		}
	}
	return strings.Join(parts, " ")
}

// targetWords is where the builtin letter aims within the limits; concise
// letters aim lower.
var targetWords = map[string]int{ToneProfessional: 236, ToneEnthusiastic: 238, ToneConcise: 224}

// builtinLetter writes the offline letter as a person would: the role and a
// reason from the posting, two or three achievements from the profile each
// tied to the requirement it answers, and a close about the job's own work.
// It names nothing the profile or the posting does not say, and every
// sentence about the candidate carries its sources as a claim.
func builtinLetter(in LetterInput) Letter {
	tone := normalizeTone(in.Tone)
	if !ValidTone(tone) {
		tone = ToneProfessional
	}
	v := letterValues(in)
	c := newComposer(in, tone, v)
	paras := c.paragraphs()
	// unnamed holds each general sentence as it reads without the
	// employer's name, for namedSparingly.
	unnamed := map[string]string{}
	for i := range paras {
		paras[i].lead = dropBroken(paras[i].lead, v.signature)
		paras[i].tail = dropBroken(paras[i].tail, v.signature)
		tpl := shuffle(paras[i].pool, c.seed)
		paras[i].pool = fillPool(tpl, v.company)
		for k, filled := range paras[i].pool {
			unnamed[filled] = fillUnnamed(tpl[k], c.seed)
		}
	}
	fitLength(paras[:], targetWords[tone])
	c.tellInOrder(paras[:])
	namedSparingly(paras[:], v.company, unnamed)

	l := Letter{Subject: v.subject(), Greeting: v.greeting(tone), Closing: v.closing(tone),
		Signature: v.signature, Tone: tone}
	for _, p := range paras {
		l.Paragraphs = append(l.Paragraphs, p.text())
		for _, list := range [][]piece{p.lead, p.pad, p.tail} {
			for _, x := range list {
				if x.text != "" && len(x.src) > 0 {
					l.Claims = append(l.Claims, Claim{Text: x.text, Sources: x.src})
				}
			}
		}
	}
	l.WordCount = BodyWords(l.Paragraphs)
	return l
}

// shuffle orders general sentences by the job, so two jobs draw different
// ones rather than neighbouring windows of one list.
func shuffle(list []string, seed string) []string {
	out := append([]string{}, list...)
	sort.SliceStable(out, func(a, b int) bool { return variant(seed, out[a], 1<<30) < variant(seed, out[b], 1<<30) })
	return out
}

func rotate(list []string, k int) []string {
	if len(list) == 0 {
		return list
	}
	k %= len(list)
	return append(append([]string{}, list[k:]...), list[:k]...)
}

// composer holds what one letter is written from.
type composer struct {
	in    LetterInput
	tone  string
	v     values
	seed  string
	pairs []pairing
	said  map[int]bool // roles already named with their employer

	dutyList, dutyPaths []string
	usedLoose           map[string]bool // loose templates already used in this letter
	saidInOpening       map[int]bool    // roles the opening named with their employer
	usedDuty            int             // duties the opening used
	introduced          bool            // the opening said who the person is
}

// letterItems are the profile items a letter can put in the first person.
func letterItems(p profile.Resume) []evItem {
	var out []evItem
	seen := map[string]bool{}
	for _, it := range profileItems(p) {
		if k := norm(it.text); clause(it, p) != "" && !seen[k] {
			seen[k] = true // the same bullet under two roles is said once
			out = append(out, it)
		}
	}
	return out
}

func newComposer(in LetterInput, tone string, v values) *composer {
	c := &composer{in: in, tone: tone, v: v, seed: jobSeed(in.Job), said: map[int]bool{}, usedLoose: map[string]bool{}}
	c.pairs = pickEvidence(in.Profile, in.Job, letterItems(in.Profile), 3)
	return c
}

// to is the company, or "your team" when the posting does not name it.
func (c *composer) to() string {
	if c.v.company != "" {
		return c.v.company
	}
	return "your team"
}

// pick returns one of the phrasings for a slot, chosen by the job.
func (c *composer) pick(slot string, options ...string) string {
	return options[variant(c.seed, c.tone+slot, len(options))]
}

// fill replaces {name} fields in a template, then fixes the articles.
func fill(tpl string, kv ...string) string {
	r := strings.NewReplacer(kv...)
	return finish(roleJoins.Replace(r.Replace(tpl)))
}

// roleJoins smooth a template's "my work" before a role phrase that
// already says "my current role".
var roleJoins = strings.NewReplacer("my work in my current role", "my current role",
	"my time in my current role", "my current role", "see my work in my current role", "see my current role",
	"Also in my current role", "In my current role",
	"Similarly, in my current role", "Similarly, in my current role", "Further, in my current role", "In my current role",
	"A further example: in my current role", "A further example: in my current role")

// finish is the last pass over a composed sentence: articles agree, a
// bullet's dropped article is restored, the first letter is a capital and
// the sentence ends with a full stop.
func finish(s string) string {
	s = fixArticles(fixBareNouns(strings.Join(strings.Fields(s), " ")))
	if r := []rune(s); len(r) > 0 && !isUpper(r[0]) {
		r[0] = []rune(strings.ToUpper(string(r[0])))[0]
		s = string(r)
	}
	return sentence(s)
}

func (c *composer) paragraphs() [3]paragraph {
	var ps [3]paragraph
	ps[0].lead = c.opening()
	c.saidInOpening = map[int]bool{}
	for k, v := range c.said {
		c.saidInOpening[k] = v
	}
	// The evidence goes first so the background knows which roles it named.
	ps[1].lead = c.evidence()
	ps[1].extra = c.moreEvidence()
	if len(letterItems(c.in.Profile)) < 2 {
		ps[1].extra = append(ps[1].extra, c.background2()...)
	}
	ps[1].pool = evidencePool[c.tone]
	ps[0].extra = c.background()
	ps[0].pool = introPool[c.tone]
	ps[2].lead, ps[2].tail = c.close()
	ps[2].extra = c.moreDuties()
	if q := c.teamQuestion(); q.text != "" {
		// Asked after the duties, before the pool's general sentences.
		ps[2].extra = append(ps[2].extra, q)
	}
	ps[2].pool = closingPool[c.tone]
	return ps
}

// roleTitle is the job title for the body: the board's company prefix or
// suffix removed, gender markers and parentheses dropped.
func (v values) roleTitle() string { return shortTitle(v.title, v.company, true) }

var (
	titleSepRe    = regexp.MustCompile(`\s+[-–—|:]\s+|\s*\|\s*`)
	genderTagRe   = regexp.MustCompile(`(?i)\s*\((?:[mwfdx]\s*/\s*){1,3}[mwfdx]\)|\s*\((?:all genders|w/m/d|m/f/d|f/m/d|m/w/d)\)`)
	parentheticRe = regexp.MustCompile(`\s*\([^)]*\)`)
)

// shortTitle removes a board's prefix that repeats the company ("18F -
// Cloud Platform Lead" at 18F → "Cloud Platform Lead") and gender markers;
// for the body (brief) it also drops parenthetical series names.
func shortTitle(title, company string, brief bool) string {
	t := strings.TrimSpace(genderTagRe.ReplaceAllString(title, ""))
	if company != "" {
		parts := titleSepRe.Split(t, -1)
		if len(parts) > 1 {
			var keep []string
			for _, p := range parts {
				if n := norm(p); n != "" && (n == norm(company) || similar(p, company) >= 0.8) {
					continue
				}
				keep = append(keep, p)
			}
			if len(keep) > 0 {
				t = strings.Join(keep, " - ")
			}
		}
	}
	if brief {
		if b := strings.TrimSpace(parentheticRe.ReplaceAllString(t, "")); b != "" {
			t = b
		}
	}
	return t
}

// companyName is the company as a sentence subject or object ("the
// Technology Transformation Services" keeps its article).
func (v values) at() string {
	if v.company == "" {
		return ""
	}
	return " at " + v.company
}

// theRole is "the Cloud Platform Lead role", or "this role".
func (c *composer) theRole(noun string) string {
	if t := c.v.roleTitle(); t != "" {
		return "the " + t + " " + noun
	}
	return "this " + noun
}

// opening is paragraph 1: who is applying and for which role (named once),
// then a reason from the posting: its mission or product when it states
// one, else the work the role involves.
func (c *composer) opening() []piece {
	var out []piece
	job := c.in.Job
	noun := c.pick("noun", "role", "position")
	role := c.theRole(noun)
	at := c.v.at()
	src := jobSrc(job)

	// Sentence 1: the person, from their own summary (else their label
	// and latest role), and the role.
	np, npSrc := c.identityPhrase()
	if np == "" {
		np, npSrc = c.roleIdentityPhrase()
	}
	var first string
	if np != "" {
		switch c.tone {
		case ToneEnthusiastic:
			first = c.pick("open", "As {np}, I was excited to see {role}{at}!", "As {np}, I was delighted to find {role}{at}!")
		case ToneConcise:
			first = "As {np}, I am applying for {role}{at}."
		default:
			first = c.pick("open", "As {np}, I am applying for {role}{at}.", "As {np}, I would like to be considered for {role}{at}.")
		}
		src = append(src, npSrc...)
	} else {
		switch c.tone {
		case ToneEnthusiastic:
			first = "I was excited to see {role}{at}, and I am glad to apply!"
		case ToneConcise:
			first = "I am applying for {role}{at}."
		default:
			first = c.pick("open", "I am writing to apply for {role}{at}.", "I would like to be considered for {role}{at}.")
		}
	}
	out = append(out, piece{text: fill(first, "{np}", np, "{role}", role, "{at}", at), rank: keep, src: src})
	if np == "" {
		if s, ss := c.identity(); s != "" {
			out = append(out, piece{text: s, rank: dropLast, src: ss})
		}
	}

	// Sentence 2: why this job.
	reason, rsrc := jobReason(job)
	co := c.v.company
	switch {
	case reason != "" && becauseForm(reason, co):
		clause := becauseClause(reason, co)
		var s string
		switch c.tone {
		case ToneEnthusiastic:
			s = c.pick("why", "What excites me most is that {why}.", "I love that {why}, and I would be proud to be part of it!")
		case ToneConcise:
			s = "I want to join because {why}."
		default:
			s = c.pick("why", "What draws me to the {noun} is that {why}.", "I want to contribute to this work because {why}.")
		}
		out = append(out, piece{text: fill(s, "{why}", clause, "{noun}", noun), rank: dropLast, src: []string{rsrc}})
	case reason != "":
		q := "“" + strings.TrimRight(reason, ".") + "”"
		var s string
		switch c.tone {
		case ToneEnthusiastic:
			s = "One line of your posting stayed with me: {q}."
		case ToneConcise:
			s = "Your posting says: {q}; that is the work I want to do."
		default:
			s = c.pick("why", "What drew me to the posting is how it describes the work: {q}.", "Your posting puts it well: {q}.")
		}
		out = append(out, piece{text: fill(s, "{q}", q), rank: dropLast, src: []string{rsrc}})
	default:
		if r, rp := c.duty(0); r != "" {
			var s string
			switch c.tone {
			case ToneEnthusiastic:
				s = "I would love the chance to {duty}."
			case ToneConcise:
				s = "The role would have me {duty}, which is work I want to do."
			default:
				s = c.pick("why", "What draws me to the {noun} is the chance to {duty}.", "The {noun} would have me {duty}, and that is the work I want to do next.")
			}
			out = append(out, piece{text: fill(s, "{duty}", r, "{noun}", noun), rank: dropLast, src: []string{rp}})
			c.usedDuty = 1
		}
	}
	return out
}

// identityPhrase is the profile summary's opening as a noun phrase ("a
// registered nurse with 7+ years of experience in acute care"), for "As
// ..., I am applying", with its source; "" when the summary does not open
// with one.
func (c *composer) identityPhrase() (string, []string) {
	ss := summarySentences(c.in.Profile.Basics.Summary)
	if len(ss) == 0 {
		return "", nil
	}
	fp := firstPersonIntro(ss[0])
	if !strings.HasPrefix(fp, "I am ") || strings.HasPrefix(fp, "I am I") || CountWords(fp) > 40 {
		return "", nil
	}
	np := strings.TrimPrefix(fp, "I am ")
	if w := strings.ToLower(firstWord(np)); w != "a" && w != "an" {
		return "", nil
	}
	// A long phrase is cut at its first comma: "an experienced marketing
	// professional with over 8 years in digital marketing strategy".
	if CountWords(np) > 18 {
		if i := strings.Index(np, ", "); i > 0 && CountWords(np[:i]) >= 6 {
			np = np[:i]
		} else {
			return "", nil
		}
	}
	c.introduced = true
	return strings.TrimRight(np, "."), []string{"/basics/summary"}
}

// roleIdentityPhrase is who the person is when their summary does not
// say it as a phrase: their label and latest role ("a Programmer who most
// recently worked as CEO/President at Pied Piper"), or the role alone, with
// the sources; "" when the profile has neither or it would run long.
func (c *composer) roleIdentityPhrase() (string, []string) {
	p := c.in.Profile
	label := capWords(sanitize(p.Basics.Label), 6)
	order := workByDate(p.Work)
	if len(order) == 0 {
		if label != "" && CountWords(label) <= 6 {
			return article(label), []string{"/basics/label"}
		}
		return "", nil
	}
	i := order[0]
	w := p.Work[i]
	pos, co := capWords(sanitize(w.Position), 8), capWords(sanitize(w.Name), 8)
	if pos == "" || co == "" {
		return "", nil
	}
	src := []string{fmt.Sprintf("/work/%d/position", i), fmt.Sprintf("/work/%d/name", i)}
	var np string
	switch {
	case label != "" && norm(label) != norm(pos) && isCurrent(w):
		np = article(label) + " currently working as " + article(pos) + " at " + co
		src = append(src, "/basics/label")
	case label != "" && norm(label) != norm(pos):
		np = article(label) + " who most recently worked as " + article(pos) + " at " + co
		src = append(src, "/basics/label")
	case isCurrent(w):
		np = article(pos) + " at " + co
	default:
		return "", nil
	}
	if CountWords(np) > 18 || breaksFrame(np, c.v.signature) {
		return "", nil
	}
	c.said[i] = true
	return np, src
}

// jobSrc is the pointers of the job's title and company, when known.
func jobSrc(job jobs.Posting) []string {
	var out []string
	if strings.TrimSpace(job.Title) != "" {
		out = append(out, "job:/title")
	}
	if strings.TrimSpace(job.Company) != "" {
		out = append(out, "job:/company")
	}
	return out
}

var (
	missionRe  = regexp.MustCompile(`(?i)\b(mission|helps?|helping|builds?|building|makes?|making|serves?|serving|improv\w*|transform\w*|deliver\w*|products?|platforms?|customers|users|people|public|patients|students|pupils|communit\w+|families|care|learning|dedicated|committed|believe|exists?|our team|we are|we're)\b`)
	noReasonRe = regexp.MustCompile(`(?i)\b(is hiring|are hiring|this page|check out|apply|applications?|salary|reviewing|equal opportunity|contains information|click|cookies|posted|deadline|benefits|seeks|seeking|looking for an?)\b`)
)

// jobReason finds a sentence of the posting's description that says what
// the employer does or stands for (its mission, product or team), and its
// pointer. "" when the posting says nothing of the kind.
func jobReason(job jobs.Posting) (string, string) {
	for _, s := range splitSentences(plain(job.Description)) {
		w := CountWords(s)
		if w < 5 || w > 32 || noReasonRe.MatchString(s) || !missionRe.MatchString(s) || placeholderRe.MatchString(s) {
			continue
		}
		if strings.ContainsAny(s, "?!") || strings.Contains(s, "http") {
			continue
		}
		return sanitize(s), "job:/description"
	}
	return "", ""
}

// stripAtCompany drops a leading "At Globex, " so "At Globex, we build X"
// reads as "we build X".
func stripAtCompany(reason, company string) string {
	if company == "" {
		return reason
	}
	lead := "at " + strings.ToLower(company) + ", "
	if strings.HasPrefix(strings.ToLower(reason), lead) {
		return reason[len(lead):]
	}
	return reason
}

// becauseForm reports whether a reason can follow "because": it starts
// with the company's name, "We" or "Our", and does not speak to the reader
// ("you will own …" cannot become the employer's "you").
func becauseForm(reason, company string) bool {
	l := strings.ToLower(stripAtCompany(reason, company))
	if readerVoiceRe.MatchString(l) {
		return false
	}
	return strings.HasPrefix(l, "we ") || strings.HasPrefix(l, "we're ") || strings.HasPrefix(l, "our ") ||
		(company != "" && strings.HasPrefix(l, strings.ToLower(company)+" "))
}

var (
	readerVoiceRe = regexp.MustCompile(`\b(you|your|yours|yourself)\b`)
	// ourRe finds the employer's first person anywhere in a reason, turned
	// to the second person as the letter speaks to the employer: "we are
	// growing our platform team" → "you are growing your platform team".
	// Lower-case "us" only: "the US" is a country.
	ourRe = regexp.MustCompile(`\b([Ww]e're|[Ww]e|[Oo]urs|[Oo]urselves|[Oo]ur|us)\b`)
)

var ourToYour = map[string]string{"we're": "you're", "we": "you", "ours": "yours", "ourselves": "yourselves", "our": "your", "us": "you"}

// becauseClause turns "We build X for our clients" into "you build X for
// your clients" and keeps "Globex builds X".
func becauseClause(reason, company string) string {
	reason = strings.TrimRight(stripAtCompany(reason, company), ".")
	return ourRe.ReplaceAllStringFunc(reason, func(w string) string { return ourToYour[strings.ToLower(w)] })
}

// duties are the job's responsibilities that can follow "I would" ("lead
// incident response and ..."), those that fit the profile best first, with
// their pointers. The opening names the first, the close the second.
func (c *composer) duties() (texts, paths []string) {
	if c.dutyList != nil {
		return c.dutyList, c.dutyPaths
	}
	pt := profileTruth(c.in.Profile).terms
	type duty struct {
		text, path string
		score      float64
	}
	var all []duty
	for i, r := range c.in.Job.Responsibilities {
		r = cutRunOn(sanitize(r))
		fw := strings.ToLower(firstWord(r))
		if CountWords(r) < 3 || CountWords(r) > 16 || !baseVerbs[fw] || boilerplateRe.MatchString(r) || employerVoiceRe.MatchString(r) {
			continue
		}
		score := -float64(i) * 0.01
		for _, t := range terms(r) {
			if pt[t] && !genericStems[t] {
				score++
			}
		}
		all = append(all, duty{lowerFirst(r), fmt.Sprintf("job:/responsibilities/%d", i), score})
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].score > all[b].score })
	c.dutyList, c.dutyPaths = []string{}, []string{}
	for _, d := range all {
		c.dutyList = append(c.dutyList, d.text)
		c.dutyPaths = append(c.dutyPaths, d.path)
	}
	return c.dutyList, c.dutyPaths
}

// duty returns the k-th duty, or "".
func (c *composer) duty(k int) (string, string) {
	t, p := c.duties()
	if k < len(t) {
		return t[k], p[k]
	}
	return "", ""
}

// runOnRe finds where an extracted list ran two items together ("... for
// in-house customers Build tools ..."): a lower-case word, then a capital
// that starts a verb.
var runOnRe = regexp.MustCompile(`\p{Ll}\s+(\p{Lu}\p{Ll}+)\b`)

func cutRunOn(s string) string {
	for _, m := range runOnRe.FindAllStringSubmatchIndex(s, -1) {
		if baseVerbs[strings.ToLower(s[m[2]:m[3]])] {
			return strings.TrimSpace(s[:m[2]])
		}
	}
	return s
}

// employerVoiceRe finds the employer speaking of itself ("our mission"),
// which cannot follow "I would".
var employerVoiceRe = regexp.MustCompile(`(?i)\b(we|our|us|ours|you|your|yours)\b`)

// background is what the opening may add when the letter is short: the
// current role (unless the identity named it), then further sentences of
// the profile's summary in the first person.
func (c *composer) background() []piece {
	var out []piece
	p := c.in.Profile
	order := workByDate(p.Work)
	if len(order) > 0 && !c.said[order[0]] {
		i := order[0]
		w := p.Work[i]
		pos, co := capWords(sanitize(w.Position), 8), capWords(sanitize(w.Name), 8)
		if pos != "" && co != "" {
			s := "I currently work as " + article(pos) + " at " + co
			if !isCurrent(w) {
				s = "Most recently, I worked as " + article(pos) + " at " + co
			}
			if d := FormatDate(w.StartDate); d != "" && isCurrent(w) && variant(c.seed, "since", 2) == 0 {
				s = "Since " + d + ", I have worked as " + article(pos) + " at " + co
			}
			src := []string{fmt.Sprintf("/work/%d/position", i), fmt.Sprintf("/work/%d/name", i)}
			if strings.HasPrefix(s, "Since ") {
				src = append(src, fmt.Sprintf("/work/%d/startDate", i))
			}
			out = append(out, piece{text: finish(s), rank: dropContent, src: src})
		}
	}
	// One more sentence of the summary: the one that matters most for
	// this job, if any does.
	jw := weightsFor(c.in.Job)
	best, bestScore := "", 0.0
	for k, s := range summarySentences(p.Basics.Summary) {
		if (k == 0 && c.introduced) || CountWords(s) > 35 {
			continue
		}
		if v := jw.score(s); v > bestScore && sharesSpecific(s, jw) {
			if fp := firstPersonSentence(s); fp != "" {
				best, bestScore = fp, v
			}
		}
	}
	if best != "" {
		out = append(out, piece{text: finish(best), rank: dropContent, src: []string{"/basics/summary"}})
	}
	return out
}

// sharesSpecific reports whether s names a word the job's duties,
// requirements, title or skills use that is not a word every job uses.
func sharesSpecific(s string, jw jobWeights) bool {
	for _, t := range terms(s) {
		if jw[t] >= 2 && !genericStems[t] {
			return true
		}
	}
	return false
}

// summaryLeads turn a summary's telegraphic openings into the first person.
var summaryLeads = []struct{ from, to string }{
	{"expertise in ", "my expertise is in "}, {"expert in ", "I am an expert in "}, {"skilled in ", "I am skilled in "},
	{"experienced in ", "I am experienced in "}, {"proficient in ", "I am proficient in "}, {"adept at ", "I am adept at "},
	{"committed to ", "I am committed to "}, {"passionate about ", "I am passionate about "},
	{"dedicated to ", "I am dedicated to "}, {"specializing in ", "I specialize in "}, {"specialising in ", "I specialise in "},
	{"proven track record ", "I have a proven track record "}, {"track record ", "I have a track record "},
	{"known for ", "I am known for "}, {"fluent in ", "I am fluent in "}, {"background in ", "I have a background in "},
}

// firstPersonSentence puts one summary sentence in the first person, or
// returns "" when it cannot do so safely.
func firstPersonSentence(s string) string {
	s = strings.TrimRight(sanitize(s), ".")
	l := strings.ToLower(s)
	for _, x := range summaryLeads {
		if strings.HasPrefix(l, x.from) {
			return x.to + s[len(x.from):]
		}
	}
	fw := strings.ToLower(firstWord(s))
	switch {
	case verbAdverbs[fw]:
		// "Consistently exceeds targets" → "I consistently exceed targets".
		if words := strings.Fields(s); len(words) > 1 {
			if b, ok := presentBase(words[1]); ok {
				words[1] = b
				s = strings.Join(words, " ")
			}
		}
		return "I " + lowerFirst(s)
	case presentVerb(fw):
		// "Manages a team of 8" → "I manage a team of 8".
		b, _ := presentBase(fw)
		return "I " + b + s[len(fw):]
	case pastVerbs[fw] || (strings.HasSuffix(fw, "ed") && len(fw) > 3 && !passiveVerbs[fw] && !adjectiveEd[fw] && !strings.Contains(fw, "-")):
		return "I " + lowerFirst(s)
	case strings.HasSuffix(l, " certified") || strings.HasSuffix(l, " licensed"):
		return "I am " + s
	}
	return firstPersonIntro(s)
}

// identity is who is applying, from the profile's own summary put in the
// first person, or the label and current role.
func (c *composer) identity() (string, []string) {
	p := c.in.Profile
	for _, s := range summarySentences(p.Basics.Summary) {
		if CountWords(s) > 40 {
			continue
		}
		if fp := firstPersonIntro(s); fp != "" {
			return finish(fp), []string{"/basics/summary"}
		}
		break
	}
	order := workByDate(p.Work)
	label := capWords(sanitize(p.Basics.Label), 8)
	if len(order) > 0 {
		i := order[0]
		w := p.Work[i]
		pos, co := capWords(sanitize(w.Position), 8), capWords(sanitize(w.Name), 8)
		current := isCurrent(w)
		if pos != "" && co != "" {
			c.said[i] = true
			verb := "I work as"
			if !current {
				verb = "Most recently, I worked as"
			}
			src := []string{fmt.Sprintf("/work/%d/position", i), fmt.Sprintf("/work/%d/name", i)}
			if label != "" && norm(label) != norm(pos) {
				if current {
					return finish("I am " + article(label) + ", currently " + article(pos) + " at " + co), append(src, "/basics/label")
				}
				return finish("I am " + article(label) + "; most recently I worked as " + article(pos) + " at " + co), append(src, "/basics/label")
			}
			return finish(verb + " " + article(pos) + " at " + co), src
		}
	}
	if label != "" {
		return finish("I am " + article(label)), []string{"/basics/label"}
	}
	return "", nil
}

// firstPersonIntro turns a summary's opening into the first person:
// "Compassionate registered nurse with 7+ years ..." → "I am a
// compassionate registered nurse with 7+ years ...". Sentences about the
// person by name or pronoun, or that start with a verb, are left alone ("").
func firstPersonIntro(s string) string {
	s = strings.TrimRight(sanitize(s), ".")
	fw := strings.ToLower(firstWord(s))
	words := strings.Fields(s)
	switch {
	case thirdPersonRe.MatchString(s) || notAPhraseStart[fw] || verbAdverbs[fw]:
		return "" // "Consistently delivered …" is not a noun phrase
	case len(words) > 1 && isUpper([]rune(words[0])[0]) && thirdPersonVerb(words[1]):
		return "" // "Richard hails from Tulsa"
	case fw == "i" || fw == "i'm":
		return s
	case fw == "a" || fw == "an":
		s = strings.TrimSpace(s[len(fw):])
	case fw == "he" || fw == "she" || fw == "they" || fw == "my" || fw == "his" || fw == "her":
		return ""
	case len(words) > 1 && roleNouns[strings.ToLower(strings.Trim(words[1], ","))]:
		// "Care assistant with ...", "Support worker ...": a noun phrase.
	case pastVerbs[fw] || baseVerbs[fw] || presentVerb(fw) || (strings.HasSuffix(fw, "ed") && !strings.Contains(fw, "-") && !strings.HasSuffix(fw, "eed") && !adjectiveEd[fw]):
		return ""
	}
	if CountWords(s) < 3 {
		return ""
	}
	return "I am " + article(lowerFirst(s))
}

var (
	// thirdPersonRe finds a summary written about the person rather than
	// by them.
	thirdPersonRe = regexp.MustCompile(`(?i)\b(he|she|his|her|him|hers|they|their|them)\b`)
	// notAPhraseStart are words a noun phrase about a person does not
	// start with.
	notAPhraseStart = map[string]bool{"while": true, "although": true, "when": true, "after": true, "since": true,
		"as": true, "because": true, "with": true, "from": true, "in": true, "at": true, "on": true, "for": true,
		"by": true, "to": true, "of": true, "the": true, "this": true, "that": true, "these": true, "those": true,
		"over": true, "having": true, "being": true, "currently": true, "now": true, "today": true, "my": true,
		"if": true, "there": true, "it": true, "we": true, "you": true}
	// adjectiveEd are words ending in "ed" that describe a person.
	adjectiveEd = map[string]bool{"dedicated": true, "experienced": true, "qualified": true, "certified": true,
		"motivated": true, "skilled": true, "seasoned": true, "talented": true, "accomplished": true, "licensed": true,
		"registered": true, "trained": true, "detailed": true, "organized": true, "organised": true, "focused": true,
		"self-motivated": true, "committed": true, "respected": true, "bilingual": true}
)

// roleNouns end the job-title phrases a summary may open with.
var roleNouns = map[string]bool{"assistant": true, "worker": true, "specialist": true, "manager": true, "engineer": true,
	"officer": true, "analyst": true, "associate": true, "nurse": true, "teacher": true, "coordinator": true,
	"lead": true, "technician": true, "professional": true, "developer": true, "consultant": true, "executive": true,
	"administrator": true, "advisor": true, "adviser": true, "operative": true, "practitioner": true}

// thirdPersonVerb reports whether w reads as a verb after a name ("hails",
// "works", "is").
func thirdPersonVerb(w string) bool {
	w = strings.ToLower(w)
	return w == "is" || w == "has" || w == "was" || (strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		(baseVerbs[strings.TrimSuffix(w, "s")] || baseVerbs[strings.TrimSuffix(w, "es")] || strings.HasSuffix(w, "ails") || strings.HasSuffix(w, "oves") || strings.HasSuffix(w, "njoys")))
}

func isCurrent(w profile.Work) bool {
	e := strings.TrimSpace(w.EndDate)
	return e == "" || FormatDate(e) == "present"
}

// where is "at Globex" for a role, "on pgwatch" for a project.
func (c *composer) where(it evItem) string {
	p := c.in.Profile
	if it.proj >= 0 {
		if n := capWords(sanitize(p.Projects[it.proj].Name), 8); n != "" {
			return "on " + n
		}
		return "in my own projects"
	}
	w := p.Work[it.work]
	co, pos := capWords(sanitize(w.Name), 8), capWords(sanitize(w.Position), 8)
	if co != "" && pos != "" && !c.said[it.work] {
		c.said[it.work] = true
		if isCurrent(w) {
			return "in my current role as " + pos + " at " + co
		}
		return "as " + article(pos) + " at " + co
	}
	if co != "" {
		return "at " + co
	}
	if pos != "" {
		return "as " + article(pos)
	}
	return "in my work"
}

func (c *composer) whereSrc(it evItem) []string {
	if it.proj >= 0 {
		return []string{it.path, fmt.Sprintf("/projects/%d/name", it.proj)}
	}
	if strings.TrimSpace(c.in.Profile.Work[it.work].Name) != "" {
		return []string{it.path, fmt.Sprintf("/work/%d/name", it.work), fmt.Sprintf("/work/%d/position", it.work)}
	}
	return []string{it.path, fmt.Sprintf("/work/%d/position", it.work)}
}

// evidence is paragraph 2: each chosen achievement with the requirement it
// answers, then the skills the job asks for that the profile has.
func (c *composer) evidence() []piece {
	var out []piece
	start := variant(c.seed, c.tone+"pairs", 64)
	for k, pr := range c.pairs {
		cl := clause(pr.item, c.in.Profile)
		where := c.where(pr.item)
		src := c.whereSrc(pr.item)
		var s string
		if pr.ask != nil {
			tpls := pairTemplates[c.tone]
			s = fill(tpls[(start+k)%len(tpls)], "{ask}", pr.ask.short, "{Ask}", upperFirst(pr.ask.short),
				"{where}", where, "{Where}", upperFirst(where), "{clause}", cl)
			src = append(src, pr.ask.path)
		} else {
			s = fill(c.loose(k, k == 0), "{where}", where, "{Where}", upperFirst(where), "{clause}", cl, "{to}", c.to())
		}
		rank := dropLast
		if k == 2 {
			rank = dropBullet
		}
		out = append(out, piece{text: s, rank: rank, src: src, ev: &c.pairs[k]})
	}
	if s, src := c.skills(); s != "" {
		out = append(out, piece{text: s, rank: dropLast, src: src})
	}
	if s, src := c.education(); s != "" {
		out = append(out, piece{text: s, rank: dropContent, src: src})
	}
	return out
}

// degreeRe matches a requirement a degree answers (not a licence or a
// certificate, which the profile's education does not show).
var degreeRe = regexp.MustCompile(`(?i)\b(degree|bachelor'?s?|master'?s?|diploma|phd|doctorate|graduate)\b`)

// credentialAsk is the job's requirement a degree answers.
func (c *composer) credentialAsk() (string, string) {
	for i, r := range c.in.Job.Requirements {
		r = strings.TrimSpace(plain(r))
		if degreeRe.MatchString(r) && !boilerplateRe.MatchString(r) {
			if sh := shortAsk(r); sh != "" {
				return sh, fmt.Sprintf("job:/requirements/%d", i)
			}
		}
	}
	return "", ""
}

// background2 is what a profile with few achievements can still say: its
// skills, when the job names none of them, and its studies.
func (c *composer) background2() []piece {
	p := c.in.Profile
	var out []piece
	if names, _ := matchedSkills(p, c.in.Job, 4); len(names) == 0 {
		var list, src []string
		for _, sk := range profileSkills(p) {
			if n := capWords(sanitize(sk.name), 5); n != "" && len(list) < 4 {
				list = append(list, n)
				src = append(src, sk.path)
			}
		}
		if len(list) > 0 {
			s := "My skills include {skills}."
			if c.tone == ToneConcise {
				s = "Skills: {skills}."
			}
			out = append(out, piece{text: fill(s, "{skills}", joinList(list)), rank: dropContent, src: src})
		}
	}
	if e, _ := c.education(); e == "" && len(p.Education) > 0 {
		ed := p.Education[0]
		inst, area, kind := capWords(sanitize(ed.Institution), 8), capWords(sanitize(ed.Area), 8), capWords(sanitize(ed.StudyType), 6)
		var s string
		src := []string{"/education/0/institution"}
		switch {
		case inst != "" && area != "" && kind != "" && degreeKinds(kind)+kind != "":
			s = "I hold " + article(kind) + " in " + area + " from " + inst
			src = append(src, "/education/0/studyType", "/education/0/area")
		case inst != "" && area != "":
			s = "I studied " + area + " at " + inst
			src = append(src, "/education/0/area")
		case inst != "":
			s = "I studied at " + inst
		}
		if s != "" {
			out = append(out, piece{text: finish(s), rank: dropContent, src: src})
		}
	}
	return out
}

// tellInOrder retells the achievements the letter kept newest role first,
// with fresh phrasing for that order (the role named in full at its first
// mention, no "also" before the first). It keeps the letter as it was if
// the retelling would leave the word limits.
func (c *composer) tellInOrder(ps []paragraph) {
	p := &ps[1]
	var evs, others []piece
	for _, x := range p.lead {
		if x.ev != nil {
			evs = append(evs, x)
		} else {
			others = append(others, x)
		}
	}
	if len(evs) < 2 {
		return
	}
	sort.SliceStable(evs, func(a, b int) bool { return evs[a].ev.item.rank < evs[b].ev.item.rank })
	said, loose := c.said, c.usedLoose
	c.said, c.usedLoose = map[int]bool{}, map[string]bool{}
	for k, v := range c.saidInOpening {
		c.said[k] = v
	}
	start := variant(c.seed, c.tone+"pairs", 64)
	var lead []piece
	asked, free := 0, 0
	for i, x := range evs {
		pr := x.ev
		cl, where := clause(pr.item, c.in.Profile), c.where(pr.item)
		var t string
		if pr.ask != nil {
			tpls := pairTemplates[c.tone]
			t = fill(tpls[(start+asked)%len(tpls)], "{ask}", pr.ask.short, "{Ask}", upperFirst(pr.ask.short),
				"{where}", where, "{Where}", upperFirst(where), "{clause}", cl)
			asked++
		} else {
			t = fill(c.loose(free, i == 0), "{where}", where, "{Where}", upperFirst(where), "{clause}", cl, "{to}", c.to())
			free++
		}
		x.text, x.n = t, 0
		lead = append(lead, x)
	}
	old := p.lead
	p.lead = append(lead, others...)
	total := 0
	for i := range ps {
		total += ps[i].words()
	}
	if total < MinLetterWords || total > MaxLetterWords {
		p.lead, c.said, c.usedLoose = old, said, loose
	}
}

// moreEvidence are further achievements, most relevant to the job first,
// that the letter adds when it is short.
func (c *composer) moreEvidence() []piece {
	used := map[string]bool{}
	for _, p := range c.pairs {
		used[p.item.path] = true
	}
	items := letterItems(c.in.Profile)
	jw := weightsFor(c.in.Job)
	sort.SliceStable(items, func(a, b int) bool {
		return standing(items[a], jw, c.seed) > standing(items[b], jw, c.seed)
	})
	var chosen []evItem
	for _, it := range items {
		if used[it.path] || len(chosen) == 3 || CountWords(it.text) > 30 || !sharesSpecific(it.text, jw) {
			continue
		}
		chosen = append(chosen, it)
	}
	// Told newest role first, like the achievements before them.
	sort.SliceStable(chosen, func(a, b int) bool { return chosen[a].rank < chosen[b].rank })
	var out []piece
	for _, it := range chosen {
		where := c.where(it)
		s := fill(c.loose(len(c.pairs)+len(out), len(c.pairs) == 0 && len(out) == 0), "{where}", where, "{Where}", upperFirst(where),
			"{clause}", clause(it, c.in.Profile), "{to}", c.to())
		out = append(out, piece{text: s, rank: dropContent, src: c.whereSrc(it), ev: &pairing{item: it}})
	}
	return out
}

// pairTemplates tie an achievement to the requirement it answers. {ask} is
// the requirement, {where} the role ("at Globex"), {clause} the achievement
// as a first-person clause.
var pairTemplates = map[string][]string{
	ToneProfessional: {
		"You ask for {ask}: {where}, {clause}.",
		"On {ask}, my clearest example comes from my time {where}, where {clause}.",
		"For {ask}, I can point to my work {where}: {clause}.",
		"The posting asks for {ask}, and {where} {clause}.",
		"Your requirement for {ask} matches my work {where}, where {clause}.",
	},
	ToneEnthusiastic: {
		"You are looking for {ask}, and that is where I have done some of my best work: {where}, {clause}.",
		"I was glad to see {ask} on your list, because {where} {clause}.",
		"When it comes to {ask}, I have a concrete example: {where}, {clause}.",
		"Your focus on {ask} speaks directly to my time {where}, where {clause}.",
	},
	ToneConcise: {
		"{Ask}: {where}, {clause}.",
		"You ask for {ask}. {Where}, {clause}.",
		"On {ask}: {where}, {clause}.",
		"For {ask}, see my work {where}: {clause}.",
	},
}

// loose picks a template for an achievement that answers no requirement
// in particular: one not yet used in this letter, chosen by the job.
func (c *composer) loose(k int, first bool) string {
	tpls := looseTemplates[c.tone]
	if first {
		tpls = firstOnly(tpls)
	}
	var free []string
	for _, t := range tpls {
		if !c.usedLoose[t] {
			free = append(free, t)
		}
	}
	if len(free) == 0 {
		return "{Where}, {clause}."
	}
	// Each achievement draws its own phrasing, so two letters that tell the
	// same achievements rarely tell them alike.
	t := free[variant(c.seed, fmt.Sprintf("%sloose%d", c.tone, k), len(free))]
	c.usedLoose[t] = true
	return t
}

// firstOnly drops the templates that only read well after another example
// ("Also ...", "Another ...", "... too").
func firstOnly(tpls []string) []string {
	var out []string
	for _, t := range tpls {
		l := strings.ToLower(t)
		if !strings.Contains(l, "also") && !strings.Contains(l, "another") && !strings.Contains(l, " too") && !strings.Contains(l, "same") && !strings.Contains(l, "further") && !strings.Contains(l, "similarly") {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return tpls
	}
	return out
}

// looseTemplates present an achievement that answers no requirement in
// particular.
var looseTemplates = map[string][]string{
	ToneProfessional: {
		"{Where}, {clause}.",
		"My work {where} is relevant here too: {clause}.",
		"{Where}, {clause}; I would bring that experience to {to}.",
		"Similarly, {where}, {clause}.",
		"A further example: {where}, {clause}.",
		"One example from my time {where}: {clause}.",
		"To give a concrete example, {where} {clause}.",
		"I can point to my record {where}, where {clause}.",
	},
	ToneEnthusiastic: {
		"I am proud that {where} {clause}.",
		"Another example I am proud of: {where}, {clause}.",
		"{Where}, {clause}, and I would bring that drive to {to}.",
		"{Where}, {clause}, and I would love to build on that.",
		"One of the things I enjoyed most {where}: {clause}.",
		"A highlight of my time {where} is that {clause}.",
	},
	ToneConcise: {
		"{Where}, {clause}.",
		"Also {where}: {clause}.",
		"Further, {where}, {clause}.",
		"For example, {where} {clause}.",
		"Evidence from my time {where}: {clause}.",
		"Take my work {where}: {clause}.",
	},
}

// skills is the sentence naming the skills the job asks for that the
// profile lists.
func (c *composer) skills() (string, []string) {
	list, src := matchedSkills(c.in.Profile, c.in.Job, 4)
	if len(list) == 0 {
		return "", nil
	}
	j := joinList(list)
	var s string
	switch c.tone {
	case ToneEnthusiastic:
		s = c.pick("skills", "I was pleased to see {skills} in the posting, since they are among the skills I list.",
			"It was good to see {skills} in your list, as I work with them already.")
		if len(list) == 1 {
			s = c.pick("skills1", "I was pleased to see {skills} in the posting, since it is one of the skills I list.",
				"It was good to see {skills} on your list, as it is one of my skills.")
		}
	case ToneConcise:
		s = c.pick("skills", "Skills you ask for that I have: {skills}.", "Matching skills: {skills}.")
		if len(list) == 1 {
			s = c.pick("skills1", "A skill you ask for that I have: {skills}.", "Of your listed skills, I have {skills}.", "I list {skills}, which you ask for.")
		}
	default:
		s = c.pick("skills", "I also bring {skills}, all named in your posting.",
			"Beyond these examples, my skills include {skills}, as your posting asks.",
			"Of the skills you list, I bring {skills}.")
		if len(list) == 1 {
			s = c.pick("skills1", "Of the skills you list, I bring {skills}.", "Your posting names {skills}, which is among the skills I list.",
				"I also bring {skills}, which your posting names.")
		}
	}
	return fill(s, "{skills}", j), src
}

// matchedSkills are the profile's skills the job names (in its skills or
// requirements), in the job's order, with their pointers (profile and job).
func matchedSkills(p profile.Resume, job jobs.Posting, n int) ([]string, []string) {
	var names, src []string
	have := profileSkills(p)
	used := map[int]bool{}
	add := func(i int, jobPath string) {
		used[i] = true
		if len(names) < n {
			names = append(names, capWords(sanitize(have[i].name), 5))
			src = append(src, have[i].path)
			if jobPath != "" {
				src = append(src, jobPath)
			}
		}
	}
	for ji, js := range job.Skills {
		for i, h := range have {
			if !used[i] && skillEqual(h.name, js) {
				add(i, fmt.Sprintf("job:/skills/%d", ji))
				break
			}
		}
	}
	text := " " + norm(strings.Join(job.Requirements, " | ")+" | "+job.Title) + " "
	for i, h := range have {
		if k := norm(h.name); !used[i] && len(k) > 1 && strings.Contains(text, " "+k+" ") {
			add(i, "")
		}
	}
	var clean []string
	for _, s := range names {
		if s != "" {
			clean = append(clean, s)
		}
	}
	return clean, src
}

// skillEqual compares a profile skill (a) with a job's (b): the same words
// or the same skill under another name (the skills vocabulary), or one of
// the skills a compound entry names ("Electronic Health Records (Epic,
// Cerner)").
func skillEqual(a, b string) bool {
	na, nb := norm(a), norm(b)
	if na == "" || nb == "" {
		return false
	}
	if na == nb {
		return true
	}
	if i := strings.Index(a, "("); i > 0 && norm(a[:i]) == nb {
		return true
	}
	if skills.Same(a, b) {
		return true // "k8s" and "Kubernetes", "Postgres" and "PostgreSQL"
	}
	// A profile entry that names several skills ("Electronic Health
	// Records (Epic, Cerner)") has each of them.
	if strings.ContainsAny(a, "(,/") {
		cb := skills.Canonical(b)
		for _, n := range skills.FindTerm(a) {
			if strings.EqualFold(n, cb) {
				return true
			}
		}
	}
	return false
}

// education is one sentence on the person's first degree, when it says
// something the job's text also mentions; otherwise only as padding.
func (c *composer) education() (string, []string) {
	p := c.in.Profile
	ask, ap := c.credentialAsk()
	if ask == "" {
		return "", nil
	}
	// The degree is in the CV; the letter names it only when the job asks
	// for a degree and one of the person's is in the field asked for (or
	// the job names no field), next to that requirement.
	askTerms := termSet(ask)
	noField := !strings.Contains(strings.ToLower(ask), " in ")
	for i, e := range p.Education {
		inst, area, kind := capWords(sanitize(e.Institution), 8), capWords(sanitize(e.Area), 8), capWords(sanitize(e.StudyType), 6)
		if inst == "" || kind == "" || !degreeRe.MatchString(kind+" "+degreeKinds(kind)) {
			continue
		}
		fits := noField
		for _, t := range terms(area) {
			if askTerms[t] && !genericStems[t] {
				fits = true
			}
		}
		if !fits {
			continue
		}
		src := []string{fmt.Sprintf("/education/%d/institution", i), fmt.Sprintf("/education/%d/studyType", i)}
		s := "I hold " + article(kind)
		if area != "" {
			s += " in " + area
			src = append(src, fmt.Sprintf("/education/%d/area", i))
		}
		s += " from " + inst
		switch c.tone {
		case ToneConcise:
			s = upperFirst(ask) + ": " + lowerFirst(s)
		default:
			s = "You ask for " + ask + ", and " + lowerFirst(s)
		}
		return finish(s), append(src, ap)
	}
	return "", nil
}

// degreeKinds names the degree an abbreviation stands for, so "BSc" and
// "M.Ed" count as degrees.
func degreeKinds(kind string) string {
	k := strings.ToLower(strings.NewReplacer(".", "", " ", "", "(", "", ")", "").Replace(kind))
	for _, p := range []string{"ba", "bs", "bsc", "beng", "bed", "llb", "ma", "ms", "msc", "meng", "med", "mba", "mphil", "phd", "dphil", "edd", "aa", "as", "aas"} {
		if k == p || strings.HasPrefix(k, p+"hons") {
			return "degree"
		}
	}
	if strings.HasPrefix(k, "associate") {
		return "degree"
	}
	return ""
}

// close is paragraph 3: the job's own work, then thanks.
func (c *composer) close() (lead, tail []piece) {
	at := c.v.at()
	r, rp := c.duty(c.usedDuty)
	if r != "" && c.v.company != "" && strings.Contains(strings.ToLower(r), strings.ToLower(c.v.company)) {
		at = ""
	}
	if r != "" {
		var s string
		switch c.tone {
		case ToneEnthusiastic:
			s = c.pick("close-duty", "I would love to talk about how I would {duty}.",
				"I am excited by the chance to {duty}{at}, and I would love to discuss how I would go about it.")
		case ToneConcise:
			s = c.pick("close-duty", "I would like to discuss how I would {duty}.", "I can walk you through how I would {duty}.")
		default:
			s = c.pick("close-duty", "I would welcome the chance to discuss how I would {duty}.",
				"In an interview, I would like to talk through how I would {duty}{at}.",
				"I would be glad to explain how I would {duty} in my first months{at}.")
		}
		lead = append(lead, piece{text: fill(s, "{duty}", r, "{at}", at), rank: dropContent, src: []string{rp}})
	} else if len(c.pairs) > 0 {
		where := c.where(c.pairs[0].item)
		var s string
		switch c.tone {
		case ToneEnthusiastic:
			s = "I would love to talk about how my work {where} could help{at}."
		case ToneConcise:
			s = c.pick("close-work", "I can say more about my work {where} in an interview.", "I would like to explain how my work {where} applies{at}.",
				"In an interview, I can expand on my work {where}.")
		default:
			s = "I would welcome the chance to discuss how my work {where} could help{at}."
		}
		if at == "" && c.tone != ToneConcise {
			s = strings.Replace(s, " could help{at}", " fits the role", 1)
		}
		lead = append(lead, piece{text: fill(s, "{where}", where, "{at}", at), rank: dropContent, src: c.whereSrc(c.pairs[0].item)})
	}
	co := c.v.company
	if co == "" {
		co = "your team"
	}
	var s string
	switch c.tone {
	case ToneEnthusiastic:
		s = c.pick("thanks", "Thank you for reading, and I look forward to hearing from {co}!",
			"Thank you for your time, and I hope to hear from {co} soon!",
			"I look forward to hearing from you, and thank you for considering me for {co}!")
	case ToneConcise:
		s = c.pick("thanks", "Thank you for your time; I hope to hear from {co} soon.", "Thank you for considering my application to {co}.",
			"I look forward to hearing from {co}.")
	default:
		s = c.pick("thanks", "Thank you for your time and consideration; I look forward to hearing from {co}.",
			"Thank you for your time; I would welcome the chance to meet {co} and talk further.",
			"Thank you for considering my application to {co}; I would be glad to provide anything else you need.")
	}
	tail = []piece{{text: fill(s, "{co}", co), rank: keep}}
	return lead, tail
}

// softSkillRe finds skills a team does not "approach" (qualities, not
// subjects of work).
var softSkillRe = regexp.MustCompile(`(?i)\b(communication|attention|detail|problem|solving|customer service|teamwork|interpersonal|leadership|motivat\w*|organi[sz]ation\w*|time management|work ethic|clearance)\b`)

// topicSkills are up to n skills the job names that the profile also
// lists, as they would read mid-sentence, with their pointers (a skill the
// person lacks is never named: the letter could read as claiming it).
func (c *composer) topicSkills(n int) ([]string, []string) {
	have := profileSkills(c.in.Profile)
	type sk struct{ name, path string }
	var held []sk
	for i, js := range c.in.Job.Skills {
		js = strings.TrimSpace(plain(js))
		if js == "" || CountWords(js) > 3 || softSkillRe.MatchString(js) || boilerplateRe.MatchString(js) || skills.KindOf(skills.Canonical(js)) == skills.Cert {
			continue
		}
		name := js
		if !keepsCase(firstWord(js)) {
			name = lowerFirst(decap(js))
		}
		x := sk{name, fmt.Sprintf("job:/skills/%d", i)}
		found := false
		for _, h := range have {
			if skillEqual(h.name, js) {
				found = true
				break
			}
		}
		if found {
			held = append(held, x)
		}
	}
	var names, paths []string
	for _, x := range held {
		if len(names) < n {
			names, paths = append(names, x.name), append(paths, x.path)
		}
	}
	return names, paths
}

// teamQuestion asks about the team's own work: how it approaches the
// skills the posting names, and where it works (remote, hybrid, or the
// town the posting gives). It states nothing about the person.
func (c *composer) teamQuestion() piece {
	job := c.in.Job
	team, src := "the team", []string{}
	switch wp := strings.ToLower(job.Workplace); {
	case wp == "remote":
		team, src = "the remote team", append(src, "job:/workplace")
	case wp == "hybrid":
		team, src = "the hybrid team", append(src, "job:/workplace")
	}
	if team == "the team" || team == "the hybrid team" {
		if city := jobCity(job); city != "" {
			team += " in " + city
			src = append(src, "job:/location")
		}
	}
	names, paths := c.topicSkills(3)
	if len(names) == 0 {
		if len(src) == 0 {
			return piece{}
		}
		var s string
		switch c.tone {
		case ToneEnthusiastic:
			s = c.pick("team-q", "I would love to hear how {team}{at} works together day to day.", "I am curious how {team}{at} organises its week.",
				"I would love to know what a typical week looks like for {team}{at}.")
		case ToneConcise:
			s = c.pick("team-q", "I would like to hear how {team}{at} works day to day.", "How {team}{at} organises its work interests me.",
				"I would like to know how {team}{at} plans its work.")
		default:
			s = c.pick("team-q", "I would be glad to hear how {team}{at} works day to day.", "I would like to learn how {team}{at} organises its work.",
				"I would welcome hearing how {team}{at} divides its work.")
		}
		at := c.v.at()
		if strings.Contains(team, " in ") {
			at = ""
		}
		return piece{text: fill(s, "{team}", team, "{at}", at), rank: dropContent, src: src}
	}
	var s string
	switch c.tone {
	case ToneEnthusiastic:
		s = c.pick("team-q", "I would love to hear how {team} approaches {skills}.", "I am curious how {skills} shape the work of {team}.")
	case ToneConcise:
		s = c.pick("team-q", "I would like to hear how {team} approaches {skills}.", "How {team} approaches {skills} interests me.")
	default:
		s = c.pick("team-q", "I would like to hear how {team} approaches {skills}.",
			"I would be interested to learn how {skills} figure in the work of {team}.",
			"I would value hearing how {team} handles {skills} in practice.")
	}
	return piece{text: fill(s, "{team}", team, "{skills}", joinList(names)), rank: dropContent, src: append(src, paths...)}
}

// notATownRe finds a location that is no town ("Remote", "Multiple locations").
var notATownRe = regexp.MustCompile(`(?i)\b(remote|virtual|anywhere|hybrid|multiple|various|home)\b`)

// jobCity is the town of the job's first location ("Kirkland, WA" →
// "Kirkland"), or "" when it names none that reads well in a sentence.
func jobCity(job jobs.Posting) string {
	loc := job.Location
	if len(job.Locations) > 0 {
		loc = job.Locations[0]
	}
	loc = strings.TrimSpace(sanitize(loc))
	if i := strings.IndexAny(loc, ",;(/"); i > 0 {
		loc = strings.TrimSpace(loc[:i])
	}
	if loc == "" || CountWords(loc) > 3 || strings.ContainsAny(loc, "0123456789") ||
		notATownRe.MatchString(loc) {
		return ""
	}
	return loc
}

// moreDuties are the further duties of the job the close may name when the
// letter is short.
func (c *composer) moreDuties() []piece {
	var out []piece
	texts, paths := c.duties()
	limit := 2
	for k := c.usedDuty + 1; k < len(texts) && len(out) < limit; k++ {
		var s string
		switch c.tone {
		case ToneEnthusiastic:
			s = c.pick(fmt.Sprintf("more-duty%d", len(out)), "I would also love to {duty}.", "I am also keen to {duty}.",
				"The chance to {duty} appeals to me just as much.")
			if len(out) == 1 {
				s = "And I would be glad to {duty} as well."
			}
		case ToneConcise:
			s = "I would also {duty}."
			if len(out) == 1 {
				s = "I am ready to {duty} as well."
			}
		default:
			s = c.pick(fmt.Sprintf("more-duty%d", len(out)), "I would also welcome the chance to {duty}.", "I would also be glad to {duty}.",
				"The role would also have me {duty}, which I would take on gladly.")
			if len(out) == 1 {
				s = c.pick("more-duty-last", "I would equally be glad to {duty}.", "I would also look forward to the chance to {duty}.")
			}
		}
		out = append(out, piece{text: fill(s, "{duty}", texts[k]), rank: dropContent, src: []string{paths[k]}})
	}
	return out
}

func upperFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	r[0] = []rune(strings.ToUpper(string(r[0])))[0]
	return string(r)
}

// pastVerbs are the irregular past tenses bullets often start with; regular
// ones end in "ed".
var pastVerbs = map[string]bool{"built": true, "led": true, "ran": true, "wrote": true, "won": true,
	"made": true, "drove": true, "grew": true, "took": true, "set": true, "cut": true, "brought": true,
	"taught": true, "oversaw": true, "began": true, "found": true, "kept": true, "held": true,
	"sold": true, "spent": true, "shipped": true, "rebuilt": true, "rewrote": true, "co-founded": true,
	"gave": true, "sent": true, "spoke": true, "met": true, "became": true, "saw": true, "did": true}

// passiveVerbs are participles that need "was" in the first person
// ("Recognized as Peak Performer" → "I was recognized as Peak Performer").
var passiveVerbs = map[string]bool{"recognized": true, "recognised": true, "promoted": true, "awarded": true,
	"selected": true, "nominated": true, "named": true, "elected": true, "invited": true, "appointed": true,
	"chosen": true, "honored": true, "honoured": true, "featured": true, "certified": true, "ranked": true,
	"hired": true, "commended": true, "praised": true}

// baseVerbs are the present-tense verbs bullets and duties start with.
// verbAdverbs open a sentence whose verb follows ("Consistently delivered
// …"), never a noun phrase about the person.
var verbAdverbs = map[string]bool{"consistently": true, "successfully": true, "recently": true, "currently": true,
	"previously": true, "repeatedly": true, "regularly": true}

// presentBase gives the base form of a verb in the third person singular
// ("exceeds" → "exceed", "applies" → "apply") when it is one of baseVerbs.
func presentBase(w string) (string, bool) {
	l := strings.ToLower(strings.Trim(w, ",;:"))
	if !strings.HasSuffix(l, "s") || strings.HasSuffix(l, "ss") {
		return "", false
	}
	cands := []string{strings.TrimSuffix(l, "s"), strings.TrimSuffix(l, "es")}
	if strings.HasSuffix(l, "ies") {
		cands = append(cands, strings.TrimSuffix(l, "ies")+"y")
	}
	for _, c := range cands {
		if baseVerbs[c] {
			return c, true
		}
	}
	return "", false
}

func presentVerb(w string) bool { _, ok := presentBase(w); return ok }

var baseVerbs = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`provide triage administer collaborate mentor teach lead sponsor pick operate
		maintain train manage develop design build create run support coordinate deliver own write plan oversee
		handle prepare conduct process assist serve drive implement monitor document educate perform review
		analyze analyse reconcile ensure work partner help advise organize organise schedule load sort ship pack
		receive track report present negotiate launch grow increase reduce improve optimise optimize establish
		deploy migrate automate test edit produce execute facilitate guide supervise recruit hire audit file close
		resolve respond answer greet care assess evaluate instruct tutor counsel define participate use balance
		advocate identify coach keep stay speak contribute pay energize energise set meet engage foster champion
		apply maintain collect compile draft research source screen interview onboard communicate liaise inspect
		clean stock restock unload count verify calculate record prepare book bill invoice sell market promote
		translate install configure troubleshoot repair mitigate prevent promote represent attend visit lift
		stand explain escalate protect secure scale refactor ensure perform lead exceed achieve surpass`) {
		m[w] = true
	}
	return m
}()

// irregularPast is the past tense of the irregular base verbs above.
var irregularPast = map[string]string{"lead": "led", "teach": "taught", "run": "ran", "build": "built",
	"write": "wrote", "drive": "drove", "oversee": "oversaw", "grow": "grew", "keep": "kept", "set": "set",
	"meet": "met", "speak": "spoke", "sell": "sold", "pay": "paid", "stay": "stayed", "sort": "sorted"}

// pastOf writes the simple past of a base verb.
func pastOf(v string) string {
	if p, ok := irregularPast[v]; ok {
		return p
	}
	switch {
	case strings.HasSuffix(v, "e"):
		return v + "d"
	case strings.HasSuffix(v, "y") && len(v) > 2 && !strings.ContainsRune("aeiou", rune(v[len(v)-2])):
		return v[:len(v)-1] + "ied"
	case doubled[v]:
		return v + v[len(v)-1:] + "ed"
	}
	return v + "ed"
}

// clause turns a profile bullet into a first-person clause without
// changing what it claims: "Managed a 5-person team" → "I managed a
// 5-person team"; a present-tense bullet of an ended role moves to the past.
func clause(it evItem, p profile.Resume) string {
	b := sanitize(it.text)
	words := strings.Fields(b)
	if len(words) == 0 {
		return ""
	}
	fw := strings.ToLower(strings.Trim(words[0], ",.;:"))
	rest := strings.Join(words[1:], " ")
	current := it.work >= 0 && isCurrent(p.Work[it.work])
	second := ""
	if len(words) > 1 {
		second = strings.ToLower(words[1])
	}
	switch {
	case pastVerbs[fw] && second == "by":
		return "" // "Built by a team of ...": someone else's doing
	case passiveVerbs[fw] || (strings.HasSuffix(fw, "ed") && second == "by"):
		if it.proj >= 0 {
			return "it was " + fw + " " + rest
		}
		return "I was " + fw + " " + rest
	case pastVerbs[fw] || (strings.HasSuffix(fw, "ed") && len(fw) > 3):
		return "I " + lowerFirst(b)
	case baseVerbs[fw] || baseVerbs[strings.TrimSuffix(fw, "s")] || baseVerbs[strings.TrimSuffix(fw, "es")]:
		v := fw
		if !baseVerbs[v] {
			if baseVerbs[strings.TrimSuffix(fw, "es")] {
				v = strings.TrimSuffix(fw, "es")
			} else {
				v = strings.TrimSuffix(fw, "s")
			}
		}
		if !current {
			v = pastOf(v)
		}
		if p := strings.TrimLeft(words[0], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-"); p != "" {
			v += p // "Pick," keeps its comma
		}
		return "I " + v + " " + conjugateList(rest, current)
	}
	return "" // a noun phrase ("Peak Performer award") is left to the CV
}

// conjugateList moves the further verbs of "pick, pack, and ship" or
// "triage and assess" to the past with the first one.
func conjugateList(rest string, current bool) string {
	if current {
		return rest
	}
	words := strings.Fields(rest)
	inflectLeadingVerbs(words, pastOf)
	return strings.Join(words, " ")
}

// fitLength adds general sentences until the body reaches target words,
// then drops optional sentences, highest rank first and last added first,
// until it is within the limits. The pools are long enough that even a
// profile and a job with no details reach the minimum.
func fitLength(ps []paragraph, target int) {
	total := func() int {
		n := 0
		for i := range ps {
			n += ps[i].words()
		}
		return n
	}
	used := map[string]bool{}
	// said holds the topics the letter already covers, so a general
	// sentence never repeats what another one (or the close) says in other
	// words: one offer of further documents, one word about the CV.
	said := map[string]int{}
	for i := range ps {
		for _, list := range [][]piece{ps[i].lead, ps[i].pad, ps[i].tail} {
			for _, x := range list {
				for _, t := range topicsOf(x.text) {
					said[t]++
				}
			}
		}
	}
	fresh := func(s string) bool {
		ts := topicsOf(s)
		for _, t := range ts {
			if n, ok := topicLimit[t]; ok && said[t] >= n {
				return false
			}
		}
		for _, t := range ts {
			said[t]++
		}
		return true
	}
	for total() < target {
		// Evidence first: the profile's own sentences, in order.
		best := -1
		for i := range ps {
			if len(ps[i].extra) > 0 && (best < 0 || ps[i].words() < ps[best].words()) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		x := ps[best].extra[0]
		ps[best].extra = ps[best].extra[1:]
		if total()+x.words() > MaxLetterWords {
			continue
		}
		x.rank = dropContent
		ps[best].lead = append(ps[best].lead, x)
		for _, t := range topicsOf(x.text) {
			said[t]++
		}
	}
	for total() < target {
		// Grow the shortest paragraph that still has something to add.
		best := -1
		for i := range ps {
			if len(ps[i].pool) > 0 && (best < 0 || ps[i].words() < ps[best].words()) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		s := ps[best].pool[0]
		ps[best].pool = ps[best].pool[1:]
		if used[s] || total()+CountWords(s) > MaxLetterWords || !fresh(s) {
			continue
		}
		used[s] = true
		ps[best].pad = append(ps[best].pad, piece{text: s, rank: dropPadding})
	}
	for total() < target {
		// Only reached if the pools ran dry; general sentences are always true.
		added := false
		for _, s := range reservePool {
			if !used[s] && total() < target && total()+CountWords(s) <= MaxLetterWords && fresh(s) {
				used[s] = true
				i := shortest(ps)
				ps[i].pad = append(ps[i].pad, piece{text: s, rank: dropPadding})
				added = true
			}
		}
		if !added {
			break
		}
	}
	for rank := dropPadding; rank > keep && total() > MaxLetterWords; rank-- {
		for i := range ps {
			ps[i].pad = dropRank(ps[i].pad, rank, func() bool { return total() > MaxLetterWords })
			ps[i].lead = dropRank(ps[i].lead, rank, func() bool { return total() > MaxLetterWords })
		}
	}
}

// letterTopics tell what a general sentence is about, by its words, in
// the order they are tried: a sentence about the CV and a phone call is
// about both.
var letterTopics = []struct {
	topic string
	words []string
}{
	{"cv", []string{" cv", "cv,"}},
	{"success", []string{"success"}},
	{"further", []string{"anything else", "anything further", "further information", "further documents", "references", "certificates"}},
	{"phone", []string{"by phone", " a call"}},
	{"discuss", []string{"discuss", "go through", "expand on", "in more detail", "in more depth", "walk "}},
	{"meet", []string{"interview", "in person", "meet ", "conversation", "selection process", "next step in the process"}},
	{"learn", []string{"learn more", "hear more", "learning more", "how the ", "what a typical week", "people and the plans", "organises its", "interests me"}},
	{"tools", []string{"tools"}},
	{"choice", []string{"chose these", "chosen these", "picked these", "closest fit", "closest to the work", "nearest to what", "most like the work", "proudest of"}},
	{"letter", []string{"this letter", "below is", "here is why"}},
	{"why", []string{"direction", "next stage", "next step i have", "work i want to do", "picture myself", "where i can contribute", "show the contribution", "show what i can contribute"}},
	{"thanks", []string{"thank", "appreciate"}},
}

// topicLimit is how many general sentences of a topic one letter may
// have: one offer of documents or information, one mention of the CV. A
// topic not listed has no limit (the sparsest profile needs every general
// sentence there is to reach the minimum length).
var topicLimit = map[string]int{"further": 1, "cv": 1, "discuss": 1, "choice": 1}

// topicsOf returns the topics of a sentence (see letterTopics).
func topicsOf(s string) []string {
	l := " " + strings.ToLower(s)
	var out []string
	for _, t := range letterTopics {
		for _, w := range t.words {
			if strings.Contains(l, w) {
				out = append(out, t.topic)
				break
			}
		}
	}
	return out
}

func shortest(ps []paragraph) int {
	best := 0
	for i := range ps {
		if ps[i].words() < ps[best].words() {
			best = i
		}
	}
	return best
}

// dropRank removes pieces of a rank, last first, while over() holds.
func dropRank(list []piece, rank int, over func() bool) []piece {
	for i := len(list) - 1; i >= 0 && over(); i-- {
		if list[i].rank == rank {
			list = append(list[:i], list[i+1:]...)
		}
	}
	return list
}

// The pools hold general sentences about the job and the application. They
// state intentions, wishes and questions, never a fact about the person's
// record, so they are true for anyone. {at} is " at Company" or "", {to}
// is "Company" or "your team".
var introPool = map[string][]string{
	ToneProfessional: {
		"I have read the posting closely and would welcome the chance to discuss it with {to}.",
		"I am looking for a position where I can contribute from the start and keep developing my skills alongside the team{at}.",
		"This letter sets out why I am applying to {to} and what I would bring to the position.",
		"I would be glad to provide any further information that would help {to} assess my application.",
		"My CV is attached and gives {to} the full details of my background.",
		"I am applying to {to} because the work this role describes is where I want to focus the next stage of my career.",
		"I would welcome the opportunity to learn more about the role and the team{at}.",
		"I have kept this letter to what matters most to {to}; my CV has the rest.",
		"Should it help, I would be glad to discuss my background with {to} by phone before any interview.",
	},
	ToneEnthusiastic: {
		"Reading the posting, I could picture myself doing this work{at}, and that is exactly the kind of role I have been looking for.",
		"I am eager to join the team{at}, contribute from day one and keep learning from the people around me.",
		"In this letter I share why I am applying to {to} and what I would bring to the role.",
		"My CV is attached and gives {to} the full picture of my background.",
		"I would be thrilled to tell {to} more about myself in person.",
		"This role is the kind of next step I have been hoping for, and I would give it my full commitment.",
		"I would love to learn more about the people and the plans{at}.",
		"I have kept this letter to the highlights for {to}, and my CV fills in the rest.",
		"I would be happy to chat with {to} by phone before any interview.",
	},
	ToneConcise: {
		"The responsibilities in the posting{at} match the work I want to do next.",
		"I want a role{at} where I can contribute quickly and keep learning.",
		"My CV, attached, gives {to} the full details of my background.",
		"I am keen to hear more about the team behind this role{at}.",
		"Below is a short summary of what I would bring to {to}.",
		"A role{at} fits the direction I want my work to take.",
		"I would like to learn more about the team{at}.",
		"This letter covers the essentials for {to}; my CV has the rest.",
		"I am glad to talk with {to} by phone before an interview.",
		"I would welcome a first conversation with {to}.",
		"Here is why I am applying to {to}.",
	},
}

// evidencePool holds general sentences for the middle paragraph. None of
// them states a trait or a fact about the person (no "care and attention
// to detail", no "available at short notice"): those would be claims the
// profile does not back.
var evidencePool = map[string][]string{
	ToneProfessional: {
		"The dates and details of my background are set out in the CV I am sending {to}.",
		"I am keen to take on the tools and methods {to} uses.",
		"I would be glad to go through any of this experience in more detail at an interview{at}.",
		"Each of these examples is one I would be glad to discuss with {to}.",
		"I have chosen these examples because they are closest to the work the posting{at} describes.",
		"These are the parts of my record nearest to what {to} is looking for.",
	},
	ToneEnthusiastic: {
		"You will find the full details in my CV, and I would be happy to walk {to} through any part of it.",
		"Picking up the tools and ways of working{at} is something I look forward to.",
		"I would be delighted to go into any of this in more depth when I talk with {to}.",
		"Each of these is a story I would love to tell {to} in more detail.",
		"These are the pieces of my work I am proudest of, and the ones closest to this role{at}.",
		"I picked these examples because they are the ones most like the work{at}.",
	},
	ToneConcise: {
		"My CV gives {to} the dates and details.",
		"I am keen to learn the tools {to} uses.",
		"I am happy to expand on any of this in an interview with {to}.",
		"I can give {to} more detail on any of these points.",
		"Each example is set out in full in the CV I am sending {to}.",
		"I would gladly discuss these examples with {to}.",
		"These examples are the closest fit to the posting{at}.",
		"I chose these examples for their fit with the role{at}.",
	},
}

var closingPool = map[string][]string{
	ToneProfessional: {
		"I would be interested to learn how {to} measures success in this role and what the priorities are for the first months.",
		"I am available for an interview with {to} at a time that suits you, in person or remotely.",
		"Should {to} need references or further documents, I will be happy to provide them.",
		"I would value the chance to show the contribution I can make{at}.",
		"Please let me know if there is anything further {to} needs from me at this stage.",
		"I hope this letter gives {to} a clear picture of why I am applying.",
	},
	ToneEnthusiastic: {
		"I would love to hear what success looks like for this role{at} and which goals matter most in the first months.",
		"I am happy to meet {to} at whatever time suits you, in person or on a call.",
		"If references or anything else would help {to}, just let me know and I will send them right away.",
		"I cannot wait for the chance to show what I can contribute{at}.",
		"Please let me know if there is anything else {to} would like from me.",
		"I hope my enthusiasm for this role{at} comes through in this letter!",
	},
	ToneConcise: {
		"I would like to hear what matters most to {to} in the first months.",
		"I can meet at a time that suits {to}, in person or remotely.",
		"References are available to {to} on request.",
		"I can start the selection process{at} whenever suits you.",
		"Please tell me if {to} needs anything else from me.",
		"I would welcome the next step in the process{at}.",
		"I would like to hear how {to} judges success in this role.",
		"I hope this gives {to} a clear picture of my application.",
	},
}

// maxNamed is how many sentences of a letter may name the employer; the
// general sentences after that say "your team" instead, as a person
// writing would, rather than repeat the name in every line.
const maxNamed = 5

// maxNamedInParagraph is how many sentences of one paragraph may name the
// employer before its general sentences stop doing so.
const maxNamedInParagraph = 2

// namedSparingly rewrites the general sentences that name the employer
// once maxNamed sentences have named it, in reading order. Sentences about
// the person or the job keep the name: they carry claims.
func namedSparingly(ps []paragraph, company string, unnamed map[string]string) {
	if company == "" {
		return
	}
	named := 0
	for i := range ps {
		inPara := 0
		for _, list := range [][]piece{ps[i].lead, ps[i].pad, ps[i].tail} {
			for k := range list {
				x := &list[k]
				if !strings.Contains(x.text, company) {
					continue
				}
				named++
				inPara++
				if (named <= maxNamed && inPara <= maxNamedInParagraph) || len(x.src) > 0 {
					continue
				}
				if u, ok := unnamed[x.text]; ok {
					x.text, x.n = u, 0
				}
			}
		}
	}
}

// fillUnnamed fills a general sentence without the employer's name: "the
// hiring team", "your team" or "the team", and "here" or nothing for "at
// …", chosen by the job.
func fillUnnamed(tpl, seed string) string {
	to := []string{"your team", "the hiring team", "the team"}[variant(seed, tpl, 3)]
	at := []string{"", " here"}[variant(seed, "at "+tpl, 2)]
	return fixArticles(strings.NewReplacer("{at}", at, "{to}", to).Replace(tpl))
}

// fillPool puts the company into a pool's sentences.
func fillPool(pool []string, company string) []string {
	at, to := "", "your team"
	if company != "" {
		at, to = " at "+company, company
	}
	r := strings.NewReplacer("{at}", at, "{to}", to)
	out := make([]string, len(pool))
	for i, s := range pool {
		out[i] = fixArticles(r.Replace(s))
	}
	return out
}

// reservePool is the last resort of fitLength, shared by all tones.
var reservePool = []string{
	"I have read the job description in full, and I am applying because the role matches the direction I want my career to take.",
	"I would welcome your questions about any part of my CV.",
	"I am ready to start the selection process at your convenience and can adapt to the schedule your team prefers.",
	"I appreciate the time you are taking to review my application.",
	"Please let me know if there is anything else you need from me to consider my application.",
	"I look forward to learning more about the team and the work ahead.",
	"I would be glad to complete any task or exercise that is part of your selection process.",
	"I can provide copies of certificates or other documents if they would help.",
}
