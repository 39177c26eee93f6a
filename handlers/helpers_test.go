package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gofiber/fiber/v2"

	"tailor/billing"
	"tailor/drafting"
	"tailor/handlers"
	"tailor/jobs"
	"tailor/models"
	"tailor/models/dbtest"
	"tailor/orchestrator"
	"tailor/orchestrator/provider/builtin"
	"tailor/secret"
	"tailor/work"
)

// server is a Tailor app wired like main does, on a test database, with
// the database-backed provider chain: the configs a test adds, then the
// env links a test gives, then the builtin provider when there is nothing.
type server struct {
	app    *fiber.App
	db     *models.DB
	work   *work.Service
	usage  *billing.UsageWriter
	chain  *orchestrator.DBChain
	cipher *secret.Cipher
}

type serverOptions struct {
	env          []orchestrator.Link
	allowPrivate bool
	// log receives the app's log output; nil discards it.
	log io.Writer
	// mailer receives the app's emails; nil means no SMTP.
	mailer handlers.Mailer
}

func builtinLink() orchestrator.Link {
	b := builtin.New(map[billing.Task]builtin.Func{
		billing.TaskExtraction:      jobs.BuiltinExtract,
		billing.TaskImageValidation: jobs.BuiltinValidateImage,
		billing.TaskCVDraft:         drafting.BuiltinCV,
		billing.TaskCoverLetter:     drafting.BuiltinLetter,
	})
	return orchestrator.Link{Provider: b, FastModel: "builtin", QualityModel: "builtin"}
}

