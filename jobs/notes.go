package jobs

import (
	"regexp"
	"strings"
)

// boilerplateRes recognise application instructions and legal boilerplate:
// things a person must know or do to apply, but not skills or experience a
// CV can show. Postings (US federal ones above all) list them among the
// requirements; Tailor keeps them apart, in ApplicationNotes.
var boilerplateRes = []*regexp.Regexp{
	// Citizenship, eligibility and vetting.
	regexp.MustCompile(`(?i)\b(u\.?\s?s\.? citizens?(hip)?|citizenship|must be a citizen|citizen or national|legally (authori[sz]ed|eligible) to work|work (status )?eligibility|e-verify|right to work in|work permit is required)\b`),
	regexp.MustCompile(`(?i)\b(selective service|direct deposit|suitab(le|ility) for federal employment|background (investigation|check)|drug (test|screen)(ing)?|financial disclosure|(trial|probationary) period|discrepancies must be resolved|veterans'? preference|males born after)\b`),
	// Instructions for the résumé and the application itself.
	regexp.MustCompile(`(?i)\b(exact dates you held|hours per week you worked|dates of employment|from month/year to month/year|your (resume|résumé|cv|application) (must|should) (include|show|contain|state)|include (the following )?in your (resume|résumé|cv)|(resume|résumé|cv)s? (must|should) (include|show)|will not be considered|incomplete applications?|submit (a|your) (resume|résumé|cv|application)|send (us )?your (cv|resume|résumé|application)|to apply,? (please )?(click|visit|send|email|submit|go)|apply (online )?(via|through|at) |applications? (must|should) be (submitted|received|sent)|only shortlisted|transcripts?\b.{0,40}\b(required|must))`),
	eeoRe,
	// The same in the other languages Tailor reads.
	regexp.MustCompile(`(?i)(\bagg\b|bewerbungsunterlagen|sende (uns )?deine bewerbung|senden sie (uns )?ihre|envoyez votre (cv|candidature)|envía tu (cv|candidatura)|envie seu (cv|currículo)|stuur je (cv|sollicitatie)|invia (il tuo )?cv|tuma maombi|barua ya maombi|nakala za vyeti)`),
}

// eeoRe recognises equal-opportunity and accommodation statements, in
// every language Tailor reads.
var eeoRe = regexp.MustCompile(`(?i)\b(equal (employment )?opportunit(y|ies)|\beeo\b|without regard to|regardless of (race|gender|age|origin|religion|sex|colou?r|disability)|reasonable accommodations?|affirmative action|does not discriminate|we celebrate diversity|protected (veteran|characteristic|class)|chancengleichheit|schwerbehinderte|gleichstellung|unabhängig von (geschlecht|alter|herkunft)|égalité des chances|en situation de handicap|igualdad de oportunidades|igualdade de oportunidades|gelijke kansen|pari opportunità)`)

// isBoilerplate tells whether an item is an application instruction or a
// legal statement rather than a duty, a requirement or a benefit.
func isBoilerplate(s string) bool {
	for _, re := range boilerplateRes {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// moveBoilerplate takes application instructions and legal boilerplate out
// of the lists a CV is matched against and returns them as notes.
func moveBoilerplate(lists ...*[]string) []string {
	var notes []string
	for _, l := range lists {
		kept := (*l)[:0:0]
		for _, it := range *l {
			if isBoilerplate(it) {
				notes = appendUnique(notes, it)
			} else {
				kept = append(kept, it)
			}
		}
		*l = kept
	}
	return notes
}

// boilerplateParagraphs are the equal-opportunity and eligibility
// statements a posting makes outside its lists (usually at the end).
func boilerplateParagraphs(lines []textLine) []string {
	var out []string
	for _, l := range lines {
		if l.heading || len(strings.Fields(l.text)) < 6 {
			continue
		}
		if !l.bullet && eeoRe.MatchString(l.text) {
			out = appendUnique(out, l.text)
		}
	}
	return out
}
