package mock

import (
	"context"
	"sync"

	"tailor/billing"
)

// UsageSink is a billing.UsageSink in memory, safe for concurrent use:
// tests read back the usage rows a billing.UsageWriter wrote.
type UsageSink struct {
	mu   sync.Mutex
	rows []billing.Usage
}

// WriteUsage implements billing.UsageSink.
func (s *UsageSink) WriteUsage(_ context.Context, rows []billing.Usage) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rows = append(s.rows, rows...)
	return nil
}

// Rows returns a copy of the rows written so far.
func (s *UsageSink) Rows() []billing.Usage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]billing.Usage(nil), s.rows...)
}

// Reset forgets the rows written so far.
func (s *UsageSink) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rows = nil
}
