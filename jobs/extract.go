package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"tailor/apperr"
	"tailor/billing"
	"tailor/orchestrator"
	"tailor/orchestrator/provider"
)

// PageFetcher fetches a job page; *Fetcher in fetch.go is the real one.
type PageFetcher interface {
	Fetch(ctx context.Context, rawURL string) (*Page, error)
}

// Source is what a person gave: exactly one of a link, the posting's text,
// or a screenshot.
type Source struct {
	URL       string
	Text      string
	Image     []byte
	ImageMIME string // as declared by the client; the bytes decide
}

// ExtractorOptions bound what a person may send.
type ExtractorOptions struct {
	MaxUploadBytes int64 // default 10 MiB
	MaxTextBytes   int   // default 100,000
}

// Extractor turns a Source into a Posting: structured data first, then the
// model (through the orchestrator) for the rest.
type Extractor struct {
	gen   Generator
	fetch PageFetcher
	opts  ExtractorOptions
}

// NewExtractor returns an Extractor. fetch may be nil when links are not
// accepted (then a URL source is refused).
func NewExtractor(gen Generator, fetch PageFetcher, o ExtractorOptions) *Extractor {
	if o.MaxUploadBytes <= 0 {
		o.MaxUploadBytes = 10 << 20
	}
	if o.MaxTextBytes <= 0 {
		o.MaxTextBytes = 100_000
	}
	return &Extractor{gen: gen, fetch: fetch, opts: o}
}

// ExtractInput is what a provider works from. Language models read the
// prompt built from it; the builtin provider reads it directly. Text is
// cleaned text, never raw HTML.
type ExtractInput struct {
	URL        string
	Text       string
	Structured *Posting // fields found in JSON-LD, microdata or RDFa
	Image      []byte
	ImageMIME  string
	// Meta is the page's own title, site name and language (empty for
	// pasted text and screenshots).
	Meta PageMeta
	// Screen is a screenshot's layout as read on this server (nil when
	// tesseract is missing); Text is then its posting column's text.
	Screen *screenshot
}

var htmlishRe = regexp.MustCompile(`(?i)<(html|body|div|p|script|ul|li|h[1-6]|span|article|section|main|table)[\s>]`)

// Extract validates src, runs the cascade and returns the posting with
// Posting.Sources telling where each field came from.
func (e *Extractor) Extract(ctx context.Context, userID uint, src Source, force bool) (Posting, error) {
	hasURL, hasText, hasImage := strings.TrimSpace(src.URL) != "", strings.TrimSpace(src.Text) != "", len(src.Image) > 0
	n := 0
	for _, b := range []bool{hasURL, hasText, hasImage} {
		if b {
			n++
		}
	}
	switch {
	case n == 0:
		return Posting{}, apperr.New(apperr.EINVALID, "Nothing to read: paste the posting's link or its text, or upload a screenshot.")
	case n > 1:
		return Posting{}, apperr.New(apperr.EINVALID, "Give one thing at a time: a link, the posting's text, or a screenshot.")
	}
	switch {
	case hasImage:
		return e.extractImage(ctx, userID, src, force)
	case hasText:
		if len(src.Text) > e.opts.MaxTextBytes {
			return Posting{}, apperr.New(apperr.ETOOLARGE, "The text is %d characters; the limit is %d. Paste only the posting, from its title to how to apply.",
				len(src.Text), e.opts.MaxTextBytes)
		}
		return e.extractText(ctx, userID, src.Text, force)
	default:
		return e.extractURL(ctx, userID, strings.TrimSpace(src.URL), force)
	}
}

func (e *Extractor) extractURL(ctx context.Context, userID uint, rawURL string, force bool) (Posting, error) {
	if e.fetch == nil {
		return Posting{}, apperr.New(apperr.EUNAVAILABLE, "Reading links is turned off on this server: paste the posting's text or upload a screenshot.")
	}
	page, err := e.fetch.Fetch(ctx, rawURL)
	if err != nil {
		return Posting{}, err
	}
	pageURL := page.URL
	if pageURL == "" {
		pageURL = rawURL
	}
	return e.extractHTML(ctx, userID, pageURL, page.StatusCode, page.HTML, force, msgNotJob)
}

