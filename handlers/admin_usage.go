package handlers

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/billing"
	"tailor/models"
	"tailor/views"
)

// usageWindows are the dashboard's preset periods.
var usageWindows = map[string]time.Duration{"24h": 24 * time.Hour, "7d": 7 * 24 * time.Hour, "30d": 30 * 24 * time.Hour, "90d": 90 * 24 * time.Hour}

// usagePeriod is a parsed period and filter of the dashboard or the API.
type usagePeriod struct {
	window, from, to string // as asked
	q                models.UsageQuery
}

// parseUsagePeriod reads window (24h, 7d, 30d, 90d) or from and to (dates,
// to inclusive, or RFC 3339 times) and the filters. A bad period is an
// EINVALID that says what to send instead.
func parseUsagePeriod(c *fiber.Ctx, now time.Time) (usagePeriod, error) {
	p := usagePeriod{window: c.Query("window"), from: strings.TrimSpace(c.Query("from")), to: strings.TrimSpace(c.Query("to"))}
	p.q = models.UsageQuery{Provider: c.Query("provider"), Model: c.Query("model"), Task: c.Query("task"), Plan: c.Query("plan")}
	if p.window == "" && (p.from != "" || p.to != "") {
		p.window = "custom"
	}
	if p.window == "" {
		p.window = "24h"
	}
	if span, ok := usageWindows[p.window]; ok {
		p.q.From, p.q.To, p.q.Hourly = now.Add(-span), now, p.window == "24h"
		return p, nil
	}
	if p.window != "custom" {
		return p, apperr.New(apperr.EINVALID, "window must be 24h, 7d, 30d or 90d, or give from and to (2026-11-01).")
	}
	from, err := parseUsageTime(p.from, false)
	if err != nil {
		return p, apperr.New(apperr.EINVALID, "from must be a date (2026-11-01) or an RFC 3339 time.")
	}
	to := now
	if p.to != "" {
		if to, err = parseUsageTime(p.to, true); err != nil {
			return p, apperr.New(apperr.EINVALID, "to must be a date (2026-11-30) or an RFC 3339 time.")
		}
	}
	if to.After(now) {
		to = now
	}
	switch {
	case p.from == "":
		return p, apperr.New(apperr.EINVALID, "Give the start of the range (from), e.g. 2026-11-01.")
	case !to.After(from):
		return p, apperr.New(apperr.EINVALID, "The range ends before it starts: pick a 'to' after 'from'.")
	case to.Sub(from) > 400*24*time.Hour:
		return p, apperr.New(apperr.EINVALID, "Pick a range of at most 400 days.")
	}
	p.q.From, p.q.To, p.q.Hourly = from, to, to.Sub(from) <= 48*time.Hour
	return p, nil
}

// parseUsageTime reads a date or an RFC 3339 time; a date as the end of a
// range means the end of that day.
func parseUsageTime(s string, end bool) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err == nil && end {
		t = t.Add(24 * time.Hour)
	}
	return t, err
}

// usageStore reads the usage rollups and the raw log.
type usageStore interface {
	UsageSummary(ctx context.Context, q models.UsageQuery) (models.UsageStats, error)
	UsageDimensions(ctx context.Context) (providers, modelNames []string, err error)
	QuotaUsageThisMonth(ctx context.Context, limit int) ([]models.UserQuota, error)
	ListUsagePage(ctx context.Context, q models.UsageLogQuery) ([]models.UsageRow, *models.UsageCursor, error)
	GetUsageRow(ctx context.Context, id uint) (models.UsageRow, error)
}

// usageHandler is the usage dashboard, the raw log and their CSV and API
// forms.
type usageHandler struct {
	site  *site
	store usageStore
}

func newUsageHandler(s *site, store usageStore) *usageHandler {
	return &usageHandler{site: s, store: store}
}

