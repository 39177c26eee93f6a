// Package worker runs long LLM work off the request path in a bounded pool,
// so a 30-second call never holds an HTTP handler and a burst of requests
// never starts more model calls than the machine and the providers can take.
package worker

import (
	"context"
	"errors"
	"log/slog"
	"sync"
)

// ErrShuttingDown is returned by Submit once Shutdown has begun.
var ErrShuttingDown = errors.New("worker pool is shutting down")

// Task is one piece of background work. Its context is cancelled when the
// pool's shutdown deadline passes, so the task can record that it failed.
type Task func(ctx context.Context)

// Pool is a fixed number of goroutines reading from a bounded queue.
type Pool struct {
	queue  chan Task
	wg     sync.WaitGroup
	ctx    context.Context
	cancel context.CancelFunc
	log    *slog.Logger

	mu     sync.RWMutex
	closed bool
}

// New starts a pool of size workers with a queue of queue tasks.
func New(size, queue int, log *slog.Logger) *Pool {
	ctx, cancel := context.WithCancel(context.Background())
	p := &Pool{queue: make(chan Task, queue), ctx: ctx, cancel: cancel, log: log}
	for i := 0; i < size; i++ {
		p.wg.Add(1)
		go p.run()
	}
	return p
}

func (p *Pool) run() {
	defer p.wg.Done()
	for t := range p.queue {
		p.safely(t)
	}
}

func (p *Pool) safely(t Task) {
	defer func() {
		if r := recover(); r != nil {
			p.log.Error("background task panicked", "panic", r)
		}
	}()
	t(p.ctx)
}

// Submit queues t. It waits while the queue is full, until ctx ends.
func (p *Pool) Submit(ctx context.Context, t Task) error {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		return ErrShuttingDown
	}
	select {
	case p.queue <- t:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Do runs t in the pool and waits for it to finish, for callers such as the
// JSON API that answer with the finished result.
func (p *Pool) Do(ctx context.Context, t func(ctx context.Context) error) error {
	done := make(chan error, 1)
	err := p.Submit(ctx, func(poolCtx context.Context) {
		// Stop when either the caller gives up or the pool shuts down.
		c, cancel := context.WithCancel(ctx)
		defer cancel()
		stop := context.AfterFunc(poolCtx, cancel)
		defer stop()
		done <- t(c)
	})
	if err != nil {
		return err
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Shutdown stops taking work and waits for queued and running tasks. When
// ctx ends first, running tasks see their context cancelled so they can
// record a failure, and Shutdown waits for them to return.
func (p *Pool) Shutdown(ctx context.Context) error {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		close(p.queue)
	}
	p.mu.Unlock()
	done := make(chan struct{})
	go func() { p.wg.Wait(); close(done) }()
	select {
	case <-done:
		p.cancel()
		return nil
	case <-ctx.Done():
		p.cancel()
		<-done
		return ctx.Err()
	}
}
