package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tailor/billing"
	"tailor/drafting"
	"tailor/jobs"
	"tailor/models"
	"tailor/models/dbtest"
	"tailor/orchestrator/provider"
	"tailor/profile"
)

// answerOpenAI writes content as an OpenAI chat completion, streamed when
// the request asked for a stream (background work streams its calls to the
// job page).
func answerOpenAI(w http.ResponseWriter, raw []byte, content string) {
	var body struct {
		Model  string `json:"model"`
		Stream bool   `json:"stream"`
	}
	_ = json.Unmarshal(raw, &body)
	usage := map[string]any{"prompt_tokens": 800, "completion_tokens": 90, "total_tokens": 890}
	if !body.Stream {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"id": "c1", "object": "chat.completion", "created": 1, "model": body.Model,
			"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": content}, "finish_reason": "stop"}},
			"usage":   usage})
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	chunk := func(m map[string]any) {
		m["id"], m["object"], m["created"], m["model"] = "c1", "chat.completion.chunk", 1, body.Model
		b, _ := json.Marshal(m)
		fmt.Fprintf(w, "data: %s\n\n", b)
	}
	for len(content) > 0 {
		n := min(50, len(content))
		chunk(map[string]any{"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": content[:n]}}}})
		content = content[n:]
	}
	chunk(map[string]any{"choices": []any{map[string]any{"index": 0, "delta": map[string]any{}, "finish_reason": "stop"}}})
	chunk(map[string]any{"choices": []any{}, "usage": usage})
	fmt.Fprint(w, "data: [DONE]\n\n")
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// tailorBinary builds the program once for the tests that run it as a
// separate process (to kill it).
func tailorBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tailor-bin")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "tailor")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// process is the program running as its own process.
type process struct {
	cmd  *exec.Cmd
	base string
	mu   sync.Mutex
	tail []string // the program's last lines of output, for a failure
}

func (p *process) keep(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tail = append(p.tail, line)
	if len(p.tail) > 40 {
		p.tail = p.tail[len(p.tail)-40:]
	}
}

// lastOutput is what the program printed last, for a failure message.
func (p *process) lastOutput() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.tail, "\n")
}

func startProcess(t *testing.T, env map[string]string) *process {
	t.Helper()
	cmd := exec.Command(tailorBinary(t))
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	urls := make(chan string, 1)
	p := &process{cmd: cmd}
	go func() {
		re := regexp.MustCompile(`url=(http://[0-9.:]+)`)
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 64<<10), 4<<20) // debug lines can be long
		for sc.Scan() {
			p.keep(sc.Text())
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case urls <- m[1]:
				default:
				}
			}
			if testing.Verbose() {
				fmt.Fprintln(os.Stderr, "app:", sc.Text())
			}
		}
	}()
	select {
	case base := <-urls:
		p.base = base
		return p
	case <-time.After(60 * time.Second):
		t.Fatal("the program was not ready after 60 s")
	}
	return nil
}

