package drafting

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"tailor/billing"
	"tailor/jobs"
	"tailor/orchestrator"
	"tailor/orchestrator/provider"
	"tailor/profile"
)

// Limits of the builtin CV: enough to show fit, short enough for two pages.
const (
	maxRoleBullets    = 4
	maxProjects       = 3
	maxProjectBullets = 3
	maxSkills         = 20
	maxSummarySkills  = 4
)

const cvSystem = `You tailor a CV to one job posting. You only reorder, select and rephrase what the person's profile already says.
Rules:
- Never invent an employer, job title, date, degree, school, project, skill, number or achievement. Copy company, title, location and dates exactly from the profile.
- For each position keep the highlights that matter most for this job, most relevant first, rephrased lightly if it helps; never add a claim the profile does not make.
- List skills from the profile only, those the job asks for first.
- Write a 2–3 sentence summary from the profile's own summary and label, aimed at this job.
- Answer with one JSON object that follows the schema, nothing else.`

// cvSchema is the JSON schema the model's CV answer follows.
var cvSchema = map[string]any{
	"type": "object",
	"properties": map[string]any{
		"name":     map[string]any{"type": "string"},
		"headline": map[string]any{"type": "string"},
		"summary":  map[string]any{"type": "string"},
		"experience": map[string]any{"type": "array", "items": map[string]any{
			"type": "object",
			"properties": map[string]any{
				"company":    map[string]any{"type": "string"},
				"title":      map[string]any{"type": "string"},
				"location":   map[string]any{"type": "string"},
				"start_date": map[string]any{"type": "string"},
				"end_date":   map[string]any{"type": "string"},
				"highlights": map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
			},
			"required": []string{"company", "title", "highlights"},
		}},
		"education": map[string]any{"type": "array", "items": map[string]any{
			"type": "object",
			"properties": map[string]any{
				"institution": map[string]any{"type": "string"},
				"study_type":  map[string]any{"type": "string"},
				"area":        map[string]any{"type": "string"},
				"start_date":  map[string]any{"type": "string"},
				"end_date":    map[string]any{"type": "string"},
			},
			"required": []string{"institution"},
		}},
		"skills": map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
		"projects": map[string]any{"type": "array", "items": map[string]any{
			"type": "object",
			"properties": map[string]any{
				"name":        map[string]any{"type": "string"},
				"description": map[string]any{"type": "string"},
				"highlights":  map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
			},
			"required": []string{"name"},
		}},
	},
	"required": []string{"headline", "summary", "experience", "education", "skills"},
}

func cvPrompt(in CVInput, feedback []string) string {
	var b strings.Builder
	b.WriteString("PROFILE (the only source of facts):\n" + compactProfile(in.Profile) +
		"\n\nJOB POSTING:\n" + compactJob(in.Job))
	if len(feedback) > 0 {
		b.WriteString("\n\nYour previous CV stated facts the profile does not; write it again and fix every one:\n")
		for _, f := range feedback {
			b.WriteString("- " + f + "\n")
		}
	}
	b.WriteString("\n\nWrite the tailored CV as JSON.")
	return b.String()
}

// DraftCV drafts a CV for job from p. Whatever the provider answers, the
// result only names employers, titles, dates, degrees, projects and skills
// that are in p, keeps every position of p, and its summary states nothing
// the profile or the job does not; a model whose answers cannot be made so
// is redrafted once, then the next provider is asked, then the offline
// composer writes the CV and its Source says so.
func (d *Drafter) DraftCV(ctx context.Context, userID uint, p profile.Resume, job jobs.Posting, force bool) (CV, error) {
	raw := p
	p = capProfile(p)
	p.Clean()
	if p.IsEmpty() {
		return CV{}, errEmptyProfile()
	}
	in := CVInput{Profile: p, Job: job}
	ver := NewVerifier(p, job)
	out, err := runModels(ctx, d, force, modelStep[CV]{
		what: "CV",
		request: func(feedback []string) orchestrator.Request {
			return orchestrator.Request{UserID: userID, Task: billing.TaskCVDraft,
				System: cvSystem, Prompt: cvPrompt(in, feedback), Schema: cvSchema, Input: in}
		},
		parses: func(text string) error { _, err := parseCV(text); return err },
		accept: func(text string) (CV, []string, error) {
			m, err := parseCV(text)
			if err != nil {
				return CV{}, nil, err
			}
			cv, problems := verifyCV(groundCV(m, in), m, in, ver)
			return cv, problems, nil
		},
	})
	if err != nil {
		return CV{}, err
	}
	if out.offline {
		cv := builtinCV(in)
		cv.Source = Source{Kind: SourceOffline}
		return cv, nil
	}
	cv := out.draft
	cv.Source = out.source
	cv.Claims = cvClaims(cv, raw, p, job)
	return cv, nil
}

