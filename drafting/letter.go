package drafting

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"tailor/apperr"
	"tailor/billing"
	"tailor/jobs"
	"tailor/orchestrator"
	"tailor/orchestrator/provider"
	"tailor/profile"
)

// ValidTone reports whether t names a tone a letter can be written in.
func ValidTone(t string) bool {
	t = strings.ToLower(strings.TrimSpace(t))
	for _, x := range Tones {
		if t == x {
			return true
		}
	}
	return false
}

// normalizeTone lower-cases t; an empty tone means professional, the default
// the form preselects.
func normalizeTone(t string) string {
	t = strings.ToLower(strings.TrimSpace(t))
	if t == "" {
		return ToneProfessional
	}
	return t
}

var toneGuide = map[string]string{
	ToneProfessional: "professional: formal, measured and courteous; no exclamation marks",
	ToneEnthusiastic: "enthusiastic: warm and energetic, showing real interest in the job, without exaggerating the person's record",
	ToneConcise:      "concise: direct and plain, short sentences, no filler",
}

const letterSystem = `You write a cover letter for one job from the person's profile.
Rules:
- Exactly three body paragraphs, between 220 and 320 words in total across the three.
- The greeting (e.g. "Dear Hiring Manager,") goes only in "greeting", the sign-off (e.g. "Sincerely,") only in "closing", the person's name only in "signature". Never repeat any of them inside the paragraphs.
- No placeholders such as [Company] or {name}: use the real job title and company, or write around what is unknown.
- Use only facts from the profile. Never invent an employer, job title, date, degree, number or achievement.
- Paragraph 1: the job and why the person applies. Paragraph 2: the most relevant experience and skills from the profile. Paragraph 3: fit with the job's responsibilities and a call to action.
- Answer with one JSON object that follows the schema, nothing else.`

// letterSchema is the JSON schema the model's letter answer follows.
var letterSchema = map[string]any{
	"type": "object",
	"properties": map[string]any{
		"subject":  map[string]any{"type": "string"},
		"greeting": map[string]any{"type": "string"},
		"paragraphs": map[string]any{"type": "array", "items": map[string]any{"type": "string"},
			"minItems": 3, "maxItems": 3},
		"closing":   map[string]any{"type": "string"},
		"signature": map[string]any{"type": "string"},
	},
	"required": []string{"subject", "greeting", "paragraphs", "closing", "signature"},
}

func letterPrompt(in LetterInput) string {
	var b strings.Builder
	b.WriteString("PROFILE (the only source of facts):\n")
	b.WriteString(compactProfile(in.Profile))
	b.WriteString("\n\nJOB POSTING:\n")
	b.WriteString(compactJob(in.Job))
	b.WriteString("\n\nTONE: ")
	b.WriteString(toneGuide[normalizeTone(in.Tone)])
	if len(in.Feedback) > 0 {
		b.WriteString("\n\nYour previous letter broke these rules; write it again and fix every one:\n")
		for _, f := range in.Feedback {
			b.WriteString("- ")
			b.WriteString(f)
			b.WriteString("\n")
		}
	}
	b.WriteString("\n\nWrite the cover letter as JSON.")
	return b.String()
}

