// Package profile is a job seeker's master profile, stored as a JSON Resume
// document (https://jsonresume.org/schema). Sections Tailor does not edit
// (awards, volunteer, ...) are kept as they came, so an import followed by
// an export loses nothing.
package profile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Resume is a JSON Resume document.
type Resume struct {
	Basics    Basics      `json:"basics"`
	Work      []Work      `json:"work"`
	Education []Education `json:"education"`
	Skills    []Skill     `json:"skills"`
	Projects  []Project   `json:"projects"`
	// Extra holds every other top-level key, untouched.
	Extra map[string]json.RawMessage `json:"-"`
}

// Basics is who the person is.
type Basics struct {
	Name     string    `json:"name"`
	Label    string    `json:"label,omitempty"`
	Email    string    `json:"email,omitempty"`
	Phone    string    `json:"phone,omitempty"`
	URL      string    `json:"url,omitempty"`
	Summary  string    `json:"summary,omitempty"`
	Location Location  `json:"location,omitempty"`
	Profiles []Network `json:"profiles,omitempty"`
}

// Location is where the person lives.
type Location struct {
	Address     string `json:"address,omitempty"`
	PostalCode  string `json:"postalCode,omitempty"`
	City        string `json:"city,omitempty"`
	CountryCode string `json:"countryCode,omitempty"`
	Region      string `json:"region,omitempty"`
}

// String renders the location as one line.
func (l Location) String() string {
	var parts []string
	for _, p := range []string{l.City, l.Region, l.CountryCode} {
		if strings.TrimSpace(p) != "" {
			parts = append(parts, strings.TrimSpace(p))
		}
	}
	return strings.Join(parts, ", ")
}

// Network is a social profile.
type Network struct {
	Network  string `json:"network,omitempty"`
	Username string `json:"username,omitempty"`
	URL      string `json:"url,omitempty"`
}

// Work is one position held.
type Work struct {
	Name       string   `json:"name"`
	Position   string   `json:"position"`
	Location   string   `json:"location,omitempty"`
	URL        string   `json:"url,omitempty"`
	StartDate  string   `json:"startDate,omitempty"`
	EndDate    string   `json:"endDate,omitempty"`
	Summary    string   `json:"summary,omitempty"`
	Highlights []string `json:"highlights,omitempty"`
}

// Education is one course of study.
type Education struct {
	Institution string   `json:"institution"`
	URL         string   `json:"url,omitempty"`
	Area        string   `json:"area,omitempty"`
	StudyType   string   `json:"studyType,omitempty"`
	StartDate   string   `json:"startDate,omitempty"`
	EndDate     string   `json:"endDate,omitempty"`
	Score       string   `json:"score,omitempty"`
	Courses     []string `json:"courses,omitempty"`
}

// Skill is a named group of keywords.
type Skill struct {
	Name     string   `json:"name"`
	Level    string   `json:"level,omitempty"`
	Keywords []string `json:"keywords,omitempty"`
}

// Project is something the person built.
type Project struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	URL         string   `json:"url,omitempty"`
	StartDate   string   `json:"startDate,omitempty"`
	EndDate     string   `json:"endDate,omitempty"`
	Highlights  []string `json:"highlights,omitempty"`
	Keywords    []string `json:"keywords,omitempty"`
}

var known = map[string]bool{"basics": true, "work": true, "education": true, "skills": true, "projects": true}

// UnmarshalJSON keeps unknown sections in Extra.
func (r *Resume) UnmarshalJSON(b []byte) error {
	type plain Resume
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return err
	}
	for k, v := range all {
		if !known[k] {
			if p.Extra == nil {
				p.Extra = map[string]json.RawMessage{}
			}
			p.Extra[k] = v
		}
	}
	*r = Resume(p)
	return nil
}

