package drafting

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"

	"tailor/apperr"
	"tailor/jobs"
	"tailor/profile"
)

// Drafter writes CVs and letters through a Generator and checks every answer
// in code, so what the person gets does not depend on which provider wrote it.
type Drafter struct {
	gen Generator
	log *slog.Logger
}

// New returns a Drafter that asks gen for drafts.
func New(gen Generator) *Drafter {
	return &Drafter{gen: gen, log: slog.Default()}
}

// CVInput is what a CV is drafted from; the builtin provider reads it
// instead of the prompt.
type CVInput struct {
	Profile profile.Resume
	Job     jobs.Posting
}

// LetterInput is what a letter is written from. Feedback lists the rules a
// previous attempt broke, so a regeneration can fix them.
type LetterInput struct {
	Profile  profile.Resume
	Job      jobs.Posting
	Tone     string
	Feedback []string
}

// errEmptyProfile is returned before any call is made: there is nothing true
// to write from.
func errEmptyProfile() error {
	return apperr.New(apperr.EINVALID,
		"Your profile is empty. Add your work history, education or skills on the Profile page, then draft again.")
}

// generatorError keeps an *apperr.Error (a quota, no provider) as it is and
// turns anything else into an error a person can act on.
func generatorError(err error, what string) error {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return err
	}
	return apperr.Wrap(err, apperr.EUNAVAILABLE, "The %s could not be written because the AI provider did not answer. Please try again in a minute.", what)
}

var fenceRe = regexp.MustCompile("(?s)```(?:json|JSON)?\\s*(.*?)```")

// extractJSON finds the JSON object in a model's answer: inside a ```json
// fence, or the first object that parses among prose around it.
func extractJSON(text string) (json.RawMessage, error) {
	var candidates []string
	for _, m := range fenceRe.FindAllStringSubmatch(text, -1) {
		candidates = append(candidates, m[1])
	}
	candidates = append(candidates, text)
	for _, c := range candidates {
		for i, tries := 0, 0; i < len(c) && tries < 20; i++ {
			if c[i] != '{' {
				continue
			}
			tries++
			var raw json.RawMessage
			dec := json.NewDecoder(strings.NewReader(c[i:]))
			if err := dec.Decode(&raw); err == nil && bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
				return raw, nil
			}
		}
	}
	return nil, fmt.Errorf("no JSON object in the answer")
}

// promptProfile is the compact view of a profile a model reads: only what a
// draft may use, Markdown removed.
type promptProfile struct {
	Name      string          `json:"name"`
	Label     string          `json:"label,omitempty"`
	Summary   string          `json:"summary,omitempty"`
	Work      []promptWork    `json:"work,omitempty"`
	Education []promptEdu     `json:"education,omitempty"`
	Skills    []string        `json:"skills,omitempty"`
	Projects  []promptProject `json:"projects,omitempty"`
}

type promptWork struct {
	Company    string   `json:"company"`
	Title      string   `json:"title"`
	Location   string   `json:"location,omitempty"`
	StartDate  string   `json:"start_date,omitempty"`
	EndDate    string   `json:"end_date,omitempty"`
	Summary    string   `json:"summary,omitempty"`
	Highlights []string `json:"highlights,omitempty"`
}

type promptEdu struct {
	Institution string `json:"institution"`
	StudyType   string `json:"study_type,omitempty"`
	Area        string `json:"area,omitempty"`
	StartDate   string `json:"start_date,omitempty"`
	EndDate     string `json:"end_date,omitempty"`
}

type promptProject struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Highlights  []string `json:"highlights,omitempty"`
}

func plainAll(in []string) []string {
	var out []string
	for _, s := range in {
		if s = plain(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func compactProfile(p profile.Resume) string {
	v := promptProfile{Name: p.Basics.Name, Label: plain(p.Basics.Label), Summary: plain(p.Basics.Summary),
		Skills: p.AllSkills()}
	for _, w := range sortedWork(p.Work) {
		v.Work = append(v.Work, promptWork{Company: w.Name, Title: w.Position, Location: w.Location,
			StartDate: w.StartDate, EndDate: w.EndDate, Summary: plain(w.Summary), Highlights: plainAll(w.Highlights)})
	}
	for _, e := range p.Education {
		v.Education = append(v.Education, promptEdu{Institution: e.Institution, StudyType: e.StudyType,
			Area: e.Area, StartDate: e.StartDate, EndDate: e.EndDate})
	}
	for _, pr := range p.Projects {
		v.Projects = append(v.Projects, promptProject{Name: pr.Name, Description: plain(pr.Description),
			Highlights: plainAll(pr.Highlights)})
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// promptJob is the compact view of a job a model reads.
type promptJob struct {
	Title            string   `json:"title,omitempty"`
	Company          string   `json:"company,omitempty"`
	Location         string   `json:"location,omitempty"`
	Seniority        string   `json:"seniority,omitempty"`
	Description      string   `json:"description,omitempty"`
	Responsibilities []string `json:"responsibilities,omitempty"`
	Requirements     []string `json:"requirements,omitempty"`
	NiceToHave       []string `json:"nice_to_have,omitempty"`
	Skills           []string `json:"skills,omitempty"`
}

// maxDescription bounds the description sent in a prompt; the lists carry
// what matters and a long page would only cost tokens.
const maxDescription = 3000

func compactJob(j jobs.Posting) string {
	d := plain(j.Description)
	if len(d) > maxDescription {
		d = d[:maxDescription]
		if i := strings.LastIndexByte(d, ' '); i > 0 {
			d = d[:i]
		}
		d += " …"
	}
	v := promptJob{Title: plain(j.Title), Company: plain(j.Company), Location: plain(j.Location),
		Seniority: j.Seniority, Description: d, Responsibilities: plainAll(j.Responsibilities),
		Requirements: plainAll(j.Requirements), NiceToHave: plainAll(j.NiceToHave), Skills: plainAll(j.Skills)}
	b, _ := json.Marshal(v)
	return string(b)
}

// Caps on what one draft reads from a profile. A CV lists a career's
// recent roles, not ten thousand; a profile past these keeps its most
// recent entries, so drafting time (and a model's prompt) stays bounded
// whatever the API was sent.
const (
	maxProfileRoles    = 60
	maxProfileEntries  = 60 // education, projects
	maxProfileSkills   = 200
	maxEntryHighlights = 30
)

// capProfile returns p with at most the caps above; p is not changed.
func capProfile(p profile.Resume) profile.Resume {
	if len(p.Work) > maxProfileRoles {
		p.Work = sortedWork(p.Work)[:maxProfileRoles]
	}
	if len(p.Education) > maxProfileEntries {
		p.Education = p.Education[:maxProfileEntries]
	}
	if len(p.Projects) > maxProfileEntries {
		p.Projects = p.Projects[:maxProfileEntries]
	}
	if len(p.Skills) > maxProfileSkills {
		p.Skills = p.Skills[:maxProfileSkills]
	}
	copied := false
	for i, w := range p.Work {
		if len(w.Highlights) > maxEntryHighlights {
			if !copied { // the caller's slice stays as it is
				p.Work, copied = append([]profile.Work(nil), p.Work...), true
			}
			p.Work[i].Highlights = w.Highlights[:maxEntryHighlights]
		}
	}
	return p
}