func newServer(t testing.TB, db *models.DB, o serverOptions) *server {
	t.Helper()
	if o.log == nil {
		o.log = io.Discard
	}
	log := slog.New(slog.NewTextHandler(o.log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cipher, err := secret.NewCipher(bytes.Repeat([]byte{9}, 32))
	if err != nil {
		t.Fatal(err)
	}
	chain := orchestrator.NewDBChain(orchestrator.DBChainOptions{Store: db, Cipher: cipher, Client: http.DefaultClient, Env: o.env, Builtin: builtinLink()})
	policy := billing.NewPolicyCache(billing.PolicyCacheOptions{Store: db, Logger: log})
	usage := billing.NewUsageWriter(db, log, 50, 20*time.Millisecond)
	orch := orchestrator.New(orchestrator.Options{Chain: chain, Plans: db, Usage: usage, Logger: log,
		Quota: db, Cache: db.NewCache(log), PolicySource: policy,
		Sleep: func(context.Context, time.Duration) error { return nil }})
	extractor := jobs.NewExtractor(orch, jobs.NewFetcher(jobs.FetchOptions{AllowPrivate: o.allowPrivate}), jobs.ExtractorOptions{})
	offline := orchestrator.New(orchestrator.Options{Chain: orchestrator.StaticChain{builtinLink()}, Plans: db, Usage: usage, Logger: log})
	svc := startWork(t, db, work.Options{DB: db, Extractor: extractor, Drafter: drafting.New(orch),
		OfflineDrafter: drafting.New(offline), Logger: log, Offline: chain.Offline})
	app, err := handlers.New(handlers.Options{
		DB: db, Work: svc, Logger: log,
		SessionSecret: bytes.Repeat([]byte{7}, 64), MaxUploadBytes: 1 << 20,
		Offline: chain.Offline, Chain: chain, Cipher: cipher, Policy: policy, Circuits: orch,
		Mailer: o.mailer, BaseURL: "http://tailor.test",
	})
	if err != nil {
		t.Fatal(err)
	}
	s := &server{app: app, db: db, work: svc, usage: usage, chain: chain, cipher: cipher}
	t.Cleanup(usage.Close)
	return s
}

// startWork migrates River's tables, starts a work service on db and
// stops it when the test ends.
func startWork(t testing.TB, db *models.DB, o work.Options) *work.Service {
	t.Helper()
	ctx := context.Background()
	if _, err := work.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	svc, err := work.New(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = svc.Stop(sctx)
	})
	return svc
}

// idle waits until no job or draft is pending or running.
func (s *server) idle(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		busy := int64(0)
		for _, table := range []string{"extracted_job_data", "cv_drafts", "cover_letters"} {
			var n int64
			if err := s.db.Gorm().Table(table).Where("status IN ?", []string{models.StatusPending, models.StatusRunning}).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			busy += n
		}
		if busy == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("background work still busy after 30 s")
}

// flushUsage waits for the usage writer to store what it has.
func (s *server) flushUsage() { s.usage.Close() }

// browser keeps cookies between requests, like a browser would.
type browser struct {
	t       testing.TB
	s       *server
	cookies map[string]string
}

func (s *server) browser(t testing.TB) *browser {
	return &browser{t: t, s: s, cookies: map[string]string{}}
}

func (b *browser) do(req *http.Request) *http.Response {
	b.t.Helper()
	var parts []string
	for k, v := range b.cookies {
		parts = append(parts, k+"="+v)
	}
	if len(parts) > 0 {
		req.Header.Set("Cookie", strings.Join(parts, "; "))
	}
	resp, err := b.s.app.Test(req, 30_000)
	if err != nil {
		b.t.Fatal(err)
	}
	for _, c := range resp.Cookies() {
		b.cookies[c.Name] = c.Value
	}
	return resp
}

func (b *browser) get(path string) (*http.Response, *goquery.Document) {
	b.t.Helper()
	resp := b.do(httptest.NewRequest(http.MethodGet, path, nil))
	return resp, doc(b.t, resp)
}

// csrf reads the CSRF token from a page, as a form would carry it.
func (b *browser) csrf(path string) string {
	b.t.Helper()
	_, d := b.get(path)
	tok, _ := d.Find(`input[name="_csrf"]`).First().Attr("value")
	if tok == "" {
		b.t.Fatalf("no _csrf field on %s", path)
	}
	return tok
}

func (b *browser) post(path string, form url.Values) (*http.Response, *goquery.Document) {
	b.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp := b.do(req)
	return resp, doc(b.t, resp)
}

func (b *browser) postMultipart(path string, fields map[string]string, file string, content []byte) (*http.Response, *goquery.Document) {
	b.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	if file != "" {
		fw, _ := w.CreateFormFile(file, "upload.png")
		_, _ = fw.Write(content)
	}
	_ = w.Close()
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp := b.do(req)
	return resp, doc(b.t, resp)
}

// register signs a new user up through the form and keeps the session.
func (b *browser) register(name, email, password string) {
	b.t.Helper()
	tok := b.csrf("/register")
	resp, _ := b.post("/register", url.Values{"_csrf": {tok}, "name": {name}, "email": {email}, "password": {password}})
	if resp.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("register: status %d", resp.StatusCode)
	}
	b.login(email, password)
}

// login logs in through the form and keeps the session.
func (b *browser) login(email, password string) {
	b.t.Helper()
	tok := b.csrf("/login")
	resp, _ := b.post("/login", url.Values{"_csrf": {tok}, "email": {email}, "password": {password}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") == "/login" {
		b.t.Fatalf("login: status %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func doc(t testing.TB, resp *http.Response) *goquery.Document {
	t.Helper()
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	d, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// api calls the JSON API and decodes the answer into out (if not nil).
func (s *server) api(t testing.TB, method, path, token string, body any, out any) int {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		r = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, r)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := s.app.Test(req, 60_000)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: answer is not JSON: %v: %s", method, path, err, raw)
		}
	}
	return resp.StatusCode
}

// apiUser registers and logs in through the API and returns a token.
func (s *server) apiUser(t testing.TB, email string) string {
	t.Helper()
	if code := s.api(t, "POST", "/api/v1/auth/register", "", map[string]string{"email": email, "password": "correct horse", "name": "Ada Lovelace"}, nil); code != http.StatusCreated {
		t.Fatalf("register: %d", code)
	}
	var out struct{ Token string }
	if code := s.api(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": "correct horse"}, &out); code != 200 || out.Token == "" {
		t.Fatalf("login: %d %q", code, out.Token)
	}
	return out.Token
}

type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func count(t testing.TB, db *models.DB, table string) int64 {
	t.Helper()
	var n int64
	if err := db.Gorm().Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

var _ = dbtest.Dialects
