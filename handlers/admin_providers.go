package handlers

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/domain"
	"tailor/models"
	"tailor/orchestrator"
	"tailor/orchestrator/provider"
	"tailor/orchestrator/provider/builtin"
	"tailor/secret"
	"tailor/views"
)

// providerTestTimeout bounds the Test button's call: long enough for a slow
// first token, short enough that the admin is not left waiting.
const providerTestTimeout = 20 * time.Second

// providerStore reads the provider configs and keeps their test results.
type providerStore interface {
	ProviderConfigs(ctx context.Context) ([]models.ProviderConfig, error)
	ProviderConfig(ctx context.Context, id uint) (*models.ProviderConfig, error)
	ProviderHealthSince(ctx context.Context, t time.Time) (map[uint]models.ProviderHealth, error)
	RecordProviderTest(ctx context.Context, id uint, ok bool, latency time.Duration, errMsg string) error
}

// providerService changes the provider configs so the next AI call uses
// the change (*providerConfigs: one call writes them and keeps the
// orchestrator's chain and circuits true), and names the links that answer
// besides them.
type providerService interface {
	Chain(ctx context.Context) ([]orchestrator.Link, error)
	SaveConfig(ctx context.Context, id uint, in models.ProviderInput) (*models.ProviderConfig, error)
	MoveConfig(ctx context.Context, id uint, up bool) error
	SetConfigActive(ctx context.Context, id uint, active bool) error
	DeleteConfig(ctx context.Context, id uint) error
}

// providerCircuits is what the provider pages need of the orchestrator
// (*orchestrator.Orchestrator has it): its circuit breakers, and TestLink,
// which makes the Test button's call the way the chain would.
type providerCircuits interface {
	Circuits() []orchestrator.CircuitState
	TestLink(ctx context.Context, userID uint, cfg domain.LinkConfig) (time.Duration, error)
}

// providersHandler is the admins' provider pages and API: the configs,
// their order, keys, tests and circuit breakers.
type providersHandler struct {
	site     *site
	store    providerStore
	configs  providerService
	cipher   *secret.Cipher   // decrypts a config's key to scrub it from messages
	circuits providerCircuits // nil hides them
	audit    *auditor
}

func newProvidersHandler(s *site, store providerStore, configs providerService, cipher *secret.Cipher, circuits providerCircuits, audit *auditor) *providersHandler {
	return &providersHandler{site: s, store: store, configs: configs, cipher: cipher, circuits: circuits, audit: audit}
}

func (h *providersHandler) showProviders(c *fiber.Ctx) error {
	ctx := c.UserContext()
	cs, err := h.store.ProviderConfigs(ctx)
	if err != nil {
		return err
	}
	health, err := h.store.ProviderHealthSince(ctx, time.Now().Add(-24*time.Hour))
	if err != nil {
		return err
	}
	circuits := map[string]orchestrator.CircuitState{}
	if h.circuits != nil {
		for _, s := range h.circuits.Circuits() {
			circuits[s.Key] = s
		}
	}
	a := views.AdminProviders{Fallback: h.fallbackProviders(ctx)}
	for i, cfg := range cs {
		id := cfg.ID
		st := circuits[orchestrator.CircuitKey(orchestrator.Link{ConfigID: &id})]
		hl := health[cfg.ID]
		a.Rows = append(a.Rows, views.ProviderRow{
			ID: cfg.ID, Name: cfg.Name, Type: cfg.ProviderType, BaseURL: cfg.BaseURL, MaskedKey: maskedKey(cfg.APIKeyLast4),
			FastModel: cfg.FastModel, QualityModel: cfg.QualityModel, Priority: cfg.Priority, Active: cfg.IsActive,
			RPMLimit: cfg.RPMLimit, First: i == 0, Last: i == len(cs)-1, Test: providerTest(&cfg),
			Calls24h: hl.Calls, Errors24h: hl.Errors, P95MS: hl.P95LatencyMS, Circuit: st.State, CircuitError: h.scrubKey(&cfg, st.LastError),
		})
	}
	return render(c, fiber.StatusOK, views.AdminProvidersPage(h.site.page(c, "Providers"), a))
}