// verifyCV checks what a model wrote in a grounded CV (headline, summary,
// bullets) against the profile and the job. A bullet or a summary sentence
// that states an unknown employer, school, degree, title, number or skill
// is dropped; a summary left with none of the model's sentences, or a
// headline that invents, means a redraft with the violations as feedback.
func verifyCV(cv, model CV, in CVInput, ver *Verifier) (CV, []string) {
	if s := strings.TrimSpace(model.Summary); s != "" && cv.Summary == s {
		if sv := ver.Check(s, "summary", true); len(sv) > 0 {
			kept, _ := dropViolations(s, sv)
			if strings.TrimSpace(kept) == "" {
				return cv, feedback(sv)
			}
			cv.Summary = kept
		}
	}
	if len(ver.Check(cv.Headline, "headline", true)) > 0 {
		cv.Headline = builtinCV(in).Headline
	}
	jw := weightsFor(in.Job)
	for i := range cv.Experience {
		r := &cv.Experience[i]
		var kept []string
		for _, h := range r.Highlights {
			if len(ver.Check(h, "bullets of "+r.Title, true)) > 0 {
				continue
			}
			kept = append(kept, h)
		}
		if len(kept) == 0 {
			for _, w := range in.Profile.Work {
				if w.Name == r.Company && w.Position == r.Title {
					kept = topBullets(w, jw, maxRoleBullets)
					break
				}
			}
		}
		r.Highlights = kept
	}
	for i := range cv.Projects {
		pr := &cv.Projects[i]
		if len(ver.Check(pr.Description, "project "+pr.Name, true)) > 0 {
			pr.Description = ""
			for _, pp := range in.Profile.Projects {
				if pp.Name == pr.Name {
					pr.Description = plain(pp.Description)
				}
			}
		}
		var kept []string
		for _, h := range pr.Highlights {
			if len(ver.Check(h, "project "+pr.Name, true)) == 0 {
				kept = append(kept, h)
			}
		}
		pr.Highlights = kept
	}
	return cv, nil
}

// looseCV accepts the shapes models produce besides the asked one: skills as
// objects, a "title"/"position" or "institution"/"school" synonym.
type looseCV struct {
	Name       string          `json:"name"`
	Headline   string          `json:"headline"`
	Summary    string          `json:"summary"`
	Experience []looseRole     `json:"experience"`
	Education  []looseEdu      `json:"education"`
	Skills     json.RawMessage `json:"skills"`
	Projects   []CVProject     `json:"projects"`
}

type looseRole struct {
	Company    string   `json:"company"`
	Name       string   `json:"name"`
	Title      string   `json:"title"`
	Position   string   `json:"position"`
	StartDate  string   `json:"start_date"`
	StartDate2 string   `json:"startDate"`
	EndDate    string   `json:"end_date"`
	EndDate2   string   `json:"endDate"`
	Highlights []string `json:"highlights"`
}