func (h *usageHandler) showAdminUsage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	a := views.AdminUsage{Errors: map[string]string{}}
	p, perr := parseUsagePeriod(c, time.Now())
	if perr != nil {
		// Show the form with the message, and the last 24 hours meanwhile.
		a.Errors["range"] = apperr.Message(perr)
		p.q.From, p.q.To, p.q.Hourly = time.Now().Add(-24*time.Hour), time.Now(), true
	}
	a.Window, a.From, a.To = p.window, p.from, p.to
	a.Filter = views.UsageFilter{Provider: p.q.Provider, Model: p.q.Model, Task: p.q.Task, Plan: p.q.Plan}
	stats, err := h.store.UsageSummary(ctx, p.q)
	if err != nil {
		return err
	}
	a.Stats, a.Charts = stats, views.UsageCharts(stats)
	if a.Options.Providers, a.Options.Models, err = h.store.UsageDimensions(ctx); err != nil {
		return err
	}
	a.Options.Plans = billing.Plans
	if a.Quotas, err = h.store.QuotaUsageThisMonth(ctx, 20); err != nil {
		return err
	}
	status := fiber.StatusOK
	if perr != nil {
		status = fiber.StatusBadRequest
	}
	return render(c, status, views.AdminUsagePage(h.site.page(c, "Usage"), a))
}

// usageSummaryJSON is the summary API's answer.
type usageSummaryJSON struct {
	From             time.Time        `json:"from"`
	To               time.Time        `json:"to"`
	Calls            int64            `json:"calls"`
	Errors           int64            `json:"errors"`
	Tokens           int64            `json:"tokens"`
	CostMicros       int64            `json:"cost_micros"`
	CostUnknown      bool             `json:"cost_unknown"`
	CacheHits        int64            `json:"cache_hits"`
	CacheSavedMicros int64            `json:"cache_saved_micros"`
	QuotaRefusals    int64            `json:"quota_refusals"`
	ByPlan           []planJSON       `json:"by_plan"`
	ByModel          []modelStatsJSON `json:"by_model"`
	ByDay            []dayJSON        `json:"by_day"`
}

type planJSON struct {
	Plan       string `json:"plan"`
	Calls      int64  `json:"calls"`
	CostMicros int64  `json:"cost_micros"`
}

type modelStatsJSON struct {
	ProviderType string  `json:"provider_type"`
	Model        string  `json:"model"`
	Calls        int64   `json:"calls"`
	Errors       int64   `json:"errors"`
	ErrorRate    float64 `json:"error_rate"`
	P50MS        int64   `json:"p50_ms"`
	P95MS        int64   `json:"p95_ms"`
	P99MS        int64   `json:"p99_ms"`
	Tokens       int64   `json:"tokens"`
	CostMicros   int64   `json:"cost_micros"`
}

type dayJSON struct {
	Day        string `json:"day"`
	Plan       string `json:"plan"`
	Calls      int64  `json:"calls"`
	CostMicros int64  `json:"cost_micros"`
}

func (h *usageHandler) apiUsageSummary(c *fiber.Ctx) error {
	p, err := parseUsagePeriod(c, time.Now())
	if err != nil {
		return err
	}
	p.q.Hourly = false // by_day is by day whatever the window
	st, err := h.store.UsageSummary(c.UserContext(), p.q)
	if err != nil {
		return err
	}
	out := usageSummaryJSON{From: st.From, To: st.To, Calls: st.Calls, Errors: st.Errors, Tokens: st.Tokens,
		CostMicros: st.CostMicros, CostUnknown: st.CostUnknown, CacheHits: st.CacheHits, CacheSavedMicros: st.SavedMicros,
		QuotaRefusals: st.QuotaRefusals, ByPlan: []planJSON{}, ByModel: []modelStatsJSON{}, ByDay: []dayJSON{}}
	for _, pl := range st.ByPlan {
		out.ByPlan = append(out.ByPlan, planJSON{pl.Plan, pl.Calls, pl.CostMicros})
	}
	for _, m := range st.ByModel {
		out.ByModel = append(out.ByModel, modelStatsJSON{ProviderType: m.ProviderType, Model: m.Model, Calls: m.Calls, Errors: m.Errors,
			ErrorRate: m.ErrorRate(), P50MS: m.P50MS, P95MS: m.P95MS, P99MS: m.P99MS, Tokens: m.Tokens, CostMicros: m.CostMicros})
	}
	for _, d := range st.ByDay {
		out.ByDay = append(out.ByDay, dayJSON{d.Day, d.Plan, d.Calls, d.CostMicros})
	}
	return c.JSON(out)
}