// WriteLetter writes a cover letter for job from p in tone. A model's answer
// is repaired where code can do it safely, checked for facts the profile
// and the job do not state, and redrafted with the problems as feedback when
// it cannot be repaired; then the next provider is asked, and only then the
// offline composer writes it. The letter returned always passes CheckLetter,
// and its Source says truthfully who wrote it.
func (d *Drafter) WriteLetter(ctx context.Context, userID uint, p profile.Resume, job jobs.Posting, tone string, force bool) (Letter, error) {
	tone = normalizeTone(tone)
	if !ValidTone(tone) {
		return Letter{}, apperr.Invalid(map[string]string{"tone": "Choose one of: " + strings.Join(Tones, ", ") + "."},
			"%q is not a tone we can write in. Choose professional, enthusiastic or concise.", tone)
	}
	raw := p
	p = capProfile(p)
	p.Clean()
	if p.IsEmpty() {
		return Letter{}, errEmptyProfile()
	}
	in := LetterInput{Profile: p, Job: job, Tone: tone}
	ver := NewVerifier(p, job)
	out, err := runModels(ctx, d, force, modelStep[Letter]{
		what: "cover letter",
		request: func(feedback []string) orchestrator.Request {
			in := in
			in.Feedback = feedback
			return orchestrator.Request{UserID: userID, Task: billing.TaskCoverLetter,
				System: letterSystem, Prompt: letterPrompt(in), Schema: letterSchema, Input: in}
		},
		parses: func(text string) error { _, err := parseLetter(text); return err },
		accept: func(text string) (Letter, []string, error) {
			l, err := parseLetter(text)
			if err != nil {
				return Letter{}, nil, err
			}
			l, problems := verifyLetter(repairLetter(l, in), in, ver)
			return l, problems, nil
		},
	})
	if err != nil {
		return Letter{}, err
	}
	if !out.offline {
		l := out.draft
		l.Source = out.source
		l.Claims = letterClaims(l, raw, p, job)
		return l, nil
	}
	l := builtinLetter(in)
	l.Source = Source{Kind: SourceOffline}
	if problems := CheckLetter(l); len(problems) > 0 {
		// The offline letter is built to pass; if it ever does not, say so
		// rather than show a broken letter.
		d.log.Error("offline letter broke the rules", "problems", problems)
		return Letter{}, apperr.New(apperr.EINTERNAL, "The letter could not be written. Please try again, or change the tone.")
	}
	return l, nil
}

// verifyLetter checks a repaired letter's rules and facts. Sentences that
// state what neither the profile nor the job does are dropped; when the
// letter still keeps every rule it is accepted, else the problems (the
// facts included) go back to the model.
func verifyLetter(l Letter, in LetterInput, ver *Verifier) (Letter, []string) {
	var vs []Violation
	paras := make([]string, len(l.Paragraphs))
	for i, p := range l.Paragraphs {
		pv := ver.Check(p, fmt.Sprintf("paragraph %d", i+1), false)
		vs = append(vs, pv...)
		paras[i], _ = dropViolations(p, pv)
	}
	// A subject or greeting that names what it should not is rewritten
	// from the job by repairLetter.
	if sv := ver.Check(l.Subject, "subject", false); len(sv) > 0 {
		vs = append(vs, sv...)
		l.Subject = ""
	}
	if gv := ver.Check(l.Greeting, "greeting", false); len(gv) > 0 {
		vs = append(vs, gv...)
		l.Greeting = ""
	}
	if len(vs) == 0 {
		return l, CheckLetter(l)
	}
	fixed := l
	fixed.Paragraphs = paras
	fixed = repairLetter(fixed, in)
	if problems := CheckLetter(fixed); len(problems) == 0 {
		return fixed, nil
	}
	return l, append(feedback(vs), CheckLetter(fixed)...)
}

// inventedNumbers names each number in the body that neither the profile
// nor the posting states: a model's "increased sales by 30%" or "over 10
// years" that the person never claimed.
func inventedNumbers(l Letter, in LetterInput) []string {
	known := profileTruth(in.Profile).numbers
	for n := range numberSet(compactJob(in.Job)) {
		known[n] = true
	}
	var out []string
	seen := map[string]bool{}
	for i, p := range l.Paragraphs {
		for _, n := range numberRe.FindAllString(p, -1) {
			if c := canonicalNumber(n); !known[c] && !seen[c] {
				seen[c] = true
				out = append(out, fmt.Sprintf("Paragraph %d mentions %q, which neither the profile nor the job posting states; use only numbers from them.", i+1, n))
			}
		}
	}
	return out
}

// looseLetter accepts the shapes models produce besides the asked one:
// paragraphs as one string, "body", "salutation", "sign_off".
type looseLetter struct {
	Subject    string          `json:"subject"`
	Greeting   string          `json:"greeting"`
	Salutation string          `json:"salutation"`
	Paragraphs json.RawMessage `json:"paragraphs"`
	Body       json.RawMessage `json:"body"`
	Closing    string          `json:"closing"`
	SignOff    string          `json:"sign_off"`
	Signature  string          `json:"signature"`
}