// fallbackProviders names what answers besides the configs: the providers
// from the environment, or the builtin one when there is nothing else.
func (h *providersHandler) fallbackProviders(ctx context.Context) []string {
	var out []string
	links, err := h.configs.Chain(ctx)
	if err == nil {
		for _, l := range links {
			if l.ConfigID == nil && l.Provider != nil {
				out = append(out, fallbackName(l.Provider.Type()))
			}
		}
	}
	if len(out) == 0 {
		out = []string{fallbackName(builtin.Type)}
	}
	return out
}

func fallbackName(typ string) string {
	if typ == builtin.Type {
		return "the built-in offline provider"
	}
	return "the " + typ + " key from the environment"
}

func maskedKey(last4 string) string {
	if last4 == "" {
		return ""
	}
	return "••••" + last4
}

func providerTest(cfg *models.ProviderConfig) views.ProviderTest {
	return views.ProviderTest{ID: cfg.ID, TestedAt: cfg.LastTestedAt, OK: cfg.LastTestOK,
		LatencyMS: cfg.LastTestLatencyMS, Error: cfg.LastTestError}
}

func (h *providersHandler) showNewProvider(c *fiber.Ctx) error {
	cs, err := h.store.ProviderConfigs(c.UserContext())
	if err != nil {
		return err
	}
	// A new provider goes to the end of the chain unless the admin says
	// otherwise, so adding one never changes who answers first by surprise.
	prio := 10
	for _, cfg := range cs {
		if cfg.Priority+10 > prio {
			prio = cfg.Priority + 10
		}
	}
	f := views.ProviderForm{ProviderType: domain.ProviderGemini, Priority: strconv.Itoa(prio), IsActive: true, RPMLimit: "0"}
	return render(c, fiber.StatusOK, views.ProviderFormPage(h.site.page(c, "Add provider"), f))
}

func (h *providersHandler) showEditProvider(c *fiber.Ctx) error {
	cfg, err := h.providerOf(c)
	if err != nil {
		return err
	}
	f := views.ProviderForm{ID: cfg.ID, Name: cfg.Name, ProviderType: cfg.ProviderType, BaseURL: cfg.BaseURL,
		FastModel: cfg.FastModel, QualityModel: cfg.QualityModel, Priority: strconv.Itoa(cfg.Priority),
		IsActive: cfg.IsActive, RPMLimit: strconv.Itoa(cfg.RPMLimit), KeyLast4: cfg.APIKeyLast4}
	return render(c, fiber.StatusOK, views.ProviderFormPage(h.site.page(c, "Edit "+cfg.Name), f))
}

func (h *providersHandler) createProvider(c *fiber.Ctx) error { return h.saveProviderForm(c, 0) }

func (h *providersHandler) updateProvider(c *fiber.Ctx) error {
	cfg, err := h.providerOf(c)
	if err != nil {
		return err
	}
	return h.saveProviderForm(c, cfg.ID)
}

