package jobs

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSharedDevSetLanguage scores the language stored for each posting of
// the shared dev set against jobs_truth.json ("language", ISO 639-1).
func TestSharedDevSetLanguage(t *testing.T) {
	dir := sharedTestdata(t)
	var rows []struct {
		File     string  `json:"file"`
		Language *string `json:"language"`
	}
	readJSON(t, filepath.Join(dir, "jobs_truth.json"), &rows)
	ok, n := 0, 0
	for _, row := range rows {
		if row.Language == nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, row.File))
		if err != nil {
			t.Fatal(err)
		}
		src, fetch := Source{Text: string(b)}, staticFetcher{}
		if strings.HasSuffix(row.File, ".html") {
			u := "https://jobs.example.test/" + filepath.Base(row.File)
			fetch[u] = &Page{URL: u, StatusCode: 200, ContentType: "text/html", HTML: string(b)}
			src = Source{URL: u}
		}
		p, err := NewExtractor(newBuiltinGen(), fetch, ExtractorOptions{}).Extract(context.Background(), 1, src, false)
		if err != nil {
			continue // scored by TestSharedDevSetAccuracy
		}
		n++
		if p.Language == *row.Language {
			ok++
		} else {
			t.Logf("MISS %s language: got %q, want %q", row.File, p.Language, *row.Language)
		}
	}
	if n == 0 {
		t.Skip("no language in the truth file")
	}
	acc := float64(ok) / float64(n)
	t.Logf("accuracy language %d/%d = %.2f", ok, n, acc)
	if acc < 0.85 {
		t.Errorf("language accuracy %.2f is below the floor 0.85", acc)
	}
}
