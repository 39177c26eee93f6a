package drafting

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"tailor/billing"
	"tailor/jobs"
	"tailor/orchestrator/provider"
	"tailor/profile"
)

// ownPostings loads the composer's own tuning postings (drafting/testdata).
func ownPostings(t testing.TB) map[string]jobs.Posting {
	t.Helper()
	files, _ := filepath.Glob("testdata/composer/postings/*.json")
	if len(files) == 0 {
		t.Fatal("testdata/composer/postings is missing")
	}
	out := map[string]jobs.Posting{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var j jobs.Posting
		if err := json.Unmarshal(b, &j); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".json")] = j
	}
	return out
}

// ownProfiles loads the composer's own invented profiles, plus ada.
func ownProfiles(t testing.TB) map[string]profile.Resume {
	t.Helper()
	files, _ := filepath.Glob("testdata/composer/profiles/*.json")
	out := map[string]profile.Resume{"ada": ada()}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := profile.Parse(b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".json")] = r
	}
	return out
}

// sharedJobs extracts the shared dev set's job pages with the offline
// extractor (structured data, then heuristics), plus the JSON Resume sample
// job; pages that are the same job (one posting in three markups) count once.
func sharedJobs(t testing.TB) map[string]jobs.Posting {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(sharedTestdata, "jobs", "*.html"))
	if len(files) == 0 {
		t.Skip("shared job pages not present")
	}
	out := map[string]jobs.Posting{}
	seen := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, text, err := jobs.ParseHTML("https://jobs.example/"+filepath.Base(f), string(b))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		s, err := jobs.BuiltinExtract(context.Background(), provider.Call{Task: billing.TaskExtraction,
			Input: jobs.ExtractInput{Text: text, Structured: &p}})
		if err != nil {
			t.Logf("%s: not extracted offline: %v", filepath.Base(f), err)
			continue
		}
		var j jobs.Posting
		if err := json.Unmarshal([]byte(s), &j); err != nil {
			t.Fatal(err)
		}
		if k := norm(j.Title) + "|" + norm(j.Company); !seen[k] {
			seen[k] = true
			out[filepath.Base(f)] = j
		}
	}
	if j, ok := sampleJob(t); ok {
		out["jsonresume_sample.job.json"] = j
	}
	return out
}

// letterSentences are a letter's body sentences, normalised.
func letterSentences(l Letter) map[string]bool {
	out := map[string]bool{}
	for _, p := range l.Paragraphs {
		for _, s := range splitSentences(p) {
			if n := norm(s); n != "" {
				out[n] = true
			}
		}
	}
	return out
}

// sentenceOverlap is the share of sentences two letters have in common,
// over the shorter letter: 0.25 means a quarter of its sentences appear
// word for word in the other.
func sentenceOverlap(a, b Letter) float64 {
	sa, sb := letterSentences(a), letterSentences(b)
	common := 0
	for s := range sa {
		if sb[s] {
			common++
		}
	}
	n := min(len(sa), len(sb))
	if n == 0 {
		return 0
	}
	return float64(common) / float64(n)
}

// overlapReport measures sentenceOverlap for every pair of different jobs
// written from one profile, per tone, and fails when the mean is above
// limit. The worst pair is logged: a posting that says nothing but its
// title leaves the letter little to be specific about.
func overlapReport(t *testing.T, profiles map[string]profile.Resume, postings map[string]jobs.Posting, limit float64) {
	t.Helper()
	var jobNames []string
	for k := range postings {
		jobNames = append(jobNames, k)
	}
	sort.Strings(jobNames)
	for _, tone := range Tones {
		sum, n, worst, worstPair := 0.0, 0, 0.0, ""
		diffWorst, diffPair := 0.0, ""
		for pn, p := range profiles {
			p.Clean()
			letters := map[string]Letter{}
			for _, jn := range jobNames {
				letters[jn] = builtinLetter(LetterInput{Profile: p, Job: postings[jn], Tone: tone})
			}
			for i, a := range jobNames {
				for _, b := range jobNames[i+1:] {
					o := sentenceOverlap(letters[a], letters[b])
					sum += o
					n++
					if norm(postings[a].Company) != norm(postings[b].Company) && o > diffWorst {
						diffWorst, diffPair = o, pn+": "+a+" / "+b
					}
					if o > worst {
						worst, worstPair = o, pn+": "+a+" / "+b
					}
				}
			}
		}
		if n == 0 {
			continue
		}
		mean := sum / float64(n)
		t.Logf("%-12s sentence overlap between letters for different jobs: mean %.1f%%, max %.1f%% (%s), %d pairs; max between different employers %.1f%% (%s)",
			tone, 100*mean, 100*worst, worstPair, n, 100*diffWorst, diffPair)
		if mean > limit {
			t.Errorf("%s: letters for different jobs share %.1f%% of their sentences on average; the limit is %.0f%%",
				tone, 100*mean, 100*limit)
		}
	}
}

// TestLetterOverlapOwnSet is the tuning set: the composer's own postings
// and profiles.
func TestLetterOverlapOwnSet(t *testing.T) {
	overlapReport(t, ownProfiles(t), ownPostings(t), 0.25)
}

// TestLetterOverlapSharedSet is the figure reported: the shared dev set's
// profiles and job pages, which the composer was not tuned on.
func TestLetterOverlapSharedSet(t *testing.T) {
	postings := sharedJobs(t)
	overlapReport(t, sampleResumes(t), postings, 0.25)
}

// claimsHold reports whether every claim's text is in the draft's texts.
func claimsHold(claims []Claim, texts ...string) bool {
	for _, c := range claims {
		found := false
		for _, t := range texts {
			if c.Text != "" && len(c.Sources) > 0 && containsText(t, c.Text) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func containsText(s, sub string) bool { return strings.Contains(s, sub) }

// cvTexts is every piece of text a CV prints, for checking its claims.
func cvTexts(cv CV) []string {
	out := []string{cv.Name, cv.Headline, cv.Summary}
	for _, r := range cv.Experience {
		out = append(out, r.Company, r.Title, r.Location, r.StartDate, r.EndDate)
		out = append(out, r.Highlights...)
	}
	for _, e := range cv.Education {
		out = append(out, e.Institution, e.StudyType, e.Area)
	}
	out = append(out, cv.Skills...)
	for _, p := range cv.Projects {
		out = append(out, p.Name, p.Description)
		out = append(out, p.Highlights...)
	}
	return out
}
