package orchestrator_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tailor/billing"
	"tailor/domain"
	"tailor/models"
	"tailor/models/dbtest"
	"tailor/orchestrator"
	"tailor/orchestrator/provider"
	"tailor/orchestrator/provider/builtin"
	"tailor/orchestrator/provider/providertest"
	"tailor/secret"
)

// fakeOpenAI is a local server speaking OpenAI's chat completions wire
// format. It answers "from <name>" to a request bearing its key (any
// request when key is empty) and, like the real API, a 401 that echoes the
// key it was given otherwise.
type fakeOpenAI struct {
	name string
	key  string
	srv  *httptest.Server
	hits atomic.Int64
}

func newFakeOpenAI(t testing.TB, name, key string) *fakeOpenAI {
	f := &fakeOpenAI{name: name, key: key}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeOpenAI) serve(w http.ResponseWriter, r *http.Request) {
	f.hits.Add(1)
	var body struct {
		Model string `json:"model"`
	}
	raw, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "application/json")
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" || json.Unmarshal(raw, &body) != nil {
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"error":{"message":"unknown route","type":"invalid_request_error"}}`)
		return
	}
	if got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "); f.key != "" && got != f.key {
		w.WriteHeader(http.StatusUnauthorized)
		msg, _ := json.Marshal(map[string]any{"error": map[string]any{"message": "Incorrect API key provided: " + got + ".",
			"type": "invalid_request_error", "code": "invalid_api_key"}})
		_, _ = w.Write(msg)
		return
	}
	_, _ = w.Write(providertest.ChatCompletion(body.Model, "from "+f.name, 100, 20))
}

// lockedBuffer is a bytes.Buffer for a logger written from many goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func randomKey(t testing.TB, prefix string) string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return prefix + hex.EncodeToString(b[:])
}

func newTestCipher(t testing.TB) *secret.Cipher {
	var key [32]byte
	if _, err := rand.Read(key[:]); err != nil {
		t.Fatal(err)
	}
	c, err := secret.NewCipher(key[:])
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func builtinLink() orchestrator.Link {
	return orchestrator.Link{Provider: builtin.New(map[billing.Task]builtin.Func{
		billing.TaskExtraction: func(context.Context, provider.Call) (string, error) { return "offline answer", nil },
	})}
}

func ptr[T any](v T) *T { return &v }

// TestChainFromDatabase drives Generate through the database-backed chain
// while an admin changes the provider configs, with no restart: priority
// order, deactivation, deletion down to the environment and then the
// builtin provider, a ciphertext moved to another row, and keys kept out
// of JSON, logs and usage rows.
func TestChainFromDatabase(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			logs := &lockedBuffer{}
			log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			prev := slog.Default()
			slog.SetDefault(log)
			t.Cleanup(func() { slog.SetDefault(prev) })

			db := dbtest.OpenLogged(t, dialect, log)
			ctx := context.Background()
			cipher := newTestCipher(t)
			keyA, keyB, keyEnv, wrongKey := randomKey(t, "sk-test-a-"), randomKey(t, "sk-test-b-"),
				randomKey(t, "sk-test-env-"), randomKey(t, "sk-test-wrong-")
			srvA, srvB, srvEnv := newFakeOpenAI(t, "A", keyA), newFakeOpenAI(t, "B", keyB), newFakeOpenAI(t, "env", keyEnv)

			save := func(name string, srv *fakeOpenAI, key string, priority int) *models.ProviderConfig {
				t.Helper()
				cfg, err := db.SaveProviderConfig(ctx, 0, models.ProviderInput{Name: name, ProviderType: domain.ProviderOpenAICompatible,
					BaseURL: srv.srv.URL, APIKey: ptr(key), FastModel: "gpt-4o-mini", Priority: ptr(priority)}, cipher)
				if err != nil {
					t.Fatalf("save %s: %v", name, err)
				}
				return cfg
			}
			// B is saved first, so the order below comes from the priority.
			cfgB := save("B", srvB, keyB, 20)
			cfgA := save("A", srvA, keyA, 10)

			env := orchestrator.EnvChain(func(k string) string {
				return map[string]string{"OPENAI_API_KEY": keyEnv, "OPENAI_BASE_URL": srvEnv.srv.URL}[k]
			}, nil)
			if len(env) != 1 {
				t.Fatalf("EnvChain built %d links, want 1", len(env))
			}
			chain := orchestrator.NewDBChain(orchestrator.DBChainOptions{Store: db, Cipher: cipher, Client: nil, Env: env, Builtin: builtinLink()})
			uw := billing.NewUsageWriter(db, log, 50, 10*time.Millisecond)
			o := orchestrator.New(orchestrator.Options{Chain: chain, Plans: db, Quota: db, Usage: uw, Logger: log,
				Sleep: func(context.Context, time.Duration) error { return nil }})
			call := func(o *orchestrator.Orchestrator) orchestrator.Response {
				t.Helper()
				resp, err := o.Generate(ctx, orchestrator.Request{UserID: 1, Task: billing.TaskExtraction,
					Prompt: "Extract the job.", CacheScope: orchestrator.CacheNone})
				if err != nil {
					t.Fatalf("Generate: %v", err)
				}
				return resp
			}
			wantFrom := func(step, want string, offline bool) {
				t.Helper()
				resp := call(o)
				if resp.Text != want || resp.Offline {
					t.Fatalf("%s: answer %q (offline %v), want %q", step, resp.Text, resp.Offline, want)
				}
				if got := chain.Offline(ctx); got != offline {
					t.Fatalf("%s: Offline() = %v, want %v", step, got, offline)
				}
			}

			wantFrom("priority 10 before 20", "from A", false)
			if srvB.hits.Load() != 0 {
				t.Fatalf("B was called %d times while A answered", srvB.hits.Load())
			}

			if err := db.SetProviderActive(ctx, cfgA.ID, false); err != nil {
				t.Fatal(err)
			}
			chain.Invalidate()
			wantFrom("A deactivated", "from B", false)

			if err := db.SetProviderActive(ctx, cfgA.ID, true); err != nil {
				t.Fatal(err)
			}
			chain.Invalidate()
			wantFrom("A active again", "from A", false)

			for _, id := range []uint{cfgA.ID, cfgB.ID} {
				if err := db.DeleteProviderConfig(ctx, id); err != nil {
					t.Fatal(err)
				}
			}
			chain.Invalidate()
			wantFrom("configs deleted: environment", "from env", false)

			// With nothing configured anywhere, the builtin provider answers.
			bare := orchestrator.NewDBChain(orchestrator.DBChainOptions{Store: db, Cipher: cipher, Client: nil, Env: nil, Builtin: builtinLink()})
			if !bare.Offline(ctx) {
				t.Fatal("Offline() = false with no config and no environment")
			}
			offline := call(orchestrator.New(orchestrator.Options{Chain: bare, Plans: db, Logger: log}))
			if !offline.Offline || offline.Text != "offline answer" {
				t.Fatalf("builtin answer = %+v", offline)
			}

			// A ciphertext copied onto another config's row does not decrypt
			// there: D is left out of the chain, C still serves.
			cfgC := save("C", srvA, keyA, 30)
			cfgD := save("D", srvB, keyB, 40)
			if err := db.Gorm().Model(&models.ProviderConfig{}).Where("id = ?", cfgD.ID).Updates(map[string]any{
				"api_key_encrypted": cfgC.APIKeyEncrypted, "updated_at": time.Now().UTC()}).Error; err != nil {
				t.Fatal(err)
			}
			chain.Invalidate()
			links, err := chain.Chain(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var ids []uint
			for _, l := range links {
				if l.ConfigID != nil {
					ids = append(ids, *l.ConfigID)
				}
			}
			if len(ids) != 1 || ids[0] != cfgC.ID || len(links) != 2 {
				t.Fatalf("chain config ids = %v (%d links); want only C (%d) then the environment", ids, len(links), cfgC.ID)
			}
			if !strings.Contains(logs.String(), "left out of the chain") {
				t.Fatalf("the broken config was left out silently; logs:\n%s", logs.String())
			}
			hitsB := srvB.hits.Load()
			wantFrom("D does not decrypt", "from A", false)
			if srvB.hits.Load() != hitsB {
				t.Fatal("D was called with a key that should not decrypt")
			}

			// A config with a revoked key: the server echoes the key in its
			// 401; the orchestrator logs and stores the error redacted.
			save("E", srvB, wrongKey, 5)
			chain.Invalidate()
			wantFrom("E rejected, C serves", "from A", false)
			uw.Close()

			rows, err := db.ListUsage(ctx, models.UsageFilter{Status: billing.StatusError})
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1 || rows[0].ErrorClass != string(provider.ClassAuth) || !strings.Contains(rows[0].ErrorMessage, "401") {
				t.Fatalf("error rows = %+v; want one auth failure of E", rows)
			}

			// The key is never in a config's JSON, and only encrypted in the row.
			cfgs, err := db.ProviderConfigs(ctx)
			if err != nil {
				t.Fatal(err)
			}
			js, err := json.Marshal(cfgs)
			if err != nil {
				t.Fatal(err)
			}
			one, _ := json.Marshal(cfgC)
			var stored []string
			if err := db.Gorm().Model(&models.ProviderConfig{}).Pluck("api_key_encrypted", &stored).Error; err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(js), `"api_key_last4":"`+keyA[len(keyA)-4:]+`"`) {
				t.Fatalf("config JSON lacks api_key_last4: %s", js)
			}
			var usageText strings.Builder
			all, _ := db.ListUsage(ctx, models.UsageFilter{})
			for _, r := range all {
				usageText.WriteString(r.ErrorMessage + "\n")
			}
			places := map[string]string{"config JSON": string(js) + string(one), "stored column": strings.Join(stored, "\n"),
				"log output": logs.String(), "usage rows": usageText.String()}
			for _, key := range []string{keyA, keyB, keyEnv, wrongKey} {
				for where, text := range places {
					if strings.Contains(text, key) {
						t.Errorf("a key appears in the %s", where)
					}
				}
			}
			if !strings.Contains(logs.String(), "provider attempt failed") || !strings.Contains(logs.String(), "[redacted]") {
				t.Fatalf("the failed attempt was not logged, so the log check proves nothing; logs:\n%s", logs.String())
			}
		})
	}
}

// TestTestLink is the admin's Test button as the orchestrator serves it:
// the provider is built from the stored config as the chain builds it, one
// call is made, one usage row of task provider_test is written for the
// admin, a pass closes the link's circuit and a refused key opens it, and
// a free-form key echoed by the server is scrubbed from the error and the
// row.
func TestTestLink(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			db := dbtest.Open(t, dialect)
			ctx := context.Background()
			admin, err := db.CreateUser(ctx, "root@example.com", "Root", "password1", models.RoleAdmin)
			if err != nil {
				t.Fatal(err)
			}
			cipher := newTestCipher(t)
			key, wrong := "plain-LEAKCHECK-"+randomKey(t, ""), "plain-WRONGKEY-"+randomKey(t, "")
			srv := newFakeOpenAI(t, "A", key)
			save := func(name, k string) *models.ProviderConfig {
				t.Helper()
				cfg, err := db.SaveProviderConfig(ctx, 0, models.ProviderInput{Name: name, ProviderType: domain.ProviderOpenAICompatible,
					BaseURL: srv.srv.URL, APIKey: ptr(k), FastModel: "fast-m"}, cipher)
				if err != nil {
					t.Fatal(err)
				}
				return cfg
			}
			good, bad := save("good", key), save("bad", wrong)
			uw := billing.NewUsageWriter(db, nil, 50, 10*time.Millisecond)
			chain := orchestrator.NewDBChain(orchestrator.DBChainOptions{Store: db, Cipher: cipher, Builtin: builtinLink()})
			o := orchestrator.New(orchestrator.Options{Chain: chain, Plans: db, Usage: uw,
				Sleep: func(context.Context, time.Duration) error { return nil }})

			if _, err := o.TestLink(ctx, admin.ID, bad.LinkConfig()); err == nil {
				t.Fatal("a refused key passed the test")
			} else if strings.Contains(err.Error(), wrong) || provider.Classify(err) != provider.ClassAuth {
				t.Fatalf("refused key: error %q (class %s); want an auth error without the key", err, provider.Classify(err))
			}
			badKey := orchestrator.CircuitKey(orchestrator.Link{ConfigID: &bad.ID})
			if !slices.ContainsFunc(o.Circuits(), func(c orchestrator.CircuitState) bool {
				return c.Key == badKey && c.State == orchestrator.CircuitOpen
			}) {
				t.Fatalf("a refused key left its circuit closed: %+v", o.Circuits())
			}
			latency, err := o.TestLink(ctx, admin.ID, good.LinkConfig())
			if err != nil || latency < 0 {
				t.Fatalf("TestLink(good) = %v, %v", latency, err)
			}
			// The admin fixes the bad key; a passing test closes its circuit.
			if _, err := db.SaveProviderConfig(ctx, bad.ID, models.ProviderInput{Name: "bad", ProviderType: domain.ProviderOpenAICompatible,
				BaseURL: srv.srv.URL, APIKey: ptr(key), FastModel: "fast-m"}, cipher); err != nil {
				t.Fatal(err)
			}
			fixed, err := db.ProviderConfig(ctx, bad.ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := o.TestLink(ctx, admin.ID, fixed.LinkConfig()); err != nil {
				t.Fatalf("TestLink(fixed) = %v", err)
			}
			if len(o.Circuits()) != 0 {
				t.Fatalf("circuits after a passing test = %+v, want none", o.Circuits())
			}
			// A config whose key does not decrypt is not called at all.
			broken := good.LinkConfig()
			broken.ID = bad.ID
			hits := srv.hits.Load()
			if _, err := o.TestLink(ctx, admin.ID, broken); err == nil || !strings.Contains(err.Error(), "decrypt") {
				t.Fatalf("a ciphertext of another row: %v", err)
			}
			if srv.hits.Load() != hits {
				t.Fatal("a key that does not decrypt was sent")
			}
			uw.Close()

			rows, err := db.ListUsage(ctx, models.UsageFilter{Task: string(orchestrator.TaskProviderTest)})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				if r.UserID != admin.ID || r.ModelName != "fast-m" || r.ProviderConfigID == nil || r.Plan != billing.PlanFreemium {
					t.Fatalf("usage row = %+v", r)
				}
				if strings.Contains(r.ErrorMessage, "WRONGKEY") || strings.Contains(r.ErrorMessage, "LEAKCHECK") {
					t.Fatalf("usage row carries a key: %q", r.ErrorMessage)
				}
				got = append(got, fmt.Sprintf("%d:%s/%s", *r.ProviderConfigID, r.Status, r.ErrorClass))
			}
			slices.Sort(got)
			want := []string{fmt.Sprintf("%d:error/auth", bad.ID), fmt.Sprintf("%d:success/", bad.ID), fmt.Sprintf("%d:success/", good.ID)}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("provider_test rows = %v, want %v", got, want)
			}
		})
	}
}