// saveProviderForm stores the add or edit form, or shows it again with its
// errors (422). The key field is never sent back.
func (h *providersHandler) saveProviderForm(c *fiber.Ctx, id uint) error {
	f := views.ProviderForm{ID: id, Name: c.FormValue("name"), ProviderType: c.FormValue("provider_type"),
		BaseURL: c.FormValue("base_url"), FastModel: c.FormValue("fast_model"), QualityModel: c.FormValue("quality_model"),
		Priority: strings.TrimSpace(c.FormValue("priority")), IsActive: c.FormValue("is_active") != "",
		RPMLimit: strings.TrimSpace(c.FormValue("rpm_limit"))}
	key := c.FormValue("api_key")
	active := f.IsActive
	in := models.ProviderInput{Name: f.Name, ProviderType: f.ProviderType, BaseURL: f.BaseURL, APIKey: &key,
		FastModel: f.FastModel, QualityModel: f.QualityModel, IsActive: &active}
	errs := map[string]string{}
	if f.Priority != "" {
		n, err := strconv.Atoi(f.Priority)
		if err != nil || n < 0 {
			errs["priority"] = "Enter a whole number, 0 or more; lower numbers are tried first."
		} else {
			in.Priority = &n
		}
	}
	if f.RPMLimit != "" {
		n, err := strconv.Atoi(f.RPMLimit)
		if err != nil {
			errs["rpm_limit"] = "Enter a whole number of requests per minute, or 0 for no limit."
		} else {
			in.RPMLimit = n
		}
	}
	var old *models.ProviderConfig
	if id != 0 {
		var err error
		if old, err = h.store.ProviderConfig(c.UserContext(), id); err != nil {
			return err
		}
		f.KeyLast4 = old.APIKeyLast4
	}
	check := in // Validate fills in defaults; the form shows what was typed
	for k, v := range check.Validate(id == 0) {
		if errs[k] == "" {
			errs[k] = v
		}
	}
	var cfg *models.ProviderConfig
	if len(errs) == 0 {
		var err error
		if cfg, err = h.configs.SaveConfig(c.UserContext(), id, in); err != nil {
			var ae *apperr.Error
			if !errors.As(err, &ae) || len(ae.Fields) == 0 {
				return err
			}
			errs = ae.Fields
		}
	}
	if len(errs) > 0 {
		f.Errors = errs
		title := "Add provider"
		if id != 0 {
			title = "Edit provider"
		}
		return render(c, fiber.StatusUnprocessableEntity, views.ProviderFormPage(h.site.page(c, title), f))
	}
	h.audit.providerSaved(c, old, cfg, key != "")
	h.site.log.Info("provider config saved", "config_id", cfg.ID, "provider_type", cfg.ProviderType,
		"active", cfg.IsActive, "by", currentUser(c).ID)
	flash(c, "Saved “"+cfg.Name+"”. The next AI call uses it; press Test to check it answers.")
	return c.Redirect("/admin/providers", fiber.StatusSeeOther)
}

func (h *providersHandler) moveProvider(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	dir := c.FormValue("dir")
	if dir != "up" && dir != "down" {
		return apperr.New(apperr.EINVALID, "Move a provider up or down with the arrow buttons.")
	}
	if err := h.configs.MoveConfig(c.UserContext(), id, dir == "up"); err != nil {
		return err
	}
	h.audit.record(c, "provider.moved", "provider", id, "Moved provider "+strconv.FormatUint(uint64(id), 10)+" "+dir+" the fallback order", nil, map[string]any{"direction": dir})
	return c.Redirect("/admin/providers", fiber.StatusSeeOther)
}

func (h *providersHandler) toggleProvider(c *fiber.Ctx) error {
	cfg, err := h.providerOf(c)
	if err != nil {
		return err
	}
	if err := h.configs.SetConfigActive(c.UserContext(), cfg.ID, !cfg.IsActive); err != nil {
		return err
	}
	h.audit.record(c, map[bool]string{true: "provider.disabled", false: "provider.enabled"}[cfg.IsActive], "provider", cfg.ID,
		map[bool]string{true: "Disabled", false: "Enabled"}[cfg.IsActive]+" provider “"+cfg.Name+"”",
		map[string]any{"is_active": cfg.IsActive}, map[string]any{"is_active": !cfg.IsActive})
	if cfg.IsActive {
		flash(c, "Disabled “"+cfg.Name+"”. The next AI call skips it.")
	} else {
		flash(c, "Enabled “"+cfg.Name+"”. The next AI call can use it.")
	}
	return c.Redirect("/admin/providers", fiber.StatusSeeOther)
}

func (h *providersHandler) showDeleteProvider(c *fiber.Ctx) error {
	cfg, err := h.providerOf(c)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.DeleteProviderPage(h.site.page(c, "Delete "+cfg.Name),
		views.DeleteProvider{ID: cfg.ID, Name: cfg.Name, Type: cfg.ProviderType}))
}

