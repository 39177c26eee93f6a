package views

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"tailor/billing"
	"tailor/drafting"
	"tailor/jobs"
	"tailor/models"
	"tailor/profile"
)

// asset returns the content-hashed URL of a static file, or a plain
// /static/ path when the handler did not set Page.Asset (tests, error pages
// rendered before the asset table exists).
func asset(p Page, name string) string {
	if p.Asset != nil {
		if u := p.Asset(name); u != "" {
			return u
		}
	}
	return "/static/" + name
}

// csrfHeaders is the hx-headers JSON that makes every htmx request carry
// the CSRF token; it is marshalled so a token can never break the JSON.
func csrfHeaders(token string) string {
	b, err := json.Marshal(map[string]string{"X-CSRF-Token": token})
	if err != nil {
		return "{}"
	}
	return string(b)
}

// pageTitle is the document title: the page's own title, then the brand.
func pageTitle(p Page) string {
	if strings.TrimSpace(p.Title) == "" {
		return "Tailor"
	}
	return p.Title + " · Tailor"
}

// userLabel is how the header names the logged-in person.
func userLabel(u *models.User) string {
	if u == nil {
		return ""
	}
	if strings.TrimSpace(u.Name) != "" {
		return u.Name
	}
	return u.Email
}

// navLink is one entry of the header navigation.
type navLink struct {
	Href  string
	Label string
}

// navLinks lists the header navigation for the person looking at the page,
// so the layout does not repeat the logged-in and admin rules.
func navLinks(p Page) []navLink {
	if p.User == nil {
		return []navLink{{"/login", "Log in"}, {"/register", "Register"}}
	}
	links := []navLink{
		{"/", "Dashboard"},
		{"/jobs/new", "New job"},
		{"/profile", "Profile"},
		{"/settings", "Settings"},
	}
	if p.User.IsAdmin() {
		links = append(links, navLink{"/admin/users", "Admin"})
	}
	return links
}

// isCurrent reports whether href is the section of path, for aria-current.
// "/" matches only itself; /jobs/new must not also light up the dashboard,
// and any /admin/... page lights up Admin.
func isCurrent(path, href string) bool {
	if href == "/" {
		return path == "/"
	}
	if strings.HasPrefix(href, "/admin/") {
		return strings.HasPrefix(path, "/admin/")
	}
	return path == href || strings.HasPrefix(path, href+"/")
}

// formatDate renders a day the same way everywhere, e.g. "2 Jan 2006".
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 Jan 2006")
}

// formatDateTime renders a moment for tables, in UTC so admins comparing
// rows with logs see the same clock.
func formatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}

// isoTime is the machine-readable datetime attribute of a <time>.
func isoTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// optDate renders an optional time pointer, "never" when absent.
func optDate(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "never"
	}
	return formatDate(*t)
}

// isBusy reports whether work is still under way, so the page keeps polling.
func isBusy(status string) bool {
	return status == models.StatusPending || status == models.StatusRunning
}

// statusLabel is the words a person sees for a job's work status.
func statusLabel(status string) string {
	switch status {
	case models.StatusPending, models.StatusRunning:
		return "Extracting…"
	case models.StatusDone:
		return "Ready"
	case models.StatusFailed:
		return "Failed"
	}
	return status
}

// statusClass is the badge colour of a work or usage status.
func statusClass(status string) string {
	switch status {
	case models.StatusPending, models.StatusRunning:
		return "badge info"
	case models.StatusDone, billing.StatusSuccess:
		return "badge success"
	case billing.StatusCacheHit:
		return "badge neutral"
	case models.StatusFailed, billing.StatusError:
		return "badge error"
	case billing.StatusQuotaExceeded:
		return "badge warning"
	}
	return "badge"
}

// formatNumber writes n with thousands separators and at most two decimals,
// dropping ".00" so salaries read like they do in postings.
func formatNumber(n float64) string {
	neg := n < 0
	n = math.Abs(n)
	whole := math.Floor(n)
	cents := int64(math.Round((n - whole) * 100))
	if cents == 100 {
		whole++
		cents = 0
	}
	digits := strconv.FormatFloat(whole, 'f', 0, 64)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if cents > 0 {
		fmt.Fprintf(&b, ".%02d", cents)
	}
	return b.String()
}

// formatSalary renders a pay range as "50,000–70,000 EUR per year", falling
// back to the posting's own words ("Competitive") when there are no numbers.
func formatSalary(s jobs.Salary) string {
	var amount string
	switch {
	case s.Min != nil && s.Max != nil && *s.Min == *s.Max:
		amount = formatNumber(*s.Min)
	case s.Min != nil && s.Max != nil:
		amount = formatNumber(*s.Min) + "–" + formatNumber(*s.Max)
	case s.Min != nil:
		amount = "from " + formatNumber(*s.Min)
	case s.Max != nil:
		amount = "up to " + formatNumber(*s.Max)
	default:
		return strings.TrimSpace(s.Raw)
	}
	if c := strings.TrimSpace(s.Currency); c != "" {
		amount += " " + c
	}
	if p := strings.TrimSpace(s.Period); p != "" {
		amount += " per " + p
	}
	return amount
}

