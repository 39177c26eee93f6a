package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tailor/apperr"
)

// boardTruth is one row of testdata/boards/truth.json (tuned) or
// testdata/boards/heldout/truth.json (never tuned on): the page, where it
// was served from, what kind of page it is and the fields as it writes them.
type boardTruth struct {
	File           string `json:"file"`
	URL            string `json:"url"`
	Status         int    `json:"status"`
	Board          string `json:"board"`
	Kind           string `json:"kind"`
	Title          string `json:"title"`
	Company        string `json:"company"`
	Recruiter      bool   `json:"recruiter"`
	Location       string `json:"location"`
	Salary         string `json:"salary"`
	Language       string `json:"language"`
	EmploymentType string `json:"employment_type"`
	Expired        bool   `json:"expired"`
	Openings       int    `json:"openings"`
}

// fixedNow pins the clock expiry is judged by to the day the fixtures
// were written.
func fixedNow(t *testing.T) {
	t.Helper()
	old := now
	now = func() time.Time { return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { now = old })
}

// extractBoardPage runs a fixture through the whole offline cascade, as a
// pasted link would be.
func extractBoardPage(t *testing.T, dir string, row boardTruth) (Posting, error) {
	t.Helper()
	status := row.Status
	if status == 0 {
		status = 200
	}
	page := readFixture(t, filepath.Join(dir, row.File))
	fetch := staticFetcher{row.URL: {URL: row.URL, StatusCode: status, ContentType: "text/html", HTML: page}}
	ex := NewExtractor(newBuiltinGen(), fetch, ExtractorOptions{})
	return ex.Extract(context.Background(), 1, Source{URL: row.URL}, false)
}

func loadBoardTruth(t *testing.T, dir string) []boardTruth {
	t.Helper()
	var rows []boardTruth
	readJSON(t, filepath.Join("testdata", dir, "truth.json"), &rows)
	if len(rows) == 0 {
		t.Fatalf("no rows in %s/truth.json", dir)
	}
	return rows
}

