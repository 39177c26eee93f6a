package handlers

import (
	"context"
	"log/slog"
	"time"
)

// Mailer sends one plain-text email (*mailer.SMTP has it).
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// notifier sends the account emails in the background, so an answer takes
// as long whether or not an email went out; without a Mailer it is off.
type notifier struct {
	mailer  Mailer // nil: no SMTP
	baseURL string
	log     *slog.Logger
}

func newNotifier(m Mailer, baseURL string, log *slog.Logger) *notifier {
	return &notifier{mailer: m, baseURL: baseURL, log: log}
}

func (n *notifier) enabled() bool { return n.mailer != nil }

// link is an absolute URL of this Tailor, for an email.
func (n *notifier) link(path string) string { return n.baseURL + path }

// sendLater sends one email off the request; what names it in the log
// when it fails.
func (n *notifier) sendLater(to, subject, body, what string) {
	if n.mailer == nil {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := n.mailer.Send(ctx, to, subject, body); err != nil {
			n.log.Warn("mail: "+what, "error", err)
		}
	}()
}
