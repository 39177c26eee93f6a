package models

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"gorm.io/gorm"

	"tailor/apperr"
	"tailor/billing"
	"tailor/domain"
	"tailor/secret"
)

// ProviderConfig is an AI provider an admin configured
// (ai_provider_configs). The API key is stored only encrypted; the JSON
// form of a config carries its last four characters, never the key.
type ProviderConfig struct {
	ID                uint       `gorm:"primaryKey" json:"id"`
	Name              string     `json:"name"`
	ProviderType      string     `json:"provider_type"`
	BaseURL           string     `json:"base_url"`
	APIKeyEncrypted   string     `json:"-"`
	APIKeyLast4       string     `json:"api_key_last4"`
	FastModel         string     `json:"fast_model"`
	QualityModel      string     `json:"quality_model"`
	Priority          int        `json:"priority"`
	IsActive          bool       `json:"is_active"`
	RPMLimit          int        `gorm:"column:rpm_limit" json:"rpm_limit"`
	LastTestedAt      *time.Time `json:"last_tested_at"`
	LastTestOK        bool       `gorm:"column:last_test_ok" json:"last_test_ok"`
	LastTestError     string     `json:"last_test_error"`
	LastTestLatencyMS int64      `gorm:"column:last_test_latency_ms" json:"last_test_latency_ms"`
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`
}

// TableName implements gorm's Tabler.
func (ProviderConfig) TableName() string { return "ai_provider_configs" }

// ProviderInput is a create or update of a config. APIKey is write-only:
// nil (or empty on update) keeps the stored key.
type ProviderInput struct {
	Name         string  `json:"name" form:"name"`
	ProviderType string  `json:"provider_type" form:"provider_type"`
	BaseURL      string  `json:"base_url" form:"base_url"`
	APIKey       *string `json:"api_key" form:"-"`
	FastModel    string  `json:"fast_model" form:"fast_model"`
	QualityModel string  `json:"quality_model" form:"quality_model"`
	Priority     *int    `json:"priority" form:"-"`
	IsActive     *bool   `json:"is_active" form:"-"`
	RPMLimit     int     `json:"rpm_limit" form:"rpm_limit"`
}

// Validate returns a message per broken field. creating says whether a key
// is required (it is for every type but openai_compatible).
func (in *ProviderInput) Validate(creating bool) map[string]string {
	in.Name, in.BaseURL = strings.TrimSpace(in.Name), strings.TrimSpace(in.BaseURL)
	in.FastModel, in.QualityModel = strings.TrimSpace(in.FastModel), strings.TrimSpace(in.QualityModel)
	errs := map[string]string{}
	if in.Name == "" {
		errs["name"] = "Give the provider a name, e.g. “Gemini production”."
	}
	valid := false
	for _, t := range domain.ProviderTypes {
		valid = valid || in.ProviderType == t
	}
	if !valid {
		errs["provider_type"] = "Choose gemini, openai, openai_compatible or anthropic."
	}
	if in.BaseURL != "" {
		if u, err := url.Parse(in.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs["base_url"] = "Enter a full URL such as http://localhost:11434/v1, or leave it empty for the provider's own."
		}
	} else if in.ProviderType == domain.ProviderOpenAICompatible {
		errs["base_url"] = "An OpenAI-compatible server needs its URL, e.g. http://localhost:11434/v1 for Ollama."
	}
	if creating && in.ProviderType != domain.ProviderOpenAICompatible && (in.APIKey == nil || strings.TrimSpace(*in.APIKey) == "") {
		errs["api_key"] = "Paste the API key from the provider's console."
	}
	fast, quality := domain.DefaultModels(in.ProviderType)
	if in.FastModel == "" {
		in.FastModel = fast
	}
	if in.QualityModel == "" {
		in.QualityModel = quality
	}
	if in.FastModel == "" {
		errs["fast_model"] = "Name the model for fast tasks (as the server calls it, e.g. llama3.1:8b)."
	}
	if in.QualityModel == "" {
		in.QualityModel = in.FastModel
	}
	if in.RPMLimit < 0 {
		errs["rpm_limit"] = "Use 0 for no limit, or a positive number of requests per minute."
	}
	return errs
}

// LinkConfig is what the orchestrator's chain builds this config's provider from.
func (c ProviderConfig) LinkConfig() domain.LinkConfig {
	return domain.LinkConfig{ID: c.ID, ProviderType: c.ProviderType, BaseURL: c.BaseURL, APIKeyEncrypted: c.APIKeyEncrypted,
		FastModel: c.FastModel, QualityModel: c.QualityModel, RPMLimit: c.RPMLimit, UpdatedAt: c.UpdatedAt}
}

// ActiveLinkConfigs returns the active configs by priority, as the
// orchestrator's chain reads them (it implements orchestrator.ConfigStore).
func (db *DB) ActiveLinkConfigs(ctx context.Context) ([]domain.LinkConfig, error) {
	var cs []ProviderConfig
	if err := db.ctx(ctx).Where("is_active = ?", true).Order("priority, id").Find(&cs).Error; err != nil {
		return nil, err
	}
	out := make([]domain.LinkConfig, len(cs))
	for i, c := range cs {
		out[i] = c.LinkConfig()
	}
	return out, nil
}

// ProviderConfigs returns every config, by priority.
func (db *DB) ProviderConfigs(ctx context.Context) ([]ProviderConfig, error) {
	var cs []ProviderConfig
	err := db.ctx(ctx).Order("priority, id").Find(&cs).Error
	return cs, err
}

// ProviderConfig returns one config.
func (db *DB) ProviderConfig(ctx context.Context, id uint) (*ProviderConfig, error) {
	var c ProviderConfig
	if err := db.ctx(ctx).Take(&c, id).Error; err != nil {
		return nil, notFound(err, "provider config")
	}
	return &c, nil
}

// KeyEncrypter seals an API key for its row (*secret.Cipher): storage keeps
// only what it is given, sealed by the caller's key.
type KeyEncrypter interface {
	Encrypt(plaintext string, aad []byte) (string, error)
}

// KeyRotator re-seals stored API keys under the current key (*secret.Cipher).
type KeyRotator interface {
	NeedsRotation(ciphertext string) bool
	Rotate(ciphertext string, aad []byte) (string, error)
}

// SaveProviderConfig creates (id 0) or updates a config, encrypting a new
// key with the config id as associated data (secret.ConfigAAD), so a key
// copied onto another row does not decrypt.
func (db *DB) SaveProviderConfig(ctx context.Context, id uint, in ProviderInput, cipher KeyEncrypter) (*ProviderConfig, error) {
	if errs := in.Validate(id == 0); len(errs) > 0 {
		return nil, apperr.Invalid(errs, "Fix the highlighted fields: %s", firstOf(errs))
	}
	var out ProviderConfig
	err := db.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		now := db.now()
		c := ProviderConfig{IsActive: true, Priority: 100, CreatedAt: now}
		if id != 0 {
			if err := tx.Take(&c, id).Error; err != nil {
				return notFound(err, "provider config")
			}
		}
		c.Name, c.ProviderType, c.BaseURL = in.Name, in.ProviderType, in.BaseURL
		c.FastModel, c.QualityModel, c.RPMLimit, c.UpdatedAt = in.FastModel, in.QualityModel, in.RPMLimit, now
		if in.Priority != nil {
			c.Priority = *in.Priority
		}
		if in.IsActive != nil {
			c.IsActive = *in.IsActive
		}
		if err := tx.Save(&c).Error; err != nil { // gives a new row its id
			return err
		}
		if in.APIKey != nil && strings.TrimSpace(*in.APIKey) != "" {
			key := strings.TrimSpace(*in.APIKey)
			enc, err := cipher.Encrypt(key, secret.ConfigAAD(c.ID))
			if err != nil {
				return err
			}
			c.APIKeyEncrypted, c.APIKeyLast4 = enc, secret.KeyLast4(key)
			if err := tx.Model(&c).Select("api_key_encrypted", "api_key_last4").Updates(&c).Error; err != nil {
				return err
			}
		}
		out = c
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// SetProviderActive enables or disables a config.
func (db *DB) SetProviderActive(ctx context.Context, id uint, active bool) error {
	res := db.ctx(ctx).Model(&ProviderConfig{}).Where("id = ?", id).Updates(map[string]any{"is_active": active, "updated_at": db.now()})
	if res.Error == nil && res.RowsAffected == 0 {
		return notFound(gorm.ErrRecordNotFound, "provider config")
	}
	return res.Error
}

// MoveProvider swaps a config's priority with its neighbour (up or down).
func (db *DB) MoveProvider(ctx context.Context, id uint, up bool) error {
	return db.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var all []ProviderConfig
		if err := tx.Order("priority, id").Find(&all).Error; err != nil {
			return err
		}
		for i := range all {
			if all[i].ID != id {
				continue
			}
			j := i + 1
			if up {
				j = i - 1
			}
			if j < 0 || j >= len(all) {
				return nil
			}
			all[i], all[j] = all[j], all[i]
			for k := range all { // renumber so equal priorities cannot tie
				if err := tx.Model(&ProviderConfig{}).Where("id = ?", all[k].ID).
					Updates(map[string]any{"priority": (k + 1) * 10, "updated_at": db.now()}).Error; err != nil {
					return err
				}
			}
			return nil
		}
		return notFound(gorm.ErrRecordNotFound, "provider config")
	})
}

// DeleteProviderConfig removes a config.
func (db *DB) DeleteProviderConfig(ctx context.Context, id uint) error {
	res := db.ctx(ctx).Delete(&ProviderConfig{}, id)
	if res.Error == nil && res.RowsAffected == 0 {
		return notFound(gorm.ErrRecordNotFound, "provider config")
	}
	return res.Error
}

// RecordProviderTest stores the outcome of a Test button press.
func (db *DB) RecordProviderTest(ctx context.Context, id uint, ok bool, latency time.Duration, errMsg string) error {
	now := db.now()
	return db.ctx(ctx).Model(&ProviderConfig{}).Where("id = ?", id).Updates(map[string]any{
		"last_tested_at": now, "last_test_ok": ok, "last_test_error": secret.Redact(errMsg),
		"last_test_latency_ms": latency.Milliseconds()}).Error
}

// RotateKeys re-encrypts every stored key with the cipher's primary key.
func (db *DB) RotateKeys(ctx context.Context, cipher KeyRotator) (int, error) {
	n := 0
	err := db.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var cs []ProviderConfig
		if err := tx.Where("api_key_encrypted <> ''").Find(&cs).Error; err != nil {
			return err
		}
		for _, c := range cs {
			if !cipher.NeedsRotation(c.APIKeyEncrypted) {
				continue
			}
			enc, err := cipher.Rotate(c.APIKeyEncrypted, secret.ConfigAAD(c.ID))
			if err != nil {
				return fmt.Errorf("config %d: %w", c.ID, err)
			}
			if err := tx.Model(&ProviderConfig{}).Where("id = ?", c.ID).Update("api_key_encrypted", enc).Error; err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// ProviderHealth is a config's record over a window, from the usage log.
type ProviderHealth struct {
	ProviderConfigID uint
	Calls            int64
	Errors           int64
	P95LatencyMS     int64
}

// ProviderHealthSince summarises each config's attempts since t.
func (db *DB) ProviderHealthSince(ctx context.Context, t time.Time) (map[uint]ProviderHealth, error) {
	var rows []struct {
		ProviderConfigID uint
		Status           string
		LatencyMS        int64
	}
	err := db.ctx(ctx).Model(&UsageLog{}).Select("provider_config_id, status, latency_ms").
		Where("provider_config_id IS NOT NULL AND created_at >= ? AND status IN ?", t.UTC(), []string{billing.StatusSuccess, billing.StatusError}).
		Order("provider_config_id, latency_ms").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := map[uint]ProviderHealth{}
	lat := map[uint][]int64{}
	for _, r := range rows {
		h := out[r.ProviderConfigID]
		h.ProviderConfigID = r.ProviderConfigID
		h.Calls++
		if r.Status == billing.StatusError {
			h.Errors++
		}
		out[r.ProviderConfigID] = h
		lat[r.ProviderConfigID] = append(lat[r.ProviderConfigID], r.LatencyMS)
	}
	for id, ls := range lat { // sorted by the query
		h := out[id]
		h.P95LatencyMS = percentile(ls, 95)
		out[id] = h
	}
	return out, nil
}

func firstOf(m map[string]string) string {
	for _, v := range m {
		return v
	}
	return ""
}