type looseEdu struct {
	Institution string `json:"institution"`
	School      string `json:"school"`
	StudyType   string `json:"study_type"`
	StudyType2  string `json:"studyType"`
	Degree      string `json:"degree"`
	Area        string `json:"area"`
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// parseCV reads a CV from a model's answer. It fails only when there is no
// JSON object or the object holds nothing a CV could use.
func parseCV(text string) (CV, error) {
	raw, err := extractJSON(text)
	if err != nil {
		return CV{}, err
	}
	var l looseCV
	if err := json.Unmarshal(raw, &l); err != nil {
		return CV{}, fmt.Errorf("CV JSON has the wrong shape: %w", err)
	}
	cv := CV{Name: l.Name, Headline: l.Headline, Summary: l.Summary, Projects: l.Projects}
	for _, r := range l.Experience {
		cv.Experience = append(cv.Experience, CVRole{Company: firstNonEmpty(r.Company, r.Name),
			Title: firstNonEmpty(r.Title, r.Position), StartDate: firstNonEmpty(r.StartDate, r.StartDate2),
			EndDate: firstNonEmpty(r.EndDate, r.EndDate2), Highlights: r.Highlights})
	}
	for _, e := range l.Education {
		cv.Education = append(cv.Education, CVEducation{Institution: firstNonEmpty(e.Institution, e.School),
			StudyType: firstNonEmpty(e.StudyType, e.StudyType2, e.Degree), Area: e.Area})
	}
	cv.Skills = parseSkills(l.Skills)
	if cv.Name == "" && cv.Summary == "" && cv.Headline == "" && len(cv.Experience) == 0 && len(cv.Education) == 0 &&
		len(cv.Skills) == 0 && len(cv.Projects) == 0 {
		return CV{}, fmt.Errorf("CV JSON is empty")
	}
	return cv, nil
}

func parseSkills(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return list
	}
	var groups []struct {
		Name     string   `json:"name"`
		Keywords []string `json:"keywords"`
	}
	if json.Unmarshal(raw, &groups) == nil {
		for _, g := range groups {
			list = append(list, g.Name)
			list = append(list, g.Keywords...)
		}
	}
	return list
}

// matchThreshold is how alike a model's company or title must be to the
// profile's to count as the same entry: high enough to reject another
// employer, low enough to accept "Sr. Engineer" for "Senior Engineer".
const matchThreshold = 0.6