func (e *Extractor) extractHTML(ctx context.Context, userID uint, pageURL string, status int, htmlText string, force bool, notJobMsg string) (Posting, error) {
	pp, err := parsePage(pageURL, htmlText)
	if err != nil {
		return Posting{}, apperr.Wrap(err, apperr.EUNPROCESSABLE, "This page could not be read as HTML: paste the posting's text instead.")
	}
	if kind := classifyPage(pp, status); kind != kindJob {
		if kind == kindNotJob {
			return Posting{}, apperr.New(apperr.EUNPROCESSABLE, "%s", notJobMsg)
		}
		return Posting{}, pp.refusalFor(kind)
	}
	structured := pp.structured()
	in := ExtractInput{URL: pageURL, Text: truncateUTF8(pp.mainText, e.opts.MaxTextBytes), Structured: &structured, Meta: pp.meta}
	p, err := e.runModel(ctx, userID, in, force, notJobMsg)
	if err != nil {
		return Posting{}, err
	}
	if p.SourceURL == "" {
		p.SourceURL = pageURL
	}
	pp.finishPosting(&p)
	return p, nil
}

func (e *Extractor) extractText(ctx context.Context, userID uint, text string, force bool) (Posting, error) {
	trimmed := strings.TrimSpace(text)
	// Pasted page source: read it like a fetched page.
	if len(htmlishRe.FindAllStringIndex(trimmed, 3)) >= 2 {
		return e.extractHTML(ctx, userID, "", 0, trimmed, force, msgTextNotJob)
	}
	var structured *Posting
	if strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[") {
		if p, ok := structuredFromJSON(trimmed); ok {
			structured = &p
			trimmed = firstNonEmpty(p.Description, trimmed)
		}
	}
	if structured == nil && jobScore(trimmed) == 0 {
		return Posting{}, apperr.New(apperr.EUNPROCESSABLE, msgTextNotJob)
	}
	in := ExtractInput{Text: cleanText(trimmed), Structured: structured}
	return e.runModel(ctx, userID, in, force, msgTextNotJob)
}

// cleanText normalises pasted text: one line per line, no runs of spaces,
// at most one blank line in a row.
func cleanText(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r", ""), "\n")
	var b strings.Builder
	blank := 0
	for _, l := range lines {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" {
			blank++
			if blank == 1 && b.Len() > 0 {
				b.WriteByte('\n')
			}
			continue
		}
		blank = 0
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return strings.TrimSpace(b.String())
}

// runModel asks the orchestrator for the posting and merges the answer
// under the structured data. notJobMsg is the refusal when the answer says
// the input is no job posting (the model's reason is added in brackets).
func (e *Extractor) runModel(ctx context.Context, userID uint, in ExtractInput, force bool, notJobMsg string) (Posting, error) {
	return e.runModelRefusing(ctx, userID, in, force, func(reason string) string {
		if reason == "" {
			return notJobMsg
		}
		return strings.TrimSuffix(notJobMsg, ".") + " (" + strings.TrimSuffix(reason, ".") + ")."
	})
}

