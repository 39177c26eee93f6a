package drafting

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"tailor/jobs"
	"tailor/profile"
)

// JobSourcePrefix starts a claim source that points into the job rather
// than the profile: "job:/requirements/2".
const JobSourcePrefix = "job:"

// claimSource is one piece of the profile or the job a statement may rest
// on, with its JSON pointer.
type claimSource struct {
	ptr   string
	text  string
	name  bool // a name (employer, title, skill): matched word for word
	terms map[string]bool
}

// evidenceIndex is every item of a profile and a job, for tying sentences
// to their sources.
type evidenceIndex struct {
	items []claimSource
}

func newEvidenceIndex(p profile.Resume, job jobs.Posting) *evidenceIndex {
	x := &evidenceIndex{}
	add := func(ptr, text string, name bool) {
		text = plain(text)
		if text == "" {
			return
		}
		x.items = append(x.items, claimSource{ptr: ptr, text: text, name: name, terms: termSet(text)})
	}
	add("/basics/label", p.Basics.Label, true)
	add("/basics/summary", p.Basics.Summary, false)
	for i, w := range p.Work {
		base := "/work/" + strconv.Itoa(i)
		add(base+"/name", w.Name, true)
		add(base+"/position", w.Position, true)
		add(base+"/summary", w.Summary, false)
		for j, h := range w.Highlights {
			add(base+"/highlights/"+strconv.Itoa(j), h, false)
		}
	}
	for i, e := range p.Education {
		base := "/education/" + strconv.Itoa(i)
		add(base+"/institution", e.Institution, true)
		add(base+"/studyType", e.StudyType, true)
		add(base+"/area", e.Area, true)
	}
	for i, s := range p.Skills {
		base := "/skills/" + strconv.Itoa(i)
		if len(s.Keywords) == 0 {
			add(base+"/name", s.Name, true)
		}
		for j, k := range s.Keywords {
			add(base+"/keywords/"+strconv.Itoa(j), k, true)
		}
	}
	for i, pr := range p.Projects {
		base := "/projects/" + strconv.Itoa(i)
		add(base+"/name", pr.Name, true)
		add(base+"/description", pr.Description, false)
		for j, h := range pr.Highlights {
			add(base+"/highlights/"+strconv.Itoa(j), h, false)
		}
	}
	add(JobSourcePrefix+"/title", job.Title, true)
	add(JobSourcePrefix+"/company", job.Company, true)
	for i, r := range job.Requirements {
		add(JobSourcePrefix+"/requirements/"+strconv.Itoa(i), r, false)
	}
	for i, r := range job.Responsibilities {
		add(JobSourcePrefix+"/responsibilities/"+strconv.Itoa(i), r, false)
	}
	for i, s := range job.Skills {
		add(JobSourcePrefix+"/skills/"+strconv.Itoa(i), s, true)
	}
	return x
}

// maxClaimSources bounds the sources shown for one statement.
const maxClaimSources = 4

