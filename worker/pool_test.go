package worker

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"
)

func TestPoolRunsEverythingBeforeShutdownReturns(t *testing.T) {
	p := New(2, 4, slog.New(slog.NewTextHandler(io.Discard, nil)))
	var n atomic.Int64
	for i := 0; i < 50; i++ {
		if err := p.Submit(context.Background(), func(context.Context) { n.Add(1) }); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := n.Load(); got != 50 {
		t.Fatalf("ran %d tasks, want 50", got)
	}
	if err := p.Submit(context.Background(), func(context.Context) {}); !errors.Is(err, ErrShuttingDown) {
		t.Fatalf("Submit after Shutdown = %v, want ErrShuttingDown", err)
	}
}

func TestShutdownDeadlineCancelsRunningTasks(t *testing.T) {
	p := New(1, 1, slog.New(slog.NewTextHandler(io.Discard, nil)))
	started := make(chan struct{})
	var sawCancel atomic.Bool
	_ = p.Submit(context.Background(), func(ctx context.Context) {
		close(started)
		<-ctx.Done()
		sawCancel.Store(true)
	})
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := p.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Shutdown = %v, want deadline exceeded", err)
	}
	if !sawCancel.Load() {
		t.Fatal("running task did not see its context cancelled")
	}
}

func TestDoReturnsTheTaskError(t *testing.T) {
	p := New(1, 1, slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer p.Shutdown(context.Background())
	want := errors.New("boom")
	if err := p.Do(context.Background(), func(context.Context) error { return want }); !errors.Is(err, want) {
		t.Fatalf("Do = %v, want %v", err, want)
	}
}

func TestPanickingTaskDoesNotKillThePool(t *testing.T) {
	p := New(1, 1, slog.New(slog.NewTextHandler(io.Discard, nil)))
	_ = p.Submit(context.Background(), func(context.Context) { panic("bad task") })
	ran := false
	if err := p.Do(context.Background(), func(context.Context) error { ran = true; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := p.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !ran {
		t.Fatal("task after a panic did not run")
	}
}
