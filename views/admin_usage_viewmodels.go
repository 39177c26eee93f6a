package views

import (
	"fmt"
	"net/url"

	"tailor/domain"
	"tailor/models"
)

// UsageWindows are the dashboard's preset periods.
var UsageWindows = []string{"24h", "7d", "30d", "90d"}

// AdminUsage is the usage dashboard: a period, filters, the summary read
// from the rollups, its charts, and the top users by cost this month.
type AdminUsage struct {
	// Window is "24h", "7d", "30d", "90d" or "custom" (From and To).
	Window   string
	From, To string // the custom range as typed, YYYY-MM-DD
	Filter   UsageFilter
	Options  UsageOptions
	Stats    models.UsageStats
	Charts   []Chart
	Quotas   []models.UserQuota
	Errors   map[string]string // from, to, form
}

// UsageFilter narrows the dashboard.
type UsageFilter struct {
	Provider, Model, Task, Plan string
}

// UsageOptions are the choices of the dashboard's filters.
type UsageOptions struct {
	Providers, Models, Plans []string
}

// WithWindow is the dashboard's query string with a preset period instead
// of the current one, filters kept.
func (a AdminUsage) WithWindow(w string) string {
	b := a
	b.Window, b.From, b.To = w, "", ""
	return b.Query()
}

// Query is the dashboard's query string, for links that keep its state.
func (a AdminUsage) Query() string {
	v := url.Values{}
	v.Set("window", a.Window)
	if a.Window == "custom" {
		v.Set("from", a.From)
		v.Set("to", a.To)
	}
	for k, s := range map[string]string{"provider": a.Filter.Provider, "model": a.Filter.Model, "task": a.Filter.Task, "plan": a.Filter.Plan} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v.Encode()
}

// AdminUsageLog is one page of the raw usage log.
type AdminUsageLog struct {
	Filter  UsageLogFilter
	Rows    []models.UsageRow
	NextURL string // "" on the last page
	First   bool   // this is the newest page
	Errors  map[string]string
}

// UsageLogFilter is the raw log's filter form as typed.
type UsageLogFilter struct {
	Email, Task, Status, Provider, From, To string
}

// Query is the filter as a query string.
func (f UsageLogFilter) Query() string {
	v := url.Values{}
	for k, s := range map[string]string{"email": f.Email, "task": f.Task, "status": f.Status, "provider": f.Provider, "from": f.From, "to": f.To} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v.Encode()
}

// UsageRowDetail is one raw row in full.
type UsageRowDetail struct {
	Row  models.UsageRow
	Back string
}

func usageRowPath(id uint) string { return fmt.Sprintf("/admin/usage/log/%d", id) }

func windowName(w string) string {
	switch w {
	case "7d":
		return "7 days"
	case "30d":
		return "30 days"
	case "90d":
		return "90 days"
	case "custom":
		return "Custom"
	}
	return "24 hours"
}

func withQuery(path, q string) string {
	if q == "" {
		return path
	}
	return path + "?" + q
}

func quotaClass(q models.UserQuota) string {
	if q.NearLimit() {
		return "near-limit"
	}
	return ""
}

func latencyText(ms int64) string { return formatMS(float64(ms)) }

func usageUser(r models.UsageRow) string {
	if r.Email != "" {
		return r.Email
	}
	return fmt.Sprintf("user %d (deleted)", r.UserID)
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

func providerTypesWithBuiltin() []string {
	return append(append([]string{}, domain.ProviderTypes...), "builtin")
}

// moneyShort rounds a large amount to cents for a headline figure ("$17.04");
// under a dollar it stays exact, since small costs are what it shows.
func moneyShort(micros int64) string {
	if micros < 1_000_000 && micros > -1_000_000 {
		return formatMicros(micros)
	}
	cents := (micros + 5_000) / 10_000
	return fmt.Sprintf("$%d.%02d", cents/100, cents%100)
}
