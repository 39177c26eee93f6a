package views

import (
	"fmt"
	"strings"
	"time"

	"tailor/domain"
	"tailor/orchestrator"
)

// AdminProviders is the provider list. Rows carry only what the page shows:
// never the key, never its ciphertext.
type AdminProviders struct {
	Rows []ProviderRow
	// Fallback names the providers that answer when no row is active: the
	// types configured from the environment, or "builtin (offline)".
	Fallback []string
}

// ProviderRow is one provider config with its health over the last 24 h.
type ProviderRow struct {
	ID           uint
	Name         string
	Type         string
	BaseURL      string
	MaskedKey    string // "••••abcd", or "" when no key is stored
	FastModel    string
	QualityModel string
	Priority     int
	Active       bool
	RPMLimit     int
	First, Last  bool // no ↑ on the first row, no ↓ on the last
	Test         ProviderTest
	Calls24h     int64
	Errors24h    int64
	P95MS        int64
	// Circuit is orchestrator.CircuitClosed, CircuitOpen or
	// CircuitHalfOpen; empty when the circuit has seen no failure.
	Circuit      string
	CircuitError string
}

// ProviderTest is the last Test button result of a config; it is also the
// htmx fragment the button swaps into the row.
type ProviderTest struct {
	ID        uint
	TestedAt  *time.Time // nil: never tested
	OK        bool
	LatencyMS int64
	Error     string // redacted
}

// ProviderForm adds or edits a provider config. The key is write-only:
// KeyLast4 only says which key is kept when the field is left empty.
type ProviderForm struct {
	ID           uint // 0 when adding
	Name         string
	ProviderType string
	BaseURL      string
	FastModel    string
	QualityModel string
	Priority     string
	IsActive     bool
	RPMLimit     string
	KeyLast4     string
	Errors       map[string]string // keys: the input names, and form
}

// DeleteProvider is the confirmation page of a deletion.
type DeleteProvider struct {
	ID   uint
	Name string
	Type string
}

// AdminRouting is the routing page: the plan × task tier matrix, the price
// table and each plan's limits.
type AdminRouting struct {
	Plans []string
	Tasks []string
	// Tiers[plan][task] is "fast" or "quality".
	Tiers       map[string]map[string]string
	TierErrors  map[string]string // key: "tier.PLAN.task", and form
	Prices      []PriceRow
	PriceForm   PriceForm
	Limits      []PlanLimitRow
	LimitErrors map[string]string // key: "PLAN.field"
}

// PriceRow is one model's price, stored in micro-USD per million tokens.
type PriceRow struct {
	Model        string
	InputMicros  int64
	OutputMicros int64
}

// PriceForm adds or changes a price; the amounts are dollars as typed.
type PriceForm struct {
	Model, Input, Output string
	Errors               map[string]string // keys: model, input, output
}

// PlanLimitRow is one plan's limits as the form shows them; 0 is unlimited.
type PlanLimitRow struct {
	Plan          string
	DailyRequests string
	MonthlyTokens string
	MonthlyBudget string // dollars
}

// DollarsPerMillion shows a micro-USD amount as dollars with at least two
// and at most six decimals ("$0.15", "$2.50", "$0.000125"): exact, with no
// float rounding.
func DollarsPerMillion(micros int64) string { return "$" + Dollars(micros) }

// Dollars writes micro-USD as a plain decimal dollar amount ("0.15"), the
// way the forms take it back.
func Dollars(micros int64) string {
	sign := ""
	if micros < 0 {
		sign, micros = "-", -micros
	}
	frac := strings.TrimRight(fmt.Sprintf("%06d", micros%1_000_000), "0")
	for len(frac) < 2 {
		frac += "0"
	}
	return fmt.Sprintf("%s%d.%s", sign, micros/1_000_000, frac)
}

// modelPlaceholder is the hint in a model field: the type's default, which
// an empty field gets.
func modelPlaceholder(providerType string, quality bool) string {
	fast, q := domain.DefaultModels(providerType)
	m := fast
	if quality {
		m = q
	}
	if m == "" {
		return "e.g. llama3.1:8b"
	}
	return m
}

// defaultModelsHint lists every type's default models for the form's hint,
// since the type can change after the page is drawn.
func defaultModelsHint() string {
	var parts []string
	for _, t := range domain.ProviderTypes {
		fast, q := domain.DefaultModels(t)
		if fast != "" {
			parts = append(parts, fmt.Sprintf("%s: %s / %s", t, fast, q))
		}
	}
	return "Leave empty for the defaults (" + strings.Join(parts, "; ") + "). An OpenAI-compatible server needs its model names."
}

// errorRate is the share of failed calls as a percentage.
func errorRate(calls, errs int64) string {
	if calls == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", float64(errs)*100/float64(calls))
}

func providerPath(id uint, suffix string) string {
	return fmt.Sprintf("/admin/providers/%d%s", id, suffix)
}

func circuitClass(state string) string {
	switch state {
	case orchestrator.CircuitOpen:
		return "badge error"
	case orchestrator.CircuitHalfOpen:
		return "badge warning"
	}
	return "badge success"
}

// TierField is the form field of one cell of the routing matrix.
func TierField(plan, task string) string { return "tier." + plan + "." + task }
