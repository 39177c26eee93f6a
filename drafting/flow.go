package drafting

import (
	"context"

	"tailor/orchestrator"
	"tailor/orchestrator/provider"
)

// maxModelLinks is how many providers a draft is asked of before the
// offline composer writes it; each gets a first answer and one redraft.
const maxModelLinks = 3

// modelOutcome is what the model path produced: a draft from a model, or
// the word that the offline composer must write it.
type modelOutcome[T any] struct {
	draft   T
	source  Source
	offline bool
}

// modelStep is one draft kind's part of the model path.
type modelStep[T any] struct {
	what string // "CV", "cover letter": for messages
	// request builds the request for an attempt; feedback lists what the
	// previous answer of the same provider broke.
	request func(feedback []string) orchestrator.Request
	// parses reports whether an answer holds the JSON asked for.
	parses func(text string) error
	// accept turns a parsed answer into a draft, repaired where code can
	// do it safely; problems are what is still wrong, for a redraft.
	accept func(text string) (draft T, problems []string, err error)
}

// runModels asks the provider chain for a draft. A non-JSON answer is asked
// for again once, then the next provider (the orchestrator does both, see
// Request.Validate). A parsed answer that breaks a rule or states what the
// profile does not is repaired, or redrafted once with the problems fed
// back, then the next provider is asked; when none is left the outcome says
// offline. The first call's error is returned as it is (a quota, no
// provider); a later failure only means the offline composer writes it.
func runModels[T any](ctx context.Context, d *Drafter, force bool, s modelStep[T]) (modelOutcome[T], error) {
	var skip []string
	paid := false
	for link := 0; link < maxModelLinks; link++ {
		var feedback []string
		var key string
		for try := 0; try < 2; try++ {
			req := s.request(feedback)
			req.Validate = s.parses
			req.Skip = append([]string(nil), skip...)
			req.Force = force || paid
			resp, err := d.gen.Generate(ctx, req)
			if err != nil {
				// Before any answer was taken, only "every answer was
				// unusable" means the offline composer; a quota or an
				// outage is the person's to know.
				if !paid && !provider.Unusable(err) {
					return modelOutcome[T]{}, generatorError(err, s.what)
				}
				d.log.Warn("no provider left for a redraft, using the offline composer", "what", s.what, "error", err)
				return modelOutcome[T]{offline: true}, nil
			}
			if resp.Offline {
				return modelOutcome[T]{offline: true}, nil
			}
			paid = true
			key = firstNonEmpty(resp.Link, resp.ProviderType)
			// Links that gave no JSON are not asked again for this draft.
			skip = append(skip, resp.Refused...)
			draft, problems, err := s.accept(resp.Text)
			if err != nil {
				// Validate should have kept this out; a cached answer or a
				// provider that ignores it may still bring one.
				d.log.Warn("draft answer unusable, asking the next provider", "what", s.what,
					"provider", resp.ProviderType, "request_id", resp.RequestID, "error", err)
				break
			}
			if len(problems) == 0 {
				return modelOutcome[T]{draft: draft, source: Source{Kind: SourceModel, Provider: resp.ProviderType, Model: resp.Model}}, nil
			}
			d.log.Info("draft refused", "what", s.what, "provider", resp.ProviderType, "request_id", resp.RequestID,
				"attempt", try+1, "problems", len(problems))
			feedback = problems
		}
		skip = append(skip, key)
	}
	return modelOutcome[T]{offline: true}, nil
}
