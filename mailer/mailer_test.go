package mailer

import (
	"bufio"
	"context"
	"net"
	"strings"
	"sync"
	"testing"
)

// fakeSMTP speaks just enough SMTP (RFC 5321) to accept one message, and
// keeps the conversation.
type fakeSMTP struct {
	ln   net.Listener
	mu   sync.Mutex
	data string
	rcpt string
	from string
}

func startFake(t *testing.T) *fakeSMTP {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeSMTP{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go f.serve(conn)
		}
	}()
	return f
}

func (f *fakeSMTP) serve(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	say := func(s string) { conn.Write([]byte(s + "\r\n")) }
	say("220 fake ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250-fake")
			say("250 8BITMIME")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			f.mu.Lock()
			f.from = strings.TrimSpace(line[10:])
			f.mu.Unlock()
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			f.mu.Lock()
			f.rcpt = strings.TrimSpace(line[8:])
			f.mu.Unlock()
			say("250 ok")
		case cmd == "DATA":
			say("354 go on")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			f.mu.Lock()
			f.data = b.String()
			f.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func TestSendDeliversOneMessage(t *testing.T) {
	f := startFake(t)
	m, err := New("smtp://" + f.ln.Addr().String() + "?from=tailor@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Send(context.Background(), "zoe@example.com", "Reset your Tailor password", "Open this link:\nhttps://tailor.example/reset/abc"); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.rcpt != "<zoe@example.com>" || !strings.HasPrefix(f.from, "<tailor@example.com>") {
		t.Fatalf("envelope from %q to %q", f.from, f.rcpt)
	}
	for _, want := range []string{"Subject: Reset your Tailor password\r\n", "To: zoe@example.com\r\n", "https://tailor.example/reset/abc"} {
		if !strings.Contains(f.data, want) {
			t.Errorf("message lacks %q:\n%s", want, f.data)
		}
	}
}

func TestNewNeedsAServerAndASender(t *testing.T) {
	for _, bad := range []string{"", "http://x", "smtp://", "smtp://host:25", "smtp://user:pw@host:25"} {
		if _, err := New(bad); err == nil {
			t.Errorf("New(%q) accepted", bad)
		}
	}
	m, err := New("smtps://me%40example.com:s3cret@mail.example.com")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.String(), "s3cret") || !strings.Contains(m.String(), "mail.example.com:465") {
		t.Fatalf("String() = %q", m.String())
	}
}

func TestSendRefusesHeaderInjection(t *testing.T) {
	f := startFake(t)
	m, _ := New("smtp://" + f.ln.Addr().String() + "?from=tailor@example.com")
	if err := m.Send(context.Background(), "a@example.com\r\nBcc: all@example.com", "x", "y"); err == nil {
		t.Fatal("a newline in the recipient was sent")
	}
}