// groundCV keeps only what the profile supports: each role, degree and
// project must match a profile entry and takes its facts from it; skills
// must appear in the profile; a section left empty is filled from the
// offline draft.
func groundCV(m CV, in CVInput) CV {
	p := in.Profile
	base := builtinCV(in)
	tr := profileTruth(p)

	cv := CV{Name: base.Name, Contact: base.Contact, JobTitle: base.JobTitle, Company: base.Company}

	cv.Headline = base.Headline
	if h := plain(m.Headline); h != "" && len(terms(h)) > 0 && allKnown(h, tr.terms) && CountWords(h) <= 15 {
		cv.Headline = h
	}
	cv.Summary = base.Summary
	if s := strings.TrimSpace(m.Summary); s != "" && groundedSummary(s, tr, in.Job) {
		cv.Summary = s
	}

	// Experience: match each role to an unused profile entry. A role that
	// names an entry exactly (company, title and start date: what the
	// offline draft and most models write) is found in the index; only the
	// others are compared with every entry, so a long profile stays linear.
	work := sortedWork(p.Work)
	used := make([]bool, len(work))
	exact := map[string][]int{}
	for i, w := range work {
		k := roleIndexKey(w.Name, w.Position, w.StartDate)
		exact[k] = append(exact[k], i)
	}
	for _, r := range m.Experience {
		best, bestScore := -1, 0.0
		if r.StartDate != "" {
			for _, i := range exact[roleIndexKey(r.Company, r.Title, r.StartDate)] {
				if !used[i] {
					best, bestScore = i, 2.5 // the best score a role can have
					break
				}
			}
		}
		for i, w := range work {
			if best >= 0 && bestScore >= 2.5 {
				break
			}
			if used[i] {
				continue
			}
			cs, ts := nameMatch(r.Company, w.Name), nameMatch(r.Title, w.Position)
			if cs < matchThreshold || ts < matchThreshold {
				continue
			}
			s := cs + ts
			if r.StartDate != "" && r.StartDate == w.StartDate {
				s += 0.5
			}
			if s > bestScore {
				best, bestScore = i, s
			}
		}
		if best < 0 {
			continue
		}
		used[best] = true
		w := work[best]
		role := CVRole{Company: w.Name, Title: w.Position, Location: w.Location, StartDate: w.StartDate, EndDate: w.EndDate}
		own := termSet(strings.Join(append(append([]string{}, w.Highlights...), w.Summary, w.Position), " "))
		verbatim := map[string]bool{norm(plain(w.Summary)): true}
		for _, h := range w.Highlights {
			verbatim[norm(plain(h))] = true
		}
		for _, h := range cleanBullets(r.Highlights) {
			if verbatim[norm(h)] || tr.grounded(h) && overlaps(h, own) {
				role.Highlights = append(role.Highlights, h)
			}
		}
		if len(role.Highlights) == 0 {
			role.Highlights = topBullets(w, weightsFor(in.Job), maxRoleBullets)
		}
		role.Highlights = dedupe(role.Highlights)
		cv.Experience = append(cv.Experience, role)
	}
	// A position the model left out is completed from the profile: a CV
	// never loses a role the person had.
	for i, w := range work {
		if !used[i] {
			cv.Experience = append(cv.Experience, CVRole{Company: w.Name, Title: w.Position, Location: w.Location,
				StartDate: w.StartDate, EndDate: w.EndDate, Highlights: topBullets(w, weightsFor(in.Job), maxRoleBullets)})
		}
	}
	sort.SliceStable(cv.Experience, func(a, b int) bool {
		return roleKey(cv.Experience[a].StartDate, cv.Experience[a].EndDate) > roleKey(cv.Experience[b].StartDate, cv.Experience[b].EndDate)
	})

	// Education: facts from the matching profile entry only.
	eused := make([]bool, len(p.Education))
	for _, e := range m.Education {
		best, bestScore := -1, 0.0
		for i, pe := range p.Education {
			if eused[i] {
				continue
			}
			s := nameMatch(e.Institution, pe.Institution)
			if s < matchThreshold {
				continue
			}
			s += 0.5*similar(e.StudyType, pe.StudyType) + 0.5*similar(e.Area, pe.Area)
			if s > bestScore {
				best, bestScore = i, s
			}
		}
		if best < 0 {
			continue
		}
		eused[best] = true
		cv.Education = append(cv.Education, eduFromProfile(p.Education[best]))
	}
	if len(cv.Education) == 0 {
		cv.Education = base.Education
	}

	// Skills: kept when the profile names them; spelled as the profile does.
	seen := map[string]bool{}
	for _, s := range m.Skills {
		if k, ok := groundSkill(s, p, tr); ok && !seen[strings.ToLower(k)] {
			seen[strings.ToLower(k)] = true
			cv.Skills = append(cv.Skills, k)
		}
	}
	if len(cv.Skills) == 0 {
		cv.Skills = base.Skills
	}

	// Projects: matched by name; text from the model only when grounded.
	pused := make([]bool, len(p.Projects))
	for _, pr := range m.Projects {
		best, bestScore := -1, 0.0
		for i, pp := range p.Projects {
			if s := nameMatch(pr.Name, pp.Name); !pused[i] && s >= matchThreshold && s > bestScore {
				best, bestScore = i, s
			}
		}
		if best < 0 {
			continue
		}
		pused[best] = true
		pp := p.Projects[best]
		out := CVProject{Name: pp.Name, Description: plain(pp.Description)}
		if d := strings.TrimSpace(pr.Description); d != "" && tr.grounded(d) {
			out.Description = d
		}
		verbatim := map[string]bool{}
		for _, h := range pp.Highlights {
			verbatim[norm(plain(h))] = true
		}
		for _, h := range cleanBullets(pr.Highlights) {
			if verbatim[norm(h)] || tr.grounded(h) {
				out.Highlights = append(out.Highlights, h)
			}
		}
		if len(out.Highlights) == 0 {
			out.Highlights = rankStrings(plainAll(pp.Highlights), weightsFor(in.Job).score)
			if len(out.Highlights) > maxProjectBullets {
				out.Highlights = out.Highlights[:maxProjectBullets]
			}
		}
		cv.Projects = append(cv.Projects, out)
	}
	if len(cv.Projects) == 0 {
		cv.Projects = base.Projects
	}
	return cv
}

// roleIndexKey is how groundCV finds a role that names a profile entry
// exactly.
func roleIndexKey(company, title, start string) string {
	return norm(company) + "\x00" + norm(title) + "\x00" + strings.TrimSpace(start)
}

// cleanBullets returns the trimmed, non-empty bullets of a model's role,
// without the list marks some models keep.
func cleanBullets(in []string) []string {
	var out []string
	for _, h := range in {
		if h = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(h), "-•* ")); h != "" {
			out = append(out, h)
		}
	}
	return out
}

// nameMatch compares a model's name to the profile's. An empty profile name
// matches anything because the profile's (empty) value overwrites it anyway.
func nameMatch(model, prof string) float64 {
	if norm(prof) == "" {
		return 1
	}
	return similar(model, prof)
}

