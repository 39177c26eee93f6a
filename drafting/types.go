// Package drafting writes a CV and a cover letter for one job from the
// person's profile. Every answer, whichever provider wrote it, is checked in
// code: a CV never names an employer, title, date or degree that is not in
// the profile, and a letter always keeps the letter rules.
package drafting

import (
	"context"

	"tailor/domain"
	"tailor/orchestrator"
)

// Generator is the part of the orchestrator drafting needs.
type Generator interface {
	Generate(ctx context.Context, req orchestrator.Request) (orchestrator.Response, error)
}

// The draft types live in domain, so storage can keep them without
// importing drafting; these names keep drafting's code as it was.
type (
	CV          = domain.CV
	CVRole      = domain.CVRole
	CVEducation = domain.CVEducation
	CVProject   = domain.CVProject
	Contact     = domain.Contact
	Claim       = domain.Claim
	Letter      = domain.Letter
	Source      = domain.Source
)

// Source kinds (see domain.SourceModel).
const (
	SourceModel   = domain.SourceModel
	SourceOffline = domain.SourceOffline
)

// Tones a letter can be written in.
const (
	ToneProfessional = "professional"
	ToneEnthusiastic = "enthusiastic"
	ToneConcise      = "concise"
)

// Tones lists the tones in the order the form offers them.
var Tones = []string{ToneProfessional, ToneEnthusiastic, ToneConcise}

// Letter limits, counted over the body paragraphs.
const (
	MinLetterWords = 220
	MaxLetterWords = 320
)
