package orchestrator

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"tailor/domain"
	"tailor/orchestrator/provider"
	"tailor/orchestrator/provider/builtin"
	"tailor/secret"
)

// ConfigStore is where the chain reads the provider configs an admin made
// (*models.DB). The keys come encrypted; the chain decrypts them.
type ConfigStore interface {
	// ActiveLinkConfigs returns the active configs, by priority.
	ActiveLinkConfigs(ctx context.Context) ([]domain.LinkConfig, error)
}

// DBChainOptions configure a DBChain. Store and Cipher are required.
type DBChainOptions struct {
	Store  ConfigStore
	Cipher *secret.Cipher
	// Client makes the providers' HTTP requests; nil means a fresh client.
	Client *http.Client
	// Env are the links from the environment (EnvChain), after the configs.
	Env []Link
	// Builtin answers when nothing else is configured.
	Builtin Link
	// Logger reports configs left out of the chain; nil means slog.Default().
	Logger *slog.Logger
	// TTL is how long a read of the configs serves; 0 means 2 s.
	TTL time.Duration
}

// DBChain is the provider chain read from the configs store: active
// configs by priority, then providers from the environment, then the
// builtin provider only when nothing else is configured. It is cached for
// a moment and rebuilt when a config changes here (Invalidate) or
// elsewhere (after the TTL), so no restart is ever needed.
type DBChain struct {
	store   ConfigStore
	cipher  *secret.Cipher
	client  *http.Client
	env     []Link
	builtin Link
	log     *slog.Logger
	ttl     time.Duration

	mu        sync.Mutex
	links     []Link
	loadedAt  time.Time
	providers map[uint]cachedProvider
}

type cachedProvider struct {
	updated time.Time
	p       provider.Provider
}

// NewDBChain returns the chain built from a config store.
func NewDBChain(o DBChainOptions) *DBChain {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.TTL <= 0 {
		o.TTL = 2 * time.Second
	}
	return &DBChain{store: o.Store, cipher: o.Cipher, client: o.Client, env: o.Env, builtin: o.Builtin,
		log: o.Logger, ttl: o.TTL, providers: map[uint]cachedProvider{}}
}

// Invalidate makes the next call read the configs again.
func (c *DBChain) Invalidate() {
	c.mu.Lock()
	c.loadedAt = time.Time{}
	c.mu.Unlock()
}

// Chain implements ChainSource.
func (c *DBChain) Chain(ctx context.Context) ([]Link, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loadedAt.IsZero() && time.Since(c.loadedAt) < c.ttl {
		return c.links, nil
	}
	cs, err := c.store.ActiveLinkConfigs(ctx)
	if err != nil {
		return nil, err
	}
	var links []Link
	for _, cfg := range cs {
		l, err := c.link(cfg)
		if err != nil {
			c.log.Warn("provider config left out of the chain", "config_id", cfg.ID, "error", secret.Redact(err.Error()))
			continue
		}
		links = append(links, l)
	}
	links = append(links, c.env...)
	if len(links) == 0 {
		links = append(links, c.builtin)
	}
	c.links, c.loadedAt = links, time.Now()
	return links, nil
}

// Offline reports whether only the builtin provider would answer.
func (c *DBChain) Offline(ctx context.Context) bool {
	links, err := c.Chain(ctx)
	return err == nil && len(links) == 1 && links[0].Provider.Type() == builtin.Type
}

// Link builds (or reuses) the link of one config, the same way the chain
// does; TestLink uses it for the admin's Test button. It implements
// LinkBuilder.
func (c *DBChain) Link(cfg domain.LinkConfig) (Link, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.link(cfg)
}

func (c *DBChain) link(cfg domain.LinkConfig) (Link, error) {
	p, err := c.provider(cfg)
	if err != nil {
		return Link{}, err
	}
	id := cfg.ID
	return Link{ConfigID: &id, Provider: p, FastModel: cfg.FastModel, QualityModel: cfg.QualityModel,
		RPMLimit: cfg.RPMLimit}, nil
}

func (c *DBChain) provider(cfg domain.LinkConfig) (provider.Provider, error) {
	if cp, ok := c.providers[cfg.ID]; ok && cp.updated.Equal(cfg.UpdatedAt) {
		return cp.p, nil
	}
	key := ""
	if cfg.APIKeyEncrypted != "" {
		var err error
		if key, err = c.cipher.Decrypt(cfg.APIKeyEncrypted, secret.ConfigAAD(cfg.ID)); err != nil {
			return nil, fmt.Errorf("decrypt key: %w (was ENCRYPTION_KEY changed without tailor rotate-key?)", err)
		}
	}
	p, err := NewProvider(cfg.ProviderType, provider.Options{APIKey: key, BaseURL: cfg.BaseURL, HTTPClient: c.client})
	if err != nil {
		return nil, err
	}
	p = WithSecret(p, key)
	c.providers[cfg.ID] = cachedProvider{updated: cfg.UpdatedAt, p: p}
	return p, nil
}