// TestBoardAdapters runs every tuned fixture: each adapter's fields, the
// source it records, and each page kind's refusal.
func TestBoardAdapters(t *testing.T) {
	fixedNow(t)
	for _, row := range loadBoardTruth(t, "boards") {
		t.Run(row.File, func(t *testing.T) {
			p, err := extractBoardPage(t, "boards", row)
			if row.Kind != "job" {
				checkRefusal(t, row, err)
				return
			}
			if err != nil {
				t.Fatalf("a real posting was refused: %v", err)
			}
			check := func(field, got, want string) {
				if want != "" && got != want {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			check("title", p.Title, row.Title)
			check("company", p.Company, row.Company)
			check("location", p.Location, row.Location)
			check("language", p.Language, row.Language)
			check("employment_type", p.EmploymentType, row.EmploymentType)
			if row.Company == "" && p.Company != "" && row.Board != "" {
				t.Errorf("company = %q, want none (the page names no employer)", p.Company)
			}
			if row.Salary != "" {
				want := ParseSalary(row.Salary)
				if !eqPtr(p.Salary.Min, want.Min) || !eqPtr(p.Salary.Max, want.Max) || (want.Currency != "" && want.Currency != p.Salary.Currency) {
					got, _ := json.Marshal(p.Salary)
					t.Errorf("salary = %s, want %q", got, row.Salary)
				}
			}
			if p.Expired != row.Expired {
				t.Errorf("expired = %v, want %v", p.Expired, row.Expired)
			}
			if p.Recruiter != row.Recruiter {
				t.Errorf("recruiter = %v, want %v", p.Recruiter, row.Recruiter)
			}
			if row.Board != "" {
				if src := p.Sources["title"]; src != SourceBoard(row.Board) {
					t.Errorf("title source = %q, want %q", src, SourceBoard(row.Board))
				}
				if row.Company != "" && p.Sources["company"] != SourceBoard(row.Board) {
					t.Errorf("company source = %q, want %q", p.Sources["company"], SourceBoard(row.Board))
				}
			}
			if isBoardName(p.Company, row.Board) {
				t.Errorf("company is the board's own name: %q", p.Company)
			}
		})
	}
}

func checkRefusal(t *testing.T, row boardTruth, err error) {
	t.Helper()
	if apperr.Code(err) != apperr.EUNPROCESSABLE {
		t.Fatalf("error = %v, want a 422 refusal (%s)", err, row.Kind)
	}
	msg := apperr.Message(err)
	want := map[string]string{"login_wall": "asks you to sign in", "bot_check": "robot check",
		"search_results": "search results", "listing": "list of jobs"}[row.Kind]
	if !strings.Contains(msg, want) {
		t.Errorf("message = %q, want it to say %q", msg, want)
	}
	if row.Openings == 0 {
		return
	}
	var ae *apperr.Error
	if !errors.As(err, &ae) || len(ae.Openings) != row.Openings {
		t.Fatalf("openings = %+v, want %d", ae, row.Openings)
	}
	for _, o := range ae.Openings {
		if o.Title == "" || !strings.HasPrefix(o.URL, "https://") {
			t.Errorf("opening %+v has no title or absolute link", o)
		}
	}
	// The message stored with a failed job keeps the openings.
	text, list := SplitOpenings(msg)
	if len(list) != row.Openings || strings.Contains(text, "https://") || !strings.Contains(text, want) {
		t.Errorf("SplitOpenings = %q, %d openings; want the message and %d openings", text, len(list), row.Openings)
	}
}

func TestSplitOpeningsKeepsPlainMessages(t *testing.T) {
	msg := "Something failed — see https://example.com for help.\nTry again."
	text, list := SplitOpenings(msg)
	if text != msg || len(list) != 0 {
		t.Errorf("SplitOpenings(%q) = %q, %v", msg, text, list)
	}
	formatted := FormatOpenings("Pick one:", []Opening{{Title: "Cook — nights", URL: "https://a.example/1"}})
	text, list = SplitOpenings(formatted)
	if text != "Pick one:" || len(list) != 1 || list[0].Title != "Cook — nights" || list[0].URL != "https://a.example/1" {
		t.Errorf("round trip = %q %+v", text, list)
	}
}

func TestMatchBoardByHostAndMarkup(t *testing.T) {
	tests := []struct {
		url, raw, want string
	}{
		{"https://www.indeed.co.uk/viewjob?jk=1", "", "indeed"},
		{"https://de.indeed.com/viewjob?jk=1", "", "indeed"},
		{"https://za.indeed.com/viewjob?jk=1", "", "indeed"},
		{"https://uk.linkedin.com/jobs/view/1", "", "linkedin"},
		{"https://acme.wd5.myworkdayjobs.com/External/job/1", "", "workday"},
		{"https://www.seek.co.nz/job/1", "", "seek"},
		{"https://www.stepstone.at/stellenangebote--x--1-inline.html", "", "stepstone"},
		{"https://www.brightermonday.co.ug/listings/x", "", "brightermonday"},
		{"", `<a class="topcard__org-name-link">Acme</a>`, "linkedin"},
		{"", `<h1 data-at="header-job-title">X</h1>`, "stepstone"},
		{"https://notindeed.example/jobs/1", "", ""},
		{"https://blog.example/post", "<p>I found my job on indeed.com</p>", ""},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.url)
		got := ""
		if a := matchBoard(u, tt.raw); a != nil {
			got = a.name
		}
		if got != tt.want {
			t.Errorf("matchBoard(%q, %q) = %q, want %q", tt.url, tt.raw, got, tt.want)
		}
	}
}

func TestExpiredPhrasesInEachLanguage(t *testing.T) {
	closed := []string{"This job has expired.", "No longer accepting applications", "This position has been filled",
		"Diese Stellenanzeige ist leider nicht mehr verfügbar", "Bewerbungen werden nicht mehr angenommen",
		"Cette offre a expiré", "Esta oferta ya no está disponible", "Esta vaga expirou", "Deze vacature is verlopen",
		"Questo annuncio è scaduto", "Nafasi hii imefungwa"}
	open := []string{"Applications close on 12 December.", "Apply before the posting expires on 1 March.",
		"We review applications as they arrive.", "Bewerbungsschluss: 15.12.2026"}
	for _, s := range closed {
		if !pageSaysExpired(s) {
			t.Errorf("pageSaysExpired(%q) = false", s)
		}
	}
	for _, s := range open {
		if pageSaysExpired(s) {
			t.Errorf("pageSaysExpired(%q) = true", s)
		}
	}
	fixedNow(t)
	if !deadlinePast("2026-11-30") || deadlinePast("2026-12-01") || deadlinePast("") {
		t.Error("deadlinePast misjudges the day before, the day itself or no date")
	}
}
