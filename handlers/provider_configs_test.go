package handlers

import (
	"bytes"
	"context"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"tailor/billing"
	"tailor/domain"
	"tailor/models"
	"tailor/models/dbtest"
	"tailor/orchestrator"
	"tailor/orchestrator/provider/builtin"
	"tailor/secret"
)

// countingConfigs counts the chain's reads of the real store.
type countingConfigs struct {
	*models.DB
	reads atomic.Int64
}

func (s *countingConfigs) ActiveLinkConfigs(ctx context.Context) ([]domain.LinkConfig, error) {
	s.reads.Add(1)
	return s.DB.ActiveLinkConfigs(ctx)
}

// resets records the circuits a change reset.
type resets struct{ keys []string }

func (r *resets) ResetCircuit(key string) { r.keys = append(r.keys, key) }

// chainIDs is the config ids of a chain's links, in order; 0 for a link
// that is no config (the builtin provider).
func chainIDs(t *testing.T, s *providerConfigs) []uint {
	t.Helper()
	links, err := s.Chain(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []uint
	for _, l := range links {
		if l.ConfigID == nil {
			ids = append(ids, 0)
			continue
		}
		ids = append(ids, *l.ConfigID)
	}
	return ids
}

// Every change of the provider configs made through the service is what
// the very next AI call's chain holds, though the chain is cached for an
// hour; the changed config's circuit is reset. A change the store refuses
// (bad input, a missing config, a cancelled request) stores nothing, and
// the cached chain is kept: no read, no reset.
func TestProviderConfigsWriteThrough(t *testing.T) {
	dbtest.Dialects(t, func(t *testing.T, db *models.DB) {
		ctx := context.Background()
		cipher, err := secret.NewCipher(bytes.Repeat([]byte{3}, 32))
		if err != nil {
			t.Fatal(err)
		}
		store := &countingConfigs{DB: db}
		chain := orchestrator.NewDBChain(orchestrator.DBChainOptions{Store: store, Cipher: cipher, TTL: time.Hour,
			Builtin: orchestrator.Link{Provider: builtin.New(map[billing.Task]builtin.Func{}), FastModel: "builtin", QualityModel: "builtin"}})
		circuits := &resets{}
		s := newProviderConfigs(db, cipher, chain, circuits)
		key := func(id uint) string { return orchestrator.CircuitKey(orchestrator.Link{ConfigID: &id}) }
		input := func(name string, prio int, active bool) models.ProviderInput {
			k := "sk-test-" + name + "-0123456789"
			return models.ProviderInput{Name: name, ProviderType: domain.ProviderOpenAI, APIKey: &k, Priority: &prio, IsActive: &active}
		}
		expect := func(step string, want ...uint) {
			t.Helper()
			if got := chainIDs(t, s); !slices.Equal(got, want) {
				t.Fatalf("%s: the next call's chain is %v, want %v", step, got, want)
			}
		}

		expect("no configs", 0)
		a, err := s.SaveConfig(ctx, 0, input("a", 10, true))
		if err != nil {
			t.Fatal(err)
		}
		expect("after adding a", a.ID)
		b, err := s.SaveConfig(ctx, 0, input("b", 20, true))
		if err != nil {
			t.Fatal(err)
		}
		expect("after adding b", a.ID, b.ID)
		if err := s.MoveConfig(ctx, b.ID, true); err != nil {
			t.Fatal(err)
		}
		expect("after moving b up", b.ID, a.ID)
		if err := s.SetConfigActive(ctx, a.ID, false); err != nil {
			t.Fatal(err)
		}
		expect("after disabling a", b.ID)
		in := input("b", 10, true)
		in.APIKey, in.QualityModel = nil, "gpt-4.1"
		if _, err := s.SaveConfig(ctx, b.ID, in); err != nil {
			t.Fatal(err)
		}
		links, err := s.Chain(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(links) != 1 || links[0].QualityModel != "gpt-4.1" {
			t.Fatalf("after editing b the chain is %+v, want b with quality model gpt-4.1", links)
		}
		if err := s.DeleteConfig(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		expect("after deleting b", 0)
		if want := []string{key(a.ID), key(b.ID), key(a.ID), key(b.ID), key(b.ID)}; !slices.Equal(circuits.keys, want) {
			t.Fatalf("circuits reset %v, want %v (every change but the move)", circuits.keys, want)
		}

		// Refused changes: nothing stored, the cached chain kept.
		if err := s.SetConfigActive(ctx, a.ID, true); err != nil {
			t.Fatal(err)
		}
		expect("after enabling a", a.ID)
		reads, reset := store.reads.Load(), len(circuits.keys)
		if _, err := s.SaveConfig(ctx, 0, models.ProviderInput{ProviderType: domain.ProviderOpenAI}); err == nil {
			t.Fatal("a config with no name or key was saved")
		}
		if err := s.DeleteConfig(ctx, b.ID); err == nil {
			t.Fatal("deleting a deleted config succeeded")
		}
		if err := s.SetConfigActive(ctx, b.ID, true); err == nil {
			t.Fatal("enabling a deleted config succeeded")
		}
		if err := s.MoveConfig(ctx, b.ID, false); err == nil {
			t.Fatal("moving a deleted config succeeded")
		}
		gone, cancel := context.WithCancel(ctx)
		cancel()
		if err := s.SetConfigActive(gone, a.ID, false); err == nil {
			t.Fatal("disabling a with a cancelled request succeeded")
		}
		if err := s.DeleteConfig(gone, a.ID); err == nil {
			t.Fatal("deleting a with a cancelled request succeeded")
		}
		if _, err := s.SaveConfig(gone, a.ID, input("renamed", 5, false)); err == nil {
			t.Fatal("saving a with a cancelled request succeeded")
		}
		expect("after the refused changes", a.ID)
		if n := store.reads.Load() - reads; n != 0 {
			t.Fatalf("%d reads of the configs after refused changes, want 0", n)
		}
		if len(circuits.keys) != reset {
			t.Fatalf("refused changes reset circuits: %v", circuits.keys[reset:])
		}
		stored, err := db.ProviderConfigs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(stored) != 1 || stored[0].ID != a.ID || stored[0].Name != "a" || !stored[0].IsActive {
			t.Fatalf("stored configs after refused changes: %+v, want a alone, active, unrenamed", stored)
		}
	})
}

// Without a chain or circuits wired (tests of pages alone) the service
// still writes, and names no links.
func TestProviderConfigsWithoutChain(t *testing.T) {
	db := dbtest.Open(t, "sqlite")
	cipher, err := secret.NewCipher(bytes.Repeat([]byte{3}, 32))
	if err != nil {
		t.Fatal(err)
	}
	s := newProviderConfigs(db, cipher, nil, nil)
	if s.chain != nil || s.circuits != nil {
		t.Fatal("a nil chain or circuits became a non-nil interface")
	}
	k := "sk-test-0123456789"
	cfg, err := s.SaveConfig(context.Background(), 0, models.ProviderInput{Name: "a", ProviderType: domain.ProviderOpenAI, APIKey: &k})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteConfig(context.Background(), cfg.ID); err != nil {
		t.Fatal(err)
	}
	if links, err := s.Chain(context.Background()); err != nil || links != nil {
		t.Fatalf("Chain without a chain = %v, %v", links, err)
	}
}