// MarshalJSON writes the known sections and then Extra.
func (r Resume) MarshalJSON() ([]byte, error) {
	out := map[string]any{}
	for k, v := range r.Extra {
		out[k] = v
	}
	out["basics"] = r.Basics
	out["work"] = nonNil(r.Work)
	out["education"] = nonNil(r.Education)
	out["skills"] = nonNil(r.Skills)
	out["projects"] = nonNil(r.Projects)
	return json.Marshal(out)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Parse decodes a JSON Resume document and checks it is one.
func Parse(b []byte) (Resume, error) {
	var r Resume
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&r); err != nil {
		return Resume{}, fmt.Errorf("not a JSON Resume document: %w", err)
	}
	r.Clean()
	return r, nil
}

// Clean trims whitespace and drops empty entries left by a form.
func (r *Resume) Clean() {
	r.Basics.Name = strings.TrimSpace(r.Basics.Name)
	r.Basics.Email = strings.TrimSpace(r.Basics.Email)
	var work []Work
	for _, w := range r.Work {
		w.Name, w.Position = strings.TrimSpace(w.Name), strings.TrimSpace(w.Position)
		w.Highlights = cleanList(w.Highlights)
		if w.Name == "" && w.Position == "" && len(w.Highlights) == 0 {
			continue
		}
		work = append(work, w)
	}
	r.Work = work
	var edu []Education
	for _, e := range r.Education {
		e.Institution = strings.TrimSpace(e.Institution)
		if e.Institution == "" && e.Area == "" && e.StudyType == "" {
			continue
		}
		edu = append(edu, e)
	}
	r.Education = edu
	var skills []Skill
	for _, s := range r.Skills {
		s.Name = strings.TrimSpace(s.Name)
		s.Keywords = cleanList(s.Keywords)
		if s.Name == "" && len(s.Keywords) == 0 {
			continue
		}
		skills = append(skills, s)
	}
	r.Skills = skills
	var projects []Project
	for _, p := range r.Projects {
		p.Name = strings.TrimSpace(p.Name)
		p.Highlights = cleanList(p.Highlights)
		p.Keywords = cleanList(p.Keywords)
		if p.Name == "" && p.Description == "" && len(p.Highlights) == 0 {
			continue
		}
		projects = append(projects, p)
	}
	r.Projects = projects
}

// Validate returns per-field problems that stop the profile being useful.
func (r Resume) Validate() map[string]string {
	errs := map[string]string{}
	if r.Basics.Name == "" {
		errs["basics.name"] = "Enter your name: it heads your CV and signs your letters."
	}
	if len(r.Basics.Name) > 200 {
		errs["basics.name"] = "Your name is longer than 200 characters; please shorten it."
	}
	for i, w := range r.Work {
		if w.Name == "" {
			errs[fmt.Sprintf("work.%d.name", i)] = "Enter the employer for this position."
		}
		if w.Position == "" {
			errs[fmt.Sprintf("work.%d.position", i)] = "Enter your job title for this position."
		}
	}
	return errs
}

// IsEmpty reports whether there is nothing to draft from yet.
func (r Resume) IsEmpty() bool {
	return r.Basics.Name == "" && len(r.Work) == 0 && len(r.Education) == 0 && len(r.Skills) == 0
}

// AllSkills returns every skill name and keyword, deduplicated, in order.
func (r Resume) AllSkills() []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		k := strings.ToLower(s)
		if s == "" || seen[k] {
			return
		}
		seen[k] = true
		out = append(out, s)
	}
	for _, s := range r.Skills {
		add(s.Name)
		for _, k := range s.Keywords {
			add(k)
		}
	}
	return out
}

func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// UnmarshalJSON also reads the older JSON Resume spelling of a position
// ("company" and "website" before the schema renamed them "name" and
// "url"), which many exported resumes still use.
func (w *Work) UnmarshalJSON(b []byte) error {
	type plain Work
	var v struct {
		plain
		Company string `json:"company"`
		Website string `json:"website"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*w = Work(v.plain)
	if w.Name == "" {
		w.Name = v.Company
	}
	if w.URL == "" {
		w.URL = v.Website
	}
	return nil
}

// UnmarshalJSON reads basics, with the older "website" for "url".
func (bs *Basics) UnmarshalJSON(b []byte) error {
	type plain Basics
	var v struct {
		plain
		Website string `json:"website"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*bs = Basics(v.plain)
	if bs.URL == "" {
		bs.URL = v.Website
	}
	return nil
}
