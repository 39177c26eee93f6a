package orchestrator

import (
	"context"
	"errors"
	"strings"
	"testing"

	"tailor/billing"
	"tailor/domain"
	"tailor/mock"
	"tailor/orchestrator/provider"
	"tailor/orchestrator/provider/providertest"
)

func wantJSON(text string) error {
	if !strings.HasPrefix(strings.TrimSpace(text), "{") {
		return errors.New("not a JSON object")
	}
	return nil
}

// An answer Validate refuses is asked for once more at the same link, then
// the next link answers; neither refused answer is cached or settled.
func TestGenerateValidateAsksAgainThenNextLink(t *testing.T) {
	a := &scripted{typ: domain.ProviderOpenAI, fn: ok("Sure! Here is your letter.", 100, 40)}
	b := &scripted{typ: domain.ProviderAnthropic, fn: ok(`{"ok":true}`, 10, 10)}
	cache := mock.NewCache(10, nil)
	quota := mock.NewQuota(nil, nil)
	h := newHarness(t, []Link{link(a, "gpt-4o-mini", ""), link(b, "claude-haiku-4-5", "")}, func(o *Options) {
		o.Cache = cache
		o.Quota = quota
	})
	r := req(1)
	r.Validate = wantJSON
	resp, err := h.o.Generate(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if resp.ProviderType != domain.ProviderAnthropic || resp.Text != `{"ok":true}` || resp.Link != domain.ProviderAnthropic ||
		len(resp.Refused) != 1 || resp.Refused[0] != domain.ProviderOpenAI {
		t.Fatalf("resp = %+v", resp)
	}
	if a.calls() != 2 || b.calls() != 1 {
		t.Errorf("calls = %d, %d; want 2 at the first link, 1 at the second", a.calls(), b.calls())
	}
	if len(h.sleeps) != 0 {
		t.Errorf("slept %v before asking again", h.sleeps)
	}
	rows := h.rows()
	checkRows(t, rows, []rowWant{{1, domain.ProviderOpenAI, billing.StatusError, provider.ClassInvalid}, {2, domain.ProviderOpenAI, billing.StatusError, provider.ClassInvalid},
		{3, domain.ProviderAnthropic, billing.StatusSuccess, ""}})
	if rows[0].CostMicros == 0 || !strings.Contains(rows[0].ErrorMessage, "not a JSON object") {
		t.Errorf("refused row = %+v, want the billed cost and the reason", rows[0])
	}
	// The same request again comes from the cache, which holds only the good answer.
	resp, err = h.o.Generate(context.Background(), r)
	if err != nil || !resp.CacheHit || resp.Text != `{"ok":true}` {
		t.Fatalf("second call = %+v, %v", resp, err)
	}
	// Only the accepted answer was charged.
	if _, tokens, _ := quota.Used(1); tokens != 20 {
		t.Errorf("quota tokens = %d, want 20 (the accepted answer only)", tokens)
	}
}

// Every link refusing ends in EUNAVAILABLE; Skip keeps a link out, and a
// cached answer from a skipped link is not served.
func TestGenerateSkipAndAllInvalid(t *testing.T) {
	a := &scripted{typ: domain.ProviderOpenAI, fn: ok(`{"from":"a"}`, 10, 10)}
	b := &scripted{typ: domain.ProviderGemini, fn: ok(`{"from":"b"}`, 10, 10)}
	cache := mock.NewCache(10, nil)
	h := newHarness(t, []Link{link(a, "gpt-4o-mini", ""), link(b, "gemini-2.5-flash", "")}, func(o *Options) { o.Cache = cache })
	first, err := h.o.Generate(context.Background(), req(1))
	if err != nil || first.Link != domain.ProviderOpenAI {
		t.Fatalf("first = %+v, %v", first, err)
	}
	r := req(1)
	r.Skip = []string{first.Link}
	resp, err := h.o.Generate(context.Background(), r)
	if err != nil || resp.ProviderType != domain.ProviderGemini || resp.CacheHit {
		t.Fatalf("skip: resp = %+v, err = %v; want a fresh answer from gemini", resp, err)
	}
	if a.calls() != 1 {
		t.Errorf("skipped link called: %d", a.calls())
	}

	r = req(3)
	r.Validate = func(string) error { return errors.New("never good") }
	_, err = h.o.Generate(context.Background(), r)
	var pe *provider.Error
	if err == nil || !errors.As(err, &pe) || pe.Class != provider.ClassInvalid || !provider.Unusable(err) {
		t.Fatalf("all invalid: err = %v, want EUNAVAILABLE wrapping an invalid answer", err)
	}
	if a.calls() != 3 || b.calls() != 3 {
		t.Errorf("calls = %d, %d; want two more at each link", a.calls(), b.calls())
	}
	// An outage is not an unusable answer.
	down := newHarness(t, []Link{link(&scripted{typ: domain.ProviderOpenAI, fn: failing(provider.ClassRetryable, 503, 0)}, "gpt-4o-mini", "")}, nil)
	if _, err := down.o.Generate(context.Background(), req(1)); err == nil || provider.Unusable(err) {
		t.Errorf("outage: err = %v, Unusable = %v", err, provider.Unusable(err))
	}
}

// Through the real SDKs: an OpenAI answer that is not JSON is asked for
// again once, then Anthropic answers; the refused link is reported.
func TestGenerateNonJSONOverTheWire(t *testing.T) {
	ow, aw := providertest.OpenAI(), providertest.Anthropic()
	of := providertest.NewServer(t, providertest.Reply{Body: ow.Text("Sure! Here is your cover letter: Dear team, ...", 100, 20)})
	af := providertest.NewServer(t, aw.Answer(`{"subject":"x"}`, 100, 20))
	op := wireProvider(t, ow, of.URL+"/v1")
	ap := wireProvider(t, aw, af.URL)
	h := newHarness(t, []Link{link(op, "gpt-4o-mini", ""), link(ap, "claude-haiku-4-5", "")}, nil)
	r := req(1)
	r.Task, r.Schema = billing.TaskCoverLetter, map[string]any{"type": "object", "properties": map[string]any{"subject": map[string]any{"type": "string"}}}
	resp, err := h.o.Generate(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if resp.ProviderType != domain.ProviderAnthropic || resp.Text != `{"subject":"x"}` || len(resp.Refused) != 1 {
		t.Fatalf("resp = %+v", resp)
	}
	if n := len(of.Requests()); n != 2 {
		t.Errorf("OpenAI asked %d times, want 2", n)
	}
	checkRows(t, h.rows(), []rowWant{{1, domain.ProviderOpenAI, billing.StatusError, provider.ClassFatal}, {2, domain.ProviderOpenAI, billing.StatusError, provider.ClassFatal},
		{3, domain.ProviderAnthropic, billing.StatusSuccess, ""}})
}
