package jobs

import (
	"sort"

	"tailor/skills"
)

// maxSkills bounds the skills listed for one posting.
const maxSkills = 30

// matchSkills returns the skills the vocabulary finds in text (package
// skills: aliases, whole words, case and context rules, so "the rest of
// the team" is not REST), most mentioned first, ties in order of first
// mention, at most maxSkills.
func matchSkills(text string) []string {
	type hit struct {
		name       string
		count, pos int
	}
	var hits []hit
	at := map[string]int{}
	for _, m := range skills.Mentions(text) {
		if i, ok := at[m.Name]; ok {
			hits[i].count++
			continue
		}
		at[m.Name] = len(hits)
		hits = append(hits, hit{m.Name, 1, m.Start})
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].count != hits[j].count {
			return hits[i].count > hits[j].count
		}
		return hits[i].pos < hits[j].pos
	})
	var out []string
	for _, h := range hits {
		if len(out) == maxSkills {
			break
		}
		out = append(out, h.name)
	}
	return out
}