// runModelRefusing is runModel with the refusal message built by notJob
// from the reason the answer gave ("" when none).
func (e *Extractor) runModelRefusing(ctx context.Context, userID uint, in ExtractInput, force bool, notJob func(reason string) string) (Posting, error) {
	req := orchestrator.Request{
		UserID: userID, Task: billing.TaskExtraction, System: extractionSystem,
		Prompt: buildPrompt(in), Schema: postingSchema(), Input: in, Image: in.Image, ImageMIME: in.ImageMIME, Force: force,
	}
	if len(in.Image) > 0 {
		req.System = extractionSystem + "\n" + imageExtractionRules
	}
	if in.URL != "" && len(in.Image) == 0 {
		// A public page holds nothing personal: one user's extraction
		// serves everyone who brings the same page (the key hashes its text).
		req.CacheScope = orchestrator.CacheShared
	}
	resp, err := e.gen.Generate(ctx, req)
	offlineReason := ""
	if err != nil {
		if resp, offlineReason = offlineFallback(ctx, in, err); offlineReason == "" {
			return Posting{}, err
		}
	}
	model, isJob, reason, err := parseModelPosting(resp.Text)
	if err != nil {
		return Posting{}, apperr.Wrap(err, apperr.EBADGATEWAY, "The AI answer could not be read. Please try again; if it keeps failing, paste the posting's text.")
	}
	if !isJob {
		return Posting{}, apperr.New(apperr.EUNPROCESSABLE, "%s", notJob(reason))
	}
	if model.Title == "" && model.Description == "" && len(model.Responsibilities) == 0 && len(model.Requirements) == 0 &&
		(in.Structured == nil || in.Structured.Title == "") {
		return Posting{}, apperr.New(apperr.EUNPROCESSABLE, "%s", notJob(""))
	}
	var base Posting
	if in.Structured != nil {
		base = *in.Structured
	}
	var p Posting
	if resp.Offline {
		// What the offline provider finds it reads off the page by rules.
		p = fillPosting(base, model, SourcePage)
	} else {
		// A language model's answer is checked against the page: what
		// the page does not say is dropped or marked as a guess, and the
		// rules' reading wins unless the page shows the model's value.
		p = checkModelAnswer(base, model, in)
	}
	if p.Language == "" {
		// The posting's own words first (structured data carries them when
		// the page's text is thin), then the page's declared language.
		words := strings.Join(append(append([]string{p.Title, p.Description}, p.Responsibilities...), p.Requirements...), "\n")
		if p.Language = firstNonEmpty(detectLanguage(words), in.Meta.Language); p.Language != "" {
			p.Sources["language"] = SourcePage
		}
	}
	p.ApplicationNotes = appendUnique(append([]string(nil), base.ApplicationNotes...), model.ApplicationNotes...)
	// Instructions and legal statements are not requirements, whoever
	// listed them there.
	notes := moveBoilerplate(&p.Requirements, &p.NiceToHave, &p.Responsibilities, &p.Benefits)
	p.ApplicationNotes = appendUnique(p.ApplicationNotes, notes...)
	if p.Title == "" && p.Description == "" && len(p.Responsibilities) == 0 && len(p.Requirements) == 0 {
		return Posting{}, apperr.New(apperr.EUNPROCESSABLE, "%s", notJob(""))
	}
	p.OfflineReason = offlineReason
	return p, nil
}

// offlineFallback runs the offline cascade when every AI provider failed
// (err wraps an *provider.Error): one broken provider must not
// stop everyone from adding jobs. It returns the cascade's answer and why
// it was used, or an empty reason when err is not a provider failure or the
// cascade found no job (then err stands).
func offlineFallback(ctx context.Context, in ExtractInput, err error) (orchestrator.Response, string) {
	if !errors.Is(err, orchestrator.ErrProvidersFailed) || ctx.Err() != nil {
		return orchestrator.Response{}, ""
	}
	text, berr := BuiltinExtract(ctx, provider.Call{Task: billing.TaskExtraction, Input: in})
	if berr != nil {
		return orchestrator.Response{}, ""
	}
	reason := "The AI provider failed"
	if _, status, _ := orchestrator.LastFailure(err); status != 0 {
		reason += fmt.Sprintf(" (HTTP %d)", status)
	}
	reason += ", so Tailor read this posting with its offline rules. Check the fields, or extract again later."
	return orchestrator.Response{Text: text, Offline: true}, reason
}

var tagRe = regexp.MustCompile(`</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>`)

