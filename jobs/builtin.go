package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"tailor/apperr"
	"tailor/orchestrator/provider"
)

// inputOf reads the ExtractInput a builtin call carries.
func inputOf(call provider.Call) (ExtractInput, error) {
	switch in := call.Input.(type) {
	case ExtractInput:
		return in, nil
	case *ExtractInput:
		if in != nil {
			return *in, nil
		}
	}
	return ExtractInput{}, fmt.Errorf("builtin %s: input is %T, want jobs.ExtractInput", call.Task, call.Input)
}

// BuiltinExtract is the offline answer to the extraction task: the
// structured data the page carried, completed by rule-based heuristics on
// the cleaned text (or on the OCR text of a screenshot). It answers with
// the JSON of a Posting, as a language model would.
func BuiltinExtract(ctx context.Context, call provider.Call) (string, error) {
	in, err := inputOf(call)
	if err != nil {
		return "", err
	}
	if len(in.Image) > 0 {
		return builtinScreenshot(ctx, in)
	}
	text := in.Text
	p := heuristicPosting(text, in.Meta)
	hasStructuredTitle := in.Structured != nil && in.Structured.Title != ""
	if in.Structured != nil {
		p = fillPosting(clonePosting(*in.Structured), p, "")
	}
	if !hasStructuredTitle && (p.Title == "" || jobScore(text) < 2) {
		return "", apperr.New(apperr.EUNPROCESSABLE, "%s", msgTextNotJob)
	}
	b, err := json.Marshal(p)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// builtinScreenshot reads a screenshot offline: tesseract's layout gives
// the posting's column (side columns dropped) and its title, company and
// location lines; the heuristics read the rest of its text. It answers
// is_job_posting false, with a reason, when the text carries too few
// signs of a job ad, so one call both validates and extracts.
func builtinScreenshot(ctx context.Context, in ExtractInput) (string, error) {
	screen := in.Screen
	if screen == nil {
		s, err := readScreenshot(ctx, in.Image)
		if err != nil {
			return "", err
		}
		screen = &s
	}
	score, reason := imageJobSignals(screen.Text)
	// A small card ("Data Engineer II / Microsoft / Redmond, WA") has few
	// words, but its layout reads as a job: a title set large, with the
	// company or place under it.
	if isTitleLike(screen.Title) && (screen.Company != "" || screen.Location != "") && len(strings.Fields(screen.Text)) >= 4 {
		score += 3
	}
	if score < 4 {
		b, err := json.Marshal(map[string]any{"is_job_posting": false, "not_job_reason": reason})
		return string(b), err
	}
	p := heuristicPosting(screen.Text, PageMeta{H1: screen.Title})
	if screen.Company != "" {
		p.Company = screen.Company
		p.Sources["company"] = SourcePage
	}
	if screen.Location != "" {
		p.Location, p.Locations = screen.Location, nil
		p.Sources["location"] = SourcePage
	}
	if p.Workplace == "" {
		p.Workplace = normalizeWorkplace(p.Location)
	}
	b, err := json.Marshal(p)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

func clonePosting(p Posting) Posting {
	src := p.Sources
	p.Sources = make(map[string]string, len(src))
	for k, v := range src {
		p.Sources[k] = v
	}
	return p
}

var (
	adWordRe = regexp.MustCompile(`(?i)\b(apply|applicants?|hiring|hire|job|role|position|responsibilit\w*|requirements?|qualifications?|experience|salary|pay range|base pay|benefits|full[\s-]time|part[\s-]time|remote|hybrid|on[\s-]site|skills|candidate|team|vacancy|career|` +
		// German, French, Spanish, Portuguese, Dutch, Italian, Swahili.
		`bewerb\w*|stelle|aufgaben|profil|vollzeit|teilzeit|gehalt|erfahrung|postuler|poste|missions|salaire|expérience|candidature|` +
		`requisitos|responsabilidades|salario|experiencia|vaga|salário|experiência|vacature|functie|salaris|ervaring|solliciteer|` +
		`requisiti|competenze|esperienza|retribuzione|candidati|majukumu|sifa|mshahara|uzoefu|maombi|kazi|nafasi)\b`)
	moneyRe      = regexp.MustCompile(`[$€£₹₦]\s?\d|\b(USD|EUR|GBP|KES|Ksh)\s?\d`)
	cityRegionRe = regexp.MustCompile(`\b[A-Z][a-z]+(?: [A-Z][a-z]+)*, [A-Z]{2}\b`)
)

// imageJobSignals scores OCR text as a job ad: job words, a line shaped
// like a job title, pay, a "City, ST" location. It returns the score and
// a reason a person can read.
func imageJobSignals(text string) (int, string) {
	words := len(strings.Fields(text))
	if words < 8 {
		return 0, "there is almost no readable text in it"
	}
	score := 0
	distinct := map[string]bool{}
	for _, m := range adWordRe.FindAllString(strings.ToLower(text), -1) {
		distinct[m] = true
	}
	score += min(len(distinct), 5)
	lines := splitLines(text)
	for i, l := range lines {
		if i >= 8 {
			break
		}
		if len(strings.Fields(l.text)) <= 10 && jobTitleRe.MatchString(l.text) {
			score += 2
			break
		}
	}
	if moneyRe.MatchString(text) {
		score++
	}
	if cityRegionRe.MatchString(text) {
		score++
	}
	if score < 4 {
		return score, "its text has no job title, duties or requirements"
	}
	return score, "its text reads like a job posting"
}

// BuiltinValidateImage is the offline answer to the image_validation task:
// it reads the image with tesseract and calls it a job ad when the text
// carries enough job-ad signals. Without tesseract it says how to get
// screenshots working.
func BuiltinValidateImage(ctx context.Context, call provider.Call) (string, error) {
	in, err := inputOf(call)
	if err != nil {
		return "", err
	}
	if len(in.Image) == 0 {
		return "", apperr.New(apperr.EINVALID, "No image was given: upload a screenshot of the posting.")
	}
	text, err := runOCR(ctx, in.Image)
	if err != nil {
		return "", err
	}
	score, reason := imageJobSignals(text)
	b, err := json.Marshal(imageVerdict{IsJobAd: score >= 4, Reason: reason, Text: text})
	if err != nil {
		return "", err
	}
	return string(b), nil
}
