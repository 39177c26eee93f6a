// Package views renders Tailor's pages with templ. Every page takes a Page
// (the layout's data) and one typed view model; htmx targets are their own
// components so a handler can render just the part that changed.
package views

import (
	"time"

	"tailor/drafting"
	"tailor/jobs"
	"tailor/models"
)

// Page is what the layout needs on every page.
type Page struct {
	Title string
	User  *models.User // nil when logged out
	CSRF  string       // token for forms and htmx requests
	Flash string       // one-off notice after a redirect
	// Offline is true when only the builtin provider is configured, so the
	// layout can say drafts are made offline without an AI model.
	Offline bool
	// Asset maps a static file name to its content-hashed URL.
	Asset func(name string) string
	// Path is the current path, for highlighting the navigation.
	Path string
}

// Dashboard lists a user's jobs with their drafts.
type Dashboard struct {
	Jobs         []JobSummary
	ProfileEmpty bool
	// Filter is the tracker status shown ("" for all); Sort is "" (newest
	// first) or "deadline"; Counts has the jobs per status, Total them all.
	Filter string
	Sort   string
	Counts map[string]int
	Total  int
	// Actions is what needs doing this week.
	Actions []WeekAction
}

// JobSummary is one row of the dashboard.
type JobSummary struct {
	ID        uint
	Title     string
	Company   string
	Location  string
	Status    string // models.StatusPending, StatusRunning, StatusDone, StatusFailed
	Error     string
	CreatedAt time.Time
	HasCV     bool
	HasLetter bool
	// The tracker: application status, the posting's deadline (YYYY-MM-DD),
	// the follow-up date, and whether the posting has closed.
	AppStatus  string
	Deadline   string
	FollowUpOn string
	Closed     bool
}

// RegisterForm is the sign-up form and its errors.
type RegisterForm struct {
	Name, Email string
	Errors      map[string]string // keys: name, email, password, form
}

// LoginForm is the log-in form and its error.
type LoginForm struct {
	Email string
	Next  string
	Error string
}

// ProfileForm edits the master profile.
type ProfileForm struct {
	Resume models.Profile // Document is the JSON Resume; Version goes in a hidden field
	Errors map[string]string
	Saved  bool
	// ImportError explains a rejected JSON Resume file.
	ImportError string
	// Open names the section whose new blank entry opens ("work",
	// "education", "projects") after its Add button; Moved is the key of an
	// entry just moved ("work.1"), kept open.
	Open  string
	Moved string
}

// JobForm is the new-job form: a URL, pasted text or a screenshot.
type JobForm struct {
	URL         string
	Text        string
	Mode        string            // "url", "text" or "image": which tab is open
	Errors      map[string]string // keys: url, text, image, form
	MaxUploadMB int
}

// JobView is the job page: the posting, its CV and its letter.
type JobView struct {
	ID           uint
	Status       string
	ErrorCode    string
	ErrorMessage string
	SourceKind   string
	SourceURL    string
	Offline      bool
	Posting      jobs.Posting
	CreatedAt    time.Time
	// Errors holds per-field messages of the correction form.
	Errors  map[string]string
	Saved   bool
	Tracker TrackerView
	CV      *CVView     // nil when no CV was drafted yet
	Letter  *LetterView // nil when no letter was written yet
	Tones   []string
	Match   *MatchView // nil until the job is read
}

// CVView is the newest CV draft of a job.
type CVView struct {
	ID           uint
	JobID        uint
	Status       string
	ErrorCode    string
	ErrorMessage string
	CV           drafting.CV
	Markdown     string
	Offline      bool
	Edited       bool
	Editing      bool // show the edit form instead of the CV
	Draft        DraftMeta
	// Summary and Highlights (per role, per bullet) carry the evidence of
	// each sentence; nil shows the plain text.
	Summary    []ClaimSpan
	Highlights [][]ClaimSpan
}

// LetterView is the newest cover letter of a job.
type LetterView struct {
	ID           uint
	JobID        uint
	Status       string
	ErrorCode    string
	ErrorMessage string
	Tone         string
	Letter       drafting.Letter
	Text         string   // plain text for copy and download
	Problems     []string // rule problems of an edited letter, shown as warnings
	Offline      bool
	Edited       bool
	Editing      bool
	Draft        DraftMeta
	// Paragraphs holds each body paragraph's sentences with their
	// evidence; nil shows the plain text.
	Paragraphs [][]ClaimSpan
}

// Settings lists API tokens and the person's AI use against their plan.
type Settings struct {
	Tokens   []models.APIToken
	NewToken string // shown once, right after creation
	Usage    models.QuotaUsage
	Limit    models.PlanLimit
	// Sessions are the person's signed-in browsers; Current is this one.
	Sessions []models.Session
	Current  uint
	// PasswordErrors holds the password form's messages per field.
	PasswordErrors map[string]string
	// DeleteError is shown beside the delete-account form.
	DeleteError string
}

// AdminUsers lists users for admins.
type AdminUsers struct {
	Users []models.User
	Plans []string
	// Search is the email or name filter as typed.
	Search string
	// Month is each listed user's AI use this month, by user id.
	Month   map[uint]models.UserMonth
	NextURL string // "" on the last page
}

// WeekAction is one thing to do this week on the dashboard.
type WeekAction struct {
	JobID   uint
	Title   string
	What    string // "follow up (due Tue 3 Dec)", "apply by Fri 6 Dec"
	Overdue bool
}
