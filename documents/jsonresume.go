package documents

import (
	"encoding/json"
	"time"

	"tailor/drafting"
	"tailor/profile"
)

// JSONResume is the tailored CV as a JSON Resume document
// (https://jsonresume.org/schema), so it opens in the tools people already
// use. Basics come from the profile (address, social profiles) with the
// CV's headline, summary and contact; work, education, skills and projects
// are the CV's own selection, in its order. meta.lastModified says when it
// was made.
func JSONResume(cv drafting.CV, base profile.Basics, now time.Time) ([]byte, error) {
	b := base
	b.Name = firstOf(cv.Name, b.Name)
	b.Label = firstOf(cv.Headline, b.Label)
	b.Summary = firstOf(cv.Summary, b.Summary)
	b.Email = firstOf(cv.Contact.Email, b.Email)
	b.Phone = firstOf(cv.Contact.Phone, b.Phone)
	b.URL = firstOf(cv.Contact.URL, b.URL)
	if b.Location == (profile.Location{}) && cv.Contact.Location != "" {
		b.Location.City = cv.Contact.Location
	}
	r := profile.Resume{Basics: b}
	for _, w := range cv.Experience {
		r.Work = append(r.Work, profile.Work{Name: w.Company, Position: w.Title, Location: w.Location,
			StartDate: w.StartDate, EndDate: w.EndDate, Highlights: w.Highlights})
	}
	for _, e := range cv.Education {
		r.Education = append(r.Education, profile.Education{Institution: e.Institution, StudyType: e.StudyType,
			Area: e.Area, StartDate: e.StartDate, EndDate: e.EndDate})
	}
	for _, s := range nonEmpty(cv.Skills) {
		r.Skills = append(r.Skills, profile.Skill{Name: s})
	}
	for _, p := range cv.Projects {
		r.Projects = append(r.Projects, profile.Project{Name: p.Name, Description: p.Description, Highlights: p.Highlights})
	}
	meta, err := json.Marshal(map[string]string{"version": "v1.0.0", "lastModified": now.UTC().Format(time.RFC3339)})
	if err != nil {
		return nil, err
	}
	r.Extra = map[string]json.RawMessage{"meta": meta, "$schema": json.RawMessage(`"https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"`)}
	return json.MarshalIndent(r, "", "  ")
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s = clean(s); s != "" {
			return s
		}
	}
	return ""
}