// buildPrompt writes what a language model reads: the known structured
// fields and the cleaned text. Markup is stripped as a last guard: a model
// never sees raw HTML.
func buildPrompt(in ExtractInput) string {
	var b strings.Builder
	if in.URL != "" {
		fmt.Fprintf(&b, "Source URL: %s\n", in.URL)
	}
	if t := in.Meta.BestTitle(); t != "" {
		fmt.Fprintf(&b, "Page title: %s\n", t)
	}
	if in.Meta.SiteName != "" {
		fmt.Fprintf(&b, "Site name: %s\n", in.Meta.SiteName)
	}
	if in.Structured != nil {
		known := *in.Structured
		known.Description, known.Sources = "", nil
		if j, err := json.Marshal(known); err == nil && string(j) != "{}" {
			fmt.Fprintf(&b, "\nFields already read from the page's structured data (keep them, fill the rest):\n%s\n", tagRe.ReplaceAllString(string(j), ""))
		}
	}
	if len(in.Image) > 0 {
		b.WriteString("\nThe posting is in the attached screenshot.")
		if in.Text != "" {
			b.WriteString(" Its text as read so far:")
		}
		b.WriteString("\n")
	}
	if in.Text != "" {
		fmt.Fprintf(&b, "\nPosting text:\n<<<\n%s\n>>>\n", tagRe.ReplaceAllString(in.Text, ""))
	}
	return b.String()
}

// parseModelPosting reads a provider's answer: JSON, possibly in a
// ```json fence or with prose around it, with lenient types (a number as a
// string, a list as one string).
func parseModelPosting(text string) (Posting, bool, string, error) {
	raw, err := extractJSONObject(text)
	if err != nil {
		return Posting{}, false, "", err
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return Posting{}, false, "", err
	}
	isJob := true
	if v, ok := m["is_job_posting"].(bool); ok {
		isJob = v
	}
	reason := cleanInline(firstString(m["not_job_reason"]))
	str := func(k string) string { return strings.TrimSpace(firstString(m[k])) }
	list := func(k string) []string {
		var out []string
		for _, s := range stringsOf(m[k]) {
			for _, line := range strings.Split(s, "\n") {
				out = appendUnique(out, strings.TrimSpace(bulletRe.ReplaceAllString(line, "")))
			}
		}
		return out
	}
	p := Posting{
		Title: cleanInline(str("title")), Company: cleanInline(str("company")), Location: cleanInline(str("location")),
		Locations: list("locations"), Description: str("description"), Responsibilities: list("responsibilities"),
		Requirements: list("requirements"), NiceToHave: list("nice_to_have"), Skills: list("skills"),
		Benefits: list("benefits"), HowToApply: str("how_to_apply"), ApplyURL: str("apply_url"),
		SourceURL: str("source_url"), Language: normalizeLanguage(str("language")),
		ApplicationNotes: list("application_notes"),
	}
	p.EmploymentType = firstNonEmpty(normalizeEmploymentType(str("employment_type")), str("employment_type"))
	p.Workplace = normalizeWorkplace(str("workplace"))
	p.Seniority = firstNonEmpty(normalizeSeniority(str("seniority")), seniorityFromTitle(p.Title))
	p.DatePosted = normalizeDate(str("date_posted"))
	p.Deadline = normalizeDate(str("application_deadline"))
	p.Salary = modelSalary(m["salary"])
	if len(p.Skills) > 40 {
		p.Skills = p.Skills[:40]
	}
	return p, isJob, reason, nil
}

// modelSalary reads the salary object of an answer, or a salary string.
func modelSalary(v any) Salary {
	switch x := v.(type) {
	case string:
		return ParseSalary(x)
	case map[string]any:
		s := Salary{Min: numberOf(x["min"]), Max: numberOf(x["max"]),
			Currency: strings.ToUpper(strings.TrimSpace(firstString(x["currency"]))),
			Period:   normalizePeriod(firstString(x["period"])), Raw: cleanInline(firstString(x["raw"]))}
		if s.Min == nil && s.Max == nil && s.Raw != "" {
			parsed := ParseSalary(s.Raw)
			s.Min, s.Max = parsed.Min, parsed.Max
			s.Currency = firstNonEmpty(s.Currency, parsed.Currency)
			s.Period = firstNonEmpty(s.Period, parsed.Period)
		}
		if len(s.Currency) != 3 {
			s.Currency = ParseSalary(s.Currency + " 1").Currency
		}
		if s.Min != nil && s.Max != nil && *s.Min > *s.Max {
			s.Min, s.Max = s.Max, s.Min
		}
		return s
	}
	return Salary{}
}