// exportUsageSummary is the dashboard's figures as CSV: one row per total,
// plan, model and day × plan, with a section column saying which.
func (h *usageHandler) exportUsageSummary(c *fiber.Ctx) error {
	p, err := parseUsagePeriod(c, time.Now())
	if err != nil {
		return err
	}
	p.q.Hourly = false
	st, err := h.store.UsageSummary(c.UserContext(), p.q)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="tailor-usage-%s-%s.csv"`,
		st.From.Format("20060102T15"), st.To.Format("20060102T15")))
	w := csv.NewWriter(c.Response().BodyWriter())
	i := func(n int64) string { return strconv.FormatInt(n, 10) }
	w.Write([]string{"section", "day", "plan", "provider_type", "model", "calls", "errors", "p50_ms", "p95_ms", "p99_ms", "tokens", "cost_micros", "cache_saved_micros", "quota_refusals"})
	w.Write([]string{"total", "", "", "", "", i(st.Calls), i(st.Errors), "", "", "", i(st.Tokens), i(st.CostMicros), i(st.SavedMicros), i(st.QuotaRefusals)})
	for _, pl := range st.ByPlan {
		w.Write(csvSafe([]string{"plan", "", pl.Plan, "", "", i(pl.Calls), "", "", "", "", "", i(pl.CostMicros), "", ""}))
	}
	for _, m := range st.ByModel {
		w.Write(csvSafe([]string{"model", "", "", m.ProviderType, m.Model, i(m.Calls), i(m.Errors), i(m.P50MS), i(m.P95MS), i(m.P99MS), i(m.Tokens), i(m.CostMicros), "", ""}))
	}
	for _, d := range st.ByDay {
		w.Write(csvSafe([]string{"day", d.Day, d.Plan, "", "", i(d.Calls), "", "", "", "", "", i(d.CostMicros), "", ""}))
	}
	w.Flush()
	return w.Error()
}

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(row []string) []string {
	for k, s := range row {
		if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
			if _, err := strconv.ParseFloat(s, 64); err != nil {
				row[k] = "'" + s
			}
		}
	}
	return row
}

// usageLogQuery reads the raw log's filters; the strings are copied (Fiber
// reuses its buffers).
func usageLogQuery(c *fiber.Ctx) (views.UsageLogFilter, models.UsageLogQuery, error) {
	f := views.UsageLogFilter{Email: strings.Clone(strings.TrimSpace(c.Query("email"))), Task: strings.Clone(c.Query("task")),
		Status: strings.Clone(c.Query("status")), Provider: strings.Clone(c.Query("provider")),
		From: strings.Clone(c.Query("from")), To: strings.Clone(c.Query("to"))}
	q := models.UsageLogQuery{Email: f.Email, Task: f.Task, Status: f.Status, Provider: f.Provider}
	var err error
	if f.From != "" {
		if q.From, err = parseUsageTime(f.From, false); err != nil {
			return f, q, apperr.New(apperr.EINVALID, "from must be a date (2026-11-01) or an RFC 3339 time.")
		}
	}
	if f.To != "" {
		if q.To, err = parseUsageTime(f.To, true); err != nil {
			return f, q, apperr.New(apperr.EINVALID, "to must be a date (2026-11-30) or an RFC 3339 time.")
		}
	}
	if s := c.Query("after"); s != "" {
		cur, err := models.ParseUsageCursor(s)
		if err != nil {
			return f, q, err
		}
		q.After = &cur
	}
	return f, q, nil
}

func (h *usageHandler) showUsageLog(c *fiber.Ctx) error {
	f, q, err := usageLogQuery(c)
	a := views.AdminUsageLog{Filter: f, First: q.After == nil, Errors: map[string]string{}}
	status := fiber.StatusOK
	if err != nil {
		a.Errors["range"], status = apperr.Message(err), fiber.StatusBadRequest
		return render(c, status, views.AdminUsageLogPage(h.site.page(c, "Usage log"), a))
	}
	q.Limit = 50
	rows, next, err := h.store.ListUsagePage(c.UserContext(), q)
	if err != nil {
		return err
	}
	a.Rows = rows
	if next != nil {
		v, _ := url.ParseQuery(f.Query())
		v.Set("after", next.String())
		a.NextURL = "/admin/usage/log?" + v.Encode()
	}
	return render(c, status, views.AdminUsageLogPage(h.site.page(c, "Usage log"), a))
}

func (h *usageHandler) showUsageRow(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	row, err := h.store.GetUsageRow(c.UserContext(), id)
	if err != nil {
		return err
	}
	back := "/admin/usage/log"
	if ref := c.Get(fiber.HeaderReferer); strings.Contains(ref, "/admin/usage/log?") {
		if u, err := url.Parse(ref); err == nil {
			back = "/admin/usage/log?" + u.RawQuery
		}
	}
	return render(c, fiber.StatusOK, views.AdminUsageRowPage(h.site.page(c, "Usage row"), views.UsageRowDetail{Row: row, Back: back}))
}

// exportUsageLog streams the filtered raw log as CSV, newest first, a
// keyset page at a time so memory stays flat however many rows match.
func (h *usageHandler) exportUsageLog(c *fiber.Ctx) error {
	_, q, err := usageLogQuery(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="tailor-usage-log.csv"`)
	c.Context().SetBodyStreamWriter(func(bw *bufio.Writer) {
		// The request's context ends with the handler; the stream has its own.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		w := csv.NewWriter(bw)
		w.Write([]string{"id", "created_at", "user_id", "email", "provider_type", "model", "task", "plan", "status", "attempt", "request_id",
			"input_tokens", "output_tokens", "cost_micros", "cost_unknown", "cost_saved_micros", "latency_ms", "error_class", "error_message"})
		q.Limit = 1000
		for {
			rows, next, err := h.store.ListUsagePage(ctx, q)
			if err != nil {
				h.site.log.Error("usage log export", "error", err)
				return
			}
			for _, r := range rows {
				w.Write(csvSafe([]string{strconv.FormatUint(uint64(r.ID), 10), r.CreatedAt.UTC().Format(time.RFC3339Nano),
					strconv.FormatUint(uint64(r.UserID), 10), r.Email, r.ProviderType, r.ModelName, r.TaskType, r.Plan, r.Status,
					strconv.Itoa(r.Attempt), r.RequestID, strconv.Itoa(r.InputTokens), strconv.Itoa(r.OutputTokens),
					strconv.FormatInt(r.CostMicros, 10), strconv.FormatBool(r.CostUnknown), strconv.FormatInt(r.CostSavedMicros, 10),
					strconv.FormatInt(r.LatencyMS, 10), r.ErrorClass, r.ErrorMessage}))
			}
			w.Flush()
			if w.Error() != nil || bw.Flush() != nil || next == nil {
				return
			}
			q.After = next
		}
	})
	return nil
}