func (h *providersHandler) deleteProvider(c *fiber.Ctx) error {
	cfg, err := h.providerOf(c)
	if err != nil {
		return err
	}
	if err := h.configs.DeleteConfig(c.UserContext(), cfg.ID); err != nil {
		return err
	}
	h.audit.record(c, "provider.deleted", "provider", cfg.ID, "Deleted provider “"+cfg.Name+"” and its key", providerAudit(cfg), nil)
	h.site.log.Info("provider config deleted", "config_id", cfg.ID, "by", currentUser(c).ID)
	flash(c, "Deleted “"+cfg.Name+"” and its key.")
	return c.Redirect("/admin/providers", fiber.StatusSeeOther)
}

// testProvider answers the Test button: an htmx request gets the result
// fragment for the row, a plain form a redirect with the result as flash.
func (h *providersHandler) testProvider(c *fiber.Ctx) error {
	cfg, err := h.providerOf(c)
	if err != nil {
		return err
	}
	res := h.runProviderTest(c.UserContext(), currentUser(c).ID, cfg)
	h.audit.record(c, "provider.tested", "provider", cfg.ID, "Tested provider “"+cfg.Name+"”", nil, res)
	if isHTMX(c) {
		now := time.Now()
		return render(c, fiber.StatusOK, views.ProviderTestResult(views.ProviderTest{ID: cfg.ID, TestedAt: &now,
			OK: res.OK, LatencyMS: res.LatencyMS, Error: res.Error}))
	}
	if res.OK {
		flash(c, "“"+cfg.Name+"” answered in "+strconv.FormatInt(res.LatencyMS, 10)+" ms.")
	} else {
		flash(c, "“"+cfg.Name+"” failed the test: "+res.Error)
	}
	return c.Redirect("/admin/providers", fiber.StatusSeeOther)
}

// providerTestResult is the JSON answer of a test, and what the pages show.
type providerTestResult struct {
	OK        bool   `json:"ok"`
	LatencyMS int64  `json:"latency_ms"`
	Error     string `json:"error"`
}

// runProviderTest makes one small real call to the config's fast model
// through the orchestrator (TestLink: no retries, no fallback, one usage
// row charged to the admin), and stores the outcome on the config.
func (h *providersHandler) runProviderTest(ctx context.Context, adminID uint, cfg *models.ProviderConfig) providerTestResult {
	var res providerTestResult
	latency, err := h.callProvider(ctx, adminID, cfg)
	res.LatencyMS = latency.Milliseconds()
	if err != nil {
		res.Error = h.scrubKey(cfg, testFailure(err))
	} else {
		res.OK = true
	}
	// The page must show the outcome even if the client went away.
	if err := h.store.RecordProviderTest(context.WithoutCancel(ctx), cfg.ID, res.OK, time.Duration(res.LatencyMS)*time.Millisecond, res.Error); err != nil {
		h.site.log.Warn("record provider test", "config_id", cfg.ID, "error", err)
	}
	h.site.log.Info("provider tested", "config_id", cfg.ID, "provider_type", cfg.ProviderType, "ok", res.OK,
		"latency_ms", res.LatencyMS, "error", res.Error)
	return res
}

func (h *providersHandler) callProvider(ctx context.Context, adminID uint, cfg *models.ProviderConfig) (time.Duration, error) {
	if h.circuits == nil {
		return 0, errors.New("no orchestrator is wired into this server")
	}
	ctx, cancel := context.WithTimeout(ctx, providerTestTimeout)
	defer cancel()
	return h.circuits.TestLink(ctx, adminID, cfg.LinkConfig())
}

// testFailure says what a failed test means and what to check, followed by
// the provider's own (redacted) words.
func testFailure(err error) string {
	detail := secret.Redact(err.Error())
	switch provider.Classify(err) {
	case provider.ClassAuth:
		return "The provider refused the key. Paste a valid API key (and check the account has credit). Details: " + detail
	case provider.ClassRetryable:
		if errors.Is(err, context.DeadlineExceeded) {
			return "No answer within 20 seconds. Check the base URL, or try again when the provider is less busy. Details: " + detail
		}
		return "The provider is unreachable or overloaded. Check the base URL, or try again in a minute. Details: " + detail
	}
	return "The call failed. Check the model names and the base URL. Details: " + detail
}

