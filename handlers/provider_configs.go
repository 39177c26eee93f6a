package handlers

import (
	"context"

	"tailor/models"
	"tailor/orchestrator"
)

// configWriter writes the provider configs (*models.DB).
type configWriter interface {
	SaveProviderConfig(ctx context.Context, id uint, in models.ProviderInput, cipher models.KeyEncrypter) (*models.ProviderConfig, error)
	MoveProvider(ctx context.Context, id uint, up bool) error
	SetProviderActive(ctx context.Context, id uint, active bool) error
	DeleteProviderConfig(ctx context.Context, id uint) error
}

// chainCache is the orchestrator's cached provider chain
// (*orchestrator.DBChain), read again at the next call after Invalidate.
type chainCache interface {
	Chain(ctx context.Context) ([]orchestrator.Link, error)
	Invalidate()
}

// circuitResetter forgets a link's failures (*orchestrator.Orchestrator).
type circuitResetter interface {
	ResetCircuit(key string)
}

// providerConfigs is the provider configs as the orchestrator sees them:
// the chain they make, and how the admin pages change them. Each write
// method writes through the store and, once the write succeeded, makes
// this instance's next AI call read the configs again and gives the
// changed config a fresh circuit (its key or URL may have been fixed), so
// the handlers never keep the orchestrator's caches themselves. Other
// instances read the change within the chain's TTL. It lives here rather
// than on the orchestrator's DBChain because its input and output are
// models' types, which the orchestrator does not import.
type providerConfigs struct {
	store    configWriter
	cipher   models.KeyEncrypter // seals the keys admins enter
	chain    chainCache          // nil: no chain wired (tests of pages alone)
	circuits circuitResetter     // nil: none wired
}

// newProviderConfigs returns the write path of the provider configs; a nil
// chain or circuits is left out (a nil pointer must stay a nil interface).
func newProviderConfigs(store configWriter, cipher models.KeyEncrypter, chain *orchestrator.DBChain, circuits circuitResetter) *providerConfigs {
	s := &providerConfigs{store: store, cipher: cipher, circuits: circuits}
	if chain != nil {
		s.chain = chain
	}
	return s
}

// Chain returns the links the next AI call tries, in order; none when no
// chain is wired.
func (s *providerConfigs) Chain(ctx context.Context) ([]orchestrator.Link, error) {
	if s.chain == nil {
		return nil, nil
	}
	return s.chain.Chain(ctx)
}

// SaveConfig creates (id 0) or updates a config, sealing a new key.
func (s *providerConfigs) SaveConfig(ctx context.Context, id uint, in models.ProviderInput) (*models.ProviderConfig, error) {
	cfg, err := s.store.SaveProviderConfig(ctx, id, in, s.cipher)
	if err != nil {
		return nil, err
	}
	s.changed(cfg.ID)
	return cfg, nil
}

// MoveConfig swaps a config with its neighbour in the fallback order.
func (s *providerConfigs) MoveConfig(ctx context.Context, id uint, up bool) error {
	if err := s.store.MoveProvider(ctx, id, up); err != nil {
		return err
	}
	s.changed(0) // the order changed, not the config: its circuit stands
	return nil
}

// SetConfigActive enables or disables a config.
func (s *providerConfigs) SetConfigActive(ctx context.Context, id uint, active bool) error {
	if err := s.store.SetProviderActive(ctx, id, active); err != nil {
		return err
	}
	s.changed(id)
	return nil
}

// DeleteConfig removes a config and its key.
func (s *providerConfigs) DeleteConfig(ctx context.Context, id uint) error {
	if err := s.store.DeleteProviderConfig(ctx, id); err != nil {
		return err
	}
	s.changed(id)
	return nil
}

// changed makes the next AI call read the configs again and, for a
// config id, forgets its circuit's failures.
func (s *providerConfigs) changed(id uint) {
	if s.chain != nil {
		s.chain.Invalidate()
	}
	if id != 0 && s.circuits != nil {
		s.circuits.ResetCircuit(orchestrator.CircuitKey(orchestrator.Link{ConfigID: &id}))
	}
}
