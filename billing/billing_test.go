package billing

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"
)

func TestUsageWriterCloseDuringBurst(t *testing.T) {
	sink := &memSink{}
	w := NewUsageWriter(sink, nil, 7, time.Hour)
	const writers, each = 16, 250
	var wg sync.WaitGroup
	started := make(chan struct{})
	for g := 0; g < writers; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if g == 0 && i == 10 {
					close(started)
				}
				w.Write(Usage{UserID: uint(g), Attempt: i})
			}
		}(g)
	}
	<-started
	w.Close()
	wg.Wait()
	w.Close() // a second Close is harmless
	rows := sink.all()
	if len(rows) != writers*each {
		t.Fatalf("%d rows stored, want %d", len(rows), writers*each)
	}
	seen := map[[2]int]bool{}
	for _, r := range rows {
		seen[[2]int{int(r.UserID), r.Attempt}] = true
	}
	if len(seen) != writers*each {
		t.Errorf("%d distinct rows, want %d", len(seen), writers*each)
	}
}

func TestPrices(t *testing.T) {
	p := DefaultPrices()
	for _, c := range []struct {
		model   string
		in, out int
		want    int64
		known   bool
	}{
		{"gemini-2.5-flash", 5000, 500, 2750, true},        // 1500 + 1250
		{"gpt-4o-mini", 1, 0, 0, true},                     // 0.15 rounds down
		{"gpt-4o-mini", 4, 0, 1, true},                     // 0.6 rounds up
		{"gpt-4o-mini", 10, 0, 2, true},                    // 1.5 rounds half up
		{"gpt-4o", 1000, 1000, 12500, true},                // 2500 + 10000
		{"gpt-4o-2024-08-06", 1000, 0, 2500, true},         // snapshot of gpt-4o
		{"claude-haiku-4-5-20251001", 0, 1000, 5000, true}, // snapshot of haiku
		{"models/Gemini-2.5-Pro", 1_000_000, 0, 1_250_000, true},
		{"gpt-4o-mini-tts", 1000, 0, 0, false}, // not gpt-4o-mini's price
		{"llama3.2", 1000, 1000, 0, false},
	} {
		got, known := p.Cost(c.model, c.in, c.out)
		if got != c.want || known != c.known {
			t.Errorf("Cost(%s, %d, %d) = %d, %v; want %d, %v", c.model, c.in, c.out, got, known, c.want, c.known)
		}
	}
	q := p.With("llama3.2", Price{InputPerMillion: 10_000, OutputPerMillion: 20_000})
	if got, known := q.Cost("llama3.2", 1000, 1000); got != 30 || !known {
		t.Errorf("after With: %d, %v", got, known)
	}
	if _, known := p.Cost("llama3.2", 1000, 1000); known {
		t.Error("With changed the table it was called on")
	}
	if got, _ := p.Cost("gpt-4o", 1<<40, 1<<40); got <= 0 {
		t.Errorf("huge counts overflowed: %d", got)
	}
	for i := 0; i < 8; i++ {
		q = q.With(fmt.Sprintf("m%d", i), Price{InputPerMillion: int64(i)})
	}
	all := q.All()
	if !sort.SliceIsSorted(all, func(i, j int) bool { return all[i].Model < all[j].Model }) || len(all) != 7+8 {
		t.Errorf("All() = %d rows", len(all))
	}
}

type memSink struct {
	mu   sync.Mutex
	rows []Usage
}

func (m *memSink) WriteUsage(_ context.Context, rows []Usage) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.rows = append(m.rows, rows...)
	return nil
}

func (m *memSink) all() []Usage {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Usage(nil), m.rows...)
}