// scrubKey removes the config's own key from a message even where Redact's
// patterns do not recognise it (a self-hosted server's free-form key echoed
// in an error body).
func (h *providersHandler) scrubKey(cfg *models.ProviderConfig, msg string) string {
	if msg == "" || cfg.APIKeyEncrypted == "" || h.cipher == nil {
		return msg
	}
	key, err := h.cipher.Decrypt(cfg.APIKeyEncrypted, secret.ConfigAAD(cfg.ID))
	if err != nil || len(key) < 4 {
		return msg
	}
	return strings.ReplaceAll(msg, key, "[redacted]")
}

func (h *providersHandler) providerOf(c *fiber.Ctx) (*models.ProviderConfig, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return nil, err
	}
	return h.store.ProviderConfig(c.UserContext(), id)
}

// The super-admin JSON API for provider configs. Answers are the config's
// JSON, with api_key_last4 and never the key or its ciphertext.

func (h *providersHandler) apiListProviders(c *fiber.Ctx) error {
	cs, err := h.store.ProviderConfigs(c.UserContext())
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []models.ProviderConfig{}
	}
	return c.JSON(cs)
}

func (h *providersHandler) apiGetProvider(c *fiber.Ctx) error {
	cfg, err := h.providerOf(c)
	if err != nil {
		return err
	}
	return c.JSON(cfg)
}

func (h *providersHandler) apiCreateProvider(c *fiber.Ctx) error {
	var in models.ProviderInput
	if err := parseJSON(c, &in); err != nil {
		return err
	}
	cfg, err := h.configs.SaveConfig(c.UserContext(), 0, in)
	if err != nil {
		return err
	}
	h.audit.providerSaved(c, nil, cfg, false)
	h.site.log.Info("provider config created", "config_id", cfg.ID, "provider_type", cfg.ProviderType, "by", currentUser(c).ID)
	return c.Status(fiber.StatusCreated).JSON(cfg)
}

// apiUpdateProvider changes the fields the body names and keeps the rest,
// so {"is_active": false} alone disables a provider. The key changes only
// when api_key is sent and not empty.
func (h *providersHandler) apiUpdateProvider(c *fiber.Ctx) error {
	cfg, err := h.providerOf(c)
	if err != nil {
		return err
	}
	in := models.ProviderInput{Name: cfg.Name, ProviderType: cfg.ProviderType, BaseURL: cfg.BaseURL,
		FastModel: cfg.FastModel, QualityModel: cfg.QualityModel, RPMLimit: cfg.RPMLimit}
	if err := parseJSON(c, &in); err != nil {
		return err
	}
	in.Priority, in.IsActive = orDefault(in.Priority, cfg.Priority), orDefault(in.IsActive, cfg.IsActive)
	out, err := h.configs.SaveConfig(c.UserContext(), cfg.ID, in)
	if err != nil {
		return err
	}
	h.audit.providerSaved(c, cfg, out, in.APIKey != nil && *in.APIKey != "")
	h.site.log.Info("provider config updated", "config_id", cfg.ID, "active", out.IsActive, "by", currentUser(c).ID)
	return c.JSON(out)
}

// orDefault is p, or a pointer to v when the JSON body left p out.
func orDefault[T any](p *T, v T) *T {
	if p != nil {
		return p
	}
	return &v
}

func (h *providersHandler) apiDeleteProvider(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	old, err := h.store.ProviderConfig(c.UserContext(), id)
	if err != nil {
		return err
	}
	if err := h.configs.DeleteConfig(c.UserContext(), id); err != nil {
		return err
	}
	h.audit.record(c, "provider.deleted", "provider", id, "Deleted provider “"+old.Name+"” and its key", providerAudit(old), nil)
	h.site.log.Info("provider config deleted", "config_id", id, "by", currentUser(c).ID)
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *providersHandler) apiTestProvider(c *fiber.Ctx) error {
	cfg, err := h.providerOf(c)
	if err != nil {
		return err
	}
	res := h.runProviderTest(c.UserContext(), currentUser(c).ID, cfg)
	h.audit.record(c, "provider.tested", "provider", cfg.ID, "Tested provider “"+cfg.Name+"”", nil, res)
	return c.JSON(res)
}
