package views

import "tailor/jobs"

// failureText is a failed job's message without the openings a refusal
// of a list or search page stores with it.
func failureText(msg string) string {
	text, _ := jobs.SplitOpenings(msg)
	return text
}

// failureOpenings are the openings stored with a refusal, for the person
// to pick one; nil for other failures.
func failureOpenings(msg string) []jobs.Opening {
	_, list := jobs.SplitOpenings(msg)
	return list
}