// allKnown reports whether every content word of s is in the profile.
func allKnown(s string, pTerms map[string]bool) bool {
	for _, t := range terms(s) {
		if !pTerms[t] {
			return false
		}
	}
	return true
}

// overlaps reports whether a bullet shares at least one content word with
// the role it is filed under, so a bullet cannot move to another employer
// wholesale.
func overlaps(s string, own map[string]bool) bool {
	for _, t := range terms(s) {
		if own[t] {
			return true
		}
	}
	return false
}

// groundedSummary accepts the model's summary when every number in it is in
// the profile, it claims none of the job's skills the profile lacks, and its
// words mostly come from the profile or the job ("aimed at this job" is the
// point of a summary).
func groundedSummary(s string, tr truth, job jobs.Posting) bool {
	if !tr.numbersKnown(s) {
		return false
	}
	sNorm := " " + norm(s) + " "
	for _, k := range job.Skills {
		if n := norm(k); n != "" && strings.Contains(sNorm, " "+n+" ") && !tr.has(k) {
			return false
		}
	}
	ts := terms(s)
	if len(ts) == 0 {
		return false
	}
	jTerms := weightsFor(job)
	known := 0
	for _, t := range ts {
		if tr.terms[t] || jTerms[t] > 0 {
			known++
		}
	}
	return float64(known) >= 0.6*float64(len(ts))
}

// groundSkill returns the profile's spelling of skill s, or s itself when
// the profile mentions it word for word somewhere else.
func groundSkill(s string, p profile.Resume, tr truth) (string, bool) {
	s = strings.TrimSpace(s)
	n := norm(s)
	if n == "" {
		return "", false
	}
	for _, k := range p.AllSkills() {
		if norm(k) == n {
			return k, true
		}
	}
	if tr.has(s) {
		return s, true
	}
	return "", false
}

func eduFromProfile(e profile.Education) CVEducation {
	return CVEducation{Institution: e.Institution, StudyType: e.StudyType, Area: e.Area,
		StartDate: e.StartDate, EndDate: e.EndDate}
}

// roleKey sorts roles most recent first: a current role (no end date) above
// ended ones, then by start date. ISO-like dates compare as strings.
func roleKey(start, end string) string {
	start, end = sortDate(start), sortDate(end)
	e := end
	if strings.TrimSpace(e) == "" && strings.TrimSpace(start) != "" {
		e = "9999"
	}
	return e + "|" + start
}

// sortedWork returns the profile's positions, most recent first.
func sortedWork(in []profile.Work) []profile.Work {
	// Each role's key is worked out once: parsing its dates is the costly
	// part, and a sort compares each role many times.
	type keyed struct {
		key string
		w   profile.Work
	}
	ks := make([]keyed, len(in))
	for i, w := range in {
		ks[i] = keyed{roleKey(w.StartDate, w.EndDate), w}
	}
	sort.SliceStable(ks, func(a, b int) bool { return ks[a].key > ks[b].key })
	out := make([]profile.Work, len(ks))
	for i, k := range ks {
		out[i] = k.w
	}
	return out
}

// topBullets returns a role's own highlights, placeholders left out, most
// relevant to the job first; a role with none offers its summary instead.
func topBullets(w profile.Work, jw jobWeights, n int) []string {
	var out []string
	for _, i := range rankedHighlights(w, jw, nil, n) {
		out = append(out, cleanBullet(w.Highlights[i]))
	}
	if len(out) == 0 {
		if s := plain(w.Summary); s != "" && !isPlaceholder(s) {
			return []string{s}
		}
	}
	return out
}

// rankedHighlights returns the indices of a role's usable highlights, most
// relevant first: the weight of the job's words they mention, plus how well
// they answer one of the job's requirements. Equal ones keep profile order.
func rankedHighlights(w profile.Work, jw jobWeights, asks []jobAsk, n int) []int {
	type scored struct {
		i int
		v float64
	}
	var all []scored
	seen := map[string]bool{}
	for i, h := range w.Highlights {
		t := cleanBullet(h)
		if isPlaceholder(h) || isTrivia(h) || t == "" || seen[norm(t)] {
			continue
		}
		seen[norm(t)] = true
		v := jw.score(t)
		for _, a := range asks {
			if r := relevance(t, a, jw); r > 0 {
				v += r
			}
		}
		all = append(all, scored{i, v})
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].v > all[b].v })
	var out []int
	for _, s := range all {
		if len(out) == n {
			break
		}
		out = append(out, s.i)
	}
	return out
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		k := norm(s)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}

