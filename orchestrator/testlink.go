package orchestrator

import (
	"context"
	"errors"
	"strings"
	"time"

	"tailor/billing"
	"tailor/domain"
	"tailor/orchestrator/provider"
	"tailor/secret"
)

// LinkBuilder builds the link of one provider config the way the chain
// builds it (*DBChain has it); TestLink needs it.
type LinkBuilder interface {
	Link(cfg domain.LinkConfig) (Link, error)
}

// TaskProviderTest is the task of the usage row an admin's Test button
// writes. It is not routed (the test names its model), so it is not in
// billing.Tasks.
const TaskProviderTest billing.Task = "provider_test"

// providerTestPrompt is the Test button's whole prompt: the cheapest call
// that proves the key, the URL and the model name work.
const providerTestPrompt = "Reply with the single word: ok"

// TestLink makes one small real call to the fast model of a provider
// config, for the admin's Test button, through the same path as Generate:
// the provider is built as the chain builds it (its key decrypted and
// scrubbed from errors), the call is bounded by the call timeout, its
// outcome goes to the link's circuit breaker (a pass closes the circuit,
// so the link is tried again at once) and one usage row of task
// TaskProviderTest is written, charged to userID (the admin) without
// touching quota. There are no retries and no fallback: the admin wants
// to know about this link. An answer without text is an error.
func (o *Orchestrator) TestLink(ctx context.Context, userID uint, cfg domain.LinkConfig) (time.Duration, error) {
	lb, ok := o.chain.(LinkBuilder)
	if !ok {
		return 0, errors.New("this server's provider chain cannot build links from configs")
	}
	link, err := lb.Link(cfg)
	if err != nil {
		return 0, err
	}
	plan, err := o.plans.UserPlan(ctx, userID)
	if err != nil {
		plan = ""
	}
	base := billing.Usage{UserID: userID, TaskType: string(TaskProviderTest), Plan: plan, RequestID: newRequestID()}
	req := Request{UserID: userID, Task: TaskProviderTest, Prompt: providerTestPrompt}
	row, res, err := o.attempt(ctx, link, req, link.FastModel, 1, base, o.policy.Prices(ctx))
	if err == nil && strings.TrimSpace(res.Text) == "" {
		err = errors.New("the provider answered with no text; check the model name")
		row.Status, row.ErrorClass, row.ErrorMessage = billing.StatusError, string(provider.Classify(err)), secret.Redact(err.Error())
	}
	o.writeUsage(row)
	key := CircuitKey(link)
	if err != nil {
		o.breakers.failure(key, provider.Classify(err), row.ErrorMessage)
		return time.Duration(row.LatencyMS) * time.Millisecond, err
	}
	o.breakers.reset(key)
	return time.Duration(row.LatencyMS) * time.Millisecond, nil
}
