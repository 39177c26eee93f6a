package domain

import "strings"

// CV is a CV tailored to one job.
type CV struct {
	Name       string        `json:"name"`
	Headline   string        `json:"headline"`
	Contact    Contact       `json:"contact"`
	Summary    string        `json:"summary"`
	Experience []CVRole      `json:"experience"`
	Education  []CVEducation `json:"education"`
	Skills     []string      `json:"skills"`
	Projects   []CVProject   `json:"projects,omitempty"`
	// JobTitle and Company say which job the CV was tailored to.
	JobTitle string `json:"job_title"`
	Company  string `json:"company"`
	// Claims ties each statement about the candidate to its evidence.
	Claims []Claim `json:"claims,omitempty"`
	// Source says who wrote the draft.
	Source Source `json:"source"`
}

// Source kinds: a language model wrote the draft, or the offline composer.
const (
	SourceModel   = "model"
	SourceOffline = "offline"
)

// Source says who wrote a draft, always truthfully: a model (its provider
// and model name) or the offline composer, also when the composer stood in
// for a model whose answers were refused.
type Source struct {
	Kind     string `json:"kind"`
	Provider string `json:"provider,omitempty"`
	Model    string `json:"model,omitempty"`
}

// Offline reports whether the offline composer wrote the draft.
func (s Source) Offline() bool { return s.Kind == SourceOffline }

// String is the source as a person reads it: "openai · gpt-4o" or "offline".
func (s Source) String() string {
	switch {
	case s.Kind == SourceOffline:
		return "offline"
	case s.Kind == "":
		return ""
	case s.Model != "" && s.Provider != "":
		return s.Provider + " · " + s.Model
	}
	return s.Kind
}

// Claim is one statement a draft makes (a role, an employer, a degree, an
// achievement, a skill, a number). Text is a substring of the draft; each
// source is a JSON pointer into the profile ("/work/0/highlights/1") or,
// for statements about the job, into the job ("job:/requirements/2").
type Claim struct {
	Text    string   `json:"text"`
	Sources []string `json:"sources"`
}

// Contact is how to reach the person.
type Contact struct {
	Email    string `json:"email,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Location string `json:"location,omitempty"`
	URL      string `json:"url,omitempty"`
}

// CVRole is one position on the CV; Company, Title and dates always come
// from the profile.
type CVRole struct {
	Company    string   `json:"company"`
	Title      string   `json:"title"`
	Location   string   `json:"location,omitempty"`
	StartDate  string   `json:"start_date,omitempty"`
	EndDate    string   `json:"end_date,omitempty"`
	Highlights []string `json:"highlights"`
}

// CVEducation is one degree or course on the CV, from the profile.
type CVEducation struct {
	Institution string `json:"institution"`
	StudyType   string `json:"study_type,omitempty"`
	Area        string `json:"area,omitempty"`
	StartDate   string `json:"start_date,omitempty"`
	EndDate     string `json:"end_date,omitempty"`
}

// CVProject is one project on the CV, from the profile.
type CVProject struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Highlights  []string `json:"highlights,omitempty"`
}

// Letter is a cover letter: a subject line, one greeting, exactly three body
// paragraphs of 220–320 words in all, and one closing.
type Letter struct {
	Subject    string   `json:"subject"`
	Greeting   string   `json:"greeting"`
	Paragraphs []string `json:"paragraphs"`
	Closing    string   `json:"closing"`
	Signature  string   `json:"signature"`
	WordCount  int      `json:"word_count"`
	Tone       string   `json:"tone"`
	// Claims ties each statement about the candidate to its evidence.
	Claims []Claim `json:"claims,omitempty"`
	// Source says who wrote the letter.
	Source Source `json:"source"`
}

// Text renders the letter as plain text, for copying or downloading.
func (l Letter) Text() string {
	var b strings.Builder
	if s := strings.TrimSpace(l.Subject); s != "" {
		b.WriteString("Subject: " + s + "\n\n")
	}
	if g := strings.TrimSpace(l.Greeting); g != "" {
		b.WriteString(g + "\n\n")
	}
	for _, p := range l.Paragraphs {
		if p = strings.TrimSpace(p); p != "" {
			b.WriteString(p + "\n\n")
		}
	}
	if c := strings.TrimSpace(l.Closing); c != "" {
		b.WriteString(c + "\n")
	}
	if s := strings.TrimSpace(l.Signature); s != "" {
		b.WriteString(s + "\n")
	}
	return b.String()
}