// formatMicros renders integer micro-dollars exactly, e.g. 123 → "$0.000123".
// Floats would round away the small costs the usage page exists to show.
func formatMicros(m int64) string {
	sign := ""
	if m < 0 {
		sign = "-"
		m = -m
	}
	// Exact to the micro-dollar, without zeros that say nothing: $0.00381,
	// $1.50, $0.00.
	frac := strings.TrimRight(fmt.Sprintf("%06d", m%1_000_000), "0")
	for len(frac) < 2 {
		frac += "0"
	}
	return fmt.Sprintf("%s$%d.%s", sign, m/1_000_000, frac)
}

// sourceLabel says where an extracted field came from, in plain words.
func sourceLabel(src string) string {
	switch src {
	case jobs.SourceJSONLD:
		return "from JSON-LD"
	case jobs.SourceMicrodata:
		return "from page markup"
	case jobs.SourcePage:
		return "from the page"
	case jobs.SourceAI:
		return "from AI"
	case jobs.SourceUser:
		return "from you"
	case "":
		return ""
	}
	if b := jobs.BoardLabel(src); b != "" {
		return "from the " + b + " page"
	}
	return "from " + src
}

// humanize turns codes such as FULL_TIME or "remote" into "Full time" and
// "Remote" for display.
func humanize(s string) string {
	s = strings.TrimSpace(strings.NewReplacer("_", " ", "-", " ").Replace(s))
	if s == "" {
		return ""
	}
	s = strings.ToLower(s)
	return strings.ToUpper(s[:1]) + s[1:]
}

// lines joins a list for a one-item-per-line textarea.
func lines(ss []string) string { return strings.Join(ss, "\n") }

// skillsText renders skill groups as "Group: keyword, keyword" lines, the
// format the profile form parses back.
func skillsText(skills []profile.Skill) string {
	out := make([]string, 0, len(skills))
	for _, s := range skills {
		kw := strings.Join(s.Keywords, ", ")
		switch {
		case s.Name != "" && kw != "":
			out = append(out, s.Name+": "+kw)
		case s.Name != "":
			out = append(out, s.Name)
		case kw != "":
			out = append(out, kw)
		}
	}
	return strings.Join(out, "\n")
}

// joinNonEmpty joins the non-blank parts with sep.
func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// jobPath builds a URL under /jobs/{id}; suffix starts with "/" or is empty.
func jobPath(id uint, suffix string) string {
	return fmt.Sprintf("/jobs/%d%s", id, suffix)
}

// jobURL is jobPath as a URL attribute value. Every part of it is ours, so
// it is safe as it is.
func jobURL(id uint, suffix string) templ.SafeURL {
	return templ.SafeURL(jobPath(id, suffix))
}

// maskedToken shows a token by its last four characters only.
func maskedToken(last4 string) string { return "tlr_…" + last4 }

// shortID keeps the first 8 characters of a request id for tables; the
// full id is in the title attribute.
func shortID(s string) string {
	if len(s) > 8 {
		return s[:8]
	}
	return s
}

// fieldID turns a form field name such as work.0.name into an element id.
func fieldID(name string) string {
	return "f-" + strings.NewReplacer(".", "-", "_", "-").Replace(name)
}

// errorID is the id of a field's error message, for aria-describedby.
func errorID(name string) string { return fieldID(name) + "-error" }

// key builds an indexed form field name, e.g. key("work", 0, "name").
func key(section string, i int, field string) string {
	return fmt.Sprintf("%s.%d.%s", section, i, field)
}

// workEntries is the profile's positions plus one blank, so a person can
// add a position without JavaScript.
func workEntries(r profile.Resume) []profile.Work {
	return append(append([]profile.Work(nil), r.Work...), profile.Work{})
}

// educationEntries is the profile's education plus one blank.
func educationEntries(r profile.Resume) []profile.Education {
	return append(append([]profile.Education(nil), r.Education...), profile.Education{})
}

// projectEntries is the profile's projects plus one blank.
func projectEntries(r profile.Resume) []profile.Project {
	return append(append([]profile.Project(nil), r.Projects...), profile.Project{})
}

// entryTitle names a profile entry's <summary>, or says it is new.
func entryTitle(fallback string, parts ...string) string {
	if t := joinNonEmpty(" — ", parts...); t != "" {
		return t
	}
	return fallback
}

