package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"tailor/apperr"
)

// truthRow is one entry of jobs_truth.json or images_truth.json. Values are
// as the page writes them; nil where the page does not say.
type truthRow struct {
	File           string  `json:"file"`
	Title          *string `json:"title"`
	Company        *string `json:"company"`
	Location       *string `json:"location"`
	EmploymentType *string `json:"employment_type"`
	Salary         *string `json:"salary"`
	DatePosted     *string `json:"date_posted"`
	Language       *string `json:"language"`
	Kind           string  `json:"kind"`
	IsJobPosting   *bool   `json:"is_job_posting"`
	IsJobAd        *bool   `json:"is_job_ad"`
}

// accuracyFloors are the per-field accuracies the builtin must keep on the
// shared set (measured, minus a margin), so a regression fails the test.
var accuracyFloors = map[string]float64{
	"is_job": 1.0, "title": 0.85, "company": 0.85, "location": 0.75, "employment_type": 0.85, "salary": 0.75, "date_posted": 0.75,
}

type tally struct{ ok, n int }

func TestSharedDevSetAccuracy(t *testing.T) {
	dir := sharedTestdata(t)
	ctx := context.Background()
	scores := map[string]*tally{}
	score := func(field string, ok bool, file, got, want string) {
		if scores[field] == nil {
			scores[field] = &tally{}
		}
		scores[field].n++
		if ok {
			scores[field].ok++
		} else {
			t.Logf("MISS %s %s: got %q, want %q", file, field, got, want)
		}
	}

	var rows []truthRow
	readJSON(t, filepath.Join(dir, "jobs_truth.json"), &rows)
	for _, row := range rows {
		b, err := os.ReadFile(filepath.Join(dir, row.File))
		if err != nil {
			t.Fatal(err)
		}
		var src Source
		fetch := staticFetcher{}
		if strings.HasSuffix(row.File, ".html") {
			u := "https://jobs.example.test/" + filepath.Base(row.File)
			fetch[u] = &Page{URL: u, StatusCode: 200, ContentType: "text/html", HTML: string(b)}
			src.URL = u
		} else {
			src.Text = string(b) // a pasted JSON Resume job description
		}
		ex := NewExtractor(newBuiltinGen(), fetch, ExtractorOptions{})
		p, err := ex.Extract(ctx, 1, src, false)
		wantJob := row.IsJobPosting == nil || *row.IsJobPosting
		score("is_job", (err == nil) == wantJob, row.File, errString(err), "")
		if err != nil {
			continue
		}
		compareRow(row, p, score)
	}

	images := filepath.Join(dir, "images_truth.json")
	if _, err := os.Stat(images); err == nil {
		if !ocrAvailable() {
			if os.Getenv("CI") == "true" {
				t.Fatal("tesseract is not installed; CI must run the screenshot checks")
			}
			t.Log("tesseract not found: screenshots not scored")
		} else {
			var irows []truthRow
			readJSON(t, images, &irows)
			for _, row := range irows {
				b, err := os.ReadFile(filepath.Join(dir, row.File))
				if err != nil {
					t.Fatal(err)
				}
				ex := NewExtractor(newBuiltinGen(), nil, ExtractorOptions{})
				p, err := ex.Extract(ctx, 1, Source{Image: b, ImageMIME: "image/png"}, false)
				wantJob := row.IsJobAd != nil && *row.IsJobAd
				refused := apperr.Code(err) == apperr.EUNPROCESSABLE
				score("is_job", (err == nil && wantJob) || (refused && !wantJob), row.File, errString(err), "")
				if err == nil {
					compareRow(row, p, score)
				}
			}
		}
	}

	fields := make([]string, 0, len(scores))
	for f := range scores {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		s := scores[f]
		acc := float64(s.ok) / float64(s.n)
		t.Logf("accuracy %-16s %d/%d = %.2f", f, s.ok, s.n, acc)
		if floor, ok := accuracyFloors[f]; ok && acc < floor {
			t.Errorf("%s accuracy %.2f is below the floor %.2f", f, acc, floor)
		}
	}
}

func compareRow(row truthRow, p Posting, score func(string, bool, string, string, string)) {
	if row.Title != nil {
		score("title", normText(p.Title) == normText(*row.Title), row.File, p.Title, *row.Title)
	}
	if row.Company != nil {
		score("company", normText(p.Company) == normText(*row.Company), row.File, p.Company, *row.Company)
	}
	if row.Location != nil {
		score("location", sameLocation(p.Location, *row.Location), row.File, p.Location, *row.Location)
	}
	if row.EmploymentType != nil {
		score("employment_type", lettersOnly(p.EmploymentType) == lettersOnly(*row.EmploymentType), row.File, p.EmploymentType, *row.EmploymentType)
	}
	if row.Salary != nil {
		want := ParseSalary(*row.Salary)
		ok := eqPtr(p.Salary.Min, want.Min) && eqPtr(p.Salary.Max, want.Max) && (want.Currency == "" || want.Currency == p.Salary.Currency)
		got, _ := json.Marshal(p.Salary)
		score("salary", ok, row.File, string(got), *row.Salary)
	}
	if row.DatePosted != nil {
		want := normalizeDate(*row.DatePosted)
		score("date_posted", p.DatePosted == want, row.File, p.DatePosted, want)
	}
	if row.Language != nil && strings.HasSuffix(row.File, ".html") {
		score("language", p.Language == *row.Language, row.File, p.Language, *row.Language)
	}
	if strings.HasSuffix(row.File, ".html") {
		// The truth notes a closed posting in its kind.
		want := strings.Contains(row.Kind, "posting marked closed")
		score("expired", p.Expired == want, row.File, boolText(p.Expired), boolText(want))
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return ae.Code + ": " + ae.Message
	}
	return err.Error()
}

var wordRe = regexp.MustCompile(`[\p{L}\p{N}]+`)

func normText(s string) string {
	return strings.Join(wordRe.FindAllString(strings.ToLower(s), -1), " ")
}

func lettersOnly(s string) string {
	return strings.Join(regexp.MustCompile(`\p{L}+`).FindAllString(strings.ToLower(s), -1), "")
}

// sameLocation compares locations as sets of words, so "Kirkland WA" and
// "Kirkland, WA" match, and a street address in parentheses may be left out.
func sameLocation(got, want string) bool {
	set := func(s string) string {
		w := wordRe.FindAllString(strings.ToLower(s), -1)
		sort.Strings(w)
		return strings.Join(w, " ")
	}
	if got == "" {
		return false
	}
	noParens := regexp.MustCompile(`\s*\([^)]*\)`).ReplaceAllString(want, "")
	return set(got) == set(want) || set(got) == set(noParens)
}
