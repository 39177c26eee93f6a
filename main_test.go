package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"regexp"
	"strings"
	"tailor/work"
	"testing"
	"time"
)

// startApp runs the real program through run() with env, waits for
// /healthz, and returns its base URL. The app stops when the test ends.
func startApp(t *testing.T, env map[string]string) string {
	t.Helper()
	if env["DATA_DIR"] == "" {
		env["DATA_DIR"] = t.TempDir()
	}
	if env["ADDR"] == "" {
		env["ADDR"] = "127.0.0.1:0"
	}
	getenv := func(k string) string { return env[k] }
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"tailor"}, getenv, pw)
		pw.Close()
	}()
	urls := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`url=(http://[0-9.:]+)`)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case urls <- m[1]:
				default:
				}
			}
			if testing.Verbose() {
				fmt.Fprintln(os.Stderr, "app:", sc.Text())
			}
		}
	}()
	var base string
	select {
	case base = <-urls:
	case err := <-done:
		t.Fatalf("app stopped before it was ready: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("app not ready after 30 s")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run returned %v", err)
			}
		case <-time.After(40 * time.Second):
			t.Error("app did not stop within 40 s")
		}
	})
	for i := 0; i < 100; i++ {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return base
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("/healthz never answered 200")
	return ""
}

func TestRunServesHealthAndStopsCleanly(t *testing.T) {
	base := startApp(t, map[string]string{"ADMIN_EMAIL": "admin@example.com", "ADMIN_PASSWORD": "admin-password"})
	for _, path := range []string{"/healthz", "/readyz", "/login", "/register"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s = %d", path, resp.StatusCode)
		}
	}
	resp, err := http.Post(base+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"email":"admin@example.com","password":"admin-password"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("bootstrap admin cannot log in: %d", resp.StatusCode)
	}
}

func TestMigrateCommand(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"DATA_DIR": dir}
	var out strings.Builder
	if err := run(context.Background(), []string{"tailor", "migrate"}, func(k string) string { return env[k] }, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "migrations applied") {
		t.Fatalf("migrate printed %q", out.String())
	}
	st, err := os.Stat(dir + "/encryption_key")
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("encryption_key mode %v, want 0600", st.Mode().Perm())
	}
	if err := run(context.Background(), []string{"tailor", "frobnicate"}, func(k string) string { return env[k] }, io.Discard); err == nil {
		t.Fatal("unknown command accepted")
	}
}

func TestConfigRejectsBadValues(t *testing.T) {
	cases := map[string]map[string]string{
		"upload":      {"MAX_UPLOAD_BYTES": "lots"},
		"bool":        {"FETCH_ALLOW_PRIVATE_NETWORKS": "maybe"},
		"admin half":  {"ADMIN_EMAIL": "a@example.com"},
		"log level":   {"LOG_LEVEL": "loud"},
		"session hex": {"SESSION_SECRET": "abc"},
		"per user 0":  {"WORK_PER_USER": "0"},
		"per user ?":  {"WORK_PER_USER": "GOLD=3"},
		"per user x":  {"WORK_PER_USER": "FREEMIUM=two"},
	}
	for name, env := range cases {
		env["DATA_DIR"] = t.TempDir()
		if _, err := loadConfig(func(k string) string { return env[k] }); err == nil {
			t.Errorf("%s: accepted %v", name, env)
		}
	}
}

func TestConfigPerUser(t *testing.T) {
	cases := map[string]map[string]int{
		"":                          {"FREEMIUM": 2, "PAYGO": 2, "PRO_MONTHLY": 2, "PRO_ANNUAL": 2},
		"3":                         {"FREEMIUM": 3, "PAYGO": 3, "PRO_MONTHLY": 3, "PRO_ANNUAL": 3},
		"freemium=1, PRO_MONTHLY=4": {"FREEMIUM": 1, "PAYGO": 2, "PRO_MONTHLY": 4, "PRO_ANNUAL": 2},
	}
	for in, want := range cases {
		env := map[string]string{"DATA_DIR": t.TempDir(), "WORK_PER_USER": in}
		c, err := loadConfig(func(k string) string { return env[k] })
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if !maps.Equal(c.PerUser, want) {
			t.Errorf("WORK_PER_USER=%q gave %v, want %v", in, c.PerUser, want)
		}
	}
	if work.DefaultPerUser["FREEMIUM"] != 2 {
		t.Fatal("a config changed the default table in place")
	}
}