// parseLetter reads a letter from a model's answer.
func parseLetter(text string) (Letter, error) {
	raw, err := extractJSON(text)
	if err != nil {
		return Letter{}, err
	}
	var l looseLetter
	if err := json.Unmarshal(raw, &l); err != nil {
		return Letter{}, fmt.Errorf("letter JSON has the wrong shape: %w", err)
	}
	out := Letter{Subject: l.Subject, Greeting: firstNonEmpty(l.Greeting, l.Salutation),
		Closing: firstNonEmpty(l.Closing, l.SignOff), Signature: l.Signature}
	out.Paragraphs = stringsOf(l.Paragraphs)
	if len(out.Paragraphs) == 0 {
		out.Paragraphs = stringsOf(l.Body)
	}
	if len(out.Paragraphs) == 0 {
		return Letter{}, fmt.Errorf("letter JSON has no paragraphs")
	}
	return out, nil
}

func stringsOf(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return list
	}
	var one string
	if json.Unmarshal(raw, &one) == nil && strings.TrimSpace(one) != "" {
		return []string{one}
	}
	return nil
}

var (
	greetingStartRe = regexp.MustCompile(`(?i)^(dear|hello|hi|hey|greetings|good (morning|afternoon|evening))([\s,!:]|$)`)
	whomRe          = regexp.MustCompile(`(?i)to whom it may concern`)
	placeholderRe   = regexp.MustCompile(`\[[^\]\n]{1,60}\]|\{[^}\n]{1,60}\}|<[^>\n]{1,60}>`)
	blankLineRe     = regexp.MustCompile(`\n\s*\n`)
	// strongSignOffs end a letter whatever follows them on the line.
	strongSignOffs = []string{"yours sincerely", "yours faithfully", "yours truly", "yours respectfully",
		"sincerely yours", "sincerely", "best regards", "kind regards", "kindest regards", "warm regards",
		"warmest regards", "with best regards", "with kind regards", "best wishes", "with best wishes",
		"respectfully", "cordially"}
	// weakSignOffs end a letter only when they stand alone or before a name
	// after a comma ("Thanks, Jane"), since "Thank you for ..." is a sentence.
	weakSignOffs = []string{"regards", "thank you", "thanks", "many thanks", "best", "all the best", "cheers", "with gratitude"}
)

// hasWhom reports whether s says "To whom it may concern", cheaply ruling
// out the common case before the regular expression runs.
func hasWhom(s string) bool {
	return strings.Contains(strings.ToLower(s), "whom") && whomRe.MatchString(s)
}

// isGreeting reports whether s opens like a letter's greeting: "Dear X,",
// "Hello", "Hi team," or "To whom it may concern".
func isGreeting(s string) bool {
	s = strings.TrimSpace(s)
	if whomRe.MatchString(s) {
		return true
	}
	if !greetingStartRe.MatchString(s) {
		return false
	}
	if CountWords(s) <= 6 {
		return true
	}
	// "Dear Ms Smith, I am writing ..." on one line.
	words := strings.Fields(s)
	for i := 0; i < len(words) && i < 6; i++ {
		if strings.HasSuffix(words[i], ",") {
			return true
		}
	}
	return false
}

// isSignOff reports whether s is a letter's sign-off, possibly followed by
// a name: "Sincerely,", "Best regards, Jane Doe", "Thanks,".
func isSignOff(s string) bool {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimLeft(t, "-–— ")
	for _, p := range strongSignOffs {
		if rest, ok := strings.CutPrefix(t, p); ok && (rest == "" || !isWordChar(rest[0])) {
			return CountWords(rest) <= 4
		}
	}
	for _, p := range weakSignOffs {
		if rest, ok := strings.CutPrefix(t, p); ok {
			rest = strings.TrimSpace(rest)
			if rest == "" || rest == "," || rest == "!" || rest == "." {
				return true
			}
			if strings.HasPrefix(rest, ",") && CountWords(rest) <= 3 {
				return true
			}
		}
	}
	return false
}