// rankedSkills orders the profile's skills for the job: those the job asks
// for first, then by overlap with the rest of the posting, then profile
// order. Group labels are never skills.
func rankedSkills(p profile.Resume, job jobs.Posting, jw jobWeights) []string {
	var out []string
	for _, s := range tailoredSkills(p, job, jw, 0) {
		out = append(out, s.name)
	}
	return out
}

// tailoredSkills is the CV's skill list: every skill the job asks for that
// the profile has (never cut), then the others most related to the job, up
// to limit in all (0 for no limit).
func tailoredSkills(p profile.Resume, job jobs.Posting, jw jobWeights, limit int) []skillItem {
	all := profileSkills(p)
	asked := map[int]bool{}
	for _, js := range job.Skills {
		for i, s := range all {
			if skillEqual(s.name, js) {
				asked[i] = true
			}
		}
	}
	for _, ms := range AnalyzeMatch(p, job).Skills.Matched {
		for i, s := range all {
			if skillEqual(s.name, ms) {
				asked[i] = true
			}
		}
	}
	text := " " + norm(strings.Join(job.Requirements, " | ")+" | "+job.Title+" | "+strings.Join(job.NiceToHave, " | ")) + " "
	for i, s := range all {
		if k := norm(s.name); len(k) > 1 && strings.Contains(text, " "+k+" ") {
			asked[i] = true
		}
	}
	idx := make([]int, len(all))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		va, vb := jw.score(all[idx[a]].name), jw.score(all[idx[b]].name)
		if asked[idx[a]] {
			va += 100
		}
		if asked[idx[b]] {
			vb += 100
		}
		return va > vb
	})
	var out []skillItem
	for _, i := range idx {
		if limit > 0 && len(out) >= limit && !asked[i] {
			continue
		}
		out = append(out, all[i])
	}
	return out
}

// builtinCV is the offline CV: the profile's own entries, ranked for the
// job, each printed statement tied to its place in the profile by a claim.
func builtinCV(in CVInput) CV {
	p, job := in.Profile, in.Job
	jw := weightsFor(job)
	asks := jobAsks(job)
	cv := CV{
		Name: p.Basics.Name,
		Contact: Contact{Email: p.Basics.Email, Phone: p.Basics.Phone,
			Location: p.Basics.Location.String(), URL: p.Basics.URL},
		JobTitle: job.Title,
		Company:  job.Company,
	}
	claim := func(text string, src ...string) {
		if strings.TrimSpace(text) != "" && len(src) > 0 {
			cv.Claims = append(cv.Claims, Claim{Text: text, Sources: src})
		}
	}
	order := workByDate(p.Work)
	if h := plain(p.Basics.Label); h != "" {
		cv.Headline = h
		claim(h, "/basics/label")
	} else if len(order) > 0 && p.Work[order[0]].Position != "" {
		cv.Headline = p.Work[order[0]].Position
		claim(cv.Headline, fmt.Sprintf("/work/%d/position", order[0]))
	}
	for _, wi := range order {
		w := p.Work[wi]
		role := CVRole{Company: w.Name, Title: w.Position, Location: w.Location, StartDate: w.StartDate, EndDate: w.EndDate}
		claim(w.Position, fmt.Sprintf("/work/%d/position", wi))
		claim(w.Name, fmt.Sprintf("/work/%d/name", wi))
		claim(w.StartDate, fmt.Sprintf("/work/%d/startDate", wi))
		claim(w.EndDate, fmt.Sprintf("/work/%d/endDate", wi))
		for _, hi := range rankedHighlights(w, jw, asks, maxRoleBullets) {
			h := cleanBullet(w.Highlights[hi])
			role.Highlights = append(role.Highlights, h)
			claim(h, fmt.Sprintf("/work/%d/highlights/%d", wi, hi))
		}
		if len(role.Highlights) == 0 {
			if s := plain(w.Summary); s != "" && !isPlaceholder(s) {
				role.Highlights = []string{s}
				claim(s, fmt.Sprintf("/work/%d/summary", wi))
			}
		}
		cv.Experience = append(cv.Experience, role)
	}
	for i, e := range p.Education {
		cv.Education = append(cv.Education, eduFromProfile(e))
		claim(e.Institution, fmt.Sprintf("/education/%d/institution", i))
		claim(e.StudyType, fmt.Sprintf("/education/%d/studyType", i))
		claim(e.Area, fmt.Sprintf("/education/%d/area", i))
	}
	for _, s := range tailoredSkills(p, job, jw, maxSkills) {
		cv.Skills = append(cv.Skills, s.name)
		claim(s.name, s.path)
	}

	type scoredProject struct {
		i int
		v float64
	}
	var projects []scoredProject
	for i, pr := range p.Projects {
		projects = append(projects, scoredProject{i, projectScore(pr, jw)})
	}
	sort.SliceStable(projects, func(a, b int) bool { return projects[a].v > projects[b].v })
	for k, sp := range projects {
		if k == maxProjects {
			break
		}
		pr := p.Projects[sp.i]
		out := CVProject{Name: pr.Name, Description: plain(pr.Description)}
		claim(pr.Name, fmt.Sprintf("/projects/%d/name", sp.i))
		claim(out.Description, fmt.Sprintf("/projects/%d/description", sp.i))
		var hs []string
		idx := map[string]int{}
		for hi, h := range pr.Highlights {
			if t := cleanBullet(h); t != "" && !isPlaceholder(h) {
				if _, dup := idx[t]; !dup {
					idx[t] = hi
					hs = append(hs, t)
				}
			}
		}
		for _, h := range rankStrings(hs, jw.score) {
			if len(out.Highlights) == maxProjectBullets {
				break
			}
			out.Highlights = append(out.Highlights, h)
			claim(h, fmt.Sprintf("/projects/%d/highlights/%d", sp.i, idx[h]))
		}
		cv.Projects = append(cv.Projects, out)
	}
	var summaryClaims []Claim
	cv.Summary, summaryClaims = builtinSummary(p, job, jw)
	cv.Claims = append(cv.Claims, summaryClaims...)
	return cv
}

