package views

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"tailor/drafting"
	"tailor/models"
	"tailor/static"
)

// TestBrowserBehaviour runs the real htmx and app.js in Chromium against
// rendered components: the 422 swap config, the live word count and busy
// forms that still send the clicked button.
func TestBrowserBehaviour(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed")
	}

	letter := drafting.Letter{Subject: "Hello", Greeting: "Dear team,", Paragraphs: []string{"One two three.", "Four - five", "Six"}, Closing: "Regards,", Signature: "Alice"}
	jobView := func(errs map[string]string) JobView {
		return JobView{ID: 4, Status: models.StatusDone, Errors: errs, Letter: &LetterView{Status: models.StatusDone, Letter: letter, Editing: true}}
	}
	var (
		mu     sync.Mutex
		gotAdd string
	)
	p := Page{Title: "T", User: alice, CSRF: "tok", Asset: func(n string) string { return "/static/" + n }}
	mux := http.NewServeMux()
	sub, _ := fs.Sub(static.Files, ".")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(sub)))
	mux.HandleFunc("GET /letter-edit", func(w http.ResponseWriter, r *http.Request) {
		_ = Layout(p).Render(templ.WithChildren(r.Context(), LetterSection(p, jobView(nil))), w)
	})
	mux.HandleFunc("POST /jobs/4/letter/edit", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-CSRF-Token") != "tok" {
			http.Error(w, "no csrf header", http.StatusForbidden)
			return
		}
		w.WriteHeader(http.StatusUnprocessableEntity)
		_ = LetterSection(p, jobView(map[string]string{"form": "The letter needs 220 words."})).Render(r.Context(), w)
	})
	mux.HandleFunc("GET /profile", func(w http.ResponseWriter, r *http.Request) {
		_ = ProfilePage(p, ProfileForm{}).Render(r.Context(), w)
	})
	mux.HandleFunc("POST /profile", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		gotAdd = r.FormValue("add")
		mu.Unlock()
		fmt.Fprint(w, `<p id="done">saved</p>`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/letter-edit")); err != nil {
		t.Skipf("chromium did not start: %v", err)
	}
	// guard bounds each step against a hung browser; it is not a timing
	// assertion.
	guard := func(t *testing.T) context.Context {
		c, cancel := context.WithTimeout(ctx, 30*time.Second)
		t.Cleanup(cancel)
		return c
	}

	t.Run("live word count", func(t *testing.T) {
		tctx := guard(t)
		start := letterWords(letter)
		err := chromedp.Do(tctx,
			chromedp.WaitVisible(chromedp.CSS(`textarea[name="paragraph1"]`)),
			chromedp.Click(chromedp.CSS(`textarea[name="paragraph1"]`)),
			chromedp.KeyEvent(kb.End),
			chromedp.SendKeys(chromedp.CSS(`textarea[name="paragraph1"]`), " seven eight — nine"),
		)
		if err != nil {
			t.Fatal(err)
		}
		want := strconv.Itoa(start + 3)
		if _, err := chromedp.Run(tctx, chromedp.Poll[bool](`document.querySelector("[data-live-word-count]").textContent === "`+want+`"`)); err != nil {
			got, _ := chromedp.Run(tctx, chromedp.Text(chromedp.CSS(`[data-live-word-count]`)))
			t.Errorf("live count = %q, want %s", got, want)
		}
	})

	t.Run("422 answers are swapped", func(t *testing.T) {
		tctx := guard(t)
		err := chromedp.Do(tctx,
			chromedp.Click(chromedp.CSS(`[data-testid="save-letter"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#letter-section [data-testid="form-error"]`)),
		)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := chromedp.Run(tctx, chromedp.Text(chromedp.CSS(`[data-testid="form-error"]`)))
		if got != "The letter needs 220 words." {
			t.Errorf("swapped error = %q", got)
		}
	})

	t.Run("busy form still sends the clicked button", func(t *testing.T) {
		tctx := guard(t)
		err := chromedp.Do(tctx,
			chromedp.Navigate(srv.URL+"/profile"),
			chromedp.Click(chromedp.CSS(`button[name="add"][value="work"]`)),
			chromedp.WaitVisible(chromedp.ID("done")),
		)
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		defer mu.Unlock()
		if gotAdd != "work" {
			t.Errorf("add = %q, want work", gotAdd)
		}
	})
}