// apiListUsage is the raw log for the API, newest first: the same filters
// as the log page (user_id, email, task, status, provider, since/from, to)
// and keyset paging: when more rows match, the X-Next-Cursor header holds
// the value to send as after for the next page.
func (h *usageHandler) apiListUsage(c *fiber.Ctx) error {
	_, q, err := usageLogQuery(c)
	if err != nil {
		return err
	}
	q.Limit = 200
	if s := c.Query("user_id"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return apperr.New(apperr.EINVALID, "user_id must be a number.")
		}
		q.UserID = uint(n)
	}
	if s := c.Query("since"); s != "" {
		if q.From, err = parseUsageTime(s, false); err != nil {
			return apperr.New(apperr.EINVALID, "since must be a date (2006-01-02) or an RFC 3339 time (2006-01-02T15:04:05Z).")
		}
	}
	if s := c.Query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			return apperr.New(apperr.EINVALID, "limit must be between 1 and 1000.")
		}
		q.Limit = n
	}
	rows, next, err := h.store.ListUsagePage(c.UserContext(), q)
	if err != nil {
		return err
	}
	if next != nil {
		c.Set("X-Next-Cursor", next.String())
	}
	if rows == nil {
		rows = []models.UsageRow{}
	}
	return c.JSON(rows)
}