// letterWords counts the body words of a letter the way the letter rules
// do, so the number shown is the number checked.
func letterWords(l drafting.Letter) int {
	n := 0
	for _, p := range l.Paragraphs {
		n += drafting.CountWords(p)
	}
	return n
}

// paragraph returns the i-th paragraph of a letter, or "" when missing,
// so the edit form always has three boxes.
func paragraph(l drafting.Letter, i int) string {
	if i >= 0 && i < len(l.Paragraphs) {
		return l.Paragraphs[i]
	}
	return ""
}

// tones are the tones offered, with a default when the handler gave none.
func tones(v JobView) []string {
	if len(v.Tones) > 0 {
		return v.Tones
	}
	return drafting.Tones
}

// currentTone is the tone to preselect: the letter's, else professional.
func currentTone(v JobView) string {
	if v.Letter != nil && v.Letter.Tone != "" {
		return v.Letter.Tone
	}
	return drafting.ToneProfessional
}

// taskOptions are the usage filter's task choices.
func taskOptions() []string {
	out := make([]string, len(billing.Tasks))
	for i, t := range billing.Tasks {
		out[i] = string(t)
	}
	return out
}

// usageStatuses are the usage filter's status choices.
var usageStatuses = []string{billing.StatusSuccess, billing.StatusError, billing.StatusCacheHit, billing.StatusQuotaExceeded}

// roles are the roles an admin can give.
var roles = []string{models.RoleUser, models.RoleAdmin}

// newJobMode is the open section of the new-job form, the link by default.
func newJobMode(f JobForm) string {
	switch f.Mode {
	case "text", "image":
		return f.Mode
	}
	return "url"
}

// maxUploadMB is the stated upload limit, 10 MB when the handler did not say.
func maxUploadMB(f JobForm) int {
	if f.MaxUploadMB > 0 {
		return f.MaxUploadMB
	}
	return 10
}

// source returns a posting field's provenance label.
func source(v JobView, field string) string {
	return sourceLabel(v.Posting.Sources[field])
}

// isGuess tells whether a field is a model's guess the page does not back
// (confidence low) that the person has not corrected yet.
func isGuess(v JobView, field string) bool {
	return v.Posting.Confidence[field] == jobs.ConfidenceLow && v.Posting.Sources[field] == jobs.SourceAI
}

// postingLocation is the location line, falling back to the list of
// locations when only that was given.
func postingLocation(p jobs.Posting) string {
	if strings.TrimSpace(p.Location) != "" {
		return p.Location
	}
	return strings.Join(p.Locations, " · ")
}

// locationsText is the location for the correction form.
func locationsText(p jobs.Posting) string { return postingLocation(p) }

// salaryText is the raw salary for the correction form: the posting's own
// words when there are any, else the formatted range.
func salaryText(s jobs.Salary) string {
	if strings.TrimSpace(s.Raw) != "" {
		return s.Raw
	}
	return formatSalary(s)
}

// cvContact is the contact line of a CV.
func cvContact(c drafting.Contact) string {
	return joinNonEmpty(" · ", c.Email, c.Phone, c.Location, c.URL)
}

// degree renders "BSc Computer Science".
func degree(e drafting.CVEducation) string { return joinNonEmpty(" ", e.StudyType, e.Area) }

