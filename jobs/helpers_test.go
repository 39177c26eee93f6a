package jobs

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"tailor/billing"
	"tailor/orchestrator"
	"tailor/orchestrator/provider"
	"tailor/orchestrator/provider/builtin"
)

// builtinGen answers like the orchestrator would with only the builtin
// provider in its chain.
type builtinGen struct{ b *builtin.Provider }

func newBuiltinGen() builtinGen {
	return builtinGen{builtin.New(map[billing.Task]builtin.Func{
		billing.TaskExtraction:      BuiltinExtract,
		billing.TaskImageValidation: BuiltinValidateImage,
	})}
}

func (g builtinGen) Generate(ctx context.Context, req orchestrator.Request) (orchestrator.Response, error) {
	res, err := g.b.Generate(ctx, provider.Call{Task: req.Task, System: req.System, Prompt: req.Prompt,
		Image: req.Image, ImageMIME: req.ImageMIME, Schema: req.Schema, Input: req.Input})
	if err != nil {
		return orchestrator.Response{}, err
	}
	return orchestrator.Response{Text: res.Text, ProviderType: builtin.Type, Offline: true}, nil
}

// fakeGen is a Generator whose answer a test chooses.
type fakeGen struct {
	fn   func(req orchestrator.Request) (orchestrator.Response, error)
	reqs []orchestrator.Request
}

func (f *fakeGen) Generate(_ context.Context, req orchestrator.Request) (orchestrator.Response, error) {
	f.reqs = append(f.reqs, req)
	return f.fn(req)
}

// staticFetcher serves pages from memory.
type staticFetcher map[string]*Page

func (s staticFetcher) Fetch(_ context.Context, rawURL string) (*Page, error) {
	p, ok := s[rawURL]
	if !ok {
		return nil, os.ErrNotExist
	}
	return p, nil
}

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sharedTestdata is the shared real-world sample folder, or "" when absent.
func sharedTestdata(t testing.TB) string {
	dir := filepath.Join("..", "..", "shared", "testdata")
	if _, err := os.Stat(filepath.Join(dir, "jobs_truth.json")); err != nil {
		t.Skipf("shared test data not found at %s", dir)
	}
	return dir
}