func isWordChar(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// sameName reports whether s, once punctuation is trimmed, is the name.
func sameName(s, name string) bool {
	n := norm(name)
	return n != "" && norm(s) == n
}

// pieces returns every line of p and every sentence of each line, the
// places a greeting or sign-off could hide.
func pieces(p string) []string {
	var out []string
	for _, line := range strings.Split(p, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		out = append(out, line)
		ss := splitSentences(line)
		if len(ss) > 1 {
			out = append(out, ss[1:]...)
		}
	}
	return out
}

// CheckLetter returns every rule l breaks, in words a person or a model can
// act on; an empty result means the letter may be shown.
func CheckLetter(l Letter) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }

	if strings.TrimSpace(l.Subject) == "" {
		add("The subject line is missing.")
	}
	g := strings.TrimSpace(l.Greeting)
	switch {
	case g == "":
		add(`The greeting is missing; start with one greeting such as "Dear Hiring Manager,".`)
	case !isGreeting(g):
		add(`The greeting %q is not a greeting; use one such as "Dear Hiring Manager,".`, g)
	case countGreetings(g) > 1:
		add(`The greeting %q holds more than one greeting; keep exactly one.`, g)
	}
	if len(l.Paragraphs) != 3 {
		add("The letter has %d body paragraphs; it needs exactly 3.", len(l.Paragraphs))
	}
	for i, p := range l.Paragraphs {
		n := i + 1
		if strings.TrimSpace(p) == "" {
			add("Paragraph %d is empty.", n)
			continue
		}
		if whomRe.MatchString(p) {
			add(`Paragraph %d contains "To whom it may concern"; the greeting belongs only at the top.`, n)
		}
		for _, piece := range pieces(p) {
			switch {
			case greetingStartRe.MatchString(piece) && isGreeting(piece):
				add("Paragraph %d repeats a greeting (%q); the greeting belongs only at the top.", n, clip(piece))
			case isSignOff(piece):
				add("Paragraph %d contains a sign-off (%q); the sign-off belongs only in the closing.", n, clip(piece))
			case sameName(piece, l.Signature):
				add("Paragraph %d repeats the signature %q; the name belongs only under the closing.", n, l.Signature)
			}
		}
	}
	if wc := BodyWords(l.Paragraphs); wc < MinLetterWords || wc > MaxLetterWords {
		add("The three body paragraphs have %d words in all; they need between %d and %d.", wc, MinLetterWords, MaxLetterWords)
	}
	c := strings.TrimSpace(l.Closing)
	switch {
	case c == "":
		add(`The closing is missing; end with one sign-off such as "Sincerely,".`)
	case CountWords(c) > 6 || isGreeting(c):
		add(`The closing %q is not a sign-off; use one such as "Sincerely,".`, c)
	}
	if strings.TrimSpace(l.Signature) == "" {
		add("The signature is missing; sign with the person's name.")
	}
	fields := []struct{ name, text string }{{"The subject", l.Subject}, {"The greeting", l.Greeting},
		{"The closing", l.Closing}, {"The signature", l.Signature}}
	for i, p := range l.Paragraphs {
		fields = append(fields, struct{ name, text string }{fmt.Sprintf("Paragraph %d", i+1), p})
	}
	for _, f := range fields {
		for _, ph := range placeholderRe.FindAllString(f.text, -1) {
			add("%s contains the placeholder %q; use the real value or leave it out.", f.name, ph)
		}
	}
	if l.Tone != "" && !ValidTone(l.Tone) {
		add("The tone %q is not one of %s.", l.Tone, strings.Join(Tones, ", "))
	}
	return out
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// BodyWords counts the words of a letter's body paragraphs, the count the
// 220–320 rule is about.
func BodyWords(ps []string) int {
	n := 0
	for _, p := range ps {
		n += CountWords(p)
	}
	return n
}

// countGreetings counts the clauses of s that open like a greeting, so
// "Dear Hiring Manager, Dear team," counts two.
func countGreetings(s string) int {
	n := 0
	for _, c := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",;.!\n", r) }) {
		if greetingStartRe.MatchString(strings.TrimSpace(c)) || whomRe.MatchString(c) {
			n++
		}
	}
	return n
}