// sources returns the pointers of the items s rests on: names it says word
// for word, then the texts it shares the most content words with. within,
// when not empty, limits text matches to pointers with that prefix (a CV
// bullet rests on its own role).
func (x *evidenceIndex) sources(s, within string, personal bool) []string {
	ns := " " + norm(s) + " "
	st := termSet(s)
	var names []string
	type scored struct {
		ptr   string
		score float64
	}
	var texts []scored
	for _, it := range x.items {
		// What the person says of themselves rests on the profile; the job
		// is evidence only for what the sentence says about the job (its
		// title and company may be named either way).
		if personal && strings.HasPrefix(it.ptr, JobSourcePrefix) &&
			it.ptr != JobSourcePrefix+"/title" && it.ptr != JobSourcePrefix+"/company" {
			continue
		}
		if it.name {
			n := norm(it.text)
			if n == "" || !strings.Contains(ns, " "+n+" ") {
				continue
			}
			// A short name ("Go", "R") must keep its case, so "go beyond"
			// is not the Go language.
			if len(n) <= 3 && !containsWord(s, it.text) {
				continue
			}
			names = append(names, it.ptr)
			continue
		}
		if within != "" && !strings.HasPrefix(it.ptr, within) {
			continue
		}
		shared := 0
		for t := range it.terms {
			if st[t] {
				shared++
			}
		}
		if shared == 0 {
			continue
		}
		// Enough of the item is in the sentence: three words, or half of
		// a short item's.
		if shared >= 3 || shared >= 2 && float64(shared) >= 0.5*float64(len(it.terms)) || shared == len(it.terms) {
			texts = append(texts, scored{it.ptr, float64(shared) / float64(len(it.terms)+1)})
		}
	}
	sort.SliceStable(texts, func(a, b int) bool { return texts[a].score > texts[b].score })
	var out []string
	seen := map[string]bool{}
	for _, t := range texts {
		if len(out) == 2 {
			break
		}
		out = append(out, t.ptr)
		seen[t.ptr] = true
	}
	for _, n := range names {
		if len(out) == maxClaimSources {
			break
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// containsWord reports whether w occurs in s as a whole word, case kept.
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		j += i
		before := j == 0 || !isWordChar(s[j-1])
		after := j+len(w) >= len(s) || !isWordChar(s[j+len(w)])
		if before && after {
			return true
		}
		i = j + 1
	}
}

// claimsOf ties each sentence of text to its sources; sentences with none
// make no claim and the page marks them.
func (x *evidenceIndex) claimsOf(text, within string, aboutCandidate bool) []Claim {
	var out []Claim
	for _, s := range splitSentences(text) {
		personal := aboutCandidate || firstPersonRe.MatchString(s)
		if src := x.sources(s, within, personal); len(src) > 0 {
			out = append(out, Claim{Text: s, Sources: src})
		}
	}
	return out
}

// letterClaims ties each sentence of a letter's body to the profile items
// and job items it rests on. p is the profile as stored, so the pointers
// resolve in it.
func letterClaims(l Letter, p profile.Resume, job jobs.Posting) []Claim {
	x := newEvidenceIndex(p, job)
	var out []Claim
	for _, para := range l.Paragraphs {
		out = append(out, x.claimsOf(para, "", false)...)
	}
	return out
}

// cvClaims ties a CV's statements to the profile: the summary's sentences,
// the headline, each role's title, employer and bullets, each degree and
// each skill. p is the profile as stored.
func cvClaims(cv CV, p profile.Resume, job jobs.Posting) []Claim {
	x := newEvidenceIndex(p, job)
	var out []Claim
	if h := strings.TrimSpace(cv.Headline); h != "" {
		if src := x.sources(h, "", true); len(src) > 0 {
			out = append(out, Claim{Text: h, Sources: src})
		}
	}
	out = append(out, x.claimsOf(cv.Summary, "", true)...)
	for _, r := range cv.Experience {
		i := workIndex(p, r)
		if i < 0 {
			continue
		}
		base := "/work/" + strconv.Itoa(i)
		if r.Title != "" {
			out = append(out, Claim{Text: r.Title, Sources: []string{base + "/position"}})
		}
		if r.Company != "" {
			out = append(out, Claim{Text: r.Company, Sources: []string{base + "/name"}})
		}
		for _, h := range r.Highlights {
			src := x.sources(h, base+"/", true)
			if len(src) == 0 {
				continue
			}
			out = append(out, Claim{Text: h, Sources: src})
		}
	}
	for _, e := range cv.Education {
		for i, pe := range p.Education {
			if pe.Institution == e.Institution && e.Institution != "" {
				out = append(out, Claim{Text: e.Institution, Sources: []string{"/education/" + strconv.Itoa(i) + "/institution"}})
				break
			}
		}
	}
	for _, s := range cv.Skills {
		if ptr := skillPointer(p, s); ptr != "" {
			out = append(out, Claim{Text: s, Sources: []string{ptr}})
		}
	}
	return out
}

// workIndex finds the stored profile's position a CV role came from.
func workIndex(p profile.Resume, r CVRole) int {
	for i, w := range p.Work {
		if strings.TrimSpace(w.Name) == r.Company && strings.TrimSpace(w.Position) == r.Title &&
			(r.StartDate == "" || w.StartDate == r.StartDate) {
			return i
		}
	}
	return -1
}

func skillPointer(p profile.Resume, s string) string {
	n := norm(s)
	for i, sk := range p.Skills {
		for j, k := range sk.Keywords {
			if norm(k) == n {
				return fmt.Sprintf("/skills/%d/keywords/%d", i, j)
			}
		}
		if len(sk.Keywords) == 0 && norm(sk.Name) == n {
			return fmt.Sprintf("/skills/%d/name", i)
		}
	}
	return ""
}

// ResolveSource returns the text a claim source points to and a short label
// of where it is ("Analytical Engines Ltd", "the job posting"); ok is false
// when the pointer no longer resolves (the profile changed since).
func ResolveSource(p profile.Resume, job jobs.Posting, ptr string) (label, text string, ok bool) {
	var doc any
	var b []byte
	var err error
	path := ptr
	if rest, isJob := strings.CutPrefix(ptr, JobSourcePrefix); isJob {
		path = rest
		b, err = json.Marshal(job)
		label = "The job posting"
	} else {
		b, err = json.Marshal(p)
		label = profileLabel(p, ptr)
	}
	if err != nil || json.Unmarshal(b, &doc) != nil {
		return "", "", false
	}
	v, found := walkPointer(doc, path)
	if !found {
		return "", "", false
	}
	s, isString := v.(string)
	if !isString {
		return "", "", false
	}
	return label, plain(s), true
}

// walkPointer follows an RFC 6901 JSON pointer through decoded JSON.
func walkPointer(doc any, ptr string) (any, bool) {
	if ptr == "" {
		return doc, true
	}
	if !strings.HasPrefix(ptr, "/") {
		return nil, false
	}
	cur := doc
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[tok]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// profileLabel names the part of the profile a pointer is in.
func profileLabel(p profile.Resume, ptr string) string {
	parts := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	idx := func() int {
		if len(parts) < 2 {
			return -1
		}
		i, err := strconv.Atoi(parts[1])
		if err != nil {
			return -1
		}
		return i
	}()
	switch parts[0] {
	case "work":
		if idx >= 0 && idx < len(p.Work) {
			return "Your profile · " + joinNonEmptyStrings(" at ", p.Work[idx].Position, p.Work[idx].Name)
		}
	case "education":
		if idx >= 0 && idx < len(p.Education) {
			return "Your profile · " + p.Education[idx].Institution
		}
	case "projects":
		if idx >= 0 && idx < len(p.Projects) {
			return "Your profile · project " + p.Projects[idx].Name
		}
	case "skills":
		return "Your profile · skills"
	}
	return "Your profile"
}

func joinNonEmptyStrings(sep string, ss ...string) string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}

// Sentences splits text into the sentences claims are made of, so a page
// can find the claim of each sentence it shows.
func Sentences(text string) []string { return splitSentences(text) }
