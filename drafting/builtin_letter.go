package drafting

import (
	"strings"

	"tailor/profile"
)

// values are the facts a letter may name, cleaned so they fit in a sentence.
// A value too long to read well in a sentence (a title scraped with half the
// page) is left empty and the sentence is written around it.
type values struct {
	title, company, name, signature string
}

func letterValues(in LetterInput) values {
	v := values{name: sanitize(in.Profile.Basics.Name)}
	v.signature = firstNonEmpty(v.name, sanitize(in.Profile.Basics.Email), "Applicant")
	v.title = safeText(capWords(sanitize(in.Job.Title), 12), v.signature)
	v.company = safeText(capWords(sanitize(in.Job.Company), 8), v.signature)
	return v
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
	case v.title != "" && v.company != "":
		return "Application for " + v.title + " at " + v.company
	case v.title != "":
		return "Application for " + v.title
	case v.company != "":
		return "Application to " + v.company
	}
	return "Job application"
}

func (v values) greeting(tone string) string {
	if tone == ToneEnthusiastic {
		if v.company != "" {
			return "Dear " + v.company + " team,"
		}
		return "Dear Hiring Team,"
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
	n    int // word count, filled on first use
}

func (p *piece) words() int {
	if p.n == 0 {
		p.n = CountWords(p.text)
	}
	return p.n
}

type paragraph struct {
	lead, pad, tail []piece
	pool            []string
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
var targetWords = map[string]int{ToneProfessional: 255, ToneEnthusiastic: 265, ToneConcise: 232}

// builtinLetter writes the offline letter: the job, the person's strongest
// matching role and bullets, their matching skills, and honest general
// sentences about the job to reach the length. It names nothing the profile
// or the posting does not say.
func builtinLetter(in LetterInput) Letter {
	tone := normalizeTone(in.Tone)
	if !ValidTone(tone) {
		tone = ToneProfessional
	}
	v := letterValues(in)
	f := letterFacts(in)
	paras := letterParagraphs(tone, v, f)
	for i := range paras {
		paras[i].lead = dropBroken(paras[i].lead, v.signature)
		paras[i].tail = dropBroken(paras[i].tail, v.signature)
	}
	fitLength(paras[:], targetWords[tone])

	l := Letter{Subject: v.subject(), Greeting: v.greeting(tone), Closing: v.closing(tone),
		Signature: v.signature, Tone: tone}
	for _, p := range paras {
		l.Paragraphs = append(l.Paragraphs, p.text())
	}
	l.WordCount = BodyWords(l.Paragraphs)
	return l
}

// facts are the profile's and the job's pieces the letter quotes.
type facts struct {
	label            string
	firstPerson      string // the profile summary's first sentence, when written as "I ..."
	role             string // "as Senior Developer at Acme"
	bullets          []string
	otherRole        string
	skills           []string
	matchingSkills   bool
	education        string
	project          string
	responsibilities []string
}

func letterFacts(in LetterInput) facts {
	p, job := in.Profile, in.Job
	jw := weightsFor(job)
	var f facts
	f.label = capWords(sanitize(p.Basics.Label), 8)
	if s := firstSentences(plain(p.Basics.Summary), 1, 40); strings.HasPrefix(s, "I ") || strings.HasPrefix(s, "I'm ") {
		f.firstPerson = sentence(sanitize(s))
	}

	work := sortedWork(p.Work)
	best, bestScore := -1, -1.0
	for i, w := range work {
		s := jw.score(w.Position) * 2
		for j, b := range topBullets(w, jw, 2) {
			if j < 2 {
				s += jw.score(b)
			}
		}
		if s > bestScore {
			best, bestScore = i, s
		}
	}
	if best >= 0 {
		w := work[best]
		f.role = rolePhrase(w)
		for _, b := range topBullets(w, jw, len(w.Highlights)+1) {
			b = capWords(sanitize(b), 45)
			if CountWords(b) < 3 || len(f.bullets) == 2 {
				continue
			}
			f.bullets = append(f.bullets, b)
		}
		for i, o := range work {
			if i != best && (o.Position != "" || o.Name != "") {
				f.otherRole = rolePhrase(o)
				break
			}
		}
	}

	for _, s := range rankedSkills(p, job, jw) {
		s = capWords(sanitize(s), 5)
		if s == "" || len(f.skills) == 4 {
			continue
		}
		if jw.score(s) > 0 {
			f.matchingSkills = true
			f.skills = append(f.skills, s)
		}
	}
	if !f.matchingSkills {
		for _, s := range p.AllSkills() {
			if s = capWords(sanitize(s), 5); s != "" && len(f.skills) < 3 {
				f.skills = append(f.skills, s)
			}
		}
	}

	if len(p.Education) > 0 {
		e := p.Education[0]
		inst, area := capWords(sanitize(e.Institution), 8), capWords(sanitize(e.Area), 8)
		switch {
		case inst != "" && area != "":
			f.education = "I studied " + area + " at " + inst + "."
		case inst != "":
			f.education = "I studied at " + inst + "."
		}
	}
	for _, pr := range p.Projects {
		if n := capWords(sanitize(pr.Name), 8); n != "" {
			f.project = "My projects include " + n + "."
			break
		}
	}
	for _, r := range job.Responsibilities {
		if r = capWords(sanitize(r), 16); CountWords(r) >= 2 && len(f.responsibilities) < 2 {
			f.responsibilities = append(f.responsibilities, lowerFirst(r))
		}
	}
	return f
}

// rolePhrase is "as Title at Company", or whichever half the profile has.
func rolePhrase(w profile.Work) string {
	t, c := capWords(sanitize(w.Position), 8), capWords(sanitize(w.Name), 8)
	switch {
	case t != "" && c != "":
		return "as " + t + " at " + c
	case t != "":
		return "as " + t
	case c != "":
		return "at " + c
	}
	return ""
}

// pastVerbs are the irregular past tenses bullets often start with; regular
// ones end in "ed".
var pastVerbs = map[string]bool{"built": true, "led": true, "ran": true, "wrote": true, "won": true,
	"made": true, "drove": true, "grew": true, "took": true, "set": true, "cut": true, "brought": true,
	"taught": true, "oversaw": true, "began": true, "found": true, "kept": true, "held": true,
	"sold": true, "spent": true, "shipped": true, "rebuilt": true, "rewrote": true, "co-founded": true}

// bulletSentence turns a profile bullet into a sentence of the letter
// without changing what it claims.
func bulletSentence(b, role string, first bool) string {
	fw := strings.ToLower(strings.Trim(strings.Fields(b)[0], ",.;:"))
	verb := pastVerbs[fw] || (strings.HasSuffix(fw, "ed") && len(fw) > 3)
	switch {
	case verb && first && role != "":
		return sentence("In my work " + role + ", I " + lowerFirst(b))
	case verb && first:
		return sentence("In my recent work, I " + lowerFirst(b))
	case verb:
		return sentence("I also " + lowerFirst(b))
	case first && role != "":
		return sentence("One highlight of my work " + role + ": " + b)
	case first:
		return sentence("One highlight of my recent work: " + b)
	}
	return sentence("Another highlight of that work: " + b)
}

func article(s string) string {
	if s == "" {
		return ""
	}
	if strings.ContainsRune("AEIOUaeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

// letterParagraphs lays out the three paragraphs for a tone: what the
// letter must say first, then sentences it may add or drop to fit.
func letterParagraphs(tone string, v values, f facts) [3]paragraph {
	var ps [3]paragraph
	at := ""
	if v.company != "" {
		at = " at " + v.company
	}
	the := "this role"
	if v.title != "" {
		the = "the " + v.title + " role"
	}

	// Paragraph 1: the job and who is applying.
	switch tone {
	case ToneEnthusiastic:
		switch {
		case v.company != "" && v.title != "":
			ps[0].lead = append(ps[0].lead, piece{text: "I was excited to see that " + v.company + " is looking for " + article(v.title) + ", and I am glad to apply!", rank: keep})
		case v.company != "":
			ps[0].lead = append(ps[0].lead, piece{text: "I was excited to see this opening at " + v.company + ", and I am glad to apply!", rank: keep})
		default:
			ps[0].lead = append(ps[0].lead, piece{text: "I was excited to read about " + the + ", and I am glad to apply!", rank: keep})
		}
		if f.label != "" {
			ps[0].lead = append(ps[0].lead, piece{text: "As " + article(f.label) + ", I would love to bring what I have learned to your team.", rank: dropLast})
		}
	case ToneConcise:
		ps[0].lead = append(ps[0].lead, piece{text: "I am applying for " + the + at + ".", rank: keep})
		if f.label != "" {
			ps[0].lead = append(ps[0].lead, piece{text: "I am " + article(f.label) + ".", rank: dropLast})
		}
	default:
		ps[0].lead = append(ps[0].lead, piece{text: "I am writing to apply for " + the + at + ".", rank: keep})
		if f.label != "" {
			ps[0].lead = append(ps[0].lead, piece{text: "I am " + article(f.label) + ", and I believe my background is relevant to the position.", rank: dropLast})
		}
	}
	if f.firstPerson != "" {
		ps[0].lead = append(ps[0].lead, piece{text: f.firstPerson, rank: dropContent})
	}
	ps[0].pool = introPool[tone]

	// Paragraph 2: the strongest matching experience and skills.
	if f.role != "" && len(f.bullets) == 0 {
		ps[1].lead = append(ps[1].lead, piece{text: "My most relevant experience is my work " + f.role + ".", rank: dropLast})
	}
	for i, b := range f.bullets {
		rank := dropLast
		if i > 0 {
			rank = dropBullet
		}
		ps[1].lead = append(ps[1].lead, piece{text: bulletSentence(b, f.role, i == 0), rank: rank})
	}
	if len(f.skills) > 0 {
		s := "The skills I would bring to " + the + " include " + joinList(f.skills) + "."
		switch {
		case tone == ToneConcise:
			s = "Relevant skills: " + joinList(f.skills) + "."
		case !f.matchingSkills:
			s = "My skills include " + joinList(f.skills) + "."
		}
		ps[1].lead = append(ps[1].lead, piece{text: s, rank: dropLast})
	}
	if f.otherRole != "" {
		ps[1].lead = append(ps[1].lead, piece{text: "I have also worked " + f.otherRole + ".", rank: dropContent})
	}
	if f.education != "" {
		ps[1].lead = append(ps[1].lead, piece{text: f.education, rank: dropContent})
	}
	if f.project != "" {
		ps[1].lead = append(ps[1].lead, piece{text: f.project, rank: dropContent})
	}
	ps[1].pool = evidencePool[tone]

	// Paragraph 3: the job's work, a call to action, thanks.
	if len(f.responsibilities) > 0 {
		var quoted []string
		for _, r := range f.responsibilities {
			quoted = append(quoted, "“"+r+"”")
		}
		s := "The responsibilities you list, such as " + joinList(quoted) + ", are the kind of work I want to do well."
		switch tone {
		case ToneEnthusiastic:
			s = "I am especially excited about the work you describe, such as " + joinList(quoted) + "."
		case ToneConcise:
			s = "The work you describe, such as " + joinList(quoted) + ", is what I want to do."
		}
		ps[2].lead = append(ps[2].lead, piece{text: s, rank: dropContent})
	}
	switch tone {
	case ToneEnthusiastic:
		ps[2].tail = []piece{{text: "I would love to talk about how I could contribute" + at + ", and I look forward to hearing from you!", rank: keep}}
	case ToneConcise:
		ps[2].tail = []piece{{text: "I would welcome a conversation and can share more detail on request.", rank: keep}}
	default:
		ps[2].tail = []piece{{text: "I would welcome the opportunity to discuss my application with you, and I thank you for your time and consideration.", rank: keep}}
	}
	ps[2].pool = closingPool[tone]
	return ps
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
		if used[s] || total()+CountWords(s) > MaxLetterWords {
			continue
		}
		used[s] = true
		ps[best].pad = append(ps[best].pad, piece{text: s, rank: dropPadding})
	}
	for total() < target {
		// Only reached if the pools ran dry; general sentences are always true.
		added := false
		for _, s := range reservePool {
			if !used[s] && total() < target && total()+CountWords(s) <= MaxLetterWords {
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
// record, so they are true for anyone.
var introPool = map[string][]string{
	ToneProfessional: {
		"I read the posting with care, and the responsibilities it describes are the kind of work I want to focus on next.",
		"I am looking for a position where I can contribute from the start and keep developing my skills alongside an experienced team.",
		"This letter sets out why I am applying and what I would bring to the position.",
		"I would be glad to provide any further information that would help you assess my application.",
		"My CV is attached and gives the full details of my background.",
	},
	ToneEnthusiastic: {
		"Reading the posting, I could picture myself doing this work, and that is exactly the kind of role I have been looking for.",
		"I am eager to join a team where I can contribute from day one and keep learning from the people around me.",
		"In this letter I share why I am applying and what I would bring to the role.",
		"My CV is attached and gives the full picture of my background.",
		"I would be thrilled to tell you more about myself in person.",
	},
	ToneConcise: {
		"The responsibilities in the posting match the work I want to do next.",
		"I want a role where I can contribute quickly and keep learning.",
		"My CV, attached, gives the full details of my background.",
		"I am keen to hear more about the team behind this role.",
		"Below is a short summary of what I would bring.",
	},
}

var evidencePool = map[string][]string{
	ToneProfessional: {
		"The dates and details of my background are set out in my CV.",
		"I aim to read a brief closely and to ask questions early, so that the result meets what was actually needed.",
		"I would bring care and attention to detail to the priorities of this position.",
		"I am keen to take on new tools and methods when a role calls for them.",
	},
	ToneEnthusiastic: {
		"You will find the full details in my CV, and I would be happy to walk you through any part of it.",
		"I want to get to the heart of what your team needs and then work hard to deliver it.",
		"I would bring real energy and care to the priorities of this role.",
		"Picking up new tools and ways of working is something I look forward to.",
	},
	ToneConcise: {
		"My CV gives the dates and details.",
		"I would bring focus and care to this position.",
		"I am keen to learn the tools the role needs.",
		"I am happy to expand on any of this in an interview.",
	},
}

var closingPool = map[string][]string{
	ToneProfessional: {
		"I would be interested to learn how the team measures success in this role and what the priorities are for the first months.",
		"I am available for an interview at a time that suits you, in person or remotely.",
		"Should you need references or further documents, I will be happy to provide them.",
		"I would value the chance to show the contribution I can make.",
	},
	ToneEnthusiastic: {
		"I would love to hear what success looks like for this role and which goals matter most in the first months.",
		"I am happy to meet at whatever time suits you, in person or on a call.",
		"If references or anything else would help, just let me know and I will send them right away.",
		"I cannot wait for the chance to show what I can contribute.",
	},
	ToneConcise: {
		"I would like to hear what matters most in the first months.",
		"I can meet at a time that suits you, in person or remotely.",
		"References are available on request.",
		"Thank you for considering my application.",
	},
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