// repairLetter fixes what code can fix without changing what the letter
// says: greetings and sign-offs moved out of the body, empty paragraphs
// dropped, paragraphs merged or split to three, an over-long body trimmed by
// whole sentences, placeholders for known values filled, missing frame
// fields written, and the name, tone and word count set from facts.
func repairLetter(l Letter, in LetterInput) Letter {
	tone := normalizeTone(in.Tone)
	v := letterValues(in)
	name := strings.TrimSpace(in.Profile.Basics.Name)

	// One paragraph per blank-line-separated block.
	var blocks []string
	for _, p := range l.Paragraphs {
		blocks = append(blocks, blankLineRe.Split(strings.ReplaceAll(p, "\r\n", "\n"), -1)...)
	}
	greeting := strings.TrimSpace(l.Greeting)
	var paras []string
	for _, b := range blocks {
		p, g := stripFrame(b, firstNonEmpty(l.Signature, name), name)
		if greeting == "" && g != "" {
			greeting = g
		}
		if p = fillPlaceholders(p, v); strings.TrimSpace(p) != "" {
			paras = append(paras, p)
		}
	}
	paras = mergeParagraphs(paras, 3)
	paras = splitParagraphs(paras, 3)
	paras = trimParagraphs(paras, MaxLetterWords)

	l.Paragraphs = paras
	l.Subject = fillPlaceholders(strings.TrimSpace(l.Subject), v)
	if l.Subject == "" {
		l.Subject = v.subject()
	}
	l.Greeting = fillPlaceholders(greeting, v)
	if !isGreeting(l.Greeting) || countGreetings(l.Greeting) != 1 || placeholderRe.MatchString(l.Greeting) {
		l.Greeting = v.greeting(tone)
	}
	closing := strings.TrimSpace(l.Closing)
	if sig := firstNonEmpty(name, l.Signature); sig != "" {
		// "Sincerely, Jane Doe" keeps only "Sincerely,".
		if i := strings.Index(strings.ToLower(closing), strings.ToLower(sig)); i > 0 {
			closing = strings.TrimSpace(closing[:i])
		}
	}
	if closing == "" || CountWords(closing) > 6 || isGreeting(closing) || placeholderRe.MatchString(closing) {
		closing = v.closing(tone)
	}
	l.Closing = closing
	if name != "" {
		l.Signature = name
	} else if strings.TrimSpace(l.Signature) == "" || placeholderRe.MatchString(l.Signature) {
		l.Signature = v.signature
	}
	l.Signature = strings.TrimSpace(l.Signature)
	l.Tone = tone
	l.WordCount = BodyWords(l.Paragraphs)
	return l
}

// stripFrame removes greeting lines, sign-off lines and the name lines that
// follow them from a paragraph, returning what is left and the greeting
// found, if any.
func stripFrame(p, signature, name string) (string, string) {
	var kept []string
	var greeting string
	lines := strings.Split(p, "\n")
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if line == "" {
			continue
		}
		if whomRe.MatchString(line) && CountWords(line) <= 6 {
			greeting = line
			continue
		}
		if greetingStartRe.MatchString(line) && isGreeting(line) {
			if CountWords(line) <= 6 {
				greeting = line
				continue
			}
			// "Dear Ms Smith, I am writing ...": keep the text after the comma.
			if j := strings.IndexByte(line, ','); j > 0 && CountWords(line[:j]) <= 5 {
				greeting = line[:j+1]
				line = strings.TrimSpace(line[j+1:])
			}
		}
		if isSignOff(line) {
			// Drop the sign-off and the short lines under it (name, title).
			for i+1 < len(lines) && CountWords(lines[i+1]) <= 5 {
				i++
			}
			continue
		}
		if sameName(line, signature) || sameName(line, name) {
			continue
		}
		// "… consideration. Sincerely, Jane Doe" on one line.
		ss := splitSentences(line)
		for len(ss) > 1 && (isSignOff(ss[len(ss)-1]) || sameName(ss[len(ss)-1], signature) || sameName(ss[len(ss)-1], name)) {
			ss = ss[:len(ss)-1]
		}
		line = strings.Join(ss, " ")
		if line != "" {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, " "), greeting
}

