package billing

import (
	"math/big"
	"sort"
	"strings"
)

// Price is what a model costs, in micro-USD per million tokens (so $0.30 per
// million input tokens is InputPerMillion 300_000). Integers all the way:
// a typical call costs a fraction of a cent.
type Price struct {
	InputPerMillion  int64
	OutputPerMillion int64
}

// Prices is the per-model price table. A Prices is an immutable snapshot:
// With and Without return changed copies, so a call prices its attempts
// with one table even while an admin edits it, and needs no lock.
type Prices struct {
	models map[string]Price
}

// DefaultPrices returns public list prices of the default models (standard
// tier, prompts under 200k tokens, as of 2025). They are a starting point;
// an admin corrects them in /admin.
func DefaultPrices() *Prices {
	return NewPrices(map[string]Price{
		"gemini-2.5-flash":  {InputPerMillion: 300_000, OutputPerMillion: 2_500_000},
		"gemini-2.5-pro":    {InputPerMillion: 1_250_000, OutputPerMillion: 10_000_000},
		"gpt-4o-mini":       {InputPerMillion: 150_000, OutputPerMillion: 600_000},
		"gpt-4o":            {InputPerMillion: 2_500_000, OutputPerMillion: 10_000_000},
		"claude-haiku-4-5":  {InputPerMillion: 1_000_000, OutputPerMillion: 5_000_000},
		"claude-sonnet-4-5": {InputPerMillion: 3_000_000, OutputPerMillion: 15_000_000},
	})
}

// NewPrices returns a table holding a copy of m.
func NewPrices(m map[string]Price) *Prices {
	p := &Prices{models: make(map[string]Price, len(m))}
	for k, v := range m {
		p.models[NormalizeModel(k)] = v
	}
	return p
}

// NormalizeModel is how a model is keyed in the price table: it makes
// "models/Gemini-2.5-Flash " and "gemini-2.5-flash" one key. The stored
// price table uses the same key.
func NormalizeModel(m string) string {
	return strings.TrimPrefix(strings.ToLower(strings.TrimSpace(m)), "models/")
}

// With returns a copy of p in which model costs price; p is unchanged.
func (p *Prices) With(model string, price Price) *Prices {
	q := p.clone()
	q.models[NormalizeModel(model)] = price
	return q
}

// Without returns a copy of p that does not know model, so its calls show
// as cost unknown; p is unchanged.
func (p *Prices) Without(model string) *Prices {
	q := p.clone()
	delete(q.models, NormalizeModel(model))
	return q
}

func (p *Prices) clone() *Prices {
	q := &Prices{models: map[string]Price{}}
	if p != nil {
		for k, v := range p.models {
			q.models[k] = v
		}
	}
	return q
}

// Price returns the price of a model. A dated snapshot without its own entry
// ("claude-haiku-4-5-20251001", "gpt-4o-2024-08-06") takes the price of the
// longest listed name it starts with followed by "-".
func (p *Prices) Price(model string) (Price, bool) {
	if p == nil {
		return Price{}, false
	}
	m := NormalizeModel(model)
	if pr, ok := p.models[m]; ok {
		return pr, true
	}
	best, found := "", false
	for k := range p.models {
		if strings.HasPrefix(m, k+"-") && len(k) > len(best) && isSnapshotSuffix(m[len(k)+1:]) {
			best, found = k, true
		}
	}
	if !found {
		return Price{}, false
	}
	return p.models[best], true
}

// isSnapshotSuffix accepts a date or version suffix ("20251001",
// "2024-08-06", "latest"), not another model name ("mini" of gpt-4o-mini).
func isSnapshotSuffix(s string) bool {
	if s == "latest" {
		return true
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return s != ""
}

// All returns a copy of the table, sorted by model name, for the admin pages.
func (p *Prices) All() []ModelPrice {
	if p == nil {
		return nil
	}
	out := make([]ModelPrice, 0, len(p.models))
	for k, v := range p.models {
		out = append(out, ModelPrice{Model: k, Price: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Model < out[j].Model })
	return out
}

// ModelPrice is one row of the price table.
type ModelPrice struct {
	Model string
	Price
}

// Cost returns the cost of a call in micro-USD, rounded half up, and whether
// the model's price is known. An unknown model is not free: known is false
// and the usage row says so.
func (p *Prices) Cost(model string, inputTokens, outputTokens int) (micros int64, known bool) {
	pr, ok := p.Price(model)
	if !ok {
		return 0, false
	}
	return costOf(pr, inputTokens, outputTokens), true
}

// costOf computes (in*inPrice + out*outPrice) / 1e6, half up, without
// overflow even for absurd inputs.
func costOf(pr Price, in, out int) int64 {
	if in < 0 {
		in = 0
	}
	if out < 0 {
		out = 0
	}
	const small = 1 << 31
	if in < small && out < small && pr.InputPerMillion >= 0 && pr.InputPerMillion < small &&
		pr.OutputPerMillion >= 0 && pr.OutputPerMillion < small {
		return (int64(in)*pr.InputPerMillion + int64(out)*pr.OutputPerMillion + 500_000) / 1_000_000
	}
	num := new(big.Int).Mul(big.NewInt(int64(in)), big.NewInt(pr.InputPerMillion))
	num.Add(num, new(big.Int).Mul(big.NewInt(int64(out)), big.NewInt(pr.OutputPerMillion)))
	num.Add(num, big.NewInt(500_000))
	num.Quo(num, big.NewInt(1_000_000))
	if !num.IsInt64() {
		return 1<<63 - 1
	}
	return num.Int64()
}