func (p *process) call(t *testing.T, method, path, token string, body any, out any) int {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = strings.NewReader(string(b))
	}
	req, _ := http.NewRequest(method, p.base+path, r)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		state := "still running"
		if ps := p.cmd.ProcessState; ps != nil {
			state = ps.String()
		}
		t.Fatalf("%v (the program is %s); its last output:\n%s", err, state, p.lastOutput())
	}
	defer resp.Body.Close()
	if out != nil {
		_ = json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

var killProfile = profile.Resume{
	Basics: profile.Basics{Name: "Grace Hopper", Label: "Backend Engineer", Email: "grace@example.org"},
	Work: []profile.Work{{Name: "Initech", Position: "Senior Engineer", StartDate: "2019-03",
		Highlights: []string{"Built Go services on PostgreSQL for 2 million users", "Mentored four engineers"}}},
	Skills: []profile.Skill{{Name: "Go"}, {Name: "PostgreSQL"}},
}

var killPosting = jobs.Posting{Title: "Senior Backend Engineer", Company: "Acme Logistics", Location: "Nairobi",
	Description:      "Build the services behind our delivery platform.",
	Responsibilities: []string{"Design, build and operate Go services on PostgreSQL"},
	Requirements:     []string{"5+ years of backend development experience"}, Skills: []string{"Go", "PostgreSQL"}}

// TestKilledMidDraftFinishesAfterRestart is the crash the in-memory pool
// could not survive: the process is killed with SIGKILL while the model
// writes a CV; after a restart the draft finishes, and the person is
// charged once for it (the dead attempt's quota hold is given back).
func TestKilledMidDraftFinishesAfterRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program twice and waits for River's rescuer (about a minute)")
	}
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{"ADDR": "127.0.0.1:0", "DATA_DIR": t.TempDir(), "WORK_TIMEOUT": "5s",
				"OPENAI_API_KEY": "sk-kill-test-0123456789", "LOG_LEVEL": "debug"}
			var db *models.DB
			if dialect == "postgres" {
				dbtest.RequirePostgres(t)
				db = dbtest.Open(t, "postgres")
				env["DATABASE_URL"] = db.URL()
			}
			cvJSON, err := drafting.BuiltinCV(context.Background(), provider.Call{Task: billing.TaskCVDraft,
				Input: drafting.CVInput{Profile: killProfile, Job: killPosting}})
			if err != nil {
				t.Fatal(err)
			}
			postingJSON, _ := json.Marshal(map[string]any{"is_job_posting": true, "title": killPosting.Title, "company": killPosting.Company,
				"location": killPosting.Location, "description": killPosting.Description, "responsibilities": killPosting.Responsibilities,
				"requirements": killPosting.Requirements, "skills": killPosting.Skills})
			var (
				hang     atomic.Bool
				cvCalls  atomic.Int64
				hanging  = make(chan struct{}, 4)
				released = make(chan struct{})
			)
			hang.Store(true)
			fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				raw, _ := io.ReadAll(r.Body)
				if !strings.Contains(string(raw), `"cv_draft"`) {
					answerOpenAI(w, raw, string(postingJSON))
					return
				}
				cvCalls.Add(1)
				if hang.Load() {
					hanging <- struct{}{}
					select { // the process is killed meanwhile
					case <-released:
					case <-r.Context().Done():
					}
					return
				}
				answerOpenAI(w, raw, cvJSON)
			}))
			t.Cleanup(func() { close(released); fake.Close() })
			env["OPENAI_BASE_URL"] = fake.URL + "/v1"

			first := startProcess(t, env)
			first.call(t, "POST", "/api/v1/auth/register", "", map[string]string{"email": "grace@example.com", "password": "long enough", "name": "Grace"}, nil)
			var login struct{ Token string }
			first.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "grace@example.com", "password": "long enough"}, &login)
			doc, _ := json.Marshal(killProfile)
			var asMap map[string]any
			_ = json.Unmarshal(doc, &asMap)
			if code := first.call(t, "PUT", "/api/v1/profile", login.Token, asMap, nil); code != 200 {
				t.Fatalf("profile: %d", code)
			}
			var job struct {
				ID    uint   `json:"id"`
				Title string `json:"title"`
			}
			if code := first.call(t, "POST", "/api/v1/job-extractor/extract", login.Token, map[string]any{"text": "Senior Backend Engineer at Acme Logistics, Nairobi. " +
				"You will design, build and operate Go services on PostgreSQL. We ask for 5+ years of backend development experience."}, &job); code != 200 || job.Title != killPosting.Title {
				t.Fatalf("extract: %d %+v", code, job)
			}
			var draft struct {
				ID     uint   `json:"id"`
				Status string `json:"status"`
			}
			if code := first.call(t, "POST", "/api/v1/cv-drafter/draft", login.Token, map[string]any{"job_id": job.ID, "wait": false}, &draft); code != http.StatusAccepted || draft.ID == 0 {
				t.Fatalf("draft without waiting: %d %+v, want 202 with the draft's id", code, draft)
			}
			select {
			case <-hanging:
			case <-time.After(30 * time.Second):
				t.Fatal("the draft never reached the provider")
			}
			if err := first.cmd.Process.Kill(); err != nil { // SIGKILL: no shutdown, no cleanup
				t.Fatal(err)
			}
			_ = first.cmd.Wait()
			hang.Store(false)

			second := startProcess(t, env)
			deadline := time.Now().Add(150 * time.Second)
			var cv struct {
				Status string `json:"status"`
				Source struct {
					Kind string `json:"kind"`
				} `json:"source"`
				CV struct {
					Name string `json:"name"`
				} `json:"cv"`
			}
			for {
				second.call(t, "GET", fmt.Sprintf("/api/v1/jobs/%d/cv", job.ID), login.Token, nil, &cv)
				if cv.Status == models.StatusDone || cv.Status == models.StatusFailed || time.Now().After(deadline) {
					break
				}
				time.Sleep(500 * time.Millisecond)
			}
			if cv.Status != models.StatusDone || cv.Source.Kind != "model" || cv.CV.Name != "Grace Hopper" {
				t.Fatalf("after the restart the draft is %+v, want done by the model", cv)
			}
			if n := cvCalls.Load(); n != 2 {
				t.Fatalf("the provider was asked for the CV %d times, want 2 (the killed attempt, then the retry)", n)
			}

			// Charged once: the extraction and one CV, nothing left held.
			if db == nil {
				if db, err = models.Open(context.Background(), models.OpenOptions{DataDir: env["DATA_DIR"]}); err != nil {
					t.Fatal(err)
				}
				defer db.Close()
			}
			u, err := db.UserByEmail(context.Background(), "grace@example.com")
			if err != nil {
				t.Fatal(err)
			}
			var q models.QuotaUsage
			for i := 0; i < 50; i++ { // settling is asynchronous
				if q, err = db.QuotaUsageOf(context.Background(), u.ID); err == nil && q.ReservedRequests == 0 && q.DayRequests == 2 {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			if q.DayRequests != 2 || q.ReservedRequests != 0 || q.ReservedTokens != 0 {
				t.Fatalf("quota after the crash = %d requests, %d held (%d tokens held); want 2 and nothing held", q.DayRequests, q.ReservedRequests, q.ReservedTokens)
			}
		})
	}
}