// fillPlaceholders puts known values into template slots a model left, such
// as "[Company Name]" or "{job title}"; unknown slots stay and fail the check.
func fillPlaceholders(s string, v values) string {
	return placeholderRe.ReplaceAllStringFunc(s, func(ph string) string {
		key := norm(ph)
		var val string
		switch key {
		case "company", "company name", "employer", "organization", "organisation", "hiring company", "name of company":
			val = v.company
		case "position", "job title", "role", "title", "position title", "job", "job position", "role title":
			val = v.title
		case "your name", "name", "full name", "applicant name", "candidate name", "my name":
			val = v.name
		case "hiring manager", "hiring manager name", "hiring manager s name", "recipient", "recipient name":
			val = "Hiring Manager"
		}
		if val == "" {
			return ph
		}
		return val
	})
}

// mergeParagraphs joins the two neighbouring paragraphs with the fewest
// words until n remain, so the letter's structure bends least.
func mergeParagraphs(ps []string, n int) []string {
	for len(ps) > n {
		best, bestWords := 0, -1
		for i := 0; i+1 < len(ps); i++ {
			w := CountWords(ps[i]) + CountWords(ps[i+1])
			if bestWords < 0 || w < bestWords {
				best, bestWords = i, w
			}
		}
		merged := strings.TrimSpace(ps[best]) + " " + strings.TrimSpace(ps[best+1])
		ps = append(append(append([]string{}, ps[:best]...), merged), ps[best+2:]...)
	}
	return ps
}

// splitParagraphs splits the paragraph with the most words at the sentence
// boundary nearest its middle until there are n, when sentences allow.
func splitParagraphs(ps []string, n int) []string {
	for len(ps) < n {
		best, bestWords := -1, 0
		for i, p := range ps {
			if w := CountWords(p); len(splitSentences(p)) > 1 && w > bestWords {
				best, bestWords = i, w
			}
		}
		if best < 0 {
			return ps
		}
		ss := splitSentences(ps[best])
		cut, words, bestDiff := 1, 0, -1
		for i := 0; i < len(ss)-1; i++ {
			words += CountWords(ss[i])
			diff := words*2 - bestWords
			if diff < 0 {
				diff = -diff
			}
			if bestDiff < 0 || diff < bestDiff {
				cut, bestDiff = i+1, diff
			}
		}
		first, second := strings.Join(ss[:cut], " "), strings.Join(ss[cut:], " ")
		ps = append(append(append([]string{}, ps[:best]...), first, second), ps[best+1:]...)
	}
	return ps
}

// trimParagraphs drops whole sentences from the end of the longest
// paragraph (keeping at least two in each) until the body fits max words.
func trimParagraphs(ps []string, max int) []string {
	ps = append([]string(nil), ps...)
	for BodyWords(ps) > max {
		best, bestWords := -1, 0
		for i, p := range ps {
			if w := CountWords(p); len(splitSentences(p)) > 2 && w > bestWords {
				best, bestWords = i, w
			}
		}
		if best < 0 {
			return ps
		}
		ss := splitSentences(ps[best])
		// Keep the paragraph's last sentence: it usually carries the point.
		ss = append(ss[:len(ss)-2], ss[len(ss)-1])
		ps[best] = strings.Join(ss, " ")
	}
	return ps
}

// BuiltinLetter answers TaskCoverLetter offline: the JSON of a letter built
// from the profile and the job, in the shape a language model is asked for.
// It always passes CheckLetter.
func BuiltinLetter(ctx context.Context, call provider.Call) (string, error) {
	in, ok := call.Input.(LetterInput)
	if !ok {
		if ptr, okp := call.Input.(*LetterInput); okp && ptr != nil {
			in, ok = *ptr, true
		}
	}
	if !ok {
		return "", fmt.Errorf("builtin cover_letter needs a drafting.LetterInput, got %T", call.Input)
	}
	in.Profile.Clean()
	b, err := json.Marshal(builtinLetter(in))
	return string(b), err
}
