package views

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"tailor/drafting"
	"tailor/jobs"
	"tailor/models"
)

func fp(f float64) *float64 { return &f }

func TestFormatMicros(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{0, "$0.00"},
		{123, "$0.000123"},
		{3810, "$0.00381"},
		{10_000, "$0.01"},
		{1_500_000, "$1.50"},
		{12_345_678, "$12.345678"},
		{-5, "-$0.000005"},
	}
	for _, tt := range tests {
		if got := formatMicros(tt.in); got != tt.want {
			t.Errorf("formatMicros(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatSalary(t *testing.T) {
	tests := []struct {
		name string
		in   jobs.Salary
		want string
	}{
		{"range", jobs.Salary{Min: fp(50000), Max: fp(70000), Currency: "EUR", Period: "year"}, "50,000–70,000 EUR per year"},
		{"same min and max", jobs.Salary{Min: fp(60000), Max: fp(60000), Currency: "USD"}, "60,000 USD"},
		{"min only", jobs.Salary{Min: fp(25.5), Currency: "GBP", Period: "hour"}, "from 25.50 GBP per hour"},
		{"max only", jobs.Salary{Max: fp(1234567)}, "up to 1,234,567"},
		{"raw only", jobs.Salary{Raw: " Competitive "}, "Competitive"},
		{"numbers win over raw", jobs.Salary{Min: fp(100), Raw: "DOE"}, "from 100"},
		{"empty", jobs.Salary{}, ""},
		{"rounding carries", jobs.Salary{Min: fp(999.999)}, "from 1,000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatSalary(tt.in); got != tt.want {
				t.Errorf("formatSalary = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestIsCurrent(t *testing.T) {
	tests := []struct {
		path, href string
		want       bool
	}{
		{"/", "/", true},
		{"/jobs/new", "/", false},
		{"/jobs/new", "/jobs/new", true},
		{"/profile", "/profile", true},
		{"/profile/export", "/profile", true},
		{"/profiles", "/profile", false},
		{"/admin/usage", "/admin/users", true},
		{"/settings", "/admin/users", false},
	}
	for _, tt := range tests {
		if got := isCurrent(tt.path, tt.href); got != tt.want {
			t.Errorf("isCurrent(%q, %q) = %v, want %v", tt.path, tt.href, got, tt.want)
		}
	}
}

func TestCSRFHeadersIsValidJSON(t *testing.T) {
	for _, tok := range []string{"abc123", `we"ird\token</script>`, ""} {
		var got map[string]string
		if err := json.Unmarshal([]byte(csrfHeaders(tok)), &got); err != nil {
			t.Fatalf("csrfHeaders(%q) is not JSON: %v", tok, err)
		}
		if got["X-CSRF-Token"] != tok {
			t.Errorf("csrfHeaders(%q) carries %q", tok, got["X-CSRF-Token"])
		}
	}
}

func TestSourceLabelAndHumanize(t *testing.T) {
	labels := map[string]string{
		jobs.SourceJSONLD: "from JSON-LD", jobs.SourceAI: "from AI", jobs.SourceUser: "from you",
		jobs.SourcePage: "from the page", "": "", "ocr": "from ocr",
	}
	for in, want := range labels {
		if got := sourceLabel(in); got != want {
			t.Errorf("sourceLabel(%q) = %q, want %q", in, got, want)
		}
	}
	words := map[string]string{"FULL_TIME": "Full time", "remote": "Remote", "part-time": "Part time", " ": ""}
	for in, want := range words {
		if got := humanize(in); got != want {
			t.Errorf("humanize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDateRange(t *testing.T) {
	tests := []struct{ start, end, want string }{
		{"2019-01", "2021-06", "Jan 2019 – Jun 2021"},
		{"2019-01", "", "Jan 2019 – present"},
		{"", "2020", "2020"},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := drafting.DateRange(tt.start, tt.end); got != tt.want {
			t.Errorf("dateRange(%q, %q) = %q, want %q", tt.start, tt.end, got, tt.want)
		}
	}
}

func TestProgressSaysWhatIsHappening(t *testing.T) {
	now := time.Now()
	tests := []struct {
		v            JobView
		title, about string
	}{
		{JobView{Status: models.StatusPending, SourceKind: models.SourceURL, CreatedAt: now}, "Waiting", "few seconds"},
		{JobView{Status: models.StatusRunning, SourceKind: models.SourceURL, CreatedAt: now}, "Fetching the page", "few seconds"},
		{JobView{Status: models.StatusRunning, SourceKind: models.SourceImage, CreatedAt: now.Add(-10 * time.Second)}, "screenshot", "10s so far"},
		{JobView{Status: models.StatusRunning, SourceKind: models.SourceText, CreatedAt: now.Add(-40 * time.Second)}, "Reading the posting", "up to a minute"},
	}
	for _, tt := range tests {
		if got := progressTitle(tt.v); !strings.Contains(got, tt.title) {
			t.Errorf("progressTitle = %q, want %q in it", got, tt.title)
		}
		if got := progressDetail(tt.v); !strings.Contains(got, tt.about) {
			t.Errorf("progressDetail = %q, want %q in it", got, tt.about)
		}
	}
}
