package drafting

import (
	"strings"

	"tailor/jobs"
	"tailor/profile"
)

// Requirement statuses of a match.
const (
	MatchMet     = "met"
	MatchPartial = "partial"
	MatchMissing = "missing"
)

// Match is how a profile stands against one job, computed in code.
type Match struct {
	Score        int                `json:"score"` // 0–100
	Requirements []RequirementMatch `json:"requirements"`
	Skills       SkillMatch         `json:"skills"`
}

// RequirementMatch is one requirement of the job and the profile items that
// support it.
type RequirementMatch struct {
	Text     string     `json:"text"`
	Index    int        `json:"-"` // position in job.Requirements
	Status   string     `json:"status"`
	Evidence []Evidence `json:"evidence"`
}

// Evidence is one profile item: a JSON pointer into the profile and its text.
type Evidence struct {
	Path string `json:"path"`
	Text string `json:"text"`
}

// SkillMatch splits the job's skills into those the profile has and not.
type SkillMatch struct {
	Matched []string `json:"matched"`
	Missing []string `json:"missing"`
}

// AnalyzeMatch compares the job's requirements and skills with the profile.
//
// SCAFFOLD: a first cut (case-insensitive substring of the job's skills in
// the profile's skill keywords). The match work replaces it with aliases,
// word boundaries and per-requirement evidence; its signature stays.
func AnalyzeMatch(p profile.Resume, job jobs.Posting) Match {
	have := map[string]bool{}
	for _, s := range p.Skills {
		for _, k := range s.Keywords {
			have[strings.ToLower(k)] = true
		}
	}
	m := Match{Requirements: []RequirementMatch{}, Skills: SkillMatch{Matched: []string{}, Missing: []string{}}}
	for _, s := range job.Skills {
		if have[strings.ToLower(s)] {
			m.Skills.Matched = append(m.Skills.Matched, s)
		} else {
			m.Skills.Missing = append(m.Skills.Missing, s)
		}
	}
	for i, r := range job.Requirements {
		m.Requirements = append(m.Requirements, RequirementMatch{Text: r, Index: i, Status: MatchMissing, Evidence: []Evidence{}})
	}
	if n := len(job.Skills); n > 0 {
		m.Score = 100 * len(m.Skills.Matched) / n
	}
	return m
}