// extractJSONObject finds the first JSON object in text.
func extractJSONObject(text string) ([]byte, error) {
	t := strings.TrimSpace(text)
	if i := strings.Index(t, "```"); i >= 0 {
		rest := t[i+3:]
		rest = strings.TrimPrefix(strings.TrimPrefix(rest, "json"), "JSON")
		if j := strings.Index(rest, "```"); j >= 0 {
			rest = rest[:j]
		}
		if strings.Contains(rest, "{") {
			t = strings.TrimSpace(rest)
		}
	}
	for start := strings.Index(t, "{"); start >= 0; {
		dec := json.NewDecoder(strings.NewReader(t[start:]))
		var v map[string]any
		if err := dec.Decode(&v); err == nil {
			return json.Marshal(v)
		}
		next := strings.Index(t[start+1:], "{")
		if next < 0 {
			break
		}
		start += next + 1
	}
	return nil, errors.New("no JSON object in the answer")
}

// structuredFromJSON reads pasted JSON: schema.org JobPosting JSON-LD or a
// JSON Resume job description (title, company, location, remote, ...).
func structuredFromJSON(s string) (Posting, bool) {
	if nodes, err := parseJSONLD(s); err == nil && len(nodes) > 0 {
		return postingFromSchema(nodes[0], SourceJSONLD), true
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return Posting{}, false
	}
	if firstString(m["title"]) == "" || (firstString(m["company"]) == "" && firstString(m["description"]) == "") {
		return Posting{}, false
	}
	return postingFromJSONResume(m), true
}

// postingFromJSONResume maps the JSON Resume job schema onto a Posting.
// The person pasted structured data, so its fields are "page".
func postingFromJSONResume(m map[string]any) Posting {
	p := Posting{Sources: map[string]string{}}
	p.Title = cleanInline(firstString(m["title"]))
	p.Company = cleanInline(firstString(m["company"]))
	if loc, ok := m["location"].(map[string]any); ok {
		var parts []string
		for _, k := range []string{"city", "region", "countryCode"} {
			if v := cleanInline(firstString(loc[k])); v != "" && !contains(parts, v) {
				parts = append(parts, v)
			}
		}
		p.Location = strings.Join(parts, ", ")
	} else {
		p.Location = cleanInline(firstString(m["location"]))
	}
	p.Workplace = normalizeWorkplace(firstString(m["remote"]))
	p.EmploymentType = firstNonEmpty(normalizeEmploymentType(firstString(m["type"])), cleanInline(firstString(m["type"])))
	p.Seniority = firstNonEmpty(normalizeSeniority(firstString(m["experience"])), seniorityFromTitle(p.Title))
	p.Salary = ParseSalary(firstString(m["salary"]))
	p.DatePosted = normalizeDate(firstString(m["date"]))
	p.Description = strings.TrimSpace(firstString(m["description"]))
	p.Responsibilities = splitItems(m["responsibilities"])
	p.Requirements = splitItems(m["qualifications"])
	for _, s := range asList(m["skills"]) {
		if sm, ok := s.(map[string]any); ok {
			p.Skills = appendUnique(p.Skills, stringsOf(sm["keywords"])...)
			if len(stringsOf(sm["keywords"])) == 0 {
				p.Skills = appendUnique(p.Skills, firstString(sm["name"]))
			}
		} else {
			p.Skills = appendUnique(p.Skills, firstString(s))
		}
	}
	if meta, ok := m["meta"].(map[string]any); ok {
		if u := firstString(meta["canonical"]); strings.HasPrefix(u, "http") {
			p.SourceURL = u
		}
	}
	for _, f := range postingFields {
		if f.set(&p) {
			p.Sources[f.name] = SourcePage
		}
	}
	return p
}