func projectScore(pr profile.Project, jw jobWeights) float64 {
	return jw.score(pr.Name + " " + pr.Description + " " + strings.Join(pr.Highlights, " ") + " " + strings.Join(pr.Keywords, " "))
}

// builtinSummary rewrites the summary toward the job from evidence only:
// the profile summary's own sentences that matter most for the job (private
// trivia and job-search objectives left out), or the label and latest role;
// then the skills the job asks for that the profile lists, and the
// requirements the profile's achievements answer. It adds no adjective of
// its own.
func builtinSummary(p profile.Resume, job jobs.Posting, jw jobWeights) (string, []Claim) {
	var parts []string
	var claims []Claim
	add := func(s string, src ...string) {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
			claims = append(claims, Claim{Text: s, Sources: src})
		}
	}
	ss := summarySentences(p.Basics.Summary)
	if len(ss) > 0 {
		// The first sentence says who the person is; then the one that
		// matters most for this job.
		picked := []string{ss[0]}
		best, bestScore := "", 0.0
		for _, s := range ss[1:] {
			if v := jw.score(s); v > bestScore && CountWords(ss[0])+CountWords(s) <= 60 {
				best, bestScore = s, v
			}
		}
		if best != "" {
			picked = append(picked, best)
		}
		for _, s := range picked {
			add(sentence(s), "/basics/summary")
		}
	} else {
		order := workByDate(p.Work)
		label := plain(p.Basics.Label)
		switch {
		case len(order) > 0 && p.Work[order[0]].Position != "" && p.Work[order[0]].Name != "":
			i := order[0]
			w := p.Work[i]
			intro := w.Position + " at " + w.Name
			src := []string{fmt.Sprintf("/work/%d/position", i), fmt.Sprintf("/work/%d/name", i)}
			if label != "" && norm(label) != norm(w.Position) {
				intro = label + ", most recently " + intro
				src = append(src, "/basics/label")
			}
			add(sentence(intro), src...)
		case label != "":
			add(sentence(label), "/basics/label")
		}
	}
	if names, src := matchedSkills(p, job, maxSummarySkills); len(names) > 0 {
		lead := "Skills this role asks for"
		if t := shortTitle(sanitize(job.Title), sanitize(job.Company), true); t != "" && CountWords(t) <= 8 {
			lead = "Skills for the " + t + " role"
		}
		add(lead+": "+joinList(names)+".", src...)
	}
	var asks []string
	var src []string
	for _, pr := range pickEvidence(p, job, profileItems(p), 3) {
		if pr.ask != nil && CountWords(pr.ask.short) <= 10 {
			asks = append(asks, askTopic(pr.ask.short))
			src = append(src, pr.item.path, pr.ask.path)
		}
	}
	if len(asks) > 0 {
		add("Experience this role asks for: "+strings.Join(asks, "; ")+".", src...)
	}
	return strings.Join(parts, " "), claims
}

