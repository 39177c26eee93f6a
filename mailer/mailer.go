// Package mailer sends Tailor's few emails (password reset links, "someone
// tried to register with your email") over SMTP, configured by one URL:
// smtp://user:pass@host:587?from=tailor@example.com (STARTTLS when the
// server offers it) or smtps://… (TLS from the first byte).
package mailer

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"
)

// SMTP sends mail through one server.
type SMTP struct {
	addr     string
	host     string
	implicit bool // smtps: TLS from the start
	auth     smtp.Auth
	from     string
	// dial is net.Dialer.DialContext; tests replace nothing, it is here so
	// the connection honours the context.
	dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

// New reads an SMTP URL. The password is kept in the returned value only;
// String never shows it.
func New(rawURL string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, fmt.Errorf("SMTP_URL must look like smtp://user:password@host:587?from=tailor@example.com")
	}
	from := u.Query().Get("from")
	if from == "" && u.User != nil && strings.Contains(u.User.Username(), "@") {
		from = u.User.Username()
	}
	if a, err := mail.ParseAddress(from); err != nil || a.Address == "" {
		return nil, fmt.Errorf("SMTP_URL needs a sender: add ?from=tailor@example.com")
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"smtp": "587", "smtps": "465"}[u.Scheme]
	}
	s := &SMTP{addr: net.JoinHostPort(u.Hostname(), port), host: u.Hostname(), implicit: u.Scheme == "smtps", from: from,
		dial: (&net.Dialer{Timeout: 10 * time.Second}).DialContext}
	if u.User != nil {
		pw, _ := u.User.Password()
		s.auth = smtp.PlainAuth("", u.User.Username(), pw, u.Hostname())
	}
	return s, nil
}

// String names the server without its credentials, for logs.
func (s *SMTP) String() string { return "smtp " + s.addr + " from " + s.from }

// Send delivers one plain-text message.
func (s *SMTP) Send(ctx context.Context, to, subject, body string) error {
	if strings.ContainsAny(to+subject, "\r\n") {
		return fmt.Errorf("mailer: header injection refused")
	}
	conn, err := s.dial(ctx, "tcp", s.addr)
	if err != nil {
		return fmt.Errorf("mailer: connect: %w", err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	} else {
		_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	}
	if s.implicit {
		conn = tls.Client(conn, &tls.Config{ServerName: s.host})
	}
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("mailer: hello: %w", err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok && !s.implicit {
		if err := c.StartTLS(&tls.Config{ServerName: s.host}); err != nil {
			return fmt.Errorf("mailer: starttls: %w", err)
		}
	}
	if s.auth != nil {
		if ok, _ := c.Extension("AUTH"); ok {
			if err := c.Auth(s.auth); err != nil {
				return fmt.Errorf("mailer: auth: %w", err)
			}
		}
	}
	if err := c.Mail(s.from); err != nil {
		return fmt.Errorf("mailer: from: %w", err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("mailer: to: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mailer: data: %w", err)
	}
	msg := "From: Tailor <" + s.from + ">\r\nTo: " + to + "\r\nSubject: " + subject +
		"\r\nDate: " + time.Now().UTC().Format(time.RFC1123Z) +
		"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
		strings.ReplaceAll(body, "\n", "\r\n")
	if _, err := w.Write([]byte(msg)); err != nil {
		return fmt.Errorf("mailer: write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mailer: send: %w", err)
	}
	return c.Quit()
}
