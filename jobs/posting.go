// Package jobs turns a job posting (a URL, pasted text or a screenshot) into
// a structured Posting. Structured data on the page wins; a language model,
// reached only through the orchestrator, fills what is missing.
package jobs

import (
	"context"

	"tailor/domain"
	"tailor/orchestrator"
)

// Posting is a job as Tailor understands it (see domain.Posting).
type Posting = domain.Posting

// Salary is a pay range as the posting states it (see domain.Salary).
type Salary = domain.Salary

// Generator is the part of the orchestrator extraction needs.
type Generator interface {
	Generate(ctx context.Context, req orchestrator.Request) (orchestrator.Response, error)
}

// Page is a fetched web page, decoded to UTF-8.
type Page struct {
	URL         string // after redirects
	StatusCode  int
	ContentType string
	HTML        string
}