// firstSentences returns up to n sentences of s, stopping before maxWords.
func firstSentences(s string, n, maxWords int) string {
	ss := splitSentences(s)
	var out []string
	words := 0
	for _, x := range ss {
		w := CountWords(x)
		if len(out) == n || (len(out) > 0 && words+w > maxWords) {
			break
		}
		out = append(out, x)
		words += w
	}
	return strings.Join(out, " ")
}

// splitSentences splits text after ".", "!" or "?" followed by a space and
// an upper-case letter or digit, so "Node.js" and "e.g. this" stay whole.
func splitSentences(s string) []string {
	s = strings.TrimSpace(s)
	var out []string
	r := []rune(s)
	start := 0
	for i := 0; i < len(r); i++ {
		if r[i] != '.' && r[i] != '!' && r[i] != '?' {
			continue
		}
		j := i + 1
		for j < len(r) && (r[j] == '"' || r[j] == '\'' || r[j] == ')' || r[j] == '”') {
			j++
		}
		if j < len(r) && r[j] != ' ' {
			continue
		}
		k := j
		for k < len(r) && r[k] == ' ' {
			k++
		}
		if k < len(r) && !(isUpper(r[k]) || isDigit(r[k]) || r[k] == '(' || r[k] == '"') {
			continue
		}
		if r[i] == '.' && j == i+1 && k < len(r) && isAbbreviation(r[start:i]) {
			continue // "St. Anthony's", "Dr. Patel", "J. Smith"
		}
		if x := strings.TrimSpace(string(r[start:j])); x != "" {
			out = append(out, x)
		}
		start = k
		i = k - 1
	}
	if x := strings.TrimSpace(string(r[start:])); x != "" {
		out = append(out, x)
	}
	return out
}

// abbreviations end with a full stop that does not end a sentence. A
// company suffix (Inc., Ltd.) is not one: it ends a name, and a capital
// after it starts the next sentence ("… at Engines Ltd. My CV …").
var abbreviations = map[string]bool{"st": true, "dr": true, "mr": true, "mrs": true, "ms": true, "prof": true,
	"jr": true, "sr": true, "mt": true, "ft": true, "no": true,
	"vs": true, "e.g": true, "i.e": true, "u.s": true, "u.k": true, "approx": true, "dept": true}

// isAbbreviation reports whether the text before a full stop ends with an
// abbreviation or an initial ("J").
func isAbbreviation(before []rune) bool {
	i := len(before)
	for i > 0 && before[i-1] != ' ' && before[i-1] != '(' {
		i--
	}
	w := string(before[i:])
	if r := []rune(w); len(r) == 1 && isUpper(r[0]) {
		return true
	}
	return abbreviations[strings.ToLower(w)]
}

func isUpper(r rune) bool {
	return strings.ToUpper(string(r)) == string(r) && strings.ToLower(string(r)) != string(r)
}
func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// BuiltinCV answers TaskCVDraft offline: the JSON of a CV ranked from the
// profile's own entries, in the shape a language model is asked for.
func BuiltinCV(ctx context.Context, call provider.Call) (string, error) {
	in, ok := call.Input.(CVInput)
	if !ok {
		if ptr, okp := call.Input.(*CVInput); okp && ptr != nil {
			in, ok = *ptr, true
		}
	}
	if !ok {
		return "", fmt.Errorf("builtin cv_draft needs a drafting.CVInput, got %T", call.Input)
	}
	in.Profile = capProfile(in.Profile) // a no-op from DraftCV, which capped it
	in.Profile.Clean()
	b, err := json.Marshal(builtinCV(in))
	return string(b), err
}