// hasEntryErrors reports whether any field of entry i of a profile section
// has an error, so that entry is shown open.
func hasEntryErrors(errs map[string]string, section string, i int) bool {
	prefix := fmt.Sprintf("%s.%d.", section, i)
	for k := range errs {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// firstNonEmpty returns the first non-blank string.
func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// errorHeading is the plain-words title of an error page.
func errorHeading(status int) string {
	switch {
	case status == 400 || status == 422:
		return "That did not work"
	case status == 401:
		return "Please log in"
	case status == 403:
		return "You cannot open this page"
	case status == 404:
		return "Page not found"
	case status == 409:
		return "This changed in the meantime"
	case status == 413:
		return "That is too large"
	case status == 429:
		return "Limit reached"
	case status >= 500:
		return "Something went wrong on our side"
	}
	return "Something went wrong"
}

// exampleOrigin stands for this server's address in the API example;
// app.js swaps in the real origin, which the server may not know behind a
// proxy.
const exampleOrigin = "https://tailor.example"

// curlExample is the settings page's JSON API example. It is built here
// because a <pre> in templ would lose its line breaks.
func curlExample() string {
	return `curl -H "Authorization: Bearer $TAILOR_TOKEN" \
  ` + exampleOrigin + `/api/v1/profile

curl -X POST -H "Authorization: Bearer $TAILOR_TOKEN" \
  -H "Content-Type: application/json" \
  -d '{"url": "https://example.com/jobs/123"}' \
  ` + exampleOrigin + `/api/v1/job-extractor/extract`
}

// windowLabel names a dashboard period.
func windowLabel(w string) string {
	switch w {
	case "7d":
		return "Last 7 days"
	case "30d":
		return "Last 30 days"
	}
	return "Last 24 hours"
}

// percent formats part of whole, "–" when there is nothing to divide.
func percent(part, whole int64) string {
	if whole == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(part)/float64(whole))
}

// unknownNote marks a cost that leaves out calls to unpriced models.
func unknownNote(unknown bool) string {
	if unknown {
		return " + unpriced calls"
	}
	return ""
}

// ofLimit shows use against a limit: "12 / 200", or "12" when unlimited.
func ofLimit(used, limit int64, money bool) string {
	show := func(n int64) string {
		if money {
			return formatMicros(n)
		}
		return fmt.Sprint(n)
	}
	if limit == 0 {
		return show(used)
	}
	return show(used) + " / " + show(limit)
}

// progressTitle says what extraction is doing, by what it was given.
func progressTitle(v JobView) string {
	switch {
	case v.Status == models.StatusPending:
		return "Waiting for a free worker…"
	case v.SourceKind == models.SourceURL:
		return "Fetching the page and reading the posting…"
	case v.SourceKind == models.SourceImage:
		return "Reading the screenshot…"
	}
	return "Reading the posting…"
}

// progressDetail sets expectations: how long it has run, and how long
// it may take.
func progressDetail(v JobView) string {
	took := time.Since(v.CreatedAt).Round(time.Second)
	if v.CreatedAt.IsZero() || took < 3*time.Second {
		return "This usually takes a few seconds."
	}
	if took > 20*time.Second {
		return fmt.Sprintf("%s so far: an AI model can take up to a minute on a long posting.", took)
	}
	return fmt.Sprintf("%s so far.", took)
}

// expiryText says when an API token stops working.
func expiryText(t *time.Time) string {
	if t == nil {
		return "never"
	}
	if time.Until(*t) <= 0 {
		return "expired"
	}
	return formatDate(*t)
}

// deviceName turns a User-Agent into what a person recognises: the browser
// and the system, e.g. "Firefox on Windows".
func deviceName(ua string) string {
	if ua == "" {
		return "Unknown device"
	}
	browser := "A browser"
	for _, b := range []struct{ token, name string }{
		{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"}, {"Chrome/", "Chrome"},
		{"Safari/", "Safari"}, {"curl/", "curl"}, {"Go-http-client", "A script"},
	} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	for _, s := range []struct{ token, name string }{
		{"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Android", "Android"}, {"Windows", "Windows"},
		{"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, s.token) {
			return browser + " on " + s.name
		}
	}
	return browser
}

// appStatusLabel is a tracker status as the person reads it.
func appStatusLabel(s string) string {
	switch s {
	case models.AppSaved:
		return "Saved"
	case models.AppApplied:
		return "Applied"
	case models.AppInterviewing:
		return "Interviewing"
	case models.AppOffer:
		return "Offer"
	case models.AppRejected:
		return "Rejected"
	case models.AppWithdrawn:
		return "Withdrawn"
	}
	return "Saved"
}

func appStatusClass(s string) string {
	switch s {
	case models.AppApplied, models.AppInterviewing:
		return "badge info"
	case models.AppOffer:
		return "badge success"
	case models.AppRejected, models.AppWithdrawn:
		return "badge muted"
	}
	return "badge"
}

func filterClass(active bool) string {
	if active {
		return "filter active"
	}
	return "filter"
}

func dashboardURL(status, sort string) templ.SafeURL {
	q := url.Values{}
	if status != "" {
		q.Set("status", status)
	}
	if sort != "" {
		q.Set("sort", sort)
	}
	if len(q) == 0 {
		return "/"
	}
	return templ.SafeURL("/?" + q.Encode())
}

// ShortDate shows a YYYY-MM-DD date as "Tue 3 Dec".
func ShortDate(iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	return t.Format("Mon 2 Jan")
}

// monthValue is a stored date as a month picker's value: "" (empty) and
// any date that names one month work; other free text does not.
func monthValue(s string) (string, bool) {
	if strings.TrimSpace(s) == "" {
		return "", true
	}
	return profile.Month(s)
}

// entryOpen says whether a profile entry starts expanded: the blank entry
// of an empty section, the new blank entry right after its Add button, or
// an entry just moved.
func entryOpen(f ProfileForm, section string, i, n int) bool {
	if i == n && (n == 0 || f.Open == section) {
		return true
	}
	return f.Moved == fmt.Sprintf("%s.%d", section, i)
}

// firstLine is the first line of a message (a refused list's message goes
// on with its openings, shown on the job page).
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
